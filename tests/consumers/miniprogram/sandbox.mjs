// A WeChat mini-program runtime imitated in a V8 context of its own (node:vm): no
// TextDecoder, TextEncoder, fetch or WebAssembly on its global object; CommonJS modules
// loaded from a mini-program folder by a `require` that resolves as WeChat's does
// (relative paths, and `name` / `name/file` inside miniprogram_npm/); `App`, `Page` and
// `getApp`; and a fake `WXWebAssembly` that takes only a path inside the package (a `.wasm`,
// or a `.wasm.br` it decompresses itself), as WeChat's does. The context's clock is fixed,
// so `new Date()` in the code under test is `now`.
import { readFileSync, statSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import vm from "node:vm";
import { brotliDecompressSync } from "node:zlib";

/**
 * A mini-program rooted at `root` (a folder laid out as the mini-program package: app.js,
 * pages/, miniprogram_npm/). `webAssembly` replaces the fake WXWebAssembly (e.g. a runtime
 * taking bytes only); `calls` records what `instantiate` was given.
 */
export function miniProgram(root, { now, webAssembly } = {}) {
  const calls = [];
  const RealWebAssembly = globalThis.WebAssembly;
  const WXWebAssembly = webAssembly ?? {
    instantiate(path, imports) {
      calls.push(typeof path === "string" ? path : `${Object.prototype.toString.call(path)}`);
      if (typeof path !== "string" || !/^\/.+\.wasm(\.br)?$/.test(path)) {
        return Promise.reject(new TypeError("WXWebAssembly.instantiate takes the path of a .wasm or .wasm.br inside the package"));
      }
      const file = join(root, path);
      if (!isFile(file)) return Promise.reject(new Error(`no file ${path} in the mini-program package`));
      const bytes = path.endsWith(".br") ? brotliDecompressSync(readFileSync(file)) : readFileSync(file);
      return RealWebAssembly.instantiate(bytes, imports);
    },
  };

  let app;
  /** Page options by the file that registered them: a page file runs once, like any module. */
  const pages = new Map();
  let loading;
  const context = vm.createContext({
    console,
    setTimeout,
    clearTimeout,
    WXWebAssembly,
    App: (options) => {
      app = options;
    },
    Page: (options) => {
      pages.set(loading, options);
    },
    getApp: () => app,
  });
  vm.runInContext("delete globalThis.WebAssembly;", context);
  if (now !== undefined) {
    const fixed = Date.parse(now);
    vm.runInContext(`(() => {
      const RealDate = Date;
      globalThis.Date = class extends RealDate {
        constructor(...args) { if (args.length === 0) super(${fixed}); else super(...args); }
        static now() { return ${fixed}; }
      };
    })();`, context);
  }

  const cache = new Map();
  /** The file a `require` from `from` (a package path like /pages/member/member.js) loads. */
  function resolve(specifier, from) {
    const candidates = (path) => [path, `${path}.js`, `${path}/index.js`];
    let base;
    if (specifier.startsWith("./") || specifier.startsWith("../")) base = posix.join(posix.dirname(from), specifier);
    else if (specifier.startsWith("/")) base = specifier;
    else base = `/miniprogram_npm/${specifier}`;
    const found = candidates(base).find((path) => isFile(join(root, path)));
    if (!found) throw new Error(`module ${JSON.stringify(specifier)} not found from ${from}`);
    return found;
  }
  function load(path) {
    if (cache.has(path)) return cache.get(path).exports;
    const module = { exports: {} };
    cache.set(path, module);
    const outer = loading;
    loading = path;
    const wrapper = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {${readFileSync(join(root, path), "utf8")}\n})`, context, { filename: path });
    try {
      wrapper.call(module.exports, module.exports, (specifier) => load(resolve(specifier, path)), module, path, dirname(path));
    } finally {
      loading = outer;
    }
    return module.exports;
  }

  return {
    calls,
    /** What the mini-program's global object has of `names`. */
    globals: (names) => Object.fromEntries(names.map((name) => [name, vm.runInContext(`typeof globalThis[${JSON.stringify(name)}]`, context)])),
    /** Loads a module of the package, e.g. "/app.js", as the runtime does. */
    require: (path) => load(resolve(path, "/")),
    /** Loads app.js and runs `onLaunch` with the app as `this`. */
    launch() {
      load(resolve("/app.js", "/"));
      if (!app) throw new Error("app.js did not call App()");
      app.onLaunch?.call(app, {});
      return app;
    },
    /** Loads a page and runs its `onLoad` with a page instance whose `setData` merges into `data`. */
    async open(path) {
      const file = resolve(path, "/");
      load(file);
      const options = pages.get(file);
      if (!options) throw new Error(`${path} did not call Page()`);
      const instance = {
        ...options,
        data: { ...(options.data ?? {}) },
        setData(patch) {
          Object.assign(this.data, patch);
        },
      };
      await options.onLoad?.call(instance, {});
      return instance;
    },
  };
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
