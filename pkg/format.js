// tierwise/format: how every number, amount, date and fact of a result reads, in English or
// Simplified Chinese. `tierwise/dom` and the demo page both format through this module, so
// the same member reads the same everywhere ("¥1,800.00", "64%", "Dec 31, 2026").
//
//   import { createFormat, factLabel, shopperReason } from "tierwise/format";
//   const format = createFormat("en", engine.program());   // currency and minor digits
//   format.money(180000);          // "¥1,800.00"
//   format.percent(0.6432);        // "64%" (floored: never 100% before the goal is met)
//   factLabel("spend_365d", "zh-CN"); // "近 365 天消费"
//   shopperReason({ path: "days_since_join", operator: "$lte", expected: 30, actual: 12, held: true }, format);
//   // "You joined 12 days ago"
//
// The labels come from `labels.js`, generated from the engine's facts catalog and error codes,
// so a fact or code the engine knows always has a label in both languages.
import { CODES, FACTS, LOCALES } from "./labels.js";

export { CODES, FACTS, LOCALES };

/** The label locale for a page locale: `zh-CN` for any Chinese, `en` otherwise. */
export function labelLocale(locale) {
  return String(locale ?? "en").toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** An integer amount of minor units as an exact decimal string ("-12.05"), for Intl. */
export function decimal(minor, digits) {
  const sign = minor < 0 ? "-" : "";
  const digitsText = String(Math.abs(minor)).padStart(digits + 1, "0");
  if (digits === 0) return sign + digitsText;
  return `${sign}${digitsText.slice(0, -digits)}.${digitsText.slice(-digits)}`;
}

/** Digits after the decimal point of an ISO 4217 currency, as Intl knows it (2 when unknown). */
export function minorDigits(currency) {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

function currencyFormat(locale, currency, digits) {
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency", currency, currencyDisplay: "narrowSymbol", minimumFractionDigits: digits, maximumFractionDigits: digits,
    });
  } catch {
    return null;
  }
}

/**
 * The formatter of one locale and program: `program` is what `engine.program()` returns
 * (its `currency` and `minor_digits` are used; the digits default to the currency's own).
 */
export function createFormat(locale, program = {}) {
  const currency = program.currency ?? "CNY";
  const digits = Number.isInteger(program.minor_digits) ? program.minor_digits : minorDigits(currency);
  const money = currencyFormat(locale, currency, digits);
  const whole = currencyFormat(locale, currency, 0);
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0, roundingMode: "floor" });
  const exactPercent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const plural = new Intl.PluralRules(locale);
  const lists = {
    any: new Intl.ListFormat(locale, { type: "disjunction" }),
    all: new Intl.ListFormat(locale, { type: "conjunction" }),
  };
  return {
    locale,
    labels: labelLocale(locale),
    currency,
    digits,
    /** Minor units in the program's currency: 180000 → "¥1,800.00". */
    money: (minor) => {
      const text = decimal(minor, digits);
      return money ? money.format(text) : `${number.format(Number(text))} ${currency}`;
    },
    /** Like `money`, without the minor digits when they are all zero: 500000 → "¥5,000". */
    moneyShort: (minor) => {
      if (!whole || minor % 10 ** digits !== 0) return money ? money.format(decimal(minor, digits)) : `${decimal(minor, digits)} ${currency}`;
      return whole.format(decimal(minor, digits).split(".")[0]);
    },
    /** The currency's symbol alone ("¥"). */
    symbol: () => money?.formatToParts(0).find((part) => part.type === "currency")?.value ?? currency,
    integer: (value) => integer.format(value),
    number: (value) => (Number.isInteger(value) ? integer.format(value) : number.format(value)),
    /** A ratio 0..1 as a whole percentage, floored: 0.6432 → "64%". */
    percent: (ratio) => percent.format(ratio),
    /** Basis points as an exact percentage: 1250 → "12.5%". */
    basisPoints: (bp) => exactPercent.format(bp / 10000),
    /** A calendar date `YYYY-MM-DD` (already in the program's offset): "Dec 31, 2026", "2026年12月31日". */
    date: (value) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ""));
      if (!match) return String(value ?? "");
      return dates.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
    },
    /**
     * An instant written in the program's offset (`2026-12-12T09:00:00+08:00`) as its local
     * date and 24-hour time, as written: "Dec 12, 2026 09:00", "2026年12月12日 09:00".
     */
    dateTime: (value) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(String(value ?? ""));
      if (!match) return String(value ?? "");
      return `${dates.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))))} ${match[4]}:${match[5]}`;
    },
    /** Days from today, as words: 43 → "in 43 days". */
    days: (count) => relative.format(count, "day"),
    list: (items, combine) => (lists[combine] ?? lists.all).format(items),
    /** The plural category of a count ("one", "other"). */
    plural: (count) => plural.select(count),
  };
}

