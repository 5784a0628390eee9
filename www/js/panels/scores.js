// Who the member is: segment with the clauses that put them there and why earlier segments
// did not match, tags and honour badges, RFM scores, BG/NBD and CLV numbers, churn signals.
import { h } from "../dom.js";
import { t, tOr, localized } from "../i18n.js";
import { clauseList, clauseValue, empty, stat } from "./common.js";

export function scoresPanel(ctx, scores, facts) {
  if (!scores) return empty(t("scores.none"));
  const fmt = ctx.fmt;
  const segmentName = (id) => {
    const segment = (ctx.resultProgram.segments ?? []).find((s) => s?.id === id);
    return localized(segment?.name, ctx.locales()) || id;
  };
  const segment = scores.segment;
  const segmentBox = h("div", { class: "segment-box", id: "segment", dataset: { segment: segment?.id ?? "" } },
    h("h3", { class: "label-heading" }, t("scores.segment")),
    segment
      ? h("div", {},
        h("p", { class: "segment-name" }, h("span", { class: "chip chip-accent" }, localized(segment.name, ctx.locales()) || segment.id)),
        segment.because?.length ? h("div", {}, h("p", { class: "muted small" }, t("scores.because")), clauseList(ctx, segment.because)) : h("p", { class: "muted small" }, t("scores.default_segment")),
        segment.passed_over?.length ? h("details", { class: "why", open: true },
          h("summary", {}, t("scores.passed_over", { n: segment.passed_over.length })),
          h("ul", { class: "passed-over" }, segment.passed_over.map((passed) => h("li", { dataset: { segment: passed.id } },
            h("strong", {}, segmentName(passed.id)),
            clauseList(ctx, passed.failed, "compact"))))) : null)
      : h("p", { class: "muted" }, t("scores.no_segment")));

  const tags = scores.tags ?? [];
  const tagsBox = h("div", { class: "tags-box", id: "tags" },
    h("h3", { class: "label-heading" }, t("scores.tags")),
    tags.length ? h("ul", { class: "tag-list" }, tags.map((tag) => h("li", { dataset: { tag: tag.id } },
      h("span", { class: ["chip", tag.badge ? "chip-badge" : "chip-soft"] }, tag.badge ? badgeIcon() : null, localized(tag.name, ctx.locales()) || tag.id),
      clauseList(ctx, tag.because, "compact")))) : h("p", { class: "muted small" }, t("scores.no_tags")));

  const rfm = scores.rfm;
  const rfmBox = h("div", { class: "rfm-box" },
    h("h3", { class: "label-heading" }, t("scores.rfm")),
    rfm && rfm.r !== null ? h("div", { class: "rfm", id: "rfm", dataset: { cell: rfm.cell ?? "" } },
      rfmMeter(t("scores.r"), rfm.r, rfm.recency_days === null ? t("scores.no_orders") : t("scores.days_ago", { n: rfm.recency_days })),
      rfmMeter(t("scores.f"), rfm.f, t("unit.orders_n", { n: rfm.frequency })),
      rfmMeter(t("scores.m"), rfm.m, fmt.money(rfm.monetary))) : h("p", { class: "muted small" }, t("scores.no_breakpoints")));

  const churn = scores.churn;
  const risk = churn?.risk;
  const models = h("div", { class: "stats" },
    stat(t("scores.p_alive"), scores.p_alive === null ? "—" : fmt.ratio(scores.p_alive), { id: "score-p-alive", raw: scores.p_alive }),
    stat(t("scores.expected_orders"), scores.expected_orders_90d === null ? "—" : fmt.number(Math.round(scores.expected_orders_90d * 100) / 100), { raw: scores.expected_orders_90d }),
    stat(t("scores.expected_value"), scores.expected_order_value === null ? "—" : fmt.money(scores.expected_order_value), { raw: scores.expected_order_value }),
    stat(t("scores.clv"), scores.clv === null ? "—" : fmt.money(scores.clv), { id: "score-clv", raw: scores.clv }),
    stat(t("scores.churn_risk"), tOr(`risk.${risk}`, risk ?? "—"), { id: "score-churn", raw: risk, tone: risk === "high" ? "bad" : risk === "medium" ? "warn" : "good" }));
  const signals = churn ? h("p", { class: "muted small" },
    churn.signals.length ? t("scores.signals", { list: churn.signals.map((s) => tOr(`signal.${s}`, s)).join(", ") }) : t("scores.no_signals"),
    churn.frequency_change_bp !== null ? ` · ${t("scores.frequency_change", { pct: fmt.bp(churn.frequency_change_bp) })}` : "",
    churn.aov_change_bp !== null ? ` · ${t("scores.aov_change", { pct: fmt.bp(churn.aov_change_bp) })}` : "") : null;

  const marginNote = scores.clv_margin ? h("p", { class: "muted small", id: "clv-margin" },
    t("scores.clv_margin", { pct: fmt.bp(scores.clv_margin.margin_bp), revenue: fmt.money(scores.clv_margin.revenue_clv) })) : null;

  return h("div", { class: "scores-panel" },
    h("div", { class: "two-col" }, segmentBox, tagsBox),
    h("div", { class: "two-col" }, rfmBox, h("div", {}, h("h3", { class: "label-heading" }, t("scores.models")), models, signals, marginNote)),
    h("div", { class: "two-col" }, lifecycleBox(ctx, scores.lifecycle), valueScoreBox(ctx, scores.value_score)),
    monthlyBox(ctx, facts));
}

