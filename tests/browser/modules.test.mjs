// The demo page's plain modules in Node, against the real package and its generated schema:
// the JSON Schema validator agrees with the engine, the condition builder's tree keeps a
// condition's meaning, share links round-trip, JSON text positions are right, money parses
// exactly, both languages have the same strings, and no page code writes markup.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const { Engine, evalCondition, validateProgram } = await import(join(ROOT, "pkg/node.js"));
const { SchemaValidator } = await import(join(ROOT, "www/js/schema.js"));
const { clausesOf, formatOperand, fromTree, parseOperand, toTree } = await import(join(ROOT, "www/js/condition.js"));
const { applyPatch, decodeState, diffFrom, encodeState } = await import(join(ROOT, "www/js/share.js"));
const { JsonSyntaxError, parseWithSpans, spanOf } = await import(join(ROOT, "www/js/jsontext.js"));
const { Format, isMoneyFact } = await import(join(ROOT, "www/js/format.js"));
const { STRINGS } = await import(join(ROOT, "www/js/strings.js"));
const { flattenFacts } = await import(join(ROOT, "www/js/panels/facts.js"));

const readJson = (path) => JSON.parse(readFileSync(join(ROOT, path), "utf8"));
const program = readJson("src/defaults/program.json");
const personas = readJson("src/defaults/personas.json");
const schema = readJson("pkg/schema/program.schema.json");
const validator = new SchemaValidator(schema);

/** Every program written inline in the shared test vectors. */
function vectorPrograms() {
  const found = [];
  for (const file of readdirSync(join(ROOT, "tests/vectors"))) {
    const document = readJson(`tests/vectors/${file}`);
    for (const vector of document.vectors ?? [document]) {
      const candidate = vector.program ?? document.program;
      if (candidate && typeof candidate === "object") found.push([`${file}: ${vector.description ?? ""}`, candidate]);
    }
  }
  return found;
}

test("the schema validator accepts the default program and every program the engine compiles", () => {
  assert.deepEqual(validator.validate(program), []);
  const programs = vectorPrograms();
  assert.ok(programs.length > 100, `found ${programs.length} vector programs`);
  let compiling = 0;
  for (const [name, candidate] of programs) {
    const engineIssues = validateProgram(candidate);
    const schemaIssues = validator.validate(candidate);
    if (engineIssues.length === 0) {
      compiling += 1;
      assert.deepEqual(schemaIssues, [], `${name}: the schema rejects a program the engine compiles`);
    }
    if (schemaIssues.length > 0) {
      assert.ok(engineIssues.length > 0, `${name}: the schema finds ${schemaIssues[0].path} but the engine compiles it`);
    }
  }
  assert.ok(compiling > 50, `${compiling} compiling programs checked`);
});

test("the schema validator reports each structural problem at its JSON pointer", () => {
  const broken = structuredClone(program);
  broken.colour = "teal";
  broken.points.pending_days = "seven";
  broken.points.expiry = { kind: "someday" };
  broken.tiers.levels[1].qualify.spend = -5;
  broken.tiers.window = { kind: "rolling_months" };
  broken.offers[0].purpose = "advertising";
  delete broken.offers[1].kind;
  broken.surfaces[0].limit = 1.5;
  const issues = validator.validate(broken);
  const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.code]));
  assert.deepEqual(byPath, {
    "/colour": "unknown_field",
    "/points/pending_days": "invalid_type",
    "/points/expiry/kind": "unknown_variant",
    "/tiers/levels/1/qualify/spend": "out_of_range",
    "/tiers/window/months": "missing_field",
    "/offers/0/purpose": "unknown_variant",
    "/offers/1/kind": "missing_field",
    "/surfaces/0/limit": "invalid_type",
  });
  // The engine finds problems at the same places (it may word or classify them differently).
  const enginePaths = new Set(validateProgram(broken).map((issue) => issue.path));
  for (const path of ["/colour", "/points/pending_days", "/tiers/levels/1/qualify/spend", "/offers/0/purpose", "/offers/1/kind"]) {
    assert.ok(enginePaths.has(path), `the engine also reports ${path}: ${[...enginePaths].join(", ")}`);
  }
});

