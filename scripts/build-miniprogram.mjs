// Builds the package's `miniprogram` folder, what WeChat's "build npm" (and other
// mini-program toolchains following the `miniprogram` field) copy into a mini-program:
//
//   node scripts/build-miniprogram.mjs <pkg>
//
// - index.js: tierwise/miniprogram and everything it imports in one CommonJS file for
//   ES2015 (esbuild --bundle --format=cjs --target=es2015): no `import`, no top-level
//   await, no `import.meta`, nothing newer than ES2015, which mini-program runtimes and
//   their compilers all take;
// - tierwise_core_bg.wasm and tierwise_core_bg.wasm.br: the package's one wasm module, and
//   the same brotli-compressed at quality 11 by Node's zlib (WXWebAssembly loads either
//   from a path inside the mini-program package);
// - miniprogram.js: the same module again, so that `require("tierwise/miniprogram")` (what
//   TypeScript, Taro and uni-app resolve through the package's exports) finds it in a
//   mini-program's miniprogram_npm/tierwise/ too;
// - index.d.ts: the typings of tierwise/miniprogram;
// - package.json: `"type": "commonjs"`, so Node and bundlers read index.js as CommonJS
//   inside this otherwise ES-module package.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const [pkg] = process.argv.slice(2);
if (!pkg) {
  console.error("usage: node scripts/build-miniprogram.mjs <pkg>");
  process.exit(2);
}
const out = join(pkg, "miniprogram");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(pkg, "miniprogram.js")],
  outfile: join(out, "index.js"),
  bundle: true,
  format: "cjs",
  target: "es2015",
  platform: "neutral",
  charset: "utf8",
  legalComments: "none",
  logLevel: "warning",
  banner: { js: "// tierwise/miniprogram as one CommonJS ES2015 file, built by scripts/build; do not edit." },
});
const code = readFileSync(join(out, "index.js"), "utf8");
for (const [pattern, what] of [[/\bimport\.meta\b/, "import.meta"], [/^\s*import\s/m, "an import statement"], [/^\s*export\s/m, "an export statement"]]) {
  if (pattern.test(code)) {
    console.error(`build-miniprogram: ${out}/index.js still holds ${what}`);
    process.exit(1);
  }
}

const wasm = readFileSync(join(pkg, "wasm/tierwise_core_bg.wasm"));
copyFileSync(join(pkg, "wasm/tierwise_core_bg.wasm"), join(out, "tierwise_core_bg.wasm"));
const compressed = brotliCompressSync(wasm, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 11,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_GENERIC,
    [constants.BROTLI_PARAM_SIZE_HINT]: wasm.byteLength,
  },
});
writeFileSync(join(out, "tierwise_core_bg.wasm.br"), compressed);

writeFileSync(join(out, "miniprogram.js"), `// tierwise/miniprogram inside a mini-program's miniprogram_npm/tierwise/.\nmodule.exports = require("./index.js");\n`);
writeFileSync(join(out, "index.d.ts"), `// tierwise/miniprogram, the CommonJS build in the package's miniprogram folder.
export * from "../miniprogram.js";
export { default } from "../miniprogram.js";
`);
writeFileSync(join(out, "package.json"), `${JSON.stringify({ type: "commonjs", types: "./index.d.ts" }, null, 2)}\n`);
console.log(`${wasm.byteLength} ${compressed.byteLength}`);
