// tierwise/labels: the facts catalog and the error codes with their labels, generated from
// the engine's own lists, so every fact and code has a label in each locale.

/** The locales every label is written in. */
export type LabelLocale = "en" | "zh-CN";

/** A text per label locale. */
export type Labelled<T = string> = Record<LabelLocale, T>;

/** A sentence about a value: plain, by plural category (`one`, `other`…), or by `true`/`false`. */
export type Sentence = string | Partial<Record<Intl.LDMLPluralRule, string>> & { other: string } | { true: string; false: string };

/** A fact of the catalog. */
export interface FactLabels {
  /** JSON type of the value ("integer", "date", "array of strings"…). */
  type: string;
  /** Whether the value can be `null` or absent. */
  nullable: boolean;
  /** Unit of the value ("days", "minor units"…), empty when none. */
  unit: string;
  /** How a value is shown. */
  display: "money" | "basis_points" | "count" | "ratio" | "number" | "date" | "boolean" | "text" | "list";
  /** When the fact is known. */
  stage: "base" | "score" | "mechanics" | "segment" | "tags";
  /** What staff read: "Spend, 365 days"; `{key}` stands for an open map's key. */
  label: Labelled;
  /** The sentence a shopper reads about their value (`{value}`, `{key}`), or null: not shown to shoppers. */
  shopper: Labelled<Sentence> | null;
}

/** The locales every label is written in. */
export const LOCALES: LabelLocale[];
/** Every fact conditions can read, by catalog name (`<…>` marks any key of an open map). */
export const FACTS: Record<string, FactLabels>;
/** Every error code: what it means, and its label per locale. */
export const CODES: Record<string, { description: string; label: Labelled }>;
