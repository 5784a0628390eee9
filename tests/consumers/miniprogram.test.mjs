// The packed package's `miniprogram` folder in an imitated WeChat runtime. The test lays out
// a mini-program as WeChat DevTools' "Build npm" does (the folder the package's `miniprogram`
// field names, copied as it is into miniprogram_npm/tierwise/), writes the README's
// mini-program quick start (app.js and the member page, copied from README.md and compiled
// from ES modules to CommonJS as DevTools compiles them) next to it, and runs them in a V8
// context without TextDecoder, TextEncoder, fetch and WebAssembly, through a fake
// WXWebAssembly that takes only a path. The page must show PRODUCT.md's worked example 1
// exactly, Chinese names and an emoji member id crossing the boundary through tierwise's own
// UTF-8 codec.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { parse } from "acorn";
import { transformSync } from "esbuild";
import { ROOT, consumerProject, readmeBlock } from "./support.mjs";
import { miniProgram } from "./miniprogram/sandbox.mjs";

const example = JSON.parse(readFileSync(join(ROOT, "tests/vectors/tier-worked-example.json"), "utf8"));
const MEMBER_ID = "会员-张三-😀";
const ABSENT = ["TextDecoder", "TextEncoder", "fetch", "WebAssembly", "document"];

let consumer;
let installed;
let root;

/** A value made in the sandbox's realm as a plain value of this one, for deepEqual. */
function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

/** What WeChat DevTools does to a source file ("ES6 to ES5"): ES modules become CommonJS. */
function compiled(source) {
  return transformSync(source, { format: "cjs", target: "es2015", loader: "js" }).code;
}

before(() => {
  consumer = consumerProject();
  installed = join(consumer.dir, "node_modules/tierwise");
  root = join(consumer.dir, "wechat");
  mkdirSync(join(root, "miniprogram_npm"), { recursive: true });
  cpSync(join(installed, "miniprogram"), join(root, "miniprogram_npm/tierwise"), { recursive: true });
  writeFileSync(join(root, "app.js"), compiled(readmeBlock("// app.js")));
  mkdirSync(join(root, "pages/member"), { recursive: true });
  writeFileSync(join(root, "pages/member/member.js"), compiled(readmeBlock("// pages/member/member.js")));
  // "yours: the program and the member": worked example 1's.
  writeFileSync(join(root, "member-data.js"), `module.exports = ${JSON.stringify({
    program: example.program, snapshot: { ...example.snapshot, member_id: MEMBER_ID },
  })};\n`);
});
after(() => consumer?.cleanup());

test("the package's miniprogram field names a folder of one CommonJS ES2015 bundle, the wasm, its .wasm.br and typings", () => {
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  assert.equal(manifest.miniprogram, "miniprogram");
  assert.deepEqual(readdirSync(join(installed, "miniprogram")).sort(), [
    "index.d.ts", "index.js", "miniprogram.js", "package.json", "tierwise_core_bg.wasm", "tierwise_core_bg.wasm.br",
  ]);
  const bundle = readFileSync(join(installed, "miniprogram/index.js"), "utf8");
  // ES2015 as a script: acorn refuses anything newer (`??`, `?.`, async functions, class
  // fields, `**`), and import/export or top-level await, which a script cannot hold.
  assert.doesNotThrow(() => parse(bundle, { ecmaVersion: 2015, sourceType: "script" }));
  const code = bundle.replace(/\/\/.*$/gm, "");
  assert.ok(!code.includes("import.meta"), "the bundle uses import.meta");
  // Syntax is lowered by esbuild, built-in methods are not: none newer than ES2017, which
  // older WeChat and Alipay base libraries lack.
  const newer = code.match(/\.(replaceAll|matchAll|flatMap|flat|at|hasOwn|fromEntries|allSettled|any)\(|\bstructuredClone\b/g) ?? [];
  assert.deepEqual(newer, [], "the bundle calls built-ins newer than ES2017");
  const wasm = readFileSync(join(installed, "wasm/tierwise_core_bg.wasm"));
  assert.ok(readFileSync(join(installed, "miniprogram/tierwise_core_bg.wasm")).equals(wasm), "the folder's wasm is the package's");
  const br = readFileSync(join(installed, "miniprogram/tierwise_core_bg.wasm.br"));
  assert.ok(brotliDecompressSync(br).equals(wasm), "the .wasm.br decompresses to the wasm");
  const quality11 = brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: wasm.byteLength } });
  assert.equal(br.byteLength, quality11.byteLength, "brotli at quality 11");
  assert.ok(br.byteLength < wasm.byteLength / 2, `${br.byteLength} of ${wasm.byteLength} bytes`);
});

