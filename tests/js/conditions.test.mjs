// Every condition case (tests/conditions) through evalCondition and explainCondition of the
// packed package, with one check (tests/js/support.mjs).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkCondition, conditionCases, installPackedPackage } from "./support.mjs";

const cases = conditionCases();

let consumer;
let api;

before(async () => {
  consumer = installPackedPackage();
  api = await consumer.load("tierwise");
});
after(() => consumer?.cleanup());

describe("condition cases through the JS API", () => {
  test("there are more than 150 cases", () => {
    assert.ok(cases.length > 150, `only ${cases.length} condition cases`);
  });

  for (const [label, entry] of cases) {
    test(label, () => checkCondition(api, entry));
  }
});

test("saved groups are optional and errors carry the /condition prefix", () => {
  assert.equal(api.evalCondition({ tier: "gold" }, { tier: "gold" }), true);
  assert.equal(api.evalCondition({ id: { $inGroup: "staff" } }, { id: "m1" }, { staff: ["m1"] }), true);
  assert.throws(() => api.evalCondition({ tier: { $bogus: 1 } }, {}), (error) =>
    error instanceof api.TierwiseError && error.path.startsWith("/condition"));
});
