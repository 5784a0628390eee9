// No panic reaches wasm: one instance of the built package's core (pkg/node.js loads it)
// takes 100,000 rejected inputs of every kind — malformed JSON, wrong types, out-of-range
// numbers, broken conditions, broken programs, exceeded limits — and every one must come
// back as a structured error, never as a WebAssembly trap (a Rust panic is compiled to
// `abort`, which would surface as `RuntimeError: unreachable` and poison the instance).
// After the barrage the same engine still computes PRODUCT.md's worked examples exactly.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_PROGRAM, ROOT, random, readJson } from "./support.mjs";

const { Engine, TierwiseError, evalCondition } = await import(join(ROOT, "pkg/node.js"));
// The same module instance pkg/node.js initialised: the raw core takes JSON text, so
// malformed JSON can reach it.
const core = await import(join(ROOT, "pkg/wasm/tierwise_core.js"));

const ROUNDS = 100_000;
const example1 = readJson("tests/vectors/tier-worked-example.json");
const example2 = readJson("tests/vectors/points-worked-example.json");
const NOW = JSON.stringify({ now: "2026-11-23T10:00:00+08:00" });
const MEMBER = { member_id: "m1", joined_at: "2025-01-01" };
const LINE = { category: "tea", unit_price: 12800, quantity: 2 };

/** Snapshots that are valid JSON but must be rejected. */
const badSnapshots = [
  {},
  { member_id: 5, joined_at: "2025-01-01" },
  { ...MEMBER, joined_at: "2026-02-30" },
  { ...MEMBER, joined_at: "yesterday" },
  { ...MEMBER, orders: "many" },
  { ...MEMBER, orders: [{ id: "o", placed_at: "2026-01-01", lines: [LINE] }] },
  { ...MEMBER, orders: [{ id: "o", placed_at: "2026-01-01T10:00:00+25:00", lines: [LINE] }] },
  { ...MEMBER, orders: [{ id: "o", placed_at: "2026-01-01T10:00:00+08:00", lines: [{ ...LINE, unit_price: -1 }] }] },
  { ...MEMBER, orders: [{ id: "o", placed_at: "2026-01-01T10:00:00+08:00", lines: [{ ...LINE, unit_price: 9007199254740992 }] }] },
  { ...MEMBER, orders: [{ id: "o", placed_at: "2026-01-01T10:00:00+08:00", lines: [{ ...LINE, unit_price: 1.5 }] }] },
  { ...MEMBER, orders: [{ id: "o", placed_at: "2026-01-01T10:00:00+08:00", lines: [{ ...LINE, quantity: 1e7 }] }] },
  { ...MEMBER, orders: [{ id: "o", placed_at: "2026-01-01T10:00:00+08:00", lines: [{ ...LINE, refunded: 999999 }] }] },
  { ...MEMBER, tier: { id: 3 } },
  { ...MEMBER, birthday: "--02-30" },
  { ...MEMBER, points: { lots: [{ earned_at: "2026-01-01", points: 5, remaining: 6 }] } },
  { ...MEMBER, events: [{ kind: "check_in", at: "2026-01-01T10:00:00+08:00", value: -1 }] },
  { ...MEMBER, consent: { sms: "yes" } },
  { ...MEMBER, member_id: "x".repeat(129) },
  { ...MEMBER, unknown_field: true },
  { ...MEMBER, offer_history: [{ offer_id: "x", kind: "stared_at", at: "2026-01-01T10:00:00+08:00" }] },
  { ...MEMBER, contact_history: [{ channel: "sms", purpose: "spam", at: "2026-01-01T10:00:00+08:00" }] },
  { ...MEMBER, contact_history: [{ channel: "sms", purpose: "marketing", at: "2026-01-01T10:00:00+08:00", response: "liked" }] },
  { ...MEMBER, preferred_channel: 7 },
  [],
  "snapshot",
  null,
  42,
];

/** Options that are valid JSON but must be rejected. */
const badOptions = [
  {},
  { now: "2026-11-23" },
  { now: "2026-11-23T10:00:00" },
  { now: 1763863200000 },
  { now: "2026-13-01T10:00:00+08:00" },
  { now: "2026-11-23T10:00:00+08:00", limit: -1 },
  { now: "2026-11-23T10:00:00+08:00", limit: 1e10 },
  { now: "2026-11-23T10:00:00+08:00", limit: 2.5 },
  { now: "2026-11-23T10:00:00+08:00", surface: "nowhere" },
  { now: "2026-11-23T10:00:00+08:00", cart: { lines: [{ ...LINE, quantity: -2 }] } },
  { now: "2026-11-23T10:00:00+08:00", cart: { discount: -5 } },
  { now: "2026-11-23T10:00:00+08:00", extra: 1 },
];

