// The runner of `cargo test --target wasm32-unknown-unknown` (.cargo/config.toml): drops the
// `target_features` custom section from the test module, then hands it to
// wasm-bindgen-test-runner with the same arguments.
//
// The crate is compiled for the WebAssembly MVP (`target-cpu=mvp`), but the precompiled
// standard library leaves a `target_features` section listing reference-types, from which
// wasm-bindgen concludes that the module passes JS values through an externref table and
// looks for the table's intrinsics, which a build without reference types does not have.
// scripts/build removes the same section before wasm-bindgen for the same reason.
//
//   node scripts/wasm-test-runner.mjs <module.wasm> [arguments…]
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const [wasm, ...rest] = process.argv.slice(2);
if (!wasm) {
  console.error("usage: node scripts/wasm-test-runner.mjs <module.wasm> [arguments…]");
  process.exit(2);
}

/** An unsigned LEB128 number at `at`: [value, next offset]. */
function unsigned(bytes, at) {
  let value = 0;
  let factor = 1;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error(`${wasm}: truncated section header`);
    value += (byte & 0x7f) * factor;
    if ((byte & 0x80) === 0) return [value, at];
    factor *= 128;
  }
}

const bytes = readFileSync(wasm);
const kept = [bytes.subarray(0, 8)];
let at = 8;
while (at < bytes.length) {
  const start = at;
  const id = bytes[at];
  const [size, content] = unsigned(bytes, at + 1);
  at = content + size;
  if (id === 0) {
    const [length, name] = unsigned(bytes, content);
    if (bytes.subarray(name, name + length).toString("latin1") === "target_features") continue;
  }
  kept.push(bytes.subarray(start, at));
}

// Same file name, another folder: the runner names the suite after the file.
const folder = join(dirname(wasm), "mvp-test-modules");
mkdirSync(folder, { recursive: true });
const stripped = join(folder, basename(wasm));
writeFileSync(stripped, Buffer.concat(kept));
const run = spawnSync("wasm-bindgen-test-runner", [stripped, ...rest], { stdio: "inherit" });
if (run.error) {
  console.error(`wasm-test-runner: ${run.error.message}`);
  process.exit(1);
}
process.exit(run.status ?? 1);