test("the schema describes money fields, so editors know to show currency", () => {
  const levels = validator.resolve("#/definitions/TiersSpec").properties.levels;
  const level = validator.describe(levels.items);
  const spend = validator.describe(validator.describe(level.properties.qualify).properties.spend);
  assert.equal(spend.description, validator.resolve("#/definitions/Money").description);
  assert.equal(spend.type, "integer");
  const window = validator.describe(validator.resolve("#/definitions/TiersSpec").properties.window, { kind: "rolling_months" });
  assert.deepEqual(window.required, ["kind", "months"]);
});

test("the condition builder's tree keeps every condition of the default program", () => {
  const conditions = [
    ...program.segments.map((s, i) => [`/segments/${i}/condition`, s.condition]),
    ...program.tags.map((tag, i) => [`/tags/${i}/condition`, tag.condition]),
    ...program.offers.map((o, i) => [`/offers/${i}/eligibility`, o.eligibility]),
  ].filter(([, condition]) => condition !== undefined);
  assert.ok(conditions.length > 20);
  const engine = Engine.compile(program);
  const facts = personas.personas.map((p) => engine.facts(p.snapshot, { now: personas.now }));
  for (const [path, condition] of conditions) {
    const tree = toTree(condition);
    const back = fromTree(tree, path);
    assert.deepEqual(back, condition, `${path} round-trips unchanged`);
    for (const clause of clausesOf(tree)) {
      assert.ok(clause.pointer.startsWith(path), `${clause.pointer} lies under ${path}`);
      const pointerTokens = clause.pointer.slice(path.length).split("/").filter(Boolean);
      assert.ok(pointerTokens.includes(clause.path.replaceAll("~", "~0").replaceAll("/", "~1")), `${clause.pointer} names ${clause.path}`);
    }
    for (const f of facts) assert.equal(evalCondition(back, f), evalCondition(condition, f), `${path} means the same`);
  }
  engine.free();
});

test("the condition tree merges, splits and points at clauses as the engine reports them", () => {
  const tree = toTree({ $or: [{ a: 1, b: { $gt: 2 } }, { c: { $in: ["x", "y"] } }] });
  assert.equal(tree.op, "$or");
  const json = fromTree(tree, "/offers/3/eligibility");
  assert.deepEqual(json, { $or: [{ a: 1, b: { $gt: 2 } }, { c: { $in: ["x", "y"] } }] });
  assert.deepEqual(clausesOf(tree).map((c) => c.pointer), [
    "/offers/3/eligibility/$or/0/a", "/offers/3/eligibility/$or/0/b/$gt", "/offers/3/eligibility/$or/1/c/$in",
  ]);
  // Two plain values on one fact cannot share an object: an explicit $and keeps both.
  const clash = toTree({});
  clash.children.push({ type: "clause", path: "tier", op: "equals", value: "gold" }, { type: "clause", path: "tier", op: "$ne", value: "silver" });
  assert.deepEqual(fromTree(clash, ""), { $and: [{ tier: "gold" }, { tier: { $ne: "silver" } }] });
  assert.deepEqual(clausesOf(clash).map((c) => c.pointer), ["/$and/0/tier", "/$and/1/tier/$ne"]);
  // Operands as typed: numbers, booleans, lists, quoted text stays text.
  assert.equal(parseOperand("$gte", "30"), 30);
  assert.equal(parseOperand("equals", '"30"'), "30");
  assert.deepEqual(parseOperand("$in", "gold, diamond, 3"), ["gold", "diamond", 3]);
  assert.equal(parseOperand("$exists", "false"), false);
  assert.throws(() => parseOperand("$elemMatch", "{oops"));
  assert.equal(formatOperand("$in", ["gold", "3"]), 'gold, "3"');
  assert.equal(formatOperand("equals", "tea"), "tea");
});