test("WeChat: the README's app.js and page run as written and show worked example 1", async () => {
  const runtime = miniProgram(root, { now: example.options.now });
  assert.deepEqual(runtime.globals(ABSENT), Object.fromEntries(ABSENT.map((name) => [name, "undefined"])));
  const app = runtime.launch();
  assert.equal(typeof app.tierwiseReady?.then, "function", "onLaunch starts the load and keeps its promise");
  const page = await runtime.open("/pages/member/member.js");
  assert.deepEqual(plain(page.data), { tierName: "银卡会员", progress: 0.64 });
  // A second page awaits the same promise: no second load.
  const again = await runtime.open("/pages/member/member.js");
  assert.deepEqual(again.data, page.data);
  assert.deepEqual(runtime.calls, ["/miniprogram_npm/tierwise/tierwise_core_bg.wasm.br"]);

  const tierwise = runtime.require("tierwise");
  assert.equal(runtime.require("tierwise/miniprogram"), tierwise, "tierwise/miniprogram is the same module");
  assert.deepEqual(plain(tierwise.textCodec), { TextEncoder: "tierwise", TextDecoder: "tierwise" });
  const engine = tierwise.Engine.compile(example.program);
  const snapshot = { ...example.snapshot, member_id: MEMBER_ID };
  const tier = engine.tierProgress(snapshot, example.options);
  assert.deepEqual(plain({
    current: tier.current.id, next: tier.next.id, progress: tier.next.progress,
    metrics: tier.next.metrics.map(({ metric, current, target, remaining, ratio, projected }) => ({ metric, current, target, remaining, ratio, projected })),
    deadline: tier.window.deadline, daysLeft: tier.window.days_left, elapsedDays: tier.window.elapsed_days, requalification: tier.requalification.status,
  }), {
    current: "silver", next: "gold", progress: 0.64,
    metrics: [
      { metric: "spend", current: 320000, target: 500000, remaining: 180000, ratio: 0.64, projected: 357186 },
      { metric: "orders", current: 6, target: 10, remaining: 4, ratio: 0.6, projected: 6 },
    ],
    deadline: "2026-12-31", daysLeft: 38, elapsedDays: 327, requalification: "secured",
  });
  assert.equal(engine.facts(snapshot, example.options).member_id, MEMBER_ID);
  let rejected;
  try {
    engine.facts({ ...snapshot, joined_at: "二〇二四年" }, example.options);
  } catch (error) {
    rejected = { isTierwiseError: error instanceof tierwise.TierwiseError, code: error.code, path: error.path, message: error.message };
  }
  assert.equal(rejected?.isTierwiseError, true);
  assert.equal(rejected.path, "/joined_at");
  assert.match(rejected.message, /二〇二四年/, "the error message comes back decoded");
  const memory = tierwise.wasmMemoryBytes();
  assert.ok(memory > 0 && memory % 65536 === 0);
  engine.free();
});

test("WeChat: init without a path fails with load_failed and can be retried; the plain .wasm loads too", async () => {
  const runtime = miniProgram(root);
  const { init, Engine } = runtime.require("tierwise");
  await assert.rejects(init({}), (error) => {
    assert.equal(error.name, "TierwiseError");
    assert.equal(error.code, "load_failed");
    assert.equal(error.message, "pass `path` (the .wasm inside the mini-program package) or `bytes` to init");
    return true;
  });
  await assert.rejects(init({ path: "/miniprogram_npm/tierwise/elsewhere.wasm" }), /no file/);
  await init({ path: "/miniprogram_npm/tierwise/tierwise_core_bg.wasm" });
  await init({ path: "/not/loaded/again.wasm" });
  assert.deepEqual(runtime.calls, ["/miniprogram_npm/tierwise/elsewhere.wasm", "/miniprogram_npm/tierwise/tierwise_core_bg.wasm"]);
  const tier = Engine.compile(example.program).tierProgress(example.snapshot, example.options);
  assert.equal(tier.next.progress, 0.64);
});

test("a runtime whose instantiate takes bytes only, read through readFile, returning a bare instance", async () => {
  const calls = [];
  const bytesOnly = {
    async instantiate(bytes, imports) {
      calls.push(typeof bytes === "string" ? bytes : `${bytes.byteLength} bytes`);
      if (typeof bytes === "string") throw new TypeError("this runtime takes bytes");
      const { instance } = await WebAssembly.instantiate(bytes, imports);
      return instance; // some runtimes hand back the instance alone
    },
  };
  const runtime = miniProgram(root, { webAssembly: bytesOnly });
  const { init, Engine } = runtime.require("tierwise");
  const path = "/miniprogram_npm/tierwise/tierwise_core_bg.wasm";
  const wasm = readFileSync(join(root, path));
  await init({ webAssembly: bytesOnly, path, readFile: (file) => new Uint8Array(readFileSync(join(root, file))).buffer });
  assert.deepEqual(calls, [`${wasm.byteLength} bytes`]);
  assert.equal(Engine.compile(example.program).tierProgress(example.snapshot, example.options).next.progress, 0.64);
});
