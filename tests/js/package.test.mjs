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
    for (const file of ["package.json", "index.js", "node.js", "engine.js", "api.js", "index.d.ts", "api.d.ts", "types.d.ts",
      "dom.js", "dom.d.ts", "dom.css", "format.js", "format.d.ts", "labels.js", "labels.d.ts", "ssr.js", "ssr.d.ts", "miniprogram.js", "miniprogram.d.ts", "miniprogram-globals.js", "utf8.js",
      "wasm/tierwise_core.js", "wasm/tierwise_core_bg.wasm", "schema/program.schema.json",
      "data/program.json", "data/personas.json", "data/index.js", "data/index.d.ts", "react.js", "react.d.ts",
      "miniprogram/index.js", "miniprogram/miniprogram.js", "miniprogram/index.d.ts", "miniprogram/package.json",
      "miniprogram/tierwise_core_bg.wasm", "miniprogram/tierwise_core_bg.wasm.br", "README.md"]) {
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
    assert.equal(PERSONAS.personas.length, 7);
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

  test("validateProgram returns unknown facts as errors, then risky conditions as warnings", () => {
    const offer = (id, eligibility) => ({ id, title: { en: id }, kind: "coupon", purpose: "marketing", channels: ["web"], value: 5000, eligibility });
    const program = {
      id: "trust", currency: "CNY", utc_offset: "+08:00", attributes: { vip_level: { type: "number" } },
      offers: [offer("typo", { days_since_jion: { $lte: 30 } }), offer("risky", { days_since_last_order: { $lte: 30 }, "attributes.vip_level": { $ne: 5 } })],
    };
    const issues = api.validateProgram(program);
    assert.deepEqual(issues.map(({ code, path, severity }) => ({ code, path, severity })), [
      { code: "unknown_fact", path: "/offers/0/eligibility/days_since_jion", severity: "error" },
      { code: "unguarded_nullable_fact", path: "/offers/1/eligibility/attributes.vip_level", severity: "warning" },
      { code: "unguarded_nullable_fact", path: "/offers/1/eligibility/days_since_last_order", severity: "warning" },
    ]);
    assert.match(issues[0].message, /did you mean `days_since_join`\?/);
    // Warnings do not stop compiling; the engine lists them.
    program.offers.shift();
    const engine = api.Engine.compile(program);
    const warnings = engine.warnings();
    assert.deepEqual(warnings.map((warning) => warning.path), ["/offers/0/eligibility/attributes.vip_level", "/offers/0/eligibility/days_since_last_order"]);
    assert.deepEqual(warnings.map(({ code, message, severity }) => ({ code, message, severity })), issues.slice(1).map(({ code, message, severity }) => ({ code, message, severity })));
    engine.free();
    // Errors carry their severity too.
    const error = captured(() => api.Engine.compile(FIVE_MISTAKES));
    assert.ok(error.issues.every((issue) => issue.severity === "error"));
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
    const data = await consumer.loadNamed("tierwise/data");
    assert.deepEqual({ program: data.program, personas: data.personas, now: data.now }, { program: DEFAULT_PROGRAM, personas: PERSONAS.personas, now: PERSONAS.now });
  });

  test("the TypeScript declarations type-check a browser consumer of every method and reject wrong inputs", () => {
    const source = `
import init, {
  Engine, TierwiseError, bgnbdExpectedPurchases, bgnbdProbabilityAlive, bucketRanges, chooseArm, customerLifetimeValue,
  evalCondition, explainCondition, gammaGammaExpectedValue, hash, initSync, validateProgram, version, wasmMemoryBytes,
} from "tierwise";
import type {
  BgNbdParams, BucketRange, Cart, ClvInput, Conditions, Explanation, Facts, FullOffersResult, FullPage, GammaGammaParams, Issue,
  OffersResult, Page, PointsPreview, ProgramInfo, ProgramSpec, RfmBreakpoints, Snapshot, SummaryOffersResult, SummaryPage,
  SuppressedSummary, TierAfterCart, TierProgress,
} from "tierwise";
import { MESSAGES, defineElements, mountMemberPage, renderMemberPageHTML } from "tierwise/dom";
import type { MemberPageHandle, Messages, SlotName, TierwiseElement } from "tierwise/dom";

await init();
await init(new URL("https://cdn.example/tierwise_core_bg.wasm"));
initSync(new Uint8Array(0));
const now = "2026-11-23T10:00:00+08:00";
const program: ProgramSpec = { id: "p", currency: "CNY", utc_offset: "+08:00" };
const engine: Engine = Engine.compile(program);
const snapshot: Snapshot = { member_id: "m", joined_at: "2026-11-01" };
const facts: Facts = engine.facts(snapshot, { now });
const days: number = facts.days_since_join;
const last: string | null = facts.last_order_date;
const page: Page = engine.evaluate(snapshot, { now, surface: "member_page", limit: 3 });
const issues: Issue[] = validateProgram(JSON.parse("{}"));
const text: string = version();
const held: boolean = evalCondition({ orders_365d: { $gte: 3 }, "consent.sms": true }, facts);
const tree: Explanation = explainCondition({ id: { $inGroup: "staff" } }, { id: "m1" }, { staff: ["m1"] });
if ("children" in tree) void tree.children.length;
const cart: Cart = { lines: [{ category: "tea", unit_price: 12800, quantity: 2 }], discount: 5000 };
const tier: TierProgress = engine.tierProgress(snapshot, { now });
const after: TierAfterCart = engine.tierProgressAfterCart(snapshot, cart, { now });
const preview: PointsPreview = engine.previewPoints(snapshot, cart, { now });
// @ts-expect-error a cart line needs unit_price
engine.previewPoints(snapshot, { lines: [{ category: "tea" }] }, { now });
const offers: OffersResult = engine.nextBestOffers(snapshot, { now, surface: "cart" });
const summaryPage: SummaryPage = engine.evaluate(snapshot, { now });
const hint: SuppressedSummary["hint"] = summaryPage.offers.suppressed[0]?.hint ?? null;
const fullPage: FullPage = engine.evaluate(snapshot, { now, explain: "full" });
const fullOffers: FullOffersResult = engine.nextBestOffers(snapshot, { now, explain: "full" });
const failed = fullOffers.suppressed.map((item) => (item.reason === "ineligible" ? item.clauses.length : 0));
const summaryOffers: SummaryOffersResult = engine.nextBestOffers(snapshot, { now, explain: "summary" });
// @ts-expect-error a summary carries no clauses
void summaryOffers.suppressed[0]?.clauses;
// @ts-expect-error the full page is asked for with explain: "full"
const notFull: FullPage = engine.evaluate(snapshot, { now });
// @ts-expect-error explain is "summary" or "full"
engine.nextBestOffers(snapshot, { now, explain: "verbose" });
const breakpoints: RfmBreakpoints = engine.rfmBreakpoints([snapshot], { now });
const recency: [number, number, number, number] = breakpoints.recency;
// @ts-expect-error rfmBreakpoints takes a list of snapshots
engine.rfmBreakpoints(snapshot, { now });
const info: ProgramInfo = engine.program();
const compiled: Conditions = engine.compileConditions([{ orders_365d: { $gte: 3 } }, { tier: "gold" }]);
const flags: boolean[] = compiled.eval(facts);
const count: number = compiled.length;
compiled.free();
// @ts-expect-error compileConditions takes a list of conditions
engine.compileConditions({ tier: "gold" });
const digits: number = info.minor_digits;
const bucket: number | null = hash("exp", "m1", 2);
const ranges: BucketRange[] = bucketRanges(3, 0.5, [0.1, 0.45, 0.45]);
const arm: number = chooseArm(bucket ?? 0, ranges);
const cdnow: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const alive: number = bgnbdProbabilityAlive(cdnow, 2, 30.43, 38.86);
const purchases: number = bgnbdExpectedPurchases(cdnow, 39, 2, 30.43, 38.86);
const spend: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const value: number = gammaGammaExpectedValue(spend, 2, 35);
const clvInput: ClvInput = { bgnbd: cdnow, gamma_gamma: spend, x: 2, t_x: 30.43, t: 38.86, mean_value: 35, horizon_months: 12, time_unit_days: 7 };
const clv: number = customerLifetimeValue(clvInput);
// @ts-expect-error BG/NBD parameters need b
bgnbdProbabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793 }, 2, 30.43, 38.86);
// @ts-expect-error the history is numbers
bgnbdExpectedPurchases(cdnow, 39, "2", 30.43, 38.86);
// @ts-expect-error CLV input needs horizon_months
customerLifetimeValue({ bgnbd: cdnow, gamma_gamma: spend, x: 2, t_x: 30.43, t: 38.86, mean_value: 35, time_unit_days: 7 });
const bytes: number = wasmMemoryBytes();
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
engine.facts({ joined_at: "2026-11-01" }, { now });
// @ts-expect-error programs have no field tierz
Engine.compile({ id: "p", currency: "CNY", utc_offset: "+08:00", tierz: [] });
// @ts-expect-error options need now
engine.evaluate(snapshot, {});
// @ts-expect-error Engine has no public constructor
new Engine();
// @ts-expect-error a condition is an object
evalCondition("tier == gold", facts);

const root = document.createElement("section");
const view: MemberPageHandle = mountMemberPage(root, { engine, snapshot, now, locale: "zh-CN", cart, surface: "member_page", limit: 2,
  messages: { cartTotal: "{points}!", points: { one: "{count} pt", other: "{count} pts" }, remaining: ({ tier }) => String(tier) } });
const shown: Page = view.page;
view.update({ locale: "en", cart: {} });
view.destroy();
// @ts-expect-error mountMemberPage needs now
mountMemberPage(root, { engine, snapshot });
// @ts-expect-error messages are strings, plural objects or functions
mountMemberPage(root, { engine, snapshot, now, messages: { cartTotal: 3 } });
// @ts-expect-error unknown message keys are mistakes
mountMemberPage(root, { engine, snapshot, now, messages: { cartTotall: "x" } });
const html: string = renderMemberPageHTML({ engine, snapshot, now, locale: "en" });
const english: Messages = MESSAGES.en;
defineElements({ engine });
const element: TierwiseElement = document.createElement("tierwise-tier-progress");
element.snapshot = snapshot;
element.now = now;
element.locale = "zh-CN";
const rendered: boolean = element.render();
const plan: TierwiseElement = document.createElement("tierwise-contact-plan");
plan.audience = "staff";
const planSlot: SlotName = "contact-plan";
// @ts-expect-error an element's snapshot is a Snapshot
element.snapshot = { joined_at: "2026-11-01" };
element.addEventListener("tierwise-error", (event) => void event.detail);
void [summaryPage, hint, fullPage, failed, notFull, plan, planSlot];
void [days, last, page, issues, text, held, offers, arm, tier, after, preview, recency, digits, alive, purchases, value, clv, bytes, shown, html, english, rendered];
`;
    typeCheck(consumer.dir, "browser", source, ["es2022", "dom"]);
  });

  test("the server and mini-program entries type-check without the DOM library", () => {
    const server = `
import { Engine } from "tierwise";
import { MESSAGES, renderMemberPageHTML } from "tierwise/ssr";
import type { MemberPageOptions } from "tierwise/ssr";
const engine = Engine.compile({ id: "p", currency: "CNY", utc_offset: "+08:00" });
const options: MemberPageOptions = { engine, snapshot: { member_id: "m", joined_at: "2026-11-01" }, now: "2026-11-23T10:00:00+08:00", locale: "zh-CN" };
const html: string = renderMemberPageHTML({ ...options, messages: { cartTotal: MESSAGES["zh-CN"].cartTotal } });
// @ts-expect-error the renderer needs an engine
renderMemberPageHTML({ snapshot: options.snapshot, now: options.now });
void html;
`;
    // A Node server has Node's types (URL, Response, WebAssembly), not the DOM's.
    typeCheck(consumer.dir, "server", server, ["es2022"], ["node"]);
    const miniProgram = `
import init, { Engine, TierwiseError, textCodec, wasmMemoryBytes } from "tierwise/miniprogram";
import type { TierProgress, WebAssemblyLike } from "tierwise/miniprogram";
declare const WXWebAssembly: WebAssemblyLike;
declare function readFileSync(path: string): ArrayBuffer;
await init({ webAssembly: WXWebAssembly, path: "/tierwise/tierwise_core_bg.wasm" });
await init({ path: "/tierwise/tierwise_core_bg.wasm", readFile: readFileSync });
await init({ bytes: new Uint8Array(0) });
// @ts-expect-error init needs to know where the wasm is
await init();
// @ts-expect-error the runtime instantiates
await init({ webAssembly: {}, path: "x.wasm" });
const engine = Engine.compile({ id: "p", currency: "CNY", utc_offset: "+08:00" });
const tier: TierProgress = engine.tierProgress({ member_id: "m", joined_at: "2026-11-01" }, { now: "2026-11-23T10:00:00+08:00" });
const codec: "native" | "tierwise" = textCodec.TextDecoder;
const bytes: number = wasmMemoryBytes();
const isError: boolean = new TierwiseError("x", { code: "invalid_value" }) instanceof Error;
void [tier, codec, bytes, isError];
`;
    typeCheck(consumer.dir, "miniprogram", miniProgram, ["es2022"]);
  });

  test("tierwise/format type-checks under --strict without the DOM library, and runs from the tarball", async () => {
    const source = `import { CODES, FACTS, codeLabel, createFormat, factLabel, shopperReason, type Format } from "tierwise/format";
const format: Format = createFormat("en", { currency: "CNY", minor_digits: 2 });
const money: string = format.money(180000);
const label: string = factLabel("spend_365d", "zh-CN");
const reason: string | null = shopperReason({ path: "days_since_join", operator: "$lte", expected: 30, actual: 12 }, format);
const code: string | null = codeLabel("missing_field", "en");
const shopper = FACTS["spend_365d"]?.shopper;
const description: string | undefined = CODES["missing_field"]?.description;
void [money, label, reason, code, shopper, description];
`;
    typeCheck(consumer.dir, "format", source, ["es2022"]);
    const format = await consumer.loadNamed("tierwise/format");
    assert.equal(format.createFormat("en", { currency: "CNY", minor_digits: 2 }).money(180000), "¥1,800.00");
    assert.equal(format.shopperReason({ path: "days_since_join", operator: "$lte", expected: 30, actual: 12, held: true }, format.createFormat("en", {})), "You joined 12 days ago");
  });

  test("the declarations never type a parameter or result as any", () => {
    const declarations = consumer.files.filter((file) => file.endsWith(".d.ts"));
    assert.deepEqual(declarations.sort(), [
      "api.d.ts", "data/index.d.ts", "dom.d.ts", "format.d.ts", "index.d.ts", "labels.d.ts", "miniprogram.d.ts", "miniprogram/index.d.ts", "react.d.ts", "ssr.d.ts", "types.d.ts",
    ]);
    for (const file of declarations) {
      const code = readFileSync(join(consumer.dir, "node_modules/tierwise", file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "").replace(/"(?:[^"\\]|\\.)*"/g, '""');
      assert.doesNotMatch(code, /\bany\b/, file);
    }
  });
});

/** Runs tsc --noEmit over `source` as a consumer project's module, with the given libraries and type packages. */
function typeCheck(dir, name, source, lib, types = []) {
  writeFileSync(join(dir, `${name}.ts`), source);
  writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext",
      lib, types, typeRoots: [join(ROOT, "node_modules/@types")], skipLibCheck: false,
    },
    files: [`${name}.ts`],
  }));
  const tsc = join(ROOT, "node_modules/.bin/tsc");
  try {
    execFileSync(tsc, ["-p", join(dir, `tsconfig.${name}.json`)], { encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    assert.fail(`tsc failed for the ${name} consumer:\n${error.stdout}${error.stderr}`);
  }
}

function captured(run) {
  try {
    run();
  } catch (error) {
    return error;
  }
  assert.fail("expected a throw");
}
