// Memory soak: one engine of the built package evaluates the default personas (and, every
// tenth call, a rejected input) N times in Node; the wasm linear memory and the JS heap are
// sampled along the way. Flat means: after the warm-up, wasm memory never grows and the JS
// heap after a collection stays within a few MB.
//
//   node --expose-gc tests/reliability/soak.mjs [N]      (scripts/soak; default 1000000)
//
// tests/reliability/memory.test.mjs runs a short version (3,000) in the suite.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export async function soak(count, { samples = 10, log = () => {} } = {}) {
  const { Engine } = await import(join(ROOT, "pkg/node.js"));
  const core = await import(join(ROOT, "pkg/wasm/tierwise_core.js"));
  const memory = core.initSync().memory; // already initialised by pkg/node.js: returns its exports
  const program = JSON.parse(readFileSync(join(ROOT, "src/defaults/program.json"), "utf8"));
  const personas = JSON.parse(readFileSync(join(ROOT, "src/defaults/personas.json"), "utf8"));
  const engine = Engine.compile(program);
  const cart = { lines: [{ category: "tea", unit_price: 12800, quantity: 2 }, { category: "teaware", unit_price: 19900 }], discount: 5000, shipping: 1000 };
  const options = { now: personas.now, cart, surface: "member_page", limit: 3 };
  const snapshots = personas.personas.map((persona) => persona.snapshot);
  const heap = () => {
    globalThis.gc?.();
    return process.memoryUsage().heapUsed;
  };
  const warmUp = Math.min(1000, Math.floor(count / 10));
  const points = [];
  const every = Math.max(1, Math.floor(count / samples));
  let rejected = 0;
  let checksum = 0;
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    if (index % 10 === 9) {
      try {
        engine.evaluate({ member_id: 5 }, options);
      } catch {
        rejected += 1;
      }
    } else {
      checksum += engine.evaluate(snapshots[index % snapshots.length], options).points.total;
    }
    if (index + 1 === warmUp || (index + 1) % every === 0) {
      const point = { evaluations: index + 1, wasmBytes: memory.buffer.byteLength, heapBytes: heap(), seconds: (performance.now() - started) / 1000 };
      points.push(point);
      log(point);
    }
  }
  engine.free();
  return { count, rejected, checksum, points };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number.parseInt(process.argv[2] ?? "1000000", 10);
  const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
  const result = await soak(count, {
    samples: 20,
    log: (p) => console.log(`${String(p.evaluations).padStart(8)} evaluations  wasm ${mb(p.wasmBytes)} MiB  JS heap ${mb(p.heapBytes)} MiB  ${p.seconds.toFixed(1)} s`),
  });
  const afterWarmUp = result.points.filter((p) => p.evaluations >= result.points[0].evaluations);
  const wasm = afterWarmUp.map((p) => p.wasmBytes);
  const heaps = afterWarmUp.map((p) => p.heapBytes);
  const flat = Math.max(...wasm) === wasm[0] && Math.max(...heaps) - heaps[0] < 8 * 2 ** 20;
  console.log(`${result.count} evaluations (${result.rejected} of them rejected inputs): wasm memory ${mb(wasm[0])} → ${mb(wasm.at(-1))} MiB (max ${mb(Math.max(...wasm))}), JS heap ${mb(heaps[0])} → ${mb(heaps.at(-1))} MiB; ${flat ? "flat" : "NOT flat"}`);
  process.exit(flat ? 0 : 1);
}
