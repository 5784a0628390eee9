// The member's points: available, pending and expiring (with dates), what can be redeemed now
// or once this cart's points are usable, the next reward, and how else to earn this period.
import { h } from "../dom.js";
import { t, tOr, localized } from "../i18n.js";
import { empty, progressBar, stat } from "./common.js";

export function balancePanel(ctx, points) {
  if (!points) return empty(t("points.not_configured"));
  const fmt = ctx.fmt;
  const { balance, redemption, activities } = points;
  const stats = h("div", { class: "stats" },
    stat(t("balance.available"), fmt.points(balance.available), { id: "balance-available", raw: balance.available }),
    stat(t("balance.pending"), fmt.points(balance.pending), { id: "balance-pending", raw: balance.pending }),
    stat(t("balance.after_cart"), fmt.points(balance.available_after_cart), {
      id: "balance-after-cart", raw: balance.available_after_cart, note: points.available_at ? t("balance.on", { date: fmt.date(points.available_at) }) : null,
    }),
    stat(t("balance.expiring"), fmt.points(balance.expiring_total), {
      id: "balance-expiring", raw: balance.expiring_total, tone: balance.expiring_total > 0 ? "warn" : null,
      note: t("balance.within", { n: balance.expiry_warning_days }),
    }));

  const expiring = balance.expiring.length
    ? h("ul", { class: "expiry-list", id: "expiring-list" }, balance.expiring.map((lot) => h("li", { class: "tone-warn", dataset: { date: lot.date, points: String(lot.points) } },
      h("strong", {}, t("unit.points_n", { n: fmt.points(lot.points) })),
      ` ${t("balance.expire_on", { date: fmt.date(lot.date) })} `,
      h("span", { class: "chip chip-warn" }, lot.days_left === 0 ? t("balance.last_day") : t("balance.days_left", { n: lot.days_left })))))
    : h("p", { class: "muted small", id: "expiring-list" }, balance.next_expiry
      ? t("balance.next_expiry", { n: fmt.points(balance.next_expiry.points), date: fmt.date(balance.next_expiry.date) })
      : t("balance.nothing_expires"));

  const pending = balance.pending_lots?.length
    ? h("p", { class: "muted small" }, balance.pending_lots.map((lot) => t("balance.pending_lot", { n: fmt.points(lot.points), date: fmt.date(lot.date) })).join(" · "))
    : null;

  const next = redemption.next_reward;
  const nextReward = next ? redemption.rewards.find((reward) => reward.id === next.id) : null;
  const nextBox = next ? h("div", { class: "callout tone-info", id: "next-reward", dataset: { reward: next.id, missingNow: String(next.missing_now), missingAfterCart: String(next.missing_after_cart) } },
    h("p", {}, next.missing_after_cart === 0
      ? t("reward.unlocked_by_cart", { reward: localized(nextReward?.name, ctx.locales()) || next.id })
      : t("reward.next", { reward: localized(nextReward?.name, ctx.locales()) || next.id, n: fmt.points(next.missing_now) })),
    progressBar({
      ratio: (next.points - next.missing_now) / next.points, marker: (next.points - next.missing_after_cart) / next.points,
      label: t("reward.progress_label"), valueText: t("reward.progress_text", { have: fmt.points(next.points - next.missing_now), need: fmt.points(next.points) }), tone: "accent",
    })) : null;

  const rewards = h("ul", { class: "reward-list", id: "reward-list" }, redemption.rewards.map((reward) => {
    const state = reward.tier_restricted ? "restricted" : reward.affordable_now ? "now" : reward.affordable_after_cart ? "after" : "missing";
    return h("li", { class: ["reward", `reward-${state}`], dataset: { reward: reward.id, state } },
      h("span", { class: "reward-name" }, localized(reward.name, ctx.locales()) || reward.id),
      h("span", { class: "reward-cost" }, t("unit.points_n", { n: fmt.points(reward.points) }), reward.cash ? ` + ${fmt.money(reward.cash)}` : ""),
      h("span", { class: ["chip", state === "now" ? "chip-good" : state === "after" ? "chip-info" : "chip-soft"] },
        state === "now" ? t("reward.now") : state === "after" ? t("reward.after") : state === "restricted"
          ? t("reward.restricted", { tiers: reward.tiers.map((id) => ctx.tierName(id)).join(" / ") })
          : t("reward.missing", { n: fmt.points(reward.missing_now) })),
      reward.expiring_points_saved ? h("span", { class: "muted small" }, t("reward.saves_expiring", { n: fmt.points(reward.expiring_points_saved) })) : null);
  }));

  const earn = activities.length ? h("ul", { class: "activity-list" }, activities.map((activity) => h("li", { class: ["activity", !activity.can_earn_now && "done"], dataset: { activity: activity.id } },
    h("div", {},
      h("strong", {}, localized(activity.name, ctx.locales()) || activity.id),
      h("span", { class: "muted small" }, ` · ${t("activity.each", { n: fmt.points(activity.points) })}`),
      activity.how && Object.keys(activity.how).length ? h("p", { class: "muted small" }, localized(activity.how, ctx.locales())) : null),
    h("div", { class: "activity-state" },
      activity.remaining === null
        ? h("span", { class: "chip chip-soft" }, t("activity.unlimited"))
        : h("span", { class: ["chip", activity.remaining > 0 ? "chip-info" : "chip-soft"] }, t("activity.remaining", { n: activity.remaining, per: tOr(`per.${activity.allowance?.per}`, activity.allowance?.per ?? ""), points: fmt.points(activity.points_available ?? 0) })),
      activity.streak ? h("span", { class: "muted small" }, t("activity.streak", { current: activity.streak.current, more: activity.streak.check_ins_to_bonus, date: fmt.date(activity.streak.bonus_on), points: fmt.points(activity.streak.points) })) : null)))) : null;

  return h("div", { class: "balance-panel" },
    stats, h("h3", { class: "label-heading" }, t("balance.expiry")), expiring, pending,
    h("h3", { class: "label-heading" }, t("reward.title")), nextBox, rewards,
    earn ? h("h3", { class: "label-heading" }, t("activity.title")) : null, earn);
}
