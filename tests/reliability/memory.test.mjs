// The short version of the memory soak (tests/reliability/soak.mjs; scripts/soak runs the
// 1,000,000-evaluation one): after a warm-up, 3,000 evaluations of one engine, a tenth of
// them rejected inputs, do not grow the wasm memory at all.
import assert from "node:assert/strict";
import { test } from "node:test";
import { soak } from "./soak.mjs";

test("wasm memory stays flat over 3,000 evaluations of one engine", async () => {
  const result = await soak(3_000, { samples: 5 });
  assert.equal(result.rejected, 300);
  assert.ok(result.checksum > 0, "the evaluations earned no points: they did not run");
  const wasm = result.points.map((point) => point.wasmBytes);
  assert.equal(result.points[0].evaluations, 300, "the first sample is after the warm-up");
  assert.deepEqual(wasm, wasm.map(() => wasm[0]), `wasm memory grew: ${wasm.join(", ")}`);
});
