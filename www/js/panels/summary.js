// The member at a glance: who, which tier (as computed), segment, badges and key numbers.
import { h } from "../dom.js";
import { t, localized } from "../i18n.js";
import { stat, tierChip } from "./common.js";
import { badgeIcon } from "./scores.js";

export function summaryPanel(ctx, page, persona) {
  const fmt = ctx.fmt;
  const facts = page.facts;
  const segment = page.scores?.segment;
  const tags = page.scores?.tags ?? [];
  return h("div", { class: "summary" },
    h("div", { class: "who" },
      h("h2", { id: "member-name" }, localized(persona.name, ctx.locales())),
      h("p", { class: "muted small" }, h("code", {}, facts.member_id), ` · ${t("summary.as_of", { date: fmt.date(facts.today), weekday: fmt.weekday(facts.today) })}`,
        ctx.isEdited() ? h("span", { class: "chip chip-warn small" }, t("summary.edited")) : null),
      h("div", { class: "chip-row" },
        page.tier ? tierChip(ctx, page.tier.current) : null,
        segment ? h("span", { class: "chip chip-accent", id: "summary-segment", dataset: { segment: segment.id } }, localized(segment.name, ctx.locales()) || segment.id) : null,
        tags.map((tag) => h("span", { class: ["chip", tag.badge ? "chip-badge" : "chip-soft"], dataset: { tag: tag.id } }, tag.badge ? badgeIcon() : null, localized(tag.name, ctx.locales()) || tag.id)))),
    h("div", { class: "stats" },
      stat(t("summary.points"), fmt.points(facts.points_balance), { id: "summary-points", raw: facts.points_balance }),
      stat(t("summary.spend_365d"), fmt.money(facts.spend_365d), { id: "summary-spend", raw: facts.spend_365d }),
      stat(t("summary.orders_365d"), fmt.number(facts.orders_365d), { id: "summary-orders", raw: facts.orders_365d }),
      stat(t("summary.last_order"), facts.days_since_last_order === null ? t("summary.never") : t("summary.days_ago", { n: facts.days_since_last_order }), { raw: facts.days_since_last_order })));
}
