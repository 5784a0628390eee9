// Engines do not leak: 100,000 evaluations on one engine, rejected inputs among them, leave
// the wasm core's linear memory exactly where it stood after the first 10,000. Linear memory
// only grows (in 64 KiB pages) and never shrinks, so any leak in the core or at the JS
// boundary would show up as growth. Its own file: a fresh process, a fresh instance.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, installPackedPackage, readJson } from "./support.mjs";

const EVALUATIONS = 100_000;
const WARM_UP = 10_000;
const CHECK_EVERY = 10_000;
const REJECT_EVERY = 1_000;

/** PRODUCT.md worked example 1: a silver member 180000 fen and 4 orders short of gold. */
const example = readJson(join(ROOT, "tests/vectors/tier-worked-example.json"));
/** Two moments, so consecutive results differ: 38 and 8 days before the window ends. */
const MOMENTS = [
  { now: "2026-11-23T10:00:00+08:00", daysLeft: 38 },
  { now: "2026-12-23T10:00:00+08:00", daysLeft: 8 },
];

let consumer;
let api;

before(async () => {
  consumer = installPackedPackage();
  api = await consumer.load("tierwise");
});
after(() => consumer?.cleanup());

test(`wasm memory stays flat over ${EVALUATIONS.toLocaleString("en")} evaluate calls on one engine`, (t) => {
  const engine = api.Engine.compile(example.program);
  const bad = { ...example.snapshot, orders: [{ id: "broken", placed_at: "yesterday" }] };
  const samples = [[0, api.wasmMemoryBytes()]];
  let rejected = 0;
  let last;
  const started = performance.now();
  for (let call = 1; call <= EVALUATIONS; call += 1) {
    if (call % REJECT_EVERY === 0) {
      assert.throws(() => engine.evaluate(bad, { now: MOMENTS[0].now }), { code: "invalid_value", path: "/orders/0/placed_at" });
      rejected += 1;
    } else {
      const moment = MOMENTS[call % 2];
      last = engine.evaluate(example.snapshot, { now: moment.now });
      if (call % CHECK_EVERY === 1) {
        assert.equal(last.tier.window.days_left, moment.daysLeft);
        assert.equal(last.tier.next.metrics[0].remaining, 180000);
      }
    }
    if (call % CHECK_EVERY === 0) samples.push([call, api.wasmMemoryBytes()]);
  }
  const seconds = (performance.now() - started) / 1000;

  const table = samples.map(([call, bytes]) => `${String(call).padStart(7)} calls: ${bytes} bytes`).join("\n");
  const each = ((seconds * 1e6) / EVALUATIONS).toFixed(0);
  t.diagnostic(`wasm memory at the start and every ${CHECK_EVERY} calls (${rejected} rejected inputs among them; ${seconds.toFixed(1)} s, ${each} µs a call):\n${table}`);

  const warm = samples.find(([call]) => call === WARM_UP)[1];
  for (const [call, bytes] of samples.filter(([call]) => call > WARM_UP)) {
    assert.equal(bytes, warm, `memory grew from ${warm} to ${bytes} bytes between call ${WARM_UP} and call ${call}`);
  }
  assert.equal(rejected, EVALUATIONS / REJECT_EVERY);
  // After everything, the engine still computes the worked example exactly.
  const tier = engine.tierProgress(example.snapshot, { now: MOMENTS[0].now });
  assert.deepEqual([tier.next.id, tier.next.progress, tier.window.days_left, tier.requalification.status], ["gold", 0.64, 38, "secured"]);
  engine.free();
});

test("freeing engines returns their memory: 2,000 compile + free cycles do not grow it", () => {
  const program = example.program;
  for (let round = 0; round < 200; round += 1) api.Engine.compile(program).free();
  const before = api.wasmMemoryBytes();
  for (let round = 0; round < 2000; round += 1) {
    const engine = api.Engine.compile(program);
    engine.tierProgress(example.snapshot, { now: MOMENTS[0].now });
    engine[Symbol.dispose]();
    assert.throws(() => engine.facts(example.snapshot, { now: MOMENTS[0].now }), { code: "engine_freed" });
  }
  assert.equal(api.wasmMemoryBytes(), before);
});
