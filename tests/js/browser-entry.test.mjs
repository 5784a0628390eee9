// The browser entry (index.js) of the packed package, run in Node: nothing works before
// init, the error says so clearly, and initialisation is idempotent. Its own file, so no
// other import has initialised the shared core in this process.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { DEFAULT_PROGRAM, PERSONAS, installPackedPackage } from "./support.mjs";

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

test("every call before init throws TierwiseError not_initialized", () => {
  for (const call of [() => api.Engine.compile(DEFAULT_PROGRAM), () => api.validateProgram(DEFAULT_PROGRAM), () => api.version()]) {
    const error = captured(call);
    assert.ok(error instanceof api.TierwiseError);
    assert.ok(error instanceof Error);
    assert.equal(error.code, "not_initialized");
    assert.equal(error.path, "");
    assert.match(error.message, /await init\(\)/);
    assert.deepEqual(error.issues.map((issue) => issue.code), ["not_initialized"]);
  }
});

test("initSync from the wasm bytes makes the API usable, and init() afterwards is a no-op", async () => {
  api.initSync(wasmBytes);
  api.initSync(wasmBytes);
  await api.default();
  const engine = api.Engine.compile(DEFAULT_PROGRAM);
  const { snapshot } = PERSONAS.personas[0];
  assert.equal(engine.facts(snapshot, { now: PERSONAS.now }).member_id, snapshot.member_id);
  assert.equal(typeof api.version(), "string");
});

test("init() returns one promise while loading and succeeds from bytes", async () => {
  // Already initialised by the test above: resolves without fetching anything.
  const first = api.default(wasmBytes);
  const second = api.default();
  await Promise.all([first, second]);
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
