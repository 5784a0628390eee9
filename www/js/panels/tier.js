// Tier progress: the tier the member has, the next one, each threshold with a progress bar
// and the pace projection, the deadline, whether the current tier is kept, and what the next
// tier adds.
import { h } from "../dom.js";
import { t, tOr, localized } from "../i18n.js";
import { empty, metricName, metricValue, progressBar, tierChip } from "./common.js";

export function tierPanel(ctx, tier) {
  if (!tier) return empty(t("tier.none"));
  const { current, next, window, requalification } = tier;
  const fmt = ctx.fmt;
  const nextName = next ? localized(next.name, ctx.locales()) || next.id : null;

  const head = h("div", { class: "tier-head" },
    tierChip(ctx, current),
    next ? h("span", { class: "arrow", "aria-hidden": "true" }, "→") : null,
    next ? tierChip(ctx, next) : h("span", { class: "chip chip-good" }, t("tier.top")),
    current.change && current.change !== "unchanged"
      ? h("span", { class: ["chip", current.change === "upgraded" ? "chip-good" : "chip-warn"] }, t(`tier.change.${current.change}`, { from: ctx.tierName(current.snapshot_tier) ?? "—" }))
      : null);
  const ladder = tierLadder(ctx, current, next);

  const validity = h("p", { class: "muted small", id: "tier-validity" },
    current.valid_until ? t("tier.valid_until", { date: fmt.date(current.valid_until) }) : t("tier.valid_unknown"),
    current.since ? ` · ${t("tier.since", { date: fmt.date(current.since) })}` : "",
    ` · ${tOr(`standing.${current.standing}`, current.standing)}`);

  let progress = null;
  if (next) {
    const pct = fmt.ratio(next.progress);
    progress = h("div", { class: "tier-progress", id: "tier-next", dataset: { tier: next.id, progress: String(next.progress) } },
      h("div", { class: "overall" },
        h("span", { class: "big-number" }, pct),
        h("span", { class: "muted" }, t(next.combine === "all" ? "tier.progress_all" : "tier.progress_any", { tier: nextName })),
        h("span", { class: ["chip", next.on_pace ? "chip-good" : "chip-warn"] }, t(next.on_pace ? "tier.on_pace" : "tier.not_on_pace"))),
      progressBar({ ratio: next.progress, label: t("tier.progress_label", { tier: nextName }), valueText: t("tier.progress_text", { pct, tier: nextName }), tone: "accent", id: "tier-overall-bar" }),
      h("ul", { class: "metrics" }, next.metrics.map((metric) => metricRow(ctx, metric, window))));
  }

  const deadline = window.deadline
    ? h("p", { class: "deadline", id: "tier-deadline", dataset: { daysLeft: String(window.days_left), deadline: window.deadline } },
      h("strong", {}, t("tier.days_left", { n: fmt.number(window.days_left) })),
      " ", t("tier.deadline", { date: fmt.date(window.deadline), window: tOr(`window.${window.kind}`, window.kind) }),
      h("span", { class: "muted" }, ` · ${t("tier.elapsed", { elapsed: window.elapsed_days, days: window.days })}`))
    : h("p", { class: "deadline", id: "tier-deadline", dataset: { daysLeft: "null" } }, t("tier.rolling", { window: tOr(`window.${window.kind}`, window.kind) }));

  const accelerations = (tier.accelerations ?? []).filter((a) => a.window || a.added_spend > 0 || a.added_orders > 0);
  const acceleration = accelerations.length ? h("ul", { class: "notes", id: "tier-accelerations" }, accelerations.map((a) => {
    const name = localized(a.name, ctx.locales()) || a.id;
    return h("li", { dataset: { acceleration: a.id, active: String(a.active_today) } },
      a.window ? t(a.active_today ? "tier.acceleration_active" : "tier.acceleration_upcoming", { name, factor: fmt.number(a.factor), date: fmt.date(a.active_today ? a.window.to : a.window.from) }) : name,
      " ", t("tier.acceleration_added", { spend: fmt.money(a.added_spend), orders: fmt.number(a.added_orders) }));
  })) : null;

  return h("div", { class: "tier-panel" },
    head, validity, ladder, progress, deadline, acceleration,
    requalification ? requalBox(ctx, current, requalification) : null,
    next?.benefits_added?.length
      ? h("div", { class: "benefits" },
        h("h3", { class: "label-heading" }, t("tier.benefits_added", { tier: nextName })),
        h("ul", { class: "chip-list" }, next.benefits_added.map((benefit) => h("li", { class: "chip chip-soft" }, localized(benefit.name, ctx.locales()) || benefit.id))))
      : null);
}