// Facts ----------------------------------------------------------------------------------------

const ENTRIES = Object.entries(FACTS).map(([name, fact]) => ({ name, parts: name.split("."), fact }));

/**
 * The catalog entry a fact path names, with the key of an open map:
 * `category_spend_365d.tea` → `{ name: "category_spend_365d.<category>", fact, key: "tea" }`.
 */
export function factEntry(path) {
  const parts = String(path).split(".");
  for (const { name, parts: pattern, fact } of ENTRIES) {
    if (pattern.length !== parts.length) continue;
    let key = null;
    if (pattern.every((part, index) => {
      if (part.startsWith("<")) {
        key = parts[index];
        return true;
      }
      return part === parts[index];
    })) return { name, fact, key };
  }
  return null;
}

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (match, name) => (values[name] ?? match));

/** A fact's label in `locale`: "Spend, 365 days", "Spend on tea, 365 days"; the path itself when unknown. */
export function factLabel(path, locale) {
  const found = factEntry(path);
  const label = found?.fact.label?.[labelLocale(locale)];
  return label ? fill(label, { key: found.key ?? "" }) : String(path);
}

/**
 * A fact's value as people read it: money in the currency, dates in the locale, counts
 * with separators. `names` maps ids to display names (`{ tier: { gold: "Gold" } }`).
 */
export function factValue(path, value, format, names = {}) {
  if (value === null || value === undefined) return "—";
  const found = factEntry(path);
  const display = found?.fact.display;
  if (typeof value === "number") {
    if (display === "money") return format.money(value);
    if (display === "basis_points") return format.basisPoints(value);
    if (display === "ratio") return format.percent(value);
    return format.number(value);
  }
  if (typeof value === "string") {
    if (display === "date") return format.date(value);
    const named = names[found?.name]?.[value];
    return named ?? value;
  }
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return format.list(value.map(String), "all");
  return JSON.stringify(value);
}

function capitalized(text, locale) {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/**
 * What a shopper reads about a clause of an offer's condition: a sentence about the member's
 * own value ("You joined 12 days ago", "近 365 天你消费了 ¥7,550.00"), or null when the fact
 * is not one to tell a shopper (scores, complaints, segments) or the member has no value.
 */
export function shopperReason(reason, format, names = {}) {
  const found = factEntry(reason?.path);
  const sentence = found?.fact.shopper?.[format.labels];
  if (!sentence || reason.missing || !("actual" in reason) || reason.actual === null) return null;
  const value = reason.actual;
  let template = sentence;
  if (typeof template === "object") {
    if (typeof value === "boolean") template = template[String(value)];
    else if (typeof value === "number") template = template[format.plural(value)] ?? template.other;
    else template = template.other;
  }
  if (typeof template !== "string") return null;
  const text = fill(template, { value: factValue(reason.path, value, format, names), key: found.key ?? "" });
  return capitalized(text, format.locale);
}

// Error codes --------------------------------------------------------------------------------

/** An error code's label in `locale` ("Required field missing", "缺少必填字段"), or null for an unknown code. */
export function codeLabel(code, locale) {
  return CODES[code]?.label?.[labelLocale(locale)] ?? null;
}