test("share tokens round-trip compressed and, without CompressionStream, uncompressed", async () => {
  const state = { v: 1, program, persona: "potential", day: -12, cart: { lines: [{ category: "茶", unit_price: 12800, quantity: 2 }] } };
  const compressed = await encodeState(state);
  assert.match(compressed, /^z\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeState(compressed), state);
  const plain = await encodeState(state, { compress: false });
  assert.match(plain, /^j\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeState(plain), state);
  assert.ok(compressed.length < plain.length / 3, `deflate-raw shrinks the program (${compressed.length} vs ${plain.length})`);
  await assert.rejects(decodeState("q.abc"), /unknown format/);
  await assert.rejects(decodeState("j.a+b"), /not base64url/);
});

test("share patches carry only the difference from the default program, and apply back exactly", () => {
  assert.equal(diffFrom(program, structuredClone(program)), undefined, "no edit, no patch");
  const edits = [
    (p) => { p.tiers.levels[3].qualify.spend = 900000; },
    (p) => { p.name.en = "Another name"; },
    (p) => { delete p.points.pending_days; },
    (p) => { p.offers.push({ ...structuredClone(p.offers[0]), id: "copy" }); },
    (p) => { p.offers.splice(1, 2); },
    (p) => { p.segments[0].condition = { orders_365d: { $in: [1, 2, 3] } }; },
    (p) => { p.offers[2].eligibility = { "consent.sms": true }; p.tiers.levels.reverse(); },
    (p) => { p.locales = "zh-CN"; },
  ];
  for (const [index, edit] of edits.entries()) {
    const edited = structuredClone(program);
    edit(edited);
    const patch = diffFrom(program, edited);
    assert.ok(patch, `edit ${index} has a patch`);
    assert.equal(JSON.stringify(applyPatch(program, patch)), JSON.stringify(edited), `edit ${index} applies back, key order included`);
    assert.ok(JSON.stringify(patch).length < JSON.stringify(edited).length / 2, `edit ${index}: ${JSON.stringify(patch).length} characters`);
  }
  const before = JSON.stringify(program);
  const one = structuredClone(program);
  one.tiers.levels[3].qualify.spend = 900000;
  assert.deepEqual(diffFrom(program, one), { tiers: { levels: { "~a": program.tiers.levels.length, 3: { qualify: { spend: 900000 } } } } });
  assert.equal(JSON.stringify(program), before, "the base is never changed");
  // Removing offers shifts every later index: the sequence form keeps them by id instead.
  const fewer = structuredClone(program);
  fewer.offers.splice(1, 2);
  assert.deepEqual(diffFrom(program, fewer), { offers: { "~s": [0, `3-${program.offers.length - 1}`] } });
  const moved = structuredClone(program);
  moved.offers.unshift(moved.offers.pop());
  moved.offers[1].priority = 7;
  const last = program.offers.length - 1;
  assert.deepEqual(diffFrom(program, moved), { offers: { "~s": [last, { "~e": [0, { priority: 7 }] }, `1-${last - 1}`] } });
  assert.equal(JSON.stringify(applyPatch(program, diffFrom(program, moved))), JSON.stringify(moved));
  // What a merge cannot say (an explicit null, another key order) is carried as the value itself.
  const withNull = structuredClone(program);
  withNull.name = null;
  assert.deepEqual(diffFrom(program, withNull), { name: { "~r": null } });
  assert.equal(JSON.stringify(applyPatch(program, diffFrom(program, withNull))), JSON.stringify(withNull));
  const reordered = structuredClone(program);
  reordered.name = Object.fromEntries(Object.entries(program.name).reverse());
  assert.deepEqual(diffFrom(program, reordered), { name: { "~r": reordered.name } });
  assert.equal(JSON.stringify(applyPatch(program, diffFrom(program, reordered))), JSON.stringify(reordered), "key order kept");
});