function metricRow(ctx, metric, window) {
  const reached = metric.reached;
  const projectedRatio = metric.target > 0 ? metric.projected / metric.target : 0;
  const label = metricName(metric);
  return h("li", {
    class: "metric", dataset: {
      metric: metric.metric === "counter" ? `counter:${metric.counter}` : metric.metric,
      current: String(metric.current), target: String(metric.target), remaining: String(metric.remaining), projected: String(metric.projected), ratio: String(metric.ratio),
    },
  },
  h("div", { class: "metric-head" },
    h("span", { class: "metric-name" }, label),
    h("span", { class: "metric-values" },
      h("strong", { class: "metric-current" }, metricValue(ctx, metric.metric, metric.current)),
      h("span", { class: "muted" }, ` / ${metricValue(ctx, metric.metric, metric.target)}`)),
    h("span", { class: ["metric-remaining", reached && "good"] }, reached ? t("tier.reached") : t("tier.to_go", { value: metricValue(ctx, metric.metric, metric.remaining) }))),
  progressBar({
    ratio: metric.ratio, marker: projectedRatio, label: t("tier.metric_label", { metric: label }),
    valueText: t("tier.metric_text", { current: metricValue(ctx, metric.metric, metric.current), target: metricValue(ctx, metric.metric, metric.target) }),
    tone: reached ? "good" : "accent",
  }),
  window.deadline && !reached
    ? h("p", { class: "projection muted small" },
      t(metric.on_pace ? "tier.projection_ok" : "tier.projection_short", { value: metricValue(ctx, metric.metric, metric.projected), date: ctx.fmt.date(window.deadline) }))
    : null);
}

function requalBox(ctx, current, requal) {
  const fmt = ctx.fmt;
  const tierName = localized(current.name, ctx.locales()) || current.id;
  const remaining = requal.metrics.filter((metric) => !metric.reached).map((metric) => (metric.metric === "spend"
    ? t("requal.more_spend", { value: fmt.money(metric.remaining) })
    : metric.metric === "counter"
      ? t("requal.more_counter", { n: fmt.number(metric.remaining), name: metric.counter })
      : t(`requal.more_${metric.metric}`, { n: metric.remaining })));
  const tone = requal.status === "secured" ? "good" : requal.status === "on_track" ? "info" : "warn";
  return h("div", { class: ["requal", `tone-${tone}`], id: "tier-requal", dataset: { status: requal.status } },
    h("span", { class: ["chip", `chip-${tone}`] }, t(`requal.${requal.status}`)),
    h("p", {}, requal.status === "secured"
      ? t("requal.secured_text", { tier: tierName, date: fmt.date(requal.decided_on) })
      : t("requal.keep_text", {
        tier: tierName, what: remaining.join(requal.combine === "all" ? t("list.and") : t("list.or")), date: fmt.date(requal.window.end),
      })),
    requal.drops_to
      ? h("p", { class: "muted small" }, t("requal.drops", { tier: localized(requal.drops_to.name, ctx.locales()) || requal.drops_to.id, date: fmt.date(requal.drops_on) }))
      : null);
}

/** The program's tiers as a ladder: where the member is, what comes next, what each asks. */
function tierLadder(ctx, current, next) {
  const levels = Array.isArray(ctx.resultProgram.tiers?.levels) ? ctx.resultProgram.tiers.levels : [];
  if (levels.length < 2) return null;
  const combine = ctx.resultProgram.tiers?.combine ?? "any";
  return h("ol", { class: "ladder", id: "tier-ladder", "aria-label": t("tier.ladder") }, levels.map((level, rank) => {
    const reached = rank <= current.rank;
    const isCurrent = rank === current.rank;
    const isNext = next && rank === next.rank;
    const thresholds = Object.entries(level?.qualify ?? {}).flatMap(([metric, value]) => {
      if (metric === "counters") return Object.entries(value ?? {}).map(([name, n]) => `${name} ${ctx.fmt.number(n)}`);
      if (typeof value !== "number") return [];
      return [metric === "spend" ? ctx.fmt.moneyShort(value) : metricValue(ctx, metric, value)];
    });
    return h("li", {
      class: ["rung", `rank-${Math.min(rank, 3)}`, reached && "reached", isCurrent && "current", isNext && "next"],
      "aria-current": isCurrent ? "step" : null, dataset: { tier: level?.id ?? "" },
    },
    h("span", { class: "rung-dot", "aria-hidden": "true" }),
    h("span", { class: "rung-name" }, localized(level?.name, ctx.locales()) || level?.id),
    h("span", { class: "rung-note" }, isCurrent ? t("tier.you") : isNext ? t("tier.next") : ""),
    h("span", { class: "rung-rule" }, thresholds.length ? thresholds.join(t((level?.combine ?? combine) === "all" ? "list.and" : "list.or")) : t("tier.everyone")));
  }));
}
