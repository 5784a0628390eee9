// tierwise/miniprogram: the tierwise API for mini-program runtimes, loaded through an
// injected WebAssembly-like object. Declared without DOM or WebAssembly library types.

export * from "./api.js";

/** An instantiated module as a runtime returns it. */
export interface InstanceLike {
  readonly exports: object;
}

/**
 * The part of a WebAssembly object tierwise uses: WeChat's `WXWebAssembly` (which takes a
 * path inside the package) or a standard `WebAssembly` (which takes bytes).
 */
export interface WebAssemblyLike {
  instantiate(
    source: string | ArrayBuffer | ArrayBufferView,
    imports: object,
  ): PromiseLike<{ instance: InstanceLike; module?: unknown } | InstanceLike>;
}

/** Where the wasm comes from and how to instantiate it. */
export interface MiniProgramInitOptions {
  /** `WXWebAssembly` in WeChat (the default when present), else the global `WebAssembly`. */
  webAssembly?: WebAssemblyLike;
  /** The `.wasm` (or `.wasm.br` in WeChat) inside the mini-program package. */
  path?: string;
  /** Reads `path` into bytes first, for runtimes whose `instantiate` takes bytes only. */
  readFile?: (path: string) => ArrayBuffer | ArrayBufferView | PromiseLike<ArrayBuffer | ArrayBufferView>;
  /** The module's bytes, when the caller has them already. */
  bytes?: ArrayBuffer | ArrayBufferView;
}

/**
 * Instantiates the wasm core once; later calls return the same promise; a failed load
 * (TierwiseError `load_failed`, or the runtime's own error) can be retried.
 */
export default function init(options: MiniProgramInitOptions): Promise<void>;

/** The same function as the default export, for `const { init } = require("tierwise")`. */
export { init };

/** Which text codec the wasm glue uses: the runtime's own, or tierwise's UTF-8 codec where it had none. */
export const textCodec: { readonly TextEncoder: "native" | "tierwise"; readonly TextDecoder: "native" | "tierwise" };
