// Every condition case (tests/conditions) through evalCondition and explainCondition of the
// packed package, with one check (tests/js/support.mjs).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEFAULT_PROGRAM, PERSONAS, checkCondition, conditionCases, installPackedPackage, persona } from "./support.mjs";

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
    // JSON-pointer escaping of the keys on the way: "~" as "~0", "/" as "~1", every one of them.
    assert.throws(() => api.evalConditions(rules, { "a/b~c/d": { "~~": Infinity } }), (error) => error.code === "not_finite" && error.path === "/facts/a~1b~0c~1d/~0~0");
    const list = api.Conditions.compile(rules, {});
    const deep = JSON.parse(`${"[".repeat(200)}${"]".repeat(200)}`);
    assert.throws(() => list.eval({ deep }), (error) => error instanceof api.TierwiseError && error.code === "json_too_deep" && error.path === "/facts");
    assert.deepEqual(list.eval({ orders_365d: 1, tier: "gold" }), [false, true]);
    list.free();
    assert.throws(() => list.eval({}), (error) => error.code === "conditions_freed");
    assert.throws(() => new api.Conditions({}), (error) => error.code === "invalid_argument");
  });
});

describe("engine.compileConditions", () => {
  const now = PERSONAS.now;
  const eligibility = DEFAULT_PROGRAM.offers.map((offer) => offer.eligibility ?? {});

  // Node 20 has no `using`; each test frees what it compiled.
  test("evaluates a list in one call, as evalCondition does one by one", () => {
    const engine = api.Engine.compile(DEFAULT_PROGRAM);
    const list = engine.compileConditions(eligibility);
    assert.equal(list.length, eligibility.length);
    for (const member of PERSONAS.personas) {
      const facts = engine.facts(member.snapshot, { now });
      const oneByOne = eligibility.map((condition) => api.evalCondition(condition, facts, DEFAULT_PROGRAM.saved_groups));
      assert.deepEqual(list.eval(facts), oneByOne, member.id);
    }
    // The new member: the first-order coupon holds, the win-back pack does not.
    const facts = engine.facts(persona("new"), { now });
    const held = list.eval(facts);
    const at = (id) => held[DEFAULT_PROGRAM.offers.findIndex((offer) => offer.id === id)];
    assert.equal(facts.days_since_join <= 30, true);
    assert.equal(at("new_customer_coupon"), true);
    assert.equal(at("winback_pack"), false);
    list.free();
    engine.free();
  });

  test("reads plain facts and the program's saved groups", () => {
    const engine = api.Engine.compile(DEFAULT_PROGRAM);
    const list = engine.compileConditions([
      { orders_365d: { $gte: 3 } },
      { tier: "gold" },
      { member_id: { $inGroup: "staff" } },
      { member_id: { $notInGroup: "vip_invitees" } },
    ]);
    assert.deepEqual(list.eval({ orders_365d: 5, tier: "silver", member_id: "m-staff-001" }), [true, false, true, true]);
    assert.deepEqual(list.eval({ orders_365d: 2, tier: "gold", member_id: "m-high-value" }), [false, true, false, false]);
    assert.deepEqual(list.eval({}), [false, false, false, true]);
    list.free();
    engine.free();
  });

  test("reports every issue under /conditions and fails cleanly once freed", () => {
    const engine = api.Engine.compile(DEFAULT_PROGRAM);
    assert.throws(() => engine.compileConditions([{ a: 1 }, { b: { $bogus: 1 } }, { c: { $regex: "(" } }]), (error) =>
      error instanceof api.TierwiseError && error.path === "/conditions/1/b/$bogus" && error.issues.length === 2 &&
      error.issues[1].path.startsWith("/conditions/2"));
    assert.throws(() => engine.compileConditions({ a: 1 }), (error) => error instanceof api.TierwiseError && error.path === "/conditions");
    const list = engine.compileConditions([{ a: 1 }]);
    assert.deepEqual(list.eval({ a: 1 }), [true]);
    list.free();
    assert.throws(() => list.eval({ a: 1 }), (error) => error instanceof api.TierwiseError && error.code === "conditions_freed");
    engine.free();
    assert.throws(() => engine.compileConditions([]), (error) => error instanceof api.TierwiseError && error.code === "engine_freed");
  });
});
