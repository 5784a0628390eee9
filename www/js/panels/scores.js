// Who the member is: segment with the clauses that put them there and why earlier segments
// did not match, tags and honour badges, RFM scores, BG/NBD and CLV numbers, churn signals.
import { h } from "../dom.js";
import { t, tOr, localized } from "../i18n.js";
import { clauseList, empty, stat } from "./common.js";

export function scoresPanel(ctx, scores) {
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

  return h("div", { class: "scores-panel" },
    h("div", { class: "two-col" }, segmentBox, tagsBox),
    h("div", { class: "two-col" }, rfmBox, h("div", {}, h("h3", { class: "label-heading" }, t("scores.models")), models, signals)));
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
