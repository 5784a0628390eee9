// tierwise/miniprogram from the packed package in an imitated mini-program runtime: a
// child Node process without TextDecoder, TextEncoder, fetch, document and
// WebAssembly.instantiateStreaming (and in WeChat's case without WebAssembly at all) loads
// the wasm through a fake WXWebAssembly that wraps the real one, and must compute PRODUCT.md's
// worked example 1 exactly, Chinese names and an emoji member id crossing the boundary
// through tierwise's own UTF-8 codec.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, consumerProject } from "./support.mjs";

const example = JSON.parse(readFileSync(join(ROOT, "tests/vectors/tier-worked-example.json"), "utf8"));
const MEMBER_ID = "会员-张三-😀";

let consumer;
let packageRoot;

before(() => {
  consumer = consumerProject();
  // A mini-program ships the wasm inside its own package, as the README tells developers to.
  packageRoot = join(consumer.dir, "miniprogram-package");
  mkdirSync(join(packageRoot, "tierwise"), { recursive: true });
  copyFileSync(join(consumer.dir, "node_modules/tierwise/wasm/tierwise_core_bg.wasm"), join(packageRoot, "tierwise/tierwise_core_bg.wasm"));
});
after(() => consumer?.cleanup());

function run(mode) {
  const input = JSON.stringify({ program: example.program, snapshot: { ...example.snapshot, member_id: MEMBER_ID }, options: example.options });
  const output = execFileSync(process.execPath, [join(consumer.dir, "miniprogram/run.mjs"), mode, packageRoot], {
    cwd: consumer.dir, input, encoding: "utf8",
  });
  return JSON.parse(output);
}

/** Worked example 1, by hand: 320000 of 500000 fen and 6 of 10 orders for gold, 38 days left. */
function assertWorkedExample(out) {
  assert.deepEqual(out.tier, {
    current: "silver", currentName: "银卡会员", next: "gold", nextName: "金卡会员", progress: 0.64,
    metrics: [
      { metric: "spend", current: 320000, target: 500000, remaining: 180000, ratio: 0.64, projected: 357186 },
      { metric: "orders", current: 6, target: 10, remaining: 4, ratio: 0.6, projected: 6 },
    ],
    deadline: "2026-12-31", daysLeft: 38, elapsedDays: 327, requalification: "secured",
  });
  assert.equal(out.memberId, MEMBER_ID);
  assert.deepEqual(out.missing, ["TextDecoder", "TextEncoder", "fetch", "document"]);
  assert.deepEqual(out.codec, { TextEncoder: "tierwise", TextDecoder: "tierwise" });
  assert.equal(out.rejected.isTierwiseError, true);
  assert.equal(out.rejected.path, "/joined_at");
  assert.match(out.rejected.message, /二〇二四年/, "the error message comes back decoded");
  assert.ok(out.memoryBytes > 0 && out.memoryBytes % 65536 === 0);
}

test("WeChat: no WebAssembly global, the wasm loaded by path through WXWebAssembly", () => {
  const out = run("wechat");
  assert.equal(out.globalWebAssembly, "undefined");
  assert.deepEqual(out.firstAttempt, {
    name: "TierwiseError", code: "load_failed",
    message: "pass `path` (the .wasm inside the mini-program package) or `bytes` to init",
  });
  assert.deepEqual(out.calls, ["/tierwise/tierwise_core_bg.wasm"], "one load, and init is idempotent afterwards");
  assertWorkedExample(out);
});

test("the globals the issue names removed, WXWebAssembly found on the global object", () => {
  const out = run("default");
  assert.equal(out.globalWebAssembly, "object");
  assert.deepEqual(out.calls, ["/tierwise/tierwise_core_bg.wasm"]);
  assertWorkedExample(out);
});

test("a runtime that instantiates bytes only, read through readFile, returning a bare instance", () => {
  const out = run("bytes");
  const size = readFileSync(join(packageRoot, "tierwise/tierwise_core_bg.wasm")).byteLength;
  assert.deepEqual(out.calls, [`${size} bytes`]);
  assertWorkedExample(out);
});

test("the mini-program entry's modules use no import.meta, so CommonJS-producing compilers take them", () => {
  const installed = join(consumer.dir, "node_modules/tierwise");
  for (const file of ["miniprogram.js", "miniprogram-globals.js", "utf8.js", "engine.js", "api.js", "wasm/tierwise_core.js"]) {
    const code = readFileSync(join(installed, file), "utf8").replace(/\/\/.*$/gm, "");
    assert.ok(!code.includes("import.meta"), `${file} uses import.meta`);
  }
});
