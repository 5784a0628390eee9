// Next-best-offers on the chosen surface: the ranked offers with the clauses that made them
// eligible and their score, then every offer not shown with the first reason and a hint.
import { h } from "../dom.js";
import { t, tOr, localized } from "../i18n.js";
import { clauseList, clauseValue, empty, factLabel } from "./common.js";

export function offersPanel(ctx, result) {
  if (!result) return empty(t("offers.unavailable"));
  const fmt = ctx.fmt;
  const titleOf = (id) => {
    const offer = (ctx.resultProgram.offers ?? []).find((o) => o?.id === id);
    return localized(offer?.title, ctx.locales()) || id;
  };
  const shown = result.offers.length
    ? h("ol", { class: "offer-list", id: "offers-shown" }, result.offers.map((offer) => {
      const score = offer.score;
      return h("li", { class: "offer", dataset: { offer: offer.id, rank: String(offer.rank), score: String(score.score) } },
        h("span", { class: "rank", "aria-hidden": "true" }, String(offer.rank)),
        h("div", { class: "offer-main" },
          h("div", { class: "offer-line" },
            h("strong", { class: "offer-name" }, localized(offer.title, ctx.locales()) || offer.id),
            h("span", { class: ["chip", offer.purpose === "service" ? "chip-service" : "chip-marketing"] }, tOr(`purpose.${offer.purpose}`, offer.purpose)),
            h("span", { class: "chip chip-soft" }, tOr(`kind.${offer.kind}`, offer.kind)),
            offer.experiment ? h("span", { class: "chip chip-info" }, t("offers.arm", { experiment: offer.experiment.experiment, arm: offer.experiment.arm })) : null),
          offer.body && Object.keys(offer.body).length ? h("p", { class: "offer-body-text" }, localized(offer.body, ctx.locales())) : null,
          h("p", { class: "score-line small" },
            h("span", { class: "muted" }, `${t("offers.score")} `),
            h("strong", {}, fmt.number(score.score)),
            h("span", { class: "muted" }, ` = ${t("offers.propensity_short")} ${fmt.bp(score.propensity_bp)} × ${t("offers.value_short")} ${fmt.money(score.value)}`
              + `${score.kind_weight_bp !== 10000 || score.purpose_weight_bp !== 10000 ? ` × ${t("offers.weight_short")} ${fmt.times(score.kind_weight_bp * score.purpose_weight_bp / 10000)}` : ""}`
              + `${score.lever_bp !== 10000 ? ` × ${t("offers.lever_short")} ${fmt.times(score.lever_bp)}` : ""}`
              + `${score.score_mode === "net" ? ` − ${t("offers.cost_short")} ${fmt.money(score.cost)}` : ""}`),
            score.boosts.length ? h("span", { class: "muted" }, ` · ${t("offers.boosted", { from: fmt.bp(score.base_propensity_bp), to: fmt.bp(score.propensity_bp) })}`) : null),
          offer.reasons.length
            ? h("details", { class: "why" }, h("summary", {}, t("offers.why_shown", { n: offer.reasons.length })), clauseList(ctx, offer.reasons))
            : h("p", { class: "muted small" }, t("offers.always_eligible"))));
    }))
    : empty(t("offers.none_shown"));

  const suppressed = result.suppressed.length ? h("div", { class: "suppressed" },
    h("h3", { class: "label-heading" }, t("offers.not_shown", { n: result.suppressed.length })),
    h("ul", { class: "suppressed-list", id: "offers-suppressed" }, result.suppressed.map((item) => h("li", { class: "suppressed-item", dataset: { offer: item.id, reason: item.reason } },
      h("div", { class: "offer-line" },
        h("span", { class: "offer-name" }, titleOf(item.id)),
        h("span", { class: ["chip", `reason-${item.reason}`] }, tOr(`why.${item.reason}`, item.reason))),
      whyNot(ctx, item))))) : null;

  const experiments = result.experiments?.length
    ? h("p", { class: "muted small", id: "offers-experiments" }, result.experiments.map((e) => (e.in_experiment
      ? t("offers.assignment", { experiment: e.experiment, arm: e.arm, bucket: fmt.number(e.bucket) }) + (e.holdout ? ` (${t("offers.holdout")})` : "")
      : t("offers.not_in", { experiment: e.experiment }))).join(" · "))
    : null;

  return h("div", { class: "offers-panel", dataset: { surface: result.surface } }, shown, experiments, suppressed);
}

/** The detail of a suppression reason, in words. */
function whyNot(ctx, item) {
  const fmt = ctx.fmt;
  switch (item.reason) {
    case "ineligible":
      return h("div", {},
        clauseList(ctx, item.clauses, "compact"),
        item.hint ? h("p", { class: "hint small" }, t(item.hint.operator.startsWith("$g") ? "hint.more" : "hint.less", {
          fact: factLabel(item.hint.path), n: clauseValue(ctx, item.hint.path, item.hint.missing)
        })) : null);
    case "wrong_surface":
      return detail(t("whynot.wrong_surface", { purpose: tOr(`purpose.${item.purpose}`, item.purpose), allowed: item.allowed.map((p) => tOr(`purpose.${p}`, p)).join(", ") }));
    case "channel_not_allowed":
      return detail(t("whynot.channel", { channel: tOr(`channel.${item.channel}`, item.channel), channels: item.channels.map((c) => tOr(`channel.${c}`, c)).join(", ") }));
    case "not_yet_valid":
      return detail(t("whynot.not_yet_valid", { date: item.valid_from }));
    case "expired":
      return detail(t("whynot.expired", { date: item.valid_until }));
    case "no_consent":
      return detail(t("whynot.no_consent", { consent: tOr(`consent.${item.consent}`, item.consent) }));
    case "lifetime_limit":
      return detail(t("whynot.lifetime", { n: item.redemptions, max: item.max_redemptions }));
    case "cooldown":
      return detail(t("whynot.cooldown", { date: fmt.date(item.last_redeemed), days: item.cooldown_days, free: fmt.date(item.frees_on) }));
    case "frequency_capped":
      return detail(t("whynot.capped", { n: item.impressions, max: item.max_impressions, days: item.per_days, free: fmt.date(item.frees_on) }));
    case "holdout":
      return detail(t("whynot.holdout", { experiment: item.experiment ?? "" }));
    case "other_arm":
      return detail(t("whynot.other_arm", { experiment: item.experiment, arm: item.arm }));
    case "not_in_experiment":
      return detail(t("whynot.not_in_experiment", { experiment: item.experiment ?? "" }));
    case "group_taken":
      return detail(t("whynot.group_taken", { group: item.group, by: item.by }));
    case "outranked":
      return detail(t("whynot.outranked", { rank: item.rank, score: fmt.number(item.score?.score) }));
    case "unprofitable":
      return detail(t("whynot.unprofitable", { score: fmt.number(item.score?.score) }));
    case "channel_opt_out":
      return detail(t("plan.opt_out", { consent: item.consent }));
    case "channel_audience":
      return detail(t("plan.audience"));
    case "contact_capped":
      return detail(t("plan.capped", { cap: item.cap, contacts: item.contacts, max: item.max, days: item.per_days, date: item.frees_on ? fmt.date(item.frees_on) : "—" }));
    case "quiet_hours":
      return detail(t("plan.quiet", { time: `${item.frees_at.slice(0, 10)} ${item.frees_at.slice(11, 16)}` }));
    default:
      return null;
  }
}

function detail(text) {
  return h("p", { class: "muted small" }, text);
}
