// GrowthBook's hash, bucket ranges and arm choice through the packed package, against the
// reference values GrowthBook's own SDK computed (tests/fixtures/growthbook-reference.json):
// experiment arms must be the same in JS as in the SDK a storefront may already run.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, installPackedPackage, readJson } from "./support.mjs";

const reference = readJson(join(ROOT, "tests/fixtures/growthbook-reference.json"));
// Floats are stored as JavaScript prints them; compare the same way. `undefined` stays
// "undefined": GrowthBook's hash gives null for an unknown version, never undefined.
const text = (x) => (x === null ? null : String(x));
const number = (x) => (x === null ? undefined : Number(x));

let consumer;
let api;

before(async () => {
  consumer = installPackedPackage();
  api = await consumer.load("tierwise");
});
after(() => consumer?.cleanup());

test("hash equals GrowthBook's for every seed, value and version", () => {
  assert.ok(reference.hashes.length > 0);
  for (const { seed, value, version, expect } of reference.hashes) {
    assert.equal(text(api.hash(seed, value, version)), expect, `hash(${JSON.stringify(seed)}, ${JSON.stringify(value)}, ${version})`);
  }
  for (const { seed, value, version, expect } of reference.hashes_utf16) {
    const [s, v] = [seed, value].map((units) => String.fromCharCode(...units));
    assert.equal(text(api.hash(s, v, version)), expect, `hash of code units ${JSON.stringify(value)}`);
  }
});

test("hash of an unknown version is null, as in GrowthBook", () => {
  assert.ok(reference.hashes.some(({ version, expect }) => version === 3 && expect === null));
  for (const version of [0, 3, 99, 1.5, NaN]) assert.equal(api.hash("exp", "m1", version), null, `version ${version}`);
});

test("bucketRanges equals GrowthBook's getBucketRanges", () => {
  for (const { num_variations: count, coverage, weights, expect } of reference.ranges) {
    const ranges = api.bucketRanges(count, number(coverage), weights?.map(Number));
    assert.deepEqual(ranges.map(([start, end]) => [text(start), text(end)]), expect, JSON.stringify({ count, coverage, weights }));
  }
});

test("chooseArm equals GrowthBook's chooseVariation", () => {
  for (const { n, ranges, expect } of reference.choose) {
    assert.equal(api.chooseArm(Number(n), ranges.map((pair) => pair.map(Number))), expect, `n = ${n}`);
  }
  assert.throws(() => api.chooseArm(0.5, "not ranges"), (error) => error instanceof api.TierwiseError && error.code === "invalid_type");
});
