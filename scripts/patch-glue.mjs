// Adapts the JS glue wasm-bindgen generates (--target web) for runtimes it does not know:
//
// 1. exports the two steps `init` is made of, building the import object and finishing
//    the instantiation, so that the mini-program entry can instantiate the module through
//    an injected `WebAssembly`-like object (WeChat's `WXWebAssembly.instantiate(path,
//    imports)`) where no global `WebAssembly` exists;
// 2. drops the glue's default wasm location `new URL(..., import.meta.url)`: the package's
//    entries always pass the location, and without `import.meta` the glue also loads in
//    toolchains that turn modules into CommonJS (mini-program compilers).
//
// Each edit checks that the generated code still has the shape it expects, so a new
// wasm-bindgen version fails the build instead of producing a broken package.
//
//   node scripts/patch-glue.mjs <tierwise_core.js>
import { readFileSync, writeFileSync } from "node:fs";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/patch-glue.mjs <tierwise_core.js>");
  process.exit(2);
}

let code = readFileSync(file, "utf8");

function replaceOnce(pattern, replacement, what) {
  const matches = code.match(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`)) ?? [];
  if (matches.length !== 1) {
    console.error(`patch-glue: expected one ${what} in ${file}, found ${matches.length}; has wasm-bindgen changed its output?`);
    process.exit(1);
  }
  code = code.replace(pattern, replacement);
}

for (const name of ["__wbg_get_imports", "__wbg_finalize_init"]) {
  if (!new RegExp(`\\nfunction ${name}\\(`).test(code)) {
    console.error(`patch-glue: ${file} has no function ${name}; has wasm-bindgen changed its output?`);
    process.exit(1);
  }
}

replaceOnce(
  /\n[ \t]*if \(module_or_path === undefined\) \{\n[ \t]*module_or_path = new URL\('[\w.]+', import\.meta\.url\);\n[ \t]*\}\n/,
  "\n",
  "default wasm location",
);
if (code.includes("import.meta")) {
  console.error(`patch-glue: ${file} still refers to import.meta`);
  process.exit(1);
}

code += `
// Added by scripts/patch-glue.mjs for the mini-program entry: build the imports, then
// finish with the instance an injected WebAssembly-like object made.
export { __wbg_get_imports as __tierwise_imports, __wbg_finalize_init as __tierwise_finalize };
`;
writeFileSync(file, code);
