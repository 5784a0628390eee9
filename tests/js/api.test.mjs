// The whole wasm surface reaches the package's API: every export of the core (functions
// and WasmEngine methods) is wrapped by engine.js, exported by every entry and declared in
// index.d.ts; and the wrappers of the score helpers, rfmBreakpoints and program() return
// what the models and the program say, by hand.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { DEFAULT_PROGRAM, PERSONAS, installPackedPackage } from "./support.mjs";

/** The CDNOW fit of Fader, Hardie & Lee (2005), in weeks. */
const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/** Fader, Hardie & Lee's (2005b) Gamma-Gamma fit of the CDNOW sample, in dollars. */
const GAMMA_GAMMA = { p: 6.25, q: 3.74, gamma: 15.44 };

/** Wasm-bindgen's own members of an exported class, which are not API. */
const GLUE_MEMBERS = new Set(["constructor", "free", "__destroy_into_raw", "__wbg_ptr"]);
/**
 * Exports of the glue that are loading machinery or classes the package wraps, not API:
 * WasmEngine is wrapped by Engine, WasmConditions by Conditions (both checked below).
 */
const GLUE_EXPORTS = new Set(["default", "initSync", "WasmEngine", "WasmConditions", "__tierwise_imports", "__tierwise_finalize"]);

let consumer;
let api;
let glue;
let installed;

before(async () => {
  consumer = installPackedPackage();
  api = await consumer.load("tierwise");
  installed = join(consumer.dir, "node_modules/tierwise");
  glue = await import(pathToFileURL(join(installed, "wasm/tierwise_core.js")).href);
});
after(() => consumer?.cleanup());

describe("API completeness", () => {
  test("every function the wasm core exports is exported by the Node, browser and mini-program entries", async () => {
    const functions = Object.keys(glue).filter((name) => !GLUE_EXPORTS.has(name));
    for (const name of ["bgnbdProbabilityAlive", "bgnbdExpectedPurchases", "gammaGammaExpectedValue", "customerLifetimeValue", "hash"]) {
      assert.ok(functions.includes(name), `the glue exports ${functions.join(", ")}`);
    }
    const entries = {
      node: api,
      browser: await import(pathToFileURL(join(installed, "index.js")).href),
      miniprogram: await import(pathToFileURL(join(installed, "miniprogram.js")).href),
    };
    for (const [entry, module] of Object.entries(entries)) {
      const missing = functions.filter((name) => typeof module[name] !== "function");
      assert.deepEqual(missing, [], `${entry} entry lacks ${missing.join(", ")}`);
    }
  });

  test("every WasmEngine method is a method of Engine", () => {
    const methods = Object.getOwnPropertyNames(glue.WasmEngine.prototype).filter((name) => !GLUE_MEMBERS.has(name));
    assert.ok(methods.includes("rfmBreakpoints") && methods.includes("program"), methods.join(", "));
    const missing = methods.filter((name) => typeof api.Engine.prototype[name] !== "function");
    assert.deepEqual(missing, [], `Engine lacks ${missing.join(", ")}`);
  });

  test("every WasmConditions member is a member of Conditions, and declared", () => {
    const members = Object.getOwnPropertyNames(glue.WasmConditions.prototype).filter((name) => !GLUE_MEMBERS.has(name));
    assert.deepEqual(members.sort(), ["eval", "length"]);
    const missing = members.filter((name) => !(name in api.Conditions.prototype));
    assert.deepEqual(missing, [], `Conditions lacks ${missing.join(", ")}`);
    const declarations = readFileSync(join(installed, "api.d.ts"), "utf8");
    assert.match(declarations, /export class Conditions \{[^]*static compile\(conditions: readonly Condition\[\], savedGroups\?: SavedGroups\): Conditions;[^]*eval\(facts: object\): boolean\[\];/);
    // engine.compileConditions gives the same class, with the program's saved groups.
    const engine = api.Engine.compile(DEFAULT_PROGRAM);
    const list = engine.compileConditions([{ tier: "gold" }]);
    assert.ok(list instanceof api.Conditions);
    assert.equal(list.length, 1);
    list.free();
    engine.free();
  });

  test("the declarations cover every wrapped function and Engine method with typed parameters", () => {
    const declarations = readFileSync(join(installed, "api.d.ts"), "utf8");
    for (const name of Object.keys(glue).filter((name) => !GLUE_EXPORTS.has(name))) {
      assert.match(declarations, new RegExp(`export function ${name}\\(`), `api.d.ts does not declare ${name}`);
    }
    for (const name of Object.getOwnPropertyNames(glue.WasmEngine.prototype).filter((name) => !GLUE_MEMBERS.has(name))) {
      assert.match(declarations, new RegExp(`\\n  ${name}\\([^)]*\\): [A-Z]`), `Engine.${name} is not declared`);
    }
    for (const name of Object.getOwnPropertyNames(glue.WasmConditions.prototype).filter((name) => !GLUE_MEMBERS.has(name))) {
      assert.match(declarations, new RegExp(`\\n  (readonly )?${name}[(:]`), `Conditions.${name} is not declared`);
    }
    assert.match(declarations, /export function wasmMemoryBytes\(\): number;/);
  });
});

describe("score helpers", () => {
  test("BG/NBD reproduces the paper's customer: P(alive) 0.7266 and 1.226 purchases in the next 39 weeks", () => {
    // Fader, Hardie & Lee (2005): x = 2, t_x = 30.43, T = 38.86 weeks gives E[Y(39)] = 1.226.
    assert.equal(api.bgnbdProbabilityAlive(CDNOW, 2, 30.43, 38.86).toFixed(4), "0.7266");
    assert.equal(api.bgnbdExpectedPurchases(CDNOW, 39, 2, 30.43, 38.86).toFixed(3), "1.226");
    // Without repeat purchases a customer is alive for sure in BG/NBD.
    assert.equal(api.bgnbdProbabilityAlive(CDNOW, 0, 0, 10), 1);
  });

  test("Gamma-Gamma without history is the population mean p·γ/(q − 1)", () => {
    assert.equal(api.gammaGammaExpectedValue(GAMMA_GAMMA, 0, 0), (6.25 * 15.44) / (3.74 - 1));
    // With history the estimate moves toward the customer's own mean.
    const customer = api.gammaGammaExpectedValue(GAMMA_GAMMA, 10, 100);
    assert.ok(customer > 35.22 && customer < 100, String(customer));
  });

  test("CLV over 12 months is the discounted sum the doc comment states, and zero over no purchases", () => {
    const input = { bgnbd: CDNOW, gamma_gamma: GAMMA_GAMMA, x: 2, t_x: 30.43, t: 38.86, mean_value: 35,
      horizon_months: 12, monthly_discount_rate: 100, time_unit_days: 7 };
    assert.equal(api.customerLifetimeValue(input).toFixed(6), "50.976528");
    const longer = api.customerLifetimeValue({ ...input, horizon_months: 24 });
    assert.ok(longer > 50.976528, "a longer horizon is worth more");
  });

  test("bad parameters and non-numbers throw TierwiseError with the argument's path", () => {
    const missing = captured(() => api.bgnbdProbabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793 }, 2, 1, 3));
    assert.ok(missing instanceof api.TierwiseError);
    assert.deepEqual([missing.code, missing.path], ["missing_field", "/b"]);
    const text = captured(() => api.bgnbdExpectedPurchases(CDNOW, 39, "2", 1, 3));
    assert.deepEqual([text.code, text.path], ["invalid_type", "/x"]);
    const meanValue = captured(() => api.gammaGammaExpectedValue(GAMMA_GAMMA, 1, undefined));
    assert.deepEqual([meanValue.code, meanValue.path], ["invalid_type", "/mean_value"]);
    const clv = captured(() => api.customerLifetimeValue({ bgnbd: CDNOW, gamma_gamma: { ...GAMMA_GAMMA, q: 1 }, x: 2, t_x: 30.43,
      t: 38.86, mean_value: 35, horizon_months: 5000, time_unit_days: 7 }));
    assert.deepEqual(clv.issues.map((issue) => issue.path), ["/gamma_gamma/q", "/horizon_months"]);
  });
});

