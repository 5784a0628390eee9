// The public API of tierwise for browsers, bundlers and Node: everything in api.d.ts, and
// init, whose inputs are the platform's (a URL, a fetch Request or Response, the bytes or a
// compiled WebAssembly.Module).

export * from "./api.js";

declare global {
  namespace WebAssembly {
    /**
     * A compiled module. Declared here as well so that projects with Node's types but not
     * the DOM library (which is where TypeScript declares WebAssembly) type-check; it merges
     * with the DOM library's declaration where that is present.
     */
    interface Module {}
  }
}

/** Where the wasm module comes from. */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/**
 * Instantiates the wasm core once; later calls return the same promise. By default the
 * `.wasm` next to the package's entry is fetched. In Node the core is ready on import and
 * this resolves at once.
 *
 * ```js
 * import init, { Engine } from "tierwise";
 * await init();
 * ```
 */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Instantiates the wasm core synchronously from its bytes or a compiled module. */
export function initSync(module: ArrayBuffer | ArrayBufferView | WebAssembly.Module): void;
