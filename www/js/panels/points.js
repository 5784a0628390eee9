// The points preview for the editable cart: total, when it becomes usable and expires, the
// rule-by-rule breakdown as a chart, line by line, and what the order does to the tier.
import { h } from "../dom.js";
import { t, tOr, localized } from "../i18n.js";
import { RULE_COLOURS, contributionChart, ruleName } from "./chart.js";
import { empty } from "./common.js";

export function pointsPanel(ctx, points) {
  if (!points) return empty(t("points.not_configured"));
  const fmt = ctx.fmt;
  const headline = h("div", { class: "points-headline" },
    h("div", {},
      h("span", { class: "big-number", id: "points-total", dataset: { value: String(points.total) } }, `+${fmt.points(points.total)}`),
      h("span", { class: "muted" }, ` ${t("unit.points")}`)),
    h("div", { class: "points-dates" },
      h("p", { id: "points-available-at", dataset: { value: points.available_at ?? "" } }, points.available_at ? t("points.usable_from", { date: fmt.date(points.available_at) }) : ""),
      h("p", { class: "muted", id: "points-expires-at", dataset: { value: points.expires_at ?? "" } }, points.expires_at ? t("points.expires", { date: fmt.date(points.expires_at) }) : t("points.never_expire"))));

  const notApplied = points.contributions.filter((c) => !c.applies);
  const capped = points.contributions.filter((c) => c.capped);
  const breakdown = h("div", { class: "breakdown" },
    h("h3", { class: "label-heading" }, t("points.breakdown")),
    points.total > 0 || points.contributions.some((c) => c.applies && c.requested > 0)
      ? contributionChart(ctx, points.contributions)
      : h("p", { class: "muted small" }, t("points.empty_cart")),
    capped.length ? h("ul", { class: "notes" }, capped.map((c) => h("li", {}, t("points.capped_note", {
      rule: ruleName(ctx, c), requested: fmt.points(c.requested), awarded: fmt.points(c.awarded),
      cap: c.cap ? tOr(`caps.${c.cap.kind}`, c.cap.kind) : "", limit: c.cap ? fmt.points(c.cap.limit) : "",
    })))) : null,
    notApplied.length ? h("ul", { class: "notes muted" }, notApplied.map((c) => h("li", { dataset: { rule: c.rule } },
      h("span", { class: "swatch", style: { background: RULE_COLOURS[c.kind] ?? "#6b7785" }, "aria-hidden": "true" }),
      `${ruleName(ctx, c)}: ${tOr(`reason.${c.reason}`, c.reason ?? "")}`))) : null);

  const lines = points.lines.length ? h("table", { class: "data lines-table", id: "points-lines" },
    h("caption", { class: "visually-hidden" }, t("points.lines")),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, t("cart.category")),
      h("th", { scope: "col", class: "num" }, t("points.line_amount")),
      h("th", { scope: "col", class: "num" }, t("points.line_coupon")),
      h("th", { scope: "col", class: "num" }, t("points.line_eligible")),
      h("th", { scope: "col", class: "num" }, t("points.line_base")))),
    h("tbody", {}, points.lines.map((line) => h("tr", { dataset: { index: String(line.index), eligible: String(line.eligible) } },
      h("td", {}, line.category ?? "—", line.reason ? h("span", { class: "chip chip-soft small" }, tOr(`line.${line.reason}`, line.reason)) : null),
      h("td", { class: "num" }, fmt.money(line.amount)),
      h("td", { class: "num" }, line.order_discount ? `−${fmt.money(line.order_discount)}` : "—"),
      h("td", { class: "num" }, fmt.money(line.eligible)),
      h("td", { class: "num" }, fmt.points(line.base)))))) : null;

  const after = points.tier_after_order;
  let tierNote = null;
  if (after && after.counts_as_order) {
    const before = localized(after.tier_before?.name, ctx.locales()) || after.tier_before?.id;
    const target = localized(after.tier_after?.name, ctx.locales()) || after.tier_after?.id;
    tierNote = h("p", { class: ["callout", after.changes_tier ? "tone-good" : "tone-info"], id: "points-tier-after", dataset: { tier: after.tier_after?.id ?? "" } },
      after.changes_tier ? t("points.order_upgrades", { tier: target })
        : after.secures_tier ? t("points.order_secures", { tier: before })
          : t("points.order_no_change", { spend: fmt.money(after.cart_spend), tier: before }));
  }

  const accelerated = after && after.accelerated_by
    ? h("p", { class: ["callout", "tone-info"], id: "points-tier-accelerated", dataset: { acceleration: after.accelerated_by } },
      t("points.order_accelerated", {
        campaign: accelerationName(ctx, after.progress, after.accelerated_by), factor: fmt.number(accelerationOf(after.progress, after.accelerated_by)?.factor ?? 1),
        spend: fmt.money(after.credited_spend), orders: fmt.number(after.credited_orders),
      }))
    : null;

  // Frequency rules: "this is order 5 this quarter: +200", "2 more orders for +200".
  const frequencies = points.contributions.filter((c) => c.frequency);
  const frequency = frequencies.length ? h("ul", { class: "notes", id: "points-frequency" }, frequencies.map((c) => {
    const f = c.frequency;
    const period = tOr(`per.${f.period}`, f.period);
    const reward = f.next_points !== null ? `+${fmt.points(f.next_points)}` : c.bp === 10000 ? t("points.double") : `+${fmt.bp(c.bp)}`;
    return h("li", { dataset: { rule: c.rule, ordersToNext: String(f.orders_to_next) } },
      c.applies ? t("points.frequency_hit", { rule: ruleName(ctx, c), n: f.order_number, period, points: fmt.points(c.awarded) }) : null,
      c.applies ? " " : null,
      t("points.frequency_next", { rule: ruleName(ctx, c), n: f.orders_to_next, reward }));
  })) : null;

  return h("div", { class: "points-panel" }, headline, tierNote, accelerated, frequency, breakdown, lines);
}

function accelerationOf(progress, id) {
  return progress?.accelerations?.find((a) => a.id === id);
}

function accelerationName(ctx, progress, id) {
  return localized(accelerationOf(progress, id)?.name, ctx.locales()) || id;
}