/** Carts that are valid JSON but must be rejected. */
const badCarts = [
  { lines: [{ ...LINE, unit_price: "12800" }] },
  { lines: [{ ...LINE, unit_price: -12800 }] },
  { lines: [{ ...LINE, unit_price: 1e400 }] },
  { lines: [{ ...LINE, quantity: 1000001 }] },
  { lines: [{ ...LINE, category: "c".repeat(200) }] },
  { lines: {} },
  { shipping: -1 },
  { shipping: 9223372036854775807 },
  { discount: 1.25 },
  { coupons: [] },
];

/** Conditions that do not compile. */
const badConditions = [
  { tier: { $bogus: 1 } },
  { tier: { $regex: "(" } },
  { tier: { $in: 3 } },
  { $and: {} },
  { $or: [1, 2] },
  { tier: { $type: "integer" } },
  { tier: { $size: { $bogus: 1 } } },
  { $gt: 5 },
  { tier: { $regex: "a".repeat(2000) } },
  Array.from({ length: 40 }).reduce((inner) => ({ $not: inner }), { tier: "gold" }),
  { $or: Array.from({ length: 520 }, (_, index) => ({ [`f${index}`]: index })) },
];

/** Programs that do not compile: a small valid program with one thing broken (compiling the
 * whole default program each time would make this test slow, not stronger). */
const SMALL = {
  id: "p", currency: "CNY", utc_offset: "+08:00",
  tiers: { window: { kind: "calendar_year" }, validity: { kind: "end_of_following_calendar_year" }, levels: [{ id: "member", name: { en: "Member" } }, { id: "silver", name: { en: "Silver" }, qualify: { spend: 200000 } }] },
  points: { rate: 1 },
};
const badPrograms = [
  { ...SMALL, currency: "yuan" },
  { ...SMALL, utc_offset: "+25:00" },
  { ...SMALL, tiers: { ...SMALL.tiers, levels: [] } },
  { ...SMALL, tiers: { ...SMALL.tiers, levels: [SMALL.tiers.levels[1], SMALL.tiers.levels[0]] } },
  { ...SMALL, points: { rate: -1 } },
  { ...SMALL, offers: [{ id: "x" }] },
  { ...SMALL, segments: [{ id: "s", condition: { tier: { $bogus: 1 } } }] },
  { id: "p" },
  { ...SMALL, name: { en: "t".repeat(10_001) } },
  { ...DEFAULT_PROGRAM, surfaces: "everywhere" },
];

