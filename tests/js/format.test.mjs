// tierwise/format from the built package: amounts, percentages and dates read the same in
// tierwise/dom and the demo, every fact the engine computes and every error code has a label
// in each locale, and shoppers read reasons as sentences about their own values.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const { Engine } = await import(join(ROOT, "pkg/node.js"));
const { CODES, FACTS, LOCALES, codeLabel, createFormat, factEntry, factLabel, factValue, shopperReason } = await import(join(ROOT, "pkg/format.js"));
const program = JSON.parse(readFileSync(join(ROOT, "src/defaults/program.json"), "utf8"));
const personas = JSON.parse(readFileSync(join(ROOT, "src/defaults/personas.json"), "utf8"));

const CNY = { currency: "CNY", minor_digits: 2 };
const en = createFormat("en", CNY);
const zh = createFormat("zh-CN", CNY);

test("money in the program's currency with its minor digits, one symbol in both languages", () => {
  assert.equal(en.money(180000), "¥1,800.00");
  assert.equal(zh.money(180000), "¥1,800.00");
  assert.equal(en.money(-1205), "-¥12.05");
  assert.equal(en.moneyShort(500000), "¥5,000");
  assert.equal(en.moneyShort(500050), "¥5,000.50");
  assert.equal(createFormat("en", { currency: "JPY", minor_digits: 0 }).money(1234), "¥1,234");
  assert.equal(createFormat("en", { currency: "KWD" }).money(1500), "KWD\u00a01.500");
  assert.equal(createFormat("en", { currency: "USD", minor_digits: 2 }).money(99), "$0.99");
});

test("percentages of progress are floored whole percents; basis points are exact", () => {
  assert.equal(en.percent(0.6432), "64%");
  assert.equal(en.percent(0.378), "37%");
  assert.equal(en.percent(0.9999), "99%", "never 100% before the goal");
  assert.equal(zh.percent(1), "100%");
  assert.equal(en.basisPoints(1250), "12.5%");
  assert.equal(en.basisPoints(-3000), "-30%");
});

test("dates, relative days and counts in the locale", () => {
  assert.equal(en.date("2026-12-31"), "Dec 31, 2026");
  assert.equal(zh.date("2026-12-31"), "2026年12月31日");
  // An instant reads as its wall-clock time in the offset it is written in, never the host's.
  assert.equal(en.dateTime("2026-12-01T09:00:00+08:00"), "Dec 1, 2026 09:00");
  assert.equal(zh.dateTime("2026-11-23T21:30:00+08:00"), "2026年11月23日 21:30");
  assert.equal(en.dateTime("2026-12-01T23:59:00-05:00"), "Dec 1, 2026 23:59");
  assert.equal(en.days(43), "in 43 days");
  assert.equal(zh.days(43), "43天后");
  assert.equal(en.integer(1077), "1,077");
});

test("fact labels come from the catalog, with the key of an open map", () => {
  assert.equal(factLabel("spend_365d", "en"), "Spend, 365 days");
  assert.equal(factLabel("spend_365d", "zh-CN"), "近 365 天消费");
  assert.equal(factLabel("category_spend_365d.tea", "en"), "Spend on tea, 365 days");
  assert.equal(factLabel("not_a_fact", "en"), "not_a_fact");
  assert.equal(factEntry("events_30d.review").name, "events_30d.<kind>");
  assert.equal(factValue("spend_365d", 755000, en), "¥7,550.00");
  assert.equal(factValue("churn.aov_change_bp", -2500, en), "-25%");
  assert.equal(factValue("next_expiry_date", "2026-12-31", zh), "2026年12月31日");
  assert.equal(factValue("orders_365d", 1200, en), "1,200");
  assert.equal(factValue("tier", "gold", en, { tier: { gold: "Gold" } }), "Gold");
});

test("every fact the engine computes for every persona has a label in each locale", () => {
  assert.deepEqual(LOCALES, ["en", "zh-CN"]);
  const engine = Engine.compile(program);
  const unlabelled = new Set();
  const walk = (value, path) => {
    const found = factEntry(path);
    if (found) {
      for (const locale of LOCALES) if (!found.fact.label?.[locale]) unlabelled.add(`${found.name} (${locale})`);
      return;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    } else {
      unlabelled.add(`${path} (not in the catalog)`);
    }
  };
  for (const persona of personas.personas) walk(engine.facts(persona.snapshot, { now: personas.now }), "");
  engine.free();
  assert.deepEqual([...unlabelled], []);
  assert.ok(Object.keys(FACTS).length >= 69, "the whole catalog");
});

test("every error code has a label in each locale", () => {
  assert.ok(Object.keys(CODES).length >= 90);
  for (const code of Object.keys(CODES)) {
    for (const locale of LOCALES) assert.ok(codeLabel(code, locale), `${code} in ${locale}`);
  }
  assert.equal(codeLabel("missing_field", "en"), "Required field missing");
  assert.equal(codeLabel("missing_field", "zh"), "缺少必填字段");
  assert.equal(codeLabel("no_such_code", "en"), null);
});

test("shoppers read reasons as sentences about their own values", () => {
  const clause = (path, actual, extra = {}) => ({ path, operator: "$gte", expected: 0, actual, held: true, ...extra });
  assert.equal(shopperReason(clause("days_since_join", 12), en), "You joined 12 days ago");
  assert.equal(shopperReason(clause("days_since_join", 1), en), "You joined 1 day ago");
  assert.equal(shopperReason(clause("days_since_join", 12), zh), "您已入会 12 天");
  assert.equal(shopperReason(clause("spend_365d", 755000), en), "You spent ¥7,550.00 in the last 365 days");
  assert.equal(shopperReason(clause("category_spend_365d.tea", 120000), zh), "近 365 天您在tea上消费了 ¥1,200.00");
  assert.equal(shopperReason(clause("is_birthday_month", true), en), "It is your birthday month");
  assert.equal(shopperReason(clause("days_since_last_order", 30, { operator: "$exists", expected: true }), en), "Your last order was 30 days ago");
  assert.equal(shopperReason(clause("tier", "gold"), en, { tier: { gold: "Gold" } }), "You are a Gold member");
  // Not for shoppers: models, segments, complaints; and no value, no sentence.
  assert.equal(shopperReason(clause("churn.risk", "high"), en), null);
  assert.equal(shopperReason(clause("segment", "at_risk"), en), null);
  assert.equal(shopperReason(clause("complaints_30d", 2), en), null);
  assert.equal(shopperReason({ path: "days_since_last_order", operator: "$lte", expected: 90, missing: true, held: false }, en), null);
  assert.equal(shopperReason(clause("attributes.note", "<b>x</b>"), en), null);
});
