// Numbers, money, points, percentages and dates for display, through the package's own
// formatting module (tierwise/format), so the demo and tierwise/dom read the same member the
// same way ("¥1,800.00", "64%"). Money is an integer of minor units in the program's
// currency; the number of minor digits comes from Intl for the currency code, so JPY has
// none and KWD three. What is money is the facts catalog's word (its `minor units` facts).
import { createFormat, factEntry, minorDigits } from "../../pkg/format.js";

export { minorDigits };

/** Whether a fact (a dot path) is an amount of money in minor units (the facts catalog). */
export function isMoneyFact(path) {
  return factEntry(path)?.fact.display === "money";
}

export class Format {
  constructor(lang, currency) {
    this.lang = lang;
    this.currency = currency;
    this.shared = createFormat(lang, { currency });
    this.digits = this.shared.digits;
    this.integerFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    this.decimalFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 6 });
    this.weekdayFormat = new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" });
  }

  /** An amount of minor units, e.g. 500000 → "¥5,000.00". */
  money(minor) {
    if (typeof minor !== "number" || !Number.isFinite(minor)) return "—";
    return this.shared.money(minor);
  }

  /** Like `money`, without the minor digits when they are all zero: 500000 → "¥5,000". */
  moneyShort(minor) {
    if (typeof minor !== "number" || !Number.isFinite(minor)) return "—";
    return this.shared.moneyShort(minor);
  }

  /** The currency's symbol alone, for input adornments. */
  symbol() {
    return this.shared.symbol();
  }

  /** Minor units as the plain major-unit text an input shows: 500000 → "5000", 12345 → "123.45". */
  moneyInput(minor) {
    if (typeof minor !== "number") return "";
    const negative = minor < 0;
    const digits = String(Math.abs(minor)).padStart(this.digits + 1, "0");
    const whole = this.digits ? digits.slice(0, -this.digits) : digits;
    const fraction = this.digits ? digits.slice(-this.digits).replace(/0+$/, "") : "";
    return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
  }

  /** Parses "5000", "5,000.5" or "¥ 12.30" into minor units; null when empty, NaN when not money. */
  parseMoney(text) {
    if (String(text).trim() === "") return null;
    const cleaned = String(text).replace(/[\s,_]/g, "").replace(/^[^\d.-]{1,3}/, "");
    const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(cleaned);
    if (!match || (match[2] === "" && !match[3])) return NaN;
    const [, sign, whole, fraction = ""] = match;
    if (fraction.length > this.digits) return NaN;
    const minor = Number(whole || "0") * 10 ** this.digits + Number(fraction.padEnd(this.digits, "0") || "0");
    if (!Number.isSafeInteger(minor)) return NaN;
    return sign ? -minor : minor;
  }

  points(value) {
    return typeof value === "number" ? this.integerFormat.format(value) : "—";
  }

  number(value) {
    if (typeof value !== "number") return "—";
    return Number.isInteger(value) ? this.integerFormat.format(value) : this.decimalFormat.format(value);
  }

  /** A ratio 0..1 as a whole percentage, floored as the member page shows it: 0.6432 → "64%". */
  ratio(value) {
    return typeof value === "number" ? this.shared.percent(value) : "—";
  }

  /** Basis points as an exact percentage: 1000 → "10%", 1250 → "12.5%". */
  bp(value) {
    return typeof value === "number" ? this.shared.basisPoints(value) : "—";
  }

  /** Basis points as a multiplier: 15000 → "×1.5". */
  times(value) {
    return typeof value === "number" ? `×${this.decimalFormat.format(value / 10000)}` : "—";
  }

  /** A YYYY-MM-DD date in the page's language, e.g. "Dec 31, 2026" or "2026年12月31日". */
  date(value) {
    return parseDate(value) ? this.shared.date(value) : (value ?? "—");
  }

  weekday(value) {
    const parsed = parseDate(value);
    return parsed ? this.weekdayFormat.format(parsed) : "";
  }

  /** A fact's value as a designer reads it (money formatted, null as a dash). */
  fact(path, value) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "number" && isMoneyFact(path)) return this.money(value);
    if (typeof value === "number") return this.number(value);
    if (typeof value === "boolean") return String(value);
    if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}$/.test(value) ? this.date(value) : value;
    return JSON.stringify(value);
  }
}

function parseDate(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "");
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
}

/** The date `days` after a YYYY-MM-DD date. */
export function addDays(date, days) {
  const parsed = parseDate(date);
  parsed.setUTCDate(parsed.getUTCDate() + days);
  return parsed.toISOString().slice(0, 10);
}

/** Days from one YYYY-MM-DD date to another. */
export function daysBetween(from, to) {
  return Math.round((parseDate(to) - parseDate(from)) / 86400000);
}
