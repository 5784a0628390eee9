// Entry for Node.js: the wasm core is instantiated synchronously from the file next to this
// module when it is imported, so `init()` is optional here; it exists so code written for the
// browser entry runs unchanged.
//
//   import { Engine } from "tierwise";
//   const engine = Engine.compile(program);
import { readFileSync } from "node:fs";
import { initSync as initCoreSync } from "./wasm/tierwise_core.js";
import { isReady, markReady } from "./engine.js";

export * from "./api.js";

if (!isReady()) {
  markReady(initCoreSync({ module: readFileSync(new URL("./wasm/tierwise_core_bg.wasm", import.meta.url)) }));
}

/** Resolves at once: the Node entry is initialised on import. */
export default function init() {
  return Promise.resolve();
}

/** Does nothing: the Node entry is initialised on import. */
export function initSync() {}
