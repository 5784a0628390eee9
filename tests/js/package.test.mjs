// The packed npm package as a Node consumer gets it: `npm pack`, install the tarball into a
// throwaway project, `import ... from "tierwise"` (the Node entry).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Ajv from "ajv";
import { DEFAULT_PROGRAM, PERSONAS, PKG, ROOT, installPackedPackage, readJson } from "./support.mjs";

const NOW = PERSONAS.now;

/** A program with five mistakes, one per field. */
const FIVE_MISTAKES = {
  id: "",
  currency: "yuan",
  utc_offset: "+25:00",
  locales: "zh-CN",
  facts: { expiry_warning_days: -1 },
};
const FIVE_PATHS = ["/currency", "/facts/expiry_warning_days", "/id", "/locales", "/utc_offset"];

let consumer;
let api;

before(async () => {
  consumer = installPackedPackage();
  api = await consumer.load("tierwise");
});
after(() => consumer?.cleanup());

describe("the packed package", () => {
  test("ships the entries, the wasm, the types, the schema and the data, and nothing else", () => {
    const files = new Set(consumer.files);
    for (const file of ["package.json", "index.js", "node.js", "engine.js", "index.d.ts", "types.d.ts",
      "wasm/tierwise_core.js", "wasm/tierwise_core_bg.wasm", "schema/program.schema.json",
      "data/program.json", "data/personas.json", "README.md"]) {
      assert.ok(files.has(file), `${file} is missing from the tarball`);
    }
    const unexpected = [...files].filter((file) => file.endsWith(".d.ts") && file.startsWith("wasm/"));
    assert.deepEqual(unexpected, [], "wasm-bindgen's own declarations are not part of the API");
  });

  test("resolves to the Node entry and reports the package version", () => {
    const version = readJson(join(PKG, "package.json")).version;
    assert.equal(api.version(), version);
  });

  test("compiles the default program and returns facts for every persona", () => {
    const engine = api.Engine.compile(DEFAULT_PROGRAM);
    assert.equal(PERSONAS.personas.length, 6);
    for (const { id, snapshot } of PERSONAS.personas) {
      const facts = engine.facts(snapshot, { now: NOW });
      assert.equal(facts.member_id, snapshot.member_id, id);
      assert.equal(facts.today, NOW.slice(0, 10), id);
      assert.equal(typeof facts.orders_365d, "number", id);
      assert.ok(Number.isInteger(facts.spend_365d), `${id}: money is an integer of minor units`);
      const page = engine.evaluate(snapshot, { now: NOW, surface: "member_page", limit: 3 });
      assert.deepEqual(page.facts, facts, `${id}: evaluate carries the same facts`);
      assert.equal(typeof engine.tierProgress(snapshot, { now: NOW }), "object", `${id}: tier progress`);
      const offers = engine.nextBestOffers(snapshot, { now: NOW, surface: "member_page", limit: 3 });
      assert.ok(Array.isArray(offers.offers) && offers.offers.length <= 3, `${id}: at most three offers`);
    }
    engine.free();
  });

  test("a program with five mistakes reports five issues with their paths", () => {
    const issues = api.validateProgram(FIVE_MISTAKES);
    assert.equal(issues.length, 5, JSON.stringify(issues, null, 2));
    assert.deepEqual(issues.map((issue) => issue.path).sort(), FIVE_PATHS);
    for (const issue of issues) {
      assert.match(issue.code, /^[a-z_]+$/);
      assert.ok(issue.message.length > 0);
    }
    assert.deepEqual(api.validateProgram(DEFAULT_PROGRAM), []);
  });

  test("Engine.compile throws one TierwiseError carrying code, path and every issue", () => {
    const error = captured(() => api.Engine.compile(FIVE_MISTAKES));
    assert.ok(error instanceof Error);
    assert.ok(error instanceof api.TierwiseError);
    assert.equal(error.name, "TierwiseError");
    assert.equal(error.issues.length, 5);
    assert.equal(error.code, error.issues[0].code);
    assert.equal(error.path, error.issues[0].path);
    assert.match(error.message, /and 4 more issues/);
    assert.ok(error.stack.includes("TierwiseError"));
  });

  test("snapshot and option errors have the same shape", () => {
    const engine = api.Engine.compile(DEFAULT_PROGRAM);
    const snapshotError = captured(() => engine.facts({ joined_at: "2026-01-01" }, { now: NOW }));
    assert.equal(snapshotError.code, "missing_field");
    assert.equal(snapshotError.path, "/member_id");
    const optionsError = captured(() => engine.facts({ member_id: "m", joined_at: "2026-01-01" }, { now: "tomorrow" }));
    assert.equal(optionsError.path, "/options/now");
    const unwritable = captured(() => engine.facts({ member_id: "m", joined_at: "2026-01-01", attributes: { big: 1n } }, { now: NOW }));
    assert.equal(unwritable.code, "invalid_json");
    engine.free();
  });

  test("an instance keeps working after 1000 rejected inputs", () => {
    const engine = api.Engine.compile(DEFAULT_PROGRAM);
    const snapshot = PERSONAS.personas[0].snapshot;
    const expected = engine.facts(snapshot, { now: NOW });
    const bad = [
      () => engine.facts({}, { now: NOW }),
      () => engine.facts(snapshot, {}),
      () => engine.facts(snapshot, { now: "2026-13-45" }),
      () => engine.evaluate({ ...snapshot, orders: [{ id: "x" }] }, { now: NOW }),
      () => api.Engine.compile({ id: 7 }),
    ];
    for (let round = 0; round < 1000; round += 1) {
      assert.ok(captured(bad[round % bad.length]) instanceof api.TierwiseError);
    }
    assert.deepEqual(engine.facts(snapshot, { now: NOW }), expected);
    engine.free();
  });

  test("a freed engine says so, and Symbol.dispose frees it", () => {
    const engine = api.Engine.compile(DEFAULT_PROGRAM);
    engine[Symbol.dispose]();
    assert.equal(captured(() => engine.facts({}, { now: NOW })).code, "engine_freed");
    engine.free();
  });

  test("the shipped JSON Schema accepts the default program and rejects the broken one", async () => {
    const schema = await consumer.loadJson("tierwise/schema/program.schema.json");
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    assert.ok(validate(DEFAULT_PROGRAM), JSON.stringify(validate.errors));
    assert.ok(!validate({ ...FIVE_MISTAKES, tierz: [] }));
    const unknownField = validate.errors.find((error) => error.keyword === "additionalProperties");
    assert.equal(unknownField?.params.additionalProperty, "tierz");
  });

  test("the default program and personas are exported as data", async () => {
    assert.deepEqual(await consumer.loadJson("tierwise/data/program.json"), DEFAULT_PROGRAM);
    assert.deepEqual(await consumer.loadJson("tierwise/data/personas.json"), PERSONAS);
  });

  test("the TypeScript declarations type-check a consumer and reject wrong inputs", () => {
    const source = `
import init, { Engine, TierwiseError, bucketRanges, chooseArm, evalCondition, explainCondition, hash, validateProgram, version } from "tierwise";
import type { BucketRange, Cart, Explanation, Facts, Issue, OffersResult, Page, PointsPreview, ProgramSpec, Snapshot, TierProgress } from "tierwise";

await init();
const program: ProgramSpec = { id: "p", currency: "CNY", utc_offset: "+08:00" };
const engine: Engine = Engine.compile(program);
const snapshot: Snapshot = { member_id: "m", joined_at: "2026-11-01" };
const facts: Facts = engine.facts(snapshot, { now: "2026-11-23T10:00:00+08:00" });
const days: number = facts.days_since_join;
const last: string | null = facts.last_order_date;
const page: Page = engine.evaluate(snapshot, { now: "2026-11-23T10:00:00+08:00", surface: "member_page", limit: 3 });
const issues: Issue[] = validateProgram(JSON.parse("{}"));
const text: string = version();
const held: boolean = evalCondition({ orders_365d: { $gte: 3 }, "consent.sms": true }, facts);
const tree: Explanation = explainCondition({ id: { $inGroup: "staff" } }, { id: "m1" }, { staff: ["m1"] });
if ("children" in tree) void tree.children.length;
const cart: Cart = { lines: [{ category: "tea", unit_price: 12800, quantity: 2 }], discount: 5000 };
const tier: TierProgress = engine.tierProgress(snapshot, { now: "2026-11-23T10:00:00+08:00" });
const preview: PointsPreview = engine.previewPoints(snapshot, cart, { now: "2026-11-23T10:00:00+08:00" });
// @ts-expect-error a cart line needs unit_price
engine.previewPoints(snapshot, { lines: [{ category: "tea" }] }, { now: "2026-11-23T10:00:00+08:00" });
const offers: OffersResult = engine.nextBestOffers(snapshot, { now: "2026-11-23T10:00:00+08:00", surface: "cart" });
const bucket: number | undefined = hash("exp", "m1", 2);
const ranges: BucketRange[] = bucketRanges(3, 0.5, [0.1, 0.45, 0.45]);
const arm: number = chooseArm(bucket ?? 0, ranges);
try {
  Engine.compile(program);
} catch (error) {
  if (error instanceof TierwiseError) {
    const detail: [string, string, Issue[]] = [error.code, error.path, error.issues];
    void detail;
  }
}
engine[Symbol.dispose]();
// @ts-expect-error a snapshot needs member_id
engine.facts({ joined_at: "2026-11-01" }, { now: "2026-11-23T10:00:00+08:00" });
// @ts-expect-error programs have no field tierz
Engine.compile({ id: "p", currency: "CNY", utc_offset: "+08:00", tierz: [] });
// @ts-expect-error options need now
engine.evaluate(snapshot, {});
// @ts-expect-error Engine has no public constructor
new Engine();
// @ts-expect-error a condition is an object
evalCondition("tier == gold", facts);
void [days, last, page, issues, text, held, offers, arm, tier, preview];
`;
    writeFileSync(join(consumer.dir, "check.ts"), source);
    writeFileSync(join(consumer.dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext",
        lib: ["es2022", "dom"], types: [], skipLibCheck: false,
      },
      files: ["check.ts"],
    }));
    const tsc = join(ROOT, "node_modules/.bin/tsc");
    try {
      execFileSync(tsc, ["-p", join(consumer.dir, "tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
    }
  });

  test("the declarations never type a parameter or result as any", () => {
    for (const file of ["index.d.ts", "types.d.ts"]) {
      const code = readFileSync(join(consumer.dir, "node_modules/tierwise", file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "").replace(/"(?:[^"\\]|\\.)*"/g, '""');
      assert.doesNotMatch(code, /\bany\b/, file);
    }
  });
});

function captured(run) {
  try {
    run();
  } catch (error) {
    return error;
  }
  assert.fail("expected a throw");
}
