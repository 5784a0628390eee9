// The browser entry's asynchronous init() in Node, in a fresh process: loading from bytes
// works, concurrent calls share one load, and a failed load can be retried.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { DEFAULT_PROGRAM, installPackedPackage } from "./support.mjs";

let consumer;
let api;
let wasmBytes;

before(async () => {
  consumer = installPackedPackage();
  const installed = join(consumer.dir, "node_modules/tierwise");
  api = await import(new URL(`file://${installed}/index.js`).href);
  wasmBytes = readFileSync(join(installed, "wasm/tierwise_core_bg.wasm"));
});
after(() => consumer?.cleanup());

test("a failed load rejects, and init can be called again", async () => {
  await assert.rejects(api.default(new Uint8Array([0, 1, 2, 3])));
  assert.equal(captured(() => api.version()).code, "not_initialized");
});

test("concurrent init calls share one load and the API works afterwards", async () => {
  const loads = [api.default(wasmBytes), api.default(wasmBytes), api.default()];
  assert.equal(loads[0], loads[1], "the same promise while loading");
  await Promise.all(loads);
  assert.deepEqual(api.validateProgram(DEFAULT_PROGRAM), []);
});

function captured(run) {
  try {
    run();
  } catch (error) {
    return error;
  }
  assert.fail("expected a throw");
}
