// What the wasm module can reach, and what the package does with numbers JavaScript cannot
// carry exactly.
//
// The module's imports are the whole of what the core can do outside its own memory. Every
// one is listed here with the glue's body for it: pure operations on values the caller
// passed (array access, JSON.parse of the core's own output, string code units, a throw).
// None reads a clock, a random source, the network, storage or the DOM. A new import fails
// this test until it is reviewed and added.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_PROGRAM, ROOT } from "./support.mjs";

const WASM = join(ROOT, "pkg/wasm/tierwise_core_bg.wasm");
const GLUE = join(ROOT, "pkg/wasm/tierwise_core.js");

/**
 * Import name (without wasm-bindgen's hash suffix) → what its glue function must do. The
 * module is built without reference types, so JS values reach the core as indices into the
 * glue's own array (`getObject`, `addHeapObject`, `takeObject`), not through an externref
 * table.
 */
const PURE_IMPORTS = {
  __wbg___wbindgen_number_get: "typeof(obj) === 'number' ? obj : undefined",
  __wbg___wbindgen_throw: "throw new Error(getStringFromWasm0(arg0, arg1))",
  __wbg_charCodeAt: "getObject(arg0).charCodeAt(arg1 >>> 0)",
  __wbg_get: "getObject(arg0)[arg1 >>> 0]",
  __wbg_get_unchecked: "getObject(arg0)[arg1 >>> 0]",
  __wbg_isArray: "Array.isArray(getObject(arg0))",
  __wbg_length: "getObject(arg0).length",
  __wbg_new: "new Array()",
  __wbg_of: "Array.of(getObject(arg0), getObject(arg1))",
  __wbg_parse: "JSON.parse(getStringFromWasm0(arg0, arg1))",
  __wbg_push: "getObject(arg0).push(getObject(arg1))",
  __wbindgen_generic_0000000000000001: "const ret = arg0;",
  __wbindgen_generic_0000000000000002: "getStringFromWasm0(arg0, arg1)",
  __wbindgen_object_drop_ref: "takeObject(arg0)",
};

/** What no import may mention: time, randomness, I/O, the DOM, code generation. */
const FORBIDDEN = /\b(Date|performance|Math\.random|crypto|fetch|XMLHttpRequest|WebSocket|navigator|document|window|localStorage|sessionStorage|indexedDB|process|require|import\(|eval|Function\(|setTimeout|setInterval|postMessage|console)\b/;

function glueImports() {
  const glue = readFileSync(GLUE, "utf8");
  const start = glue.indexOf("function __wbg_get_imports()");
  assert.ok(start >= 0, "the glue has no __wbg_get_imports");
  const end = glue.indexOf("\n}\n", start);
  return glue.slice(start, end);
}

/** The body of one import in the glue's import object. */
function body(block, name) {
  const start = block.indexOf(`${name}: function`);
  assert.ok(start >= 0, `the glue does not define ${name}`);
  const next = block.slice(start + name.length).search(/\n {8}__wb/);
  return next < 0 ? block.slice(start) : block.slice(start, start + name.length + next);
}

test("the wasm module imports only pure glue: no clock, no randomness, no I/O", () => {
  const module = new WebAssembly.Module(readFileSync(WASM));
  const imports = WebAssembly.Module.imports(module);
  assert.ok(imports.length > 0, "no imports read: the test would prove nothing");
  assert.deepEqual([...new Set(imports.map((entry) => entry.module))], ["./tierwise_core_bg.js"], "imports from another module");
  assert.deepEqual([...new Set(imports.map((entry) => entry.kind))], ["function"], "imports a memory, table or global from outside");
  const block = glueImports();
  const names = imports.map((entry) => entry.name);
  for (const name of names) {
    // wasm-bindgen suffixes its shims with a hash; its numbered casts keep their numbers.
    const stable = name.startsWith("__wbg_") ? name.replace(/_[0-9a-f]{16}$/, "") : name;
    assert.ok(Object.hasOwn(PURE_IMPORTS, stable), `unreviewed import ${name}`);
    const code = body(block, name);
    assert.ok(code.includes(PURE_IMPORTS[stable]), `${name} does something else than ${PURE_IMPORTS[stable]}:\n${code}`);
    assert.doesNotMatch(code, FORBIDDEN, `${name} reaches outside the page's data`);
  }
  // The whole import object, not only the functions the module happens to use today.
  assert.doesNotMatch(block, FORBIDDEN);
});

const { Engine, TierwiseError, evalCondition, validateProgram } = await import(join(ROOT, "pkg/node.js"));
const MEMBER = { member_id: "m", joined_at: "2025-01-01" };
const NOW = { now: "2026-11-23T10:00:00+08:00" };

function rejection(run) {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof TierwiseError, `not a TierwiseError: ${error}`);
    return { code: error.code, path: error.path, message: error.message };
  }
  assert.fail("accepted");
}

