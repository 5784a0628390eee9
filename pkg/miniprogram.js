// Entry for mini-program runtimes (WeChat, Alipay and the like): no DOM, no fetch, often no
// TextDecoder, and wasm loaded from a path inside the mini-program package through the
// runtime's own WebAssembly object.
//
//   import init, { Engine } from "tierwise/miniprogram";
//   await init({ webAssembly: WXWebAssembly, path: "/tierwise/tierwise_core_bg.wasm" });
//   const engine = Engine.compile(program);
//
// The text codec comes first: the glue creates its TextDecoder when it is evaluated.
import { globalObject } from "./utf8.js";
import { textCodec } from "./miniprogram-globals.js";
import { __tierwise_finalize, __tierwise_imports } from "./wasm/tierwise_core.js";
import { TierwiseError, isReady, markReady } from "./engine.js";

export * from "./api.js";
export { textCodec };

let loading;

function failure(message) {
  return new TierwiseError(message, { code: "load_failed", path: "" });
}

async function load({ webAssembly, path, bytes, readFile } = {}) {
  const runtime = webAssembly ?? globalObject.WXWebAssembly ?? globalObject.WebAssembly;
  if (!runtime || typeof runtime.instantiate !== "function") {
    throw failure("no WebAssembly runtime: pass `webAssembly` (WXWebAssembly in WeChat) to init");
  }
  let source = bytes;
  if (source === undefined) {
    if (typeof path !== "string" || path === "") {
      throw failure("pass `path` (the .wasm inside the mini-program package) or `bytes` to init");
    }
    // Runtimes whose WebAssembly only takes bytes read the file first; WeChat's takes the path.
    source = readFile ? await readFile(path) : path;
  }
  const result = await runtime.instantiate(source, __tierwise_imports());
  // WebAssembly.instantiate(bytes) gives {module, instance}; some runtimes give the instance.
  const instance = result && result.instance ? result.instance : result;
  if (!instance || typeof instance.exports !== "object") {
    throw failure("the WebAssembly runtime returned no instance");
  }
  markReady(__tierwise_finalize(instance, result.module));
}

/**
 * Instantiates the wasm core once through a WebAssembly-like object; later calls return the
 * same promise, and a failed load can be retried.
 *
 * - `webAssembly`: an object with `instantiate(pathOrBytes, imports)`; `WXWebAssembly` in
 *   WeChat (the default when present), else the global `WebAssembly`;
 * - `path`: the `.wasm` (or `.wasm.br` in WeChat) inside the mini-program package, passed to
 *   `instantiate` as is, or to `readFile` first when given;
 * - `readFile(path)`: returns the file's bytes (an ArrayBuffer) or a promise of them, for
 *   runtimes whose `instantiate` takes bytes, e.g. `(p) => my.getFileSystemManager().readFileSync(p)`;
 * - `bytes`: the module's bytes, when the caller already has them.
 */
export default function init(options) {
  if (isReady()) return Promise.resolve();
  loading ??= load(options).then(undefined, (error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

// Also a named export: `const { init, Engine } = require("tierwise")` in the CommonJS build.
export { init };
