// tierwise/format: how amounts, percentages, dates, counts and facts read, shared by
// tierwise/dom and the demo page so the same member reads the same everywhere.

import type { FactLabels, LabelLocale } from "./labels.js";

export { CODES, FACTS, LOCALES } from "./labels.js";
export type { FactLabels, LabelLocale, Labelled, Sentence } from "./labels.js";

/** The formatter of one locale and program. */
export interface Format {
  readonly locale: string;
  /** The label locale the page locale maps to. */
  readonly labels: LabelLocale;
  readonly currency: string;
  /** Digits after the decimal point of the currency's amounts. */
  readonly digits: number;
  /** Minor units in the program's currency: 180000 → "¥1,800.00". */
  money(minor: number): string;
  /** Like `money`, without all-zero minor digits: 500000 → "¥5,000". */
  moneyShort(minor: number): string;
  /** The currency's symbol ("¥"). */
  symbol(): string;
  integer(value: number): string;
  number(value: number): string;
  /** A ratio 0..1 as a whole percentage, floored: 0.6432 → "64%". */
  percent(ratio: number): string;
  /** Basis points as an exact percentage: 1250 → "12.5%". */
  basisPoints(bp: number): string;
  /** A `YYYY-MM-DD` date as the locale writes it. */
  date(value: string): string;
  /** An instant written in the program's offset as its local date and 24-hour time: "Dec 12, 2026 09:00". */
  dateTime(value: string): string;
  /** Days from today as words: 43 → "in 43 days". */
  days(count: number): string;
  list(items: string[], combine?: "all" | "any"): string;
  plural(count: number): Intl.LDMLPluralRule;
}

/** The label locale of a page locale: `zh-CN` for any Chinese, `en` otherwise. */
export function labelLocale(locale: string | undefined): LabelLocale;
/** Minor units as an exact decimal string ("-12.05"). */
export function decimal(minor: number, digits: number): string;
/** Minor digits of an ISO 4217 currency (2 when unknown). */
export function minorDigits(currency: string): number;
/** A formatter for `locale` with the program's currency (`engine.program()`). */
export function createFormat(locale: string, program?: { currency?: string; minor_digits?: number }): Format;
/** The catalog entry a fact path names, with the open map's key. */
export function factEntry(path: string): { name: string; fact: FactLabels; key: string | null } | null;
/** A fact's label in `locale`; the path itself when unknown. */
export function factLabel(path: string, locale: string): string;
/** A fact's value as people read it; `names` maps ids to names per fact (`{ tier: { gold: "Gold" } }`). */
export function factValue(path: string, value: unknown, format: Format, names?: Record<string, Record<string, string>>): string;
/** What a shopper reads about a clause: a sentence about their own value, or null. */
export function shopperReason(
  reason: { path: string; operator: string; expected: unknown; actual?: unknown; missing?: boolean },
  format: Format,
  names?: Record<string, Record<string, string>>,
): string | null;
/** An error code's label in `locale`, or null for an unknown code. */
export function codeLabel(code: string, locale: string): string | null;
