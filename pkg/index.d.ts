// The public API of tierwise for browsers, bundlers and Node: everything in api.d.ts, and
// init, whose inputs are the platform's (a URL, a fetch Request or Response, the bytes or a
// compiled WebAssembly.Module). Declared without the DOM library or Node's types: the
// platform's classes are described by the few members tierwise relies on, so a project
// type-checks with either, both or neither.

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

/** A `URL` (browsers, Node, Deno), by the members tierwise reads. */
export interface UrlLike {
  readonly href: string;
  toString(): string;
}

/** A fetch `Request`, by the members tierwise reads. */
export interface RequestLike {
  readonly url: string;
  readonly method: string;
}

/** A fetch `Response`, by the members tierwise reads. */
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Where the wasm module comes from: a URL (as text or a `URL`), a `Request`, a `Response`, the bytes or a compiled module. */
export type InitInput = string | UrlLike | RequestLike | ResponseLike | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

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
