// A mini-program runtime imitated in Node: the globals such runtimes lack are deleted before
// tierwise/miniprogram is imported, and the wasm is instantiated through a fake
// WXWebAssembly that wraps the real WebAssembly. Prints what the page would show as JSON.
//
//   node miniprogram/run.mjs <mode> <mini-program package root>
//
// Modes:
//   wechat  no TextDecoder, TextEncoder, fetch, document, and no global WebAssembly at all;
//           WXWebAssembly.instantiate(path, imports) reads the path inside the package
//   default the globals the issue names are deleted (WebAssembly.instantiateStreaming
//           among them); WXWebAssembly is a global the entry finds by itself
//   bytes   a runtime whose instantiate takes bytes only; init reads them with readFile
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [mode, packageRoot] = process.argv.slice(2);
const RealWebAssembly = globalThis.WebAssembly;

for (const name of ["TextDecoder", "TextEncoder", "fetch", "document"]) delete globalThis[name];
delete RealWebAssembly.instantiateStreaming;
if (mode === "wechat") delete globalThis.WebAssembly;
const missing = ["TextDecoder", "TextEncoder", "fetch", "document"].filter((name) => !(name in globalThis));

const calls = [];
/** WeChat's shape: a path inside the mini-program package, never bytes. */
const WXWebAssembly = {
  async instantiate(path, imports) {
    calls.push(path);
    if (typeof path !== "string" || !/\.wasm(\.br)?$/.test(path)) throw new TypeError("WXWebAssembly only takes a .wasm path");
    const bytes = readFileSync(join(packageRoot, path));
    return RealWebAssembly.instantiate(bytes, imports);
  },
};
/** A runtime that takes bytes only. */
const BytesOnly = {
  async instantiate(bytes, imports) {
    calls.push(typeof bytes === "string" ? bytes : `${bytes.byteLength} bytes`);
    if (typeof bytes === "string") throw new TypeError("this runtime takes bytes");
    const { instance } = await RealWebAssembly.instantiate(bytes, imports);
    return instance; // some runtimes hand back the instance alone
  },
};

const out = { mode, missing };
const tierwise = await import("tierwise/miniprogram");
out.codec = tierwise.textCodec;
out.globalWebAssembly = typeof globalThis.WebAssembly;

const wasmPath = "/tierwise/tierwise_core_bg.wasm";
if (mode === "wechat") {
  try {
    await tierwise.default({ webAssembly: WXWebAssembly });
  } catch (error) {
    out.firstAttempt = { name: error.name, code: error.code, message: error.message };
  }
  await tierwise.default({ webAssembly: WXWebAssembly, path: wasmPath });
} else if (mode === "default") {
  globalThis.WXWebAssembly = WXWebAssembly;
  await tierwise.default({ path: wasmPath });
} else if (mode === "bytes") {
  await tierwise.default({ webAssembly: BytesOnly, path: wasmPath, readFile: (path) => new Uint8Array(readFileSync(join(packageRoot, path))).buffer });
}
await tierwise.default({ webAssembly: WXWebAssembly, path: "/elsewhere.wasm" }); // already initialised: no new load
out.calls = calls;

const { program, snapshot, options } = JSON.parse(readFileSync(0, "utf8"));
const engine = tierwise.Engine.compile(program);
const tier = engine.tierProgress(snapshot, options);
out.tier = {
  current: tier.current.id,
  currentName: tier.current.name["zh-CN"],
  next: tier.next.id,
  nextName: tier.next.name["zh-CN"],
  progress: tier.next.progress,
  metrics: tier.next.metrics.map(({ metric, current, target, remaining, ratio, projected }) => ({ metric, current, target, remaining, ratio, projected })),
  deadline: tier.window.deadline,
  daysLeft: tier.window.days_left,
  elapsedDays: tier.window.elapsed_days,
  requalification: tier.requalification.status,
};
out.memberId = engine.facts(snapshot, options).member_id;
try {
  engine.facts({ ...snapshot, joined_at: "二〇二四年" }, options);
} catch (error) {
  out.rejected = { isTierwiseError: error instanceof tierwise.TierwiseError, code: error.code, path: error.path, message: error.message };
}
out.memoryBytes = tierwise.wasmMemoryBytes();
engine.free();
process.stdout.write(JSON.stringify(out));
