// Timing helpers shared by the Node and browser benchmarks (plain JS: no Node APIs).
//
// `measure(fn)` warms `fn` up, then takes `samples` samples; each sample times a batch of
// calls sized so that one batch lasts about `sampleMs`, and reports the time of one call.
// The median of the samples is the figure; the spread (p10..p90) shows how noisy the machine
// was. Medians resist the other processes that share the cores.

/** Median and spread of `fn`, in microseconds per call. */
export function measure(fn, { samples = 21, sampleMs = 40, warmupMs = 150 } = {}) {
  const clock = () => performance.now();
  let batch = 1;
  const warmupEnd = clock() + warmupMs;
  while (clock() < warmupEnd) {
    const start = clock();
    for (let i = 0; i < batch; i++) fn();
    const took = clock() - start;
    if (took < sampleMs / 4) batch *= 2;
  }
  // Size the batch from one timed run.
  const start = clock();
  for (let i = 0; i < batch; i++) fn();
  const perCall = Math.max((clock() - start) / batch, 1e-4);
  batch = Math.max(1, Math.round(sampleMs / perCall));
  const times = [];
  for (let s = 0; s < samples; s++) {
    const begin = clock();
    for (let i = 0; i < batch; i++) fn();
    times.push(((clock() - begin) / batch) * 1000);
  }
  return summarise(times, batch);
}

/** Like `measure` for a function returning a promise. */
export async function measureAsync(fn, { samples = 21, sampleMs = 40, warmupMs = 150 } = {}) {
  const clock = () => performance.now();
  let batch = 1;
  const warmupEnd = clock() + warmupMs;
  while (clock() < warmupEnd) {
    const start = clock();
    for (let i = 0; i < batch; i++) await fn();
    if (clock() - start < sampleMs / 4) batch *= 2;
  }
  const start = clock();
  for (let i = 0; i < batch; i++) await fn();
  const perCall = Math.max((clock() - start) / batch, 1e-4);
  batch = Math.max(1, Math.round(sampleMs / perCall));
  const times = [];
  for (let s = 0; s < samples; s++) {
    const begin = clock();
    for (let i = 0; i < batch; i++) await fn();
    times.push(((clock() - begin) / batch) * 1000);
  }
  return summarise(times, batch);
}

export function summarise(times, batch = 1) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * q))];
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), samples: sorted.length, batch };
}
