// Numbers, money, points, percentages and dates for display, through Intl in the page's
// language. Money is an integer of minor units in the program's currency; the number of
// minor digits comes from Intl for the currency code, so JPY has none and KWD three.

const MONEY_FACT = /^(spend_|aov_|category_spend_365d\.|expected_order_value$|clv$|rfm\.monetary$)/;

/** Whether a fact (a dot path) is an amount of money in minor units (docs/facts.md). */
export function isMoneyFact(path) {
  return MONEY_FACT.test(path);
}

export function minorDigits(currency) {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

export class Format {
  constructor(lang, currency) {
    this.lang = lang;
    this.currency = currency;
    this.digits = minorDigits(currency);
    try {
      this.moneyFormat = new Intl.NumberFormat(lang, { style: "currency", currency });
    } catch {
      this.moneyFormat = null;
    }
    this.integerFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    this.decimalFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 6 });
    this.percentFormat = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
    this.dateFormat = new Intl.DateTimeFormat(lang, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
    this.weekdayFormat = new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" });
  }

  /** An amount of minor units, e.g. 500000 → "¥5,000.00" (zh-CN) or "CN¥5,000.00" (en). */
  money(minor) {
    if (typeof minor !== "number" || !Number.isFinite(minor)) return "—";
    const major = minor / 10 ** this.digits;
    return this.moneyFormat ? this.moneyFormat.format(major) : `${this.decimalFormat.format(major)} ${this.currency}`;
  }

  /** Like `money`, without the minor digits when they are all zero: 500000 → "¥5,000". */
  moneyShort(minor) {
    if (typeof minor !== "number" || minor % 10 ** this.digits !== 0 || !this.moneyFormat) return this.money(minor);
    const whole = new Intl.NumberFormat(this.lang, { style: "currency", currency: this.currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
    return whole.format(minor / 10 ** this.digits);
  }

  /** The currency's symbol alone, for input adornments. */
  symbol() {
    const part = this.moneyFormat?.formatToParts(0).find((p) => p.type === "currency");
    return part?.value ?? this.currency;
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

  /** A ratio 0..1 as a percentage: 0.64 → "64%". */
  ratio(value) {
    return typeof value === "number" ? this.percentFormat.format(value) : "—";
  }

  /** Basis points as a percentage: 1000 → "10%". */
  bp(value) {
    return typeof value === "number" ? this.percentFormat.format(value / 10000) : "—";
  }

  /** Basis points as a multiplier: 15000 → "×1.5". */
  times(value) {
    return typeof value === "number" ? `×${this.decimalFormat.format(value / 10000)}` : "—";
  }

  /** A YYYY-MM-DD date in the page's language, e.g. "Dec 31, 2026" or "2026年12月31日". */
  date(value) {
    const parsed = parseDate(value);
    return parsed ? this.dateFormat.format(parsed) : (value ?? "—");
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