/** Text that is not JSON at all, or JSON nested past the limit. */
function malformed(rng, valid) {
  switch (rng.int(8)) {
    case 0: return valid.slice(0, rng.int(valid.length));
    case 1: return valid.replace(/[{}[\]:,"]/, (c) => ({ "{": "[", "}": "]", "[": "{", "]": "}", ":": ",", ",": ":", '"': "'" })[c]);
    case 2: return Array.from({ length: rng.int(40) }, () => String.fromCharCode(rng.int(0x3000))).join("");
    case 3: return rng.pick(["", " ", "nul", "{", "}", "[1,", '{"a":}', "\"\\u12", "\"\\ud800\"x", "1e999", "-", "NaN", "Infinity", "{\"a\":1}{"]);
    case 4: return `${"[".repeat(200)}${"]".repeat(200)}`;
    case 5: return `{"member_id":"m","joined_at":"2025-01-01","attributes":{"x":${"[".repeat(129)}${"]".repeat(129)}}}`;
    case 6: return `${valid} trailing`;
    default: return valid.replaceAll('"', "");
  }
}

test("one engine survives 100,000 rejected inputs and still computes the worked examples exactly", () => {
  const engine = core.WasmEngine.compile(JSON.stringify(DEFAULT_PROGRAM));
  const goldenSnapshot = JSON.stringify(example2.snapshot);
  const goldenCart = JSON.stringify(example2.cart);
  const goldenOptions = JSON.stringify(example2.options);
  const before = engine.previewPoints(goldenSnapshot, goldenCart, goldenOptions);
  const validSnapshot = JSON.stringify(example1.snapshot);
  const rng = random(20261123);
  const codes = new Map();
  const json = (value) => JSON.stringify(value);
  const calls = [
    () => engine.facts(json(rng.pick(badSnapshots)), NOW),
    () => engine.evaluate(validSnapshot, json(rng.pick(badOptions))),
    () => engine.evaluate(json(rng.pick(badSnapshots)), NOW),
    () => engine.tierProgress(malformed(rng, validSnapshot), NOW),
    () => engine.nextBestOffers(validSnapshot, malformed(rng, NOW)),
    () => engine.contactPlan(json(rng.pick(badSnapshots)), NOW),
    () => engine.contactPlan(validSnapshot, malformed(rng, NOW)),
    () => engine.previewPoints(validSnapshot, json(rng.pick(badCarts)), NOW),
    () => engine.previewPoints(validSnapshot, malformed(rng, goldenCart), NOW),
    () => engine.tierProgressAfterCart(json(rng.pick(badSnapshots)), goldenCart, NOW),
    () => engine.rfmBreakpoints(json([rng.pick(badSnapshots)]), NOW),
    () => core.evalCondition(json(rng.pick(badConditions)), "{}", "{}"),
    () => core.explainCondition('{"tier":"gold"}', malformed(rng, '{"tier":"gold"}'), "{}"),
    () => core.WasmEngine.compile(json(rng.pick(badPrograms))),
    () => core.WasmEngine.compile(malformed(rng, '{"id":"p","currency":"CNY","utc_offset":"+08:00"}')),
  ];
  for (let round = 0; round < ROUNDS; round++) {
    const index = round % calls.length;
    let thrown;
    try {
      const result = calls[index]();
      result?.free?.();
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown !== undefined, `round ${round} (call ${index}): the input was accepted`);
    if (thrown instanceof Error) {
      assert.fail(`round ${round} (call ${index}): the core threw ${thrown.name}: ${thrown.message}; a trap or a JS error instead of a rejection`);
    }
    assert.equal(typeof thrown.code, "string", `round ${round}: an error without a code`);
    assert.equal(typeof thrown.path, "string", `round ${round}: an error without a path`);
    assert.ok(Array.isArray(thrown.issues) && thrown.issues.length > 0, `round ${round}: an error without issues`);
    codes.set(thrown.code, (codes.get(thrown.code) ?? 0) + 1);
  }
  // The barrage reached every kind of rejection, not one error over and over.
  for (const code of ["invalid_json", "invalid_type", "invalid_value", "missing_field", "unknown_field", "json_too_deep", "string_too_long",
    "quantity_out_of_range", "unknown_operator", "invalid_regex", "condition_too_deep", "condition_too_large", "unknown_surface"]) {
    assert.ok(codes.has(code), `no input was rejected with ${code}: ${JSON.stringify([...codes])}`);
  }

  // Worked example 2 on the same engine: byte for byte what it gave before, and the brief's numbers.
  const after = engine.previewPoints(goldenSnapshot, goldenCart, goldenOptions);
  assert.equal(after, before);
  const preview = JSON.parse(after);
  assert.equal(preview.total, 1077);
  assert.deepEqual(preview.lines.map((line) => [line.order_discount, line.eligible]), [[2813, 22787], [2187, 17713], [0, 0]]);
  assert.deepEqual(preview.contributions.map((c) => [c.rule, c.awarded]), [["base", 405], ["tier_bonus", 40], ["tea_bonus", 227], ["member_day", 405], ["birthday_month", 0],
    ["fifth_order", 0], ["third_tea_order", 0], ["referral_welcome", 0]]);
  assert.equal(preview.available_at, "2026-11-25");
  assert.equal(preview.expires_at, "2027-12-31");

  // Worked example 1 (the default program has the same tiers) on the same engine.
  const tier = JSON.parse(engine.tierProgress(validSnapshot, JSON.stringify(example1.options)));
  assert.equal(tier.next.id, "gold");
  assert.deepEqual(tier.next.metrics.map((m) => [m.metric, m.ratio, m.remaining]), [["spend", 0.64, 180000], ["orders", 0.6, 4]]);
  assert.equal(tier.next.progress, 0.64);
  assert.equal(tier.next.metrics[0].projected, 357186);
  assert.equal(tier.next.on_pace, false);
  assert.deepEqual([tier.window.deadline, tier.window.days_left, tier.window.elapsed_days], ["2026-12-31", 38, 327]);
  assert.equal(tier.requalification.status, "secured");
  engine.free();
});

test("the public API turns every rejection into a TierwiseError and keeps working", () => {
  const engine = Engine.compile(DEFAULT_PROGRAM);
  const rng = random(7);
  for (let round = 0; round < 2_000; round++) {
    const attempt = [
      () => engine.evaluate(rng.pick(badSnapshots), { now: "2026-11-23T10:00:00+08:00" }),
      () => engine.previewPoints(MEMBER, rng.pick(badCarts), { now: "2026-11-23T10:00:00+08:00" }),
      () => engine.nextBestOffers(MEMBER, rng.pick(badOptions)),
      () => evalCondition(rng.pick(badConditions), {}),
      () => Engine.compile(rng.pick(badPrograms)),
    ][round % 5];
    assert.throws(attempt, (error) => error instanceof TierwiseError && typeof error.code === "string" && error.issues.length > 0, `round ${round}`);
  }
  const preview = engine.previewPoints(example2.snapshot, example2.cart, example2.options);
  assert.equal(preview.total, 1077);
  engine.free();
});

test("a panic aborts in the release build, the last resort the inputs above never reach", () => {
  const manifest = readFileSync(join(ROOT, "Cargo.toml"), "utf8");
  const release = manifest.slice(manifest.indexOf("[profile.release]")).split(/\n\[/)[0];
  assert.match(release, /^panic = "abort"$/m);
});