test("NaN, Infinity, negative, fractional and unsafe money is rejected with the field's path", () => {
  const engine = Engine.compile(DEFAULT_PROGRAM);
  const price = (unit_price) => rejection(() => engine.previewPoints(MEMBER, { lines: [{ category: "tea", unit_price }] }, NOW));
  for (const value of [NaN, Infinity, -Infinity]) {
    assert.deepEqual(price(value), {
      code: "not_finite",
      path: "/cart/lines/0/unit_price",
      message: `/cart/lines/0/unit_price: must be a finite number, got ${value} (JSON has no NaN or Infinity: JSON.stringify would send null) (not_finite)`,
    }, String(value));
  }
  assert.equal(price(-1).message, "/cart/lines/0/unit_price: expected a whole number of minor units, got -1, which is negative (invalid_value)");
  assert.equal(price(0.5).code, "invalid_type");
  assert.equal(price(Number.MAX_SAFE_INTEGER + 1).message, "/cart/lines/0/unit_price: expected a whole number of minor units, got 9007199254740992, beyond 2^53-1 (the largest integer JavaScript holds exactly) (invalid_value)");
  assert.equal(price(2 ** 64).code, "invalid_type", "2^64 arrives as a float");
  assert.equal(price(Number.MAX_VALUE).code, "invalid_type");
  assert.equal(price("12800").code, "invalid_type");
  const safe = engine.previewPoints(MEMBER, { lines: [{ category: "teaware", unit_price: Number.MAX_SAFE_INTEGER }] }, NOW);
  assert.equal(safe.eligible, Number.MAX_SAFE_INTEGER);
  assert.ok(Number.isSafeInteger(safe.total));
  assert.deepEqual(rejection(() => engine.nextBestOffers(MEMBER, { ...NOW, limit: NaN })), {
    code: "not_finite",
    path: "/options/limit",
    message: "/options/limit: must be a finite number, got NaN (JSON has no NaN or Infinity: JSON.stringify would send null) (not_finite)",
  });
  // An explicit null limit still reaches the core, which names the likely cause.
  assert.equal(rejection(() => engine.nextBestOffers(MEMBER, { ...NOW, limit: null })).code, "invalid_value");
  assert.equal(rejection(() => engine.facts({ ...MEMBER, points: { lots: [{ earned_at: "2026-01-01", points: Infinity, remaining: 1 }] } }, NOW)).path, "/points/lots/0/points");
  assert.equal(rejection(() => engine.facts({ ...MEMBER, events: [{ kind: "review", at: "2026-01-01T10:00:00+08:00", value: -1 }] }, NOW)).path, "/events/0/value");
  engine.free();
});

test("NaN in an optional field of a program, a snapshot or a condition is refused, not read as absent", () => {
  const capped = structuredClone(DEFAULT_PROGRAM);
  capped.points.max_points_per_order = NaN;
  assert.equal(rejection(() => Engine.compile(capped)).path, "/points/max_points_per_order");
  assert.deepEqual(validateProgram({ ...DEFAULT_PROGRAM, "a/b": [1, { "c~d": -Infinity }] }).map((issue) => [issue.code, issue.path]), [["not_finite", "/a~1b/1/c~0d"]]);
  const engine = Engine.compile(DEFAULT_PROGRAM);
  const withDate = { ...MEMBER, joined_at: new Date("2024-01-01T00:00:00Z"), attributes: { score: NaN } };
  assert.equal(rejection(() => engine.facts(withDate, NOW)).path, "/attributes/score");
  assert.equal(rejection(() => engine.previewPoints(MEMBER, { lines: [] }, { ...NOW, extra: [Infinity] })).path, "/options/extra/0");
  assert.equal(rejection(() => evalCondition({ spend_90d: { $gte: NaN } }, {})).path, "/condition/spend_90d/$gte");
  assert.equal(rejection(() => evalCondition({}, { spend_90d: NaN })).path, "/facts/spend_90d");
  assert.equal(rejection(() => evalCondition({}, {}, { vip: [NaN] })).path, "/saved_groups/vip/0");
  // A string that merely contains "null" is not mistaken for one.
  assert.equal(engine.tierProgress({ ...MEMBER, member_id: "null", attributes: { note: "null" } }, NOW).current.id, "member");
  engine.free();
});

test("every integer a result shows is a safe JavaScript integer, even at the input limits", () => {
  const engine = Engine.compile(DEFAULT_PROGRAM);
  const unsafe = [];
  const walk = (value, at) => {
    if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) unsafe.push(`${at} = ${value}`);
    else if (value !== null && typeof value === "object") for (const [key, inner] of Object.entries(value)) walk(inner, `${at}/${key}`);
  };
  const big = { category: "tea", unit_price: Number.MAX_SAFE_INTEGER };
  walk(engine.evaluate({ ...MEMBER, orders: [{ id: "o", placed_at: "2026-11-01T10:00:00+08:00", lines: [big] }] }, { ...NOW, cart: { lines: [] } }), "evaluate");
  walk(engine.previewPoints({ ...MEMBER, birthday: "--11-01", tier: { id: "diamond" } }, { lines: [big] }, { now: "2026-11-18T12:00:00+08:00" }), "preview");
  assert.deepEqual(unsafe, []);
  const history = { ...MEMBER, orders: [{ id: "o", placed_at: "2026-11-01T10:00:00+08:00", lines: [big] }] };
  assert.equal(rejection(() => engine.tierProgressAfterCart(history, { lines: [big] }, NOW)).code, "result_out_of_range");
  engine.free();
});
