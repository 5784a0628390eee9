// Every shared vector (tests/vectors) through the public JS API of the packed package, with
// the same `check` semantics as the native and wasm suites. Each output is written as
// canonical JSON to target/vector-outputs/node/ and compared byte for byte with what the
// native runner wrote to target/vector-outputs/native/ (run `cargo test --test vectors` first).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, check, installPackedPackage, outputName, vectors } from "./support.mjs";

const NODE_OUT = join(ROOT, "target/vector-outputs/node");
const NATIVE_OUT = join(ROOT, "target/vector-outputs/native");
const all = vectors();

let consumer;
let api;

before(async () => {
  consumer = installPackedPackage();
  api = await consumer.load("tierwise");
  rmSync(NODE_OUT, { recursive: true, force: true });
  mkdirSync(NODE_OUT, { recursive: true });
});
after(() => consumer?.cleanup());

describe("shared vectors through the JS API", () => {
  test("there are vectors to run", () => {
    assert.ok(all.length > 0, "tests/vectors holds no vectors");
  });

  for (const [label, vector] of all) {
    test(label, () => {
      writeFileSync(join(NODE_OUT, `${outputName(label)}.json`), check(api, vector));
    });
  }
});

describe("determinism across runtimes", () => {
  test("Node's outputs equal the native outputs byte for byte", () => {
    assert.ok(existsSync(NATIVE_OUT), `${NATIVE_OUT} is missing: run \`cargo test --test vectors\` first`);
    const names = (dir) => readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
    const node = names(NODE_OUT);
    assert.equal(node.length, all.length, "a vector failed in Node, so it wrote no output");
    assert.deepEqual(names(NATIVE_OUT), node, "the native and Node runners ran different vectors");
    const different = node.filter((name) => !readFileSync(join(NODE_OUT, name)).equals(readFileSync(join(NATIVE_OUT, name))));
    assert.deepEqual(different, [], "these outputs differ between native and Node");
  });
});