describe("Engine.rfmBreakpoints and Engine.program", () => {
  test("the default program's RFM breakpoints are the quintiles of its first six personas", () => {
    const engine = api.Engine.compile(DEFAULT_PROGRAM);
    // The seventh persona (frequent) came after the breakpoints were fitted and does not move them.
    const breakpoints = engine.rfmBreakpoints(PERSONAS.personas.slice(0, 6).map((persona) => persona.snapshot), { now: PERSONAS.now });
    assert.deepEqual(breakpoints, DEFAULT_PROGRAM.scores.rfm.breakpoints);
    const error = captured(() => engine.rfmBreakpoints([PERSONAS.personas[0].snapshot, { member_id: "m", joined_at: "x" }], { now: PERSONAS.now }));
    assert.deepEqual([error.code, error.path], ["invalid_value", "/1/joined_at"]);
    engine.free();
  });

  test("program() gives the currency with its minor digits, the offset and the locales", () => {
    const engine = api.Engine.compile(DEFAULT_PROGRAM);
    assert.deepEqual(engine.program(), {
      id: "tierwise-default", version: DEFAULT_PROGRAM.version, name: DEFAULT_PROGRAM.name,
      currency: "CNY", minor_digits: 2, utc_offset: "+08:00", locales: ["zh-CN", "en"],
    });
    engine.free();
    const yen = api.Engine.compile({ id: "jp", currency: "JPY", utc_offset: "+09:00" });
    assert.equal(yen.program().minor_digits, 0);
    assert.equal(yen.program().version, null);
    yen.free();
  });

  test("wasmMemoryBytes reads the core's linear memory, whole 64 KiB pages", () => {
    const bytes = api.wasmMemoryBytes();
    assert.ok(Number.isInteger(bytes) && bytes > 0 && bytes % 65536 === 0, String(bytes));
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