test("JSON text positions: values by pointer, syntax errors by line and column", () => {
  const text = '{\n  "tiers": {\n    "levels": [ { "id": "member" }, { "id": "silver", "qualify": { "spend": 200000 } } ]\n  }\n}';
  const { value, spans } = parseWithSpans(text);
  assert.deepEqual(value, JSON.parse(text));
  const span = spans.get("/tiers/levels/1/qualify/spend");
  assert.equal(text.slice(span.start, span.end), "200000");
  assert.equal(text.slice(span.keyStart, span.keyStart + 7), '"spend"');
  assert.equal(text.slice(spanOf(spans, "/tiers/levels/1/qualify/orders").start, spanOf(spans, "/tiers/levels/1/qualify/orders").end), '{ "spend": 200000 }');
  assert.throws(() => parseWithSpans('{\n  "a": 1,\n  "b": tru\n}'), (error) => error instanceof JsonSyntaxError && error.line === 3 && error.column === 8);
  assert.throws(() => parseWithSpans('{"a": 1,}'), (error) => error instanceof JsonSyntaxError && error.column === 9);
});

test("money is typed in major units and kept exactly in minor units of the currency", () => {
  const cny = new Format("en", "CNY");
  assert.equal(cny.parseMoney("128.50"), 12850);
  assert.equal(cny.parseMoney("1,234.05"), 123405);
  assert.equal(cny.parseMoney("¥ 20"), 2000);
  assert.equal(cny.parseMoney(""), null);
  assert.ok(Number.isNaN(cny.parseMoney("1.234")));
  assert.ok(Number.isNaN(cny.parseMoney("abc")));
  assert.equal(cny.moneyInput(12850), "128.5");
  assert.equal(cny.moneyInput(500000), "5000");
  // One symbol in both languages, as tierwise/dom writes it (tierwise/format).
  assert.equal(cny.money(123405), "¥1,234.05");
  assert.equal(new Format("zh-CN", "CNY").money(123405), "¥1,234.05");
  const jpy = new Format("en", "JPY");
  assert.equal(jpy.parseMoney("1234"), 1234);
  assert.ok(Number.isNaN(jpy.parseMoney("12.5")));
  assert.equal(jpy.money(1234), "¥1,234");
  assert.equal(new Format("en", "KWD").parseMoney("1.5"), 1500);
  assert.ok(isMoneyFact("spend_365d") && isMoneyFact("category_spend_365d.tea") && isMoneyFact("clv"));
  assert.ok(!isMoneyFact("orders_365d") && !isMoneyFact("points_balance"));
});

test("every money fact of the catalog is an amount the engine reports in minor units", () => {
  const engine = Engine.compile(program);
  const facts = engine.facts(personas.personas[2].snapshot, { now: personas.now });
  const money = flattenFacts(facts).filter(([path]) => isMoneyFact(path));
  assert.deepEqual(money.map(([path]) => path).sort(), [
    "aov_365d", "category_spend_365d.tea", "category_spend_365d.teaware", "clv", "expected_order_value", "rfm.monetary",
    "spend_30d", "spend_365d", "spend_90d", "spend_total",
  ]);
  for (const [path, value] of money) assert.ok(Number.isSafeInteger(value), `${path} is an integer`);
  engine.free();
});

test("both languages have the same interface strings and placeholders", () => {
  const en = STRINGS.en;
  const zh = STRINGS["zh-CN"];
  const base = (keys) => keys.filter((key) => !key.endsWith("_one")).sort();
  assert.deepEqual(base(Object.keys(zh)), base(Object.keys(en)));
  const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(zh)) {
    if (!(key in en)) continue;
    assert.deepEqual(placeholders(zh[key]), placeholders(en[key]), `${key} uses the same placeholders`);
    assert.ok(zh[key].trim().length > 0, `${key} is translated`);
  }
  for (const key of Object.keys(en).filter((k) => k.endsWith("_one"))) assert.ok(key.slice(0, -4) in en, `${key} has its plural`);
});

test("no page code parses markup: text reaches the DOM through textContent only", () => {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.(m?js|html)$/.test(entry.name)) files.push(path);
    }
  };
  walk("www");
  assert.ok(files.length > 15, `${files.length} files`);
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const sink of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "createContextualFragment", "DOMParser", "srcdoc", "eval(", "new Function"]) {
      assert.ok(!text.includes(sink), `${file} uses ${sink}`);
    }
  }
});