// The lifecycle stage, the rules that decided it and the stage that comes if nothing happens.
function lifecycleBox(ctx, lifecycle) {
  const box = h("div", { class: "lifecycle-box", id: "lifecycle", dataset: { stage: lifecycle?.stage ?? "" } }, h("h3", { class: "label-heading" }, t("scores.lifecycle")));
  if (!lifecycle) {
    box.append(h("p", { class: "muted small" }, t("scores.no_lifecycle")));
    return box;
  }
  const rule = (clause) => {
    const label = t(`measures.${clause.rule}`);
    const bounds = clause.min !== null && clause.max !== null ? `${clause.min}–${clause.max}` : clause.min !== null ? `≥ ${clause.min}` : `≤ ${clause.max}`;
    return h("li", {}, h("span", { class: "chip chip-soft" }, `${label} ${bounds} · ${t("scores.is", { value: clause.actual })}`));
  };
  const next = lifecycle.next;
  box.append(
    h("p", { class: "segment-name" }, h("span", { class: "chip chip-accent" }, localized(lifecycle.name, ctx.locales()) || lifecycle.stage || t("scores.no_stage"))),
    lifecycle.because.length ? h("ul", { class: ["clause-list", "compact"] }, lifecycle.because.map(rule)) : null,
    h("p", { class: "muted small", id: "lifecycle-next" }, next
      ? t("scores.next_stage", { stage: localized(next.name, ctx.locales()) || next.id, n: next.in_days, date: ctx.fmt.date(next.on) })
      : t("scores.stage_for_good")));
  return box;
}

// The value score as a meter, then every component: its fact, value, score and weight.
function valueScoreBox(ctx, valueScore) {
  const box = h("div", { class: "value-score-box", id: "value-score" }, h("h3", { class: "label-heading" }, t("scores.value_score")));
  if (!valueScore) {
    box.append(h("p", { class: "muted small" }, t("scores.no_value_score")));
    return box;
  }
  box.append(
    h("div", { role: "meter", class: "value-meter", "aria-label": t("scores.value_score"), "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(valueScore.score) },
      h("span", { class: "value-fill", style: { width: `${valueScore.score}%` } }), h("strong", {}, `${valueScore.score} / 100`)),
    h("table", { class: "components" },
      h("thead", {}, h("tr", {}, [t("scores.component"), t("scores.actual"), t("scores.score"), t("measures.weight")].map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, valueScore.components.map((component) => h("tr", { dataset: { component: component.id } },
        h("th", { scope: "row" }, localized(component.name, ctx.locales()) || component.id),
        h("td", {}, component.actual === null ? "—" : clauseValue(ctx, component.fact, component.actual)),
        h("td", {}, String(component.score)),
        h("td", {}, ctx.fmt.bp(component.weight_bp)))))));
  return box;
}

// Orders in each of the last 12 complete months, oldest left, and how many months fell.
function monthlyBox(ctx, facts) {
  const counts = Array.isArray(facts?.orders_by_month) ? [...facts.orders_by_month].reverse() : [];
  if (!counts.length) return null;
  const most = Math.max(1, ...counts);
  return h("div", { class: "monthly-box", id: "monthly-orders" },
    h("h3", { class: "label-heading" }, t("scores.monthly")),
    h("ol", { class: "month-bars", "aria-label": t("scores.monthly") }, counts.map((count, index) => h("li", { title: t("scores.months_ago", { n: counts.length - index, count }) },
      h("span", { class: "month-bar", style: { height: `${Math.round((count / most) * 100)}%` } }), h("span", { class: "month-count" }, String(count))))),
    h("p", { class: "muted small", id: "declining-months" }, facts.declining_months > 0 ? t("scores.declining", { n: facts.declining_months }) : t("scores.not_declining")));
}

function rfmMeter(label, score, note) {
  return h("div", { class: "rfm-meter", role: "meter", "aria-label": label, "aria-valuemin": "1", "aria-valuemax": "5", "aria-valuenow": String(score ?? 0), "aria-valuetext": `${score ?? "—"} / 5 · ${note}` },
    h("span", { class: "rfm-label" }, label),
    h("span", { class: "dots", "aria-hidden": "true" }, [1, 2, 3, 4, 5].map((n) => h("span", { class: ["dot", n <= (score ?? 0) && "on"] }))),
    h("span", { class: "rfm-score" }, String(score ?? "—")),
    h("span", { class: "muted small" }, note));
}

export function badgeIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "14");
  svg.setAttribute("height", "14");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "badge-icon");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M8 1l2.1 4.3 4.7.7-3.4 3.3.8 4.7L8 11.8 3.8 14l.8-4.7L1.2 6l4.7-.7z");
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}
