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

describe("compiled condition lists", () => {
  const valid = cases.map(([, entry]) => entry).filter((entry) => !("expect_error" in entry));
  const key = (entry) => JSON.stringify(entry.saved_groups ?? {});

  test("one list of every valid case gives, over each case's facts, that case's expectation", () => {
    // One compiled list per set of saved groups, holding every condition that uses it.
    const groups = new Map();
    for (const entry of valid) groups.set(key(entry), [...(groups.get(key(entry)) ?? []), entry]);
    assert.ok(groups.size >= 1 && valid.length > 150, `${valid.length} valid cases`);
    for (const [savedGroups, entries] of groups) {
      const list = api.Conditions.compile(entries.map((entry) => entry.condition), JSON.parse(savedGroups));
      assert.equal(list.length, entries.length);
      entries.forEach((entry, index) => {
        const held = list.eval(entry.facts ?? {});
        assert.equal(held.length, entries.length);
        assert.equal(held[index], entry.expect, `${entry.name}: ${JSON.stringify(entry.condition)}`);
      });
      list.free();
    }
  });

  test("every position agrees with evalCondition, and evalConditions with the compiled list", () => {
    const entries = valid.filter((entry) => key(entry) === "{}");
    const conditions = entries.map((entry) => entry.condition);
    const list = api.Conditions.compile(conditions);
    for (const entry of entries.slice(0, 25)) {
      const facts = entry.facts ?? {};
      const expected = conditions.map((condition) => api.evalCondition(condition, facts));
      assert.deepEqual(list.eval(facts), expected, entry.name);
      assert.deepEqual(api.evalConditions(conditions, facts), expected, entry.name);
    }
    list.free();
    assert.ok(entries.length > 100, `${entries.length} cases without saved groups`);
  });

  test("errors name the condition's position, the list keeps working, and a freed list says so", () => {
    const rules = [{ orders_365d: { $gte: 3 } }, { tier: "gold" }];
    assert.deepEqual(api.evalConditions(rules, { orders_365d: 5, tier: "silver" }), [true, false]);
    const broken = () => api.Conditions.compile([{ tier: "gold" }, { tier: { $bogus: 1 } }]);
    assert.throws(broken, (error) => error instanceof api.TierwiseError && error.code === "unknown_operator" && error.path === "/conditions/1/tier/$bogus");
    assert.throws(() => api.evalConditions(rules, { x: NaN }), (error) => error.code === "not_finite" && error.path === "/facts/x");
    const list = api.Conditions.compile(rules, {});
    const deep = JSON.parse(`${"[".repeat(200)}${"]".repeat(200)}`);
    assert.throws(() => list.eval({ deep }), (error) => error instanceof api.TierwiseError && error.code === "json_too_deep" && error.path === "/facts");
    assert.deepEqual(list.eval({ orders_365d: 1, tier: "gold" }), [false, true]);
    list.free();
    assert.throws(() => list.eval({}), (error) => error.code === "conditions_freed");
    assert.throws(() => new api.Conditions({}), (error) => error.code === "invalid_argument");
  });
});
