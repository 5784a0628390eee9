// Entry for browsers and bundlers (Vite, webpack, a plain <script type="module">).
//
//   import init, { Engine } from "tierwise";
//   await init();
//   const engine = Engine.compile(program);
import initCore, { initSync as initCoreSync } from "./wasm/tierwise_core.js";
import { isReady, markReady } from "./engine.js";

export * from "./api.js";

let loading;

/**
 * Instantiates the wasm core once; later calls return the same promise. `input` is where
 * the `.wasm` comes from (a URL, a Response, its bytes or a WebAssembly.Module); by
 * default the file next to this module.
 */
export default function init(input) {
  if (isReady()) return Promise.resolve();
  loading ??= initCore({ module_or_path: input ?? new URL("./wasm/tierwise_core_bg.wasm", import.meta.url) }).then(
    (exports) => markReady(exports),
    (error) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Instantiates the wasm core synchronously from its bytes or a compiled WebAssembly.Module. */
export function initSync(module) {
  if (isReady()) return;
  markReady(initCoreSync({ module }));
}
