// Pieces shared by the result panels: clause chips ("Days since last order ≤ 90 · is 24"),
// fact labels, tier chips, stat tiles and progress bars with ARIA.
import { h } from "../dom.js";
import { lang, t, tOr, localized } from "../i18n.js";
import { isMoneyFact } from "../format.js";
import { factLabel as catalogLabel } from "../../../pkg/format.js";

const SYMBOLS = { equals: "=", $eq: "=", $ne: "≠", $gt: ">", $gte: "≥", $lt: "<", $lte: "≤" };

/** A designer-readable name for a fact path, from the facts catalog's labels; the path itself when there is none. */
export function factLabel(path) {
  return catalogLabel(path, lang());
}

/** An operand or actual value of a clause, formatted for its fact. */
export function clauseValue(ctx, path, value) {
  if (Array.isArray(value)) return value.map((item) => clauseValue(ctx, path, item)).join(", ");
  if (typeof value === "number" && isMoneyFact(path)) return ctx.fmt.money(value);
  if (typeof value === "number") return ctx.fmt.number(value);
  if (value === null) return "null";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The requirement a clause states: "Orders in 365 days ≥ 8". */
export function clauseText(ctx, clause) {
  const label = factLabel(clause.path);
  if (clause.operator === "$exists") return t(clause.expected ? "clause.exists" : "clause.not_exists", { fact: label });
  const symbol = SYMBOLS[clause.operator] ?? tOr(`op.${clause.operator}`, clause.operator);
  return `${label} ${symbol} ${clauseValue(ctx, clause.path, clause.expected)}`;
}

/** A clause with what the engine saw: ✓/✗, the requirement and the actual value. */
export function clauseChip(ctx, clause) {
  const actual = clause.missing ? t("clause.missing") : clauseValue(ctx, clause.path, clause.actual);
  return h("li", { class: ["clause-chip", clause.held ? "held" : "failed"], title: clause.path, dataset: { path: clause.path } },
    h("span", { class: "mark", "aria-hidden": "true" }, clause.held ? "✓" : "✗"),
    h("span", { class: "visually-hidden" }, clause.held ? t("clause.held") : t("clause.failed")),
    h("span", { class: "req" }, clauseText(ctx, clause)),
    h("span", { class: "actual" }, t("clause.actual", { value: actual })));
}

export function clauseList(ctx, clauses, extraClass) {
  if (!clauses?.length) return null;
  return h("ul", { class: ["clause-list", extraClass] }, clauses.map((clause) => clauseChip(ctx, clause)));
}

/** A tier as a coloured chip, by rank. */
export function tierChip(ctx, tier, extra) {
  if (!tier) return h("span", { class: "chip" }, "—");
  return h("span", { class: ["tier-chip", `rank-${Math.min(tier.rank ?? 0, 3)}`], dataset: { tier: tier.id } },
    h("span", { class: "tier-dot", "aria-hidden": "true" }), localized(tier.name, ctx.locales()) || tier.id, extra ?? null);
}

/** A labelled number. */
export function stat(label, value, { id, raw, note, tone } = {}) {
  return h("div", { class: ["stat", tone && `tone-${tone}`], id, dataset: raw === undefined ? {} : { value: JSON.stringify(raw) } },
    h("span", { class: "stat-label" }, label),
    h("span", { class: "stat-value" }, value),
    note ? h("span", { class: "stat-note" }, note) : null);
}

/**
 * A progress bar with role="progressbar": `ratio` 0..1 filled, an optional `marker` 0..1
 * (the pace projection) drawn as a tick.
 */
export function progressBar({ ratio, marker, label, valueText, tone, id }) {
  const clamped = Math.max(0, Math.min(1, ratio ?? 0));
  const markerAt = marker === undefined || marker === null ? null : Math.max(0, Math.min(1, marker));
  return h("div", {
    class: ["bar", tone && `tone-${tone}`], role: "progressbar", "aria-label": label, id,
    "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(Math.round(clamped * 1000) / 10), "aria-valuetext": valueText,
  },
  h("span", { class: "bar-fill", style: { width: `${clamped * 100}%` } }),
  markerAt !== null && markerAt > clamped ? h("span", { class: "bar-projection", style: { left: `${clamped * 100}%`, width: `${(markerAt - clamped) * 100}%` } }) : null,
  markerAt !== null ? h("span", { class: "bar-marker", style: { left: `${markerAt * 100}%` } }) : null);
}

export function empty(text) {
  return h("p", { class: "empty-note" }, text);
}

/** A metric's value in its unit: money, orders, points or a counter. */
export function metricValue(ctx, metric, value) {
  if (metric === "spend") return ctx.fmt.money(value);
  if (metric === "points_earned") return t("unit.points_n", { n: ctx.fmt.points(value) });
  if (metric === "orders") return t("unit.orders_n", { n: ctx.fmt.number(value) });
  return ctx.fmt.number(value);
}

export function metricName(metric) {
  if (metric.metric === "counter") return t("metric.counter", { name: metric.counter });
  return t(`metric.${metric.metric}`);
}
