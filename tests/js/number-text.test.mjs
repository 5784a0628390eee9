// A condition that turns a number into text must see JavaScript's String(x), for every
// double. More than 100,000 doubles generated here by Node (tests/fixtures/js-number-text.mjs:
// seeded random bits, shortest-digit ties, powers of two and ten, the 1e21 and 1e-7
// boundaries, subnormals, -0) go through the packed package's wasm as facts of plain string
// conditions (`{"n0": "<String(x)>"}` holds only when the fact's text is exactly that), and
// through `$regex` anchored on the escaped text.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { numberCorpus } from "../fixtures/js-number-text.mjs";
import { installPackedPackage } from "./support.mjs";

const corpus = Object.entries(numberCorpus());
const BATCH = 1000;

let consumer;
let api;

before(async () => {
  consumer = installPackedPackage();
  api = await consumer.load("tierwise");
});
after(() => consumer?.cleanup());

/** The doubles of `list` whose text the engine writes differently from String(x). */
function mismatches(list, conditionOf) {
  const wrong = [];
  for (let start = 0; start < list.length; start += BATCH) {
    const batch = list.slice(start, start + BATCH);
    const facts = Object.fromEntries(batch.map((x, index) => [`n${index}`, x]));
    const held = api.evalConditions(batch.map((x, index) => ({ [`n${index}`]: conditionOf(String(x)) })), facts);
    held.forEach((holds, index) => {
      if (holds !== true) wrong.push(batch[index]);
    });
  }
  return wrong;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("the corpus holds more than 100,000 doubles in every group", () => {
  const total = corpus.reduce((sum, [, list]) => sum + list.length, 0);
  assert.ok(total > 100_000, `only ${total} doubles`);
  for (const [name, list] of corpus) assert.ok(list.length > 1000, `${name}: ${list.length}`);
});

for (const [name, list] of corpus) {
  test(`${name}: a number's text is String(x)`, () => {
    const wrong = mismatches(list, (text) => text);
    assert.deepEqual(wrong.slice(0, 10).map(String), [], `${wrong.length} of ${list.length} differ`);
  });
}

test("$regex on a number matches String(x) anchored, and not a neighbouring text", () => {
  const [, ties] = corpus.find(([name]) => name === "ties");
  const sample = ties.filter((_, index) => index % 10 === 0);
  assert.deepEqual(mismatches(sample, (text) => ({ $regex: `^${escape(text)}$` })).map(String), []);
  // The check can fail: the text with its last digit changed is not matched.
  const changed = (text) => text.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));
  const wrong = mismatches(sample, (text) => ({ $regex: `^${escape(changed(text))}$` }));
  assert.equal(wrong.length, sample.length);
});

test("the tie from the report prints with its even digit", () => {
  assert.equal(String(1125899906842624.25), "1125899906842624.2");
  assert.equal(api.evalCondition({ x: "1125899906842624.2" }, { x: 1125899906842624.25 }), true);
  assert.equal(api.evalCondition({ x: { $regex: "^1125899906842624\\.2$" } }, { x: 1125899906842624.25 }), true);
});
