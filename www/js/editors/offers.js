// The offers editor: one collapsible card per offer with its texts, purpose and kind,
// channels, the eligibility condition builder, value, cost, propensity and its boosts, the
// lever, the group, frequency caps, consent and the experiment arms that see it.
import { h, uid } from "../dom.js";
import { get } from "../pointer.js";
import { t, tOr, localized } from "../i18n.js";
import { conditionBuilder } from "./builder.js";
import { button, intField, localeFields, moneyField, percentField, row, section, selectField, textField, timesField } from "./fields.js";

const KINDS = ["coupon", "points_bonus", "gift", "service_notice", "content"];
const CHANNELS = ["web", "app", "mini_program", "sms", "email", "push", "phone"];

export function offersEditor(ctx) {
  const offers = Array.isArray(ctx.program.offers) ? ctx.program.offers : [];
  const add = button(t("offers.add"), () => {
    const id = uniqueId(offers.map((o) => o?.id), "offer");
    offers.push({
      id, title: Object.fromEntries(ctx.locales().map((locale) => [locale, t("offers.new_title")])), kind: "coupon", purpose: "marketing",
      channels: ["web", "app", "mini_program"], value: 1000, propensity: 2000,
    });
    ctx.ui.openOffers.add(id);
    ctx.update("/offers", offers, { structural: true });
  }, { kind: "primary" });
  return h("div", { class: "editor-body" },
    section(t("offers.catalog"),
      h("p", { class: "muted small" }, t("offers.catalog_hint")),
      offers.map((offer, index) => offerCard(ctx, offer, index, offers)),
      add));
}

function offerCard(ctx, offer, index, offers) {
  const base = `/offers/${index}`;
  const id = offer?.id ?? String(index);
  const details = h("details", { class: "offer-card", open: ctx.ui.openOffers.has(id), dataset: { path: base, offer: id } });
  details.addEventListener("toggle", () => {
    if (details.open) ctx.ui.openOffers.add(id);
    else ctx.ui.openOffers.delete(id);
    if (details.open && details.childElementCount === 1) {
      details.append(offerBody(ctx, offer, index, offers));
      ctx.afterRender();
    }
  });
  const purpose = offer?.purpose;
  details.append(h("summary", {},
    h("span", { class: "offer-title" }, localized(offer?.title, ctx.locales()) || id),
    h("span", { class: ["chip", purpose === "service" ? "chip-service" : "chip-marketing"] }, tOr(`purpose.${purpose}`, String(purpose))),
    h("span", { class: "chip" }, tOr(`kind.${offer?.kind}`, String(offer?.kind))),
    h("code", { class: "muted small" }, id)));
  if (details.open) details.append(offerBody(ctx, offer, index, offers));
  return details;
}

function offerBody(ctx, offer, index, offers) {
  const base = `/offers/${index}`;
  const experiments = Array.isArray(ctx.program.experiments) ? ctx.program.experiments : [];
  const experimentKey = offer?.experiment?.key;
  const experiment = experiments.find((e) => e?.key === experimentKey);
  const boosts = Array.isArray(offer?.boosts) ? offer.boosts : [];
  return h("div", { class: "offer-body" },
    row(textField(ctx, `${base}/id`, t("field.id"), { mono: true }), textField(ctx, `${base}/group`, t("offers.group"), { optional: true, mono: true, hint: t("offers.group_hint") })),
    localeFields(ctx, `${base}/title`, t("offers.title")),
    localeFields(ctx, `${base}/body`, t("offers.body"), { multiline: true, optional: true }),
    row(
      selectField(ctx, `${base}/purpose`, t("offers.purpose"), [["marketing", t("purpose.marketing")], ["service", t("purpose.service")]], { structural: true }),
      selectField(ctx, `${base}/kind`, t("offers.kind"), KINDS.map((kind) => [kind, t(`kind.${kind}`)]), { structural: true }),
      selectField(ctx, `${base}/requires_consent`, t("offers.consent"), [["true", t("consent.required")], ["false", t("consent.not_required")]], {
        optional: true, emptyLabel: t("consent.default"), parse: (value) => value === "true", span: true,
      })),
    channelChecks(ctx, `${base}/channels`),
    conditionBuilder(ctx, `${base}/eligibility`, { label: t("offers.eligibility") }),
    section(t("offers.ranking"),
      h("p", { class: "muted small" }, t("offers.score_formula")),
      row(
        moneyField(ctx, `${base}/value`, t("offers.value"), { optional: true }),
        moneyField(ctx, `${base}/cost`, t("offers.cost"), { optional: true }),
        percentField(ctx, `${base}/propensity`, t("offers.propensity"), { optional: true }),
        timesField(ctx, `${base}/lever`, t("offers.lever"))),
      boosts.map((boost, b) => h("fieldset", { class: "card-lite boost", dataset: { path: `${base}/boosts/${b}` } },
        h("legend", {}, t("offers.boost_n", { n: b + 1 })),
        conditionBuilder(ctx, `${base}/boosts/${b}/when`, { label: t("offers.boost_when"), optional: false }),
        row(
          "add_bp" in (boost ?? {})
            ? percentField(ctx, `${base}/boosts/${b}/add_bp`, t("offers.boost_add"))
            : timesField(ctx, `${base}/boosts/${b}/multiply_bp`, t("offers.boost_multiply"), { optional: false }),
          button(t("action.remove"), () => {
            boosts.splice(b, 1);
            ctx.update(`${base}/boosts`, boosts.length ? boosts : undefined, { structural: true });
          }, { kind: "ghost small" })))),
      button(t("offers.add_boost"), () => {
        ctx.update(`${base}/boosts`, [...boosts, { when: { check_in_streak: { $gte: 3 } }, multiply_bp: 15000 }], { structural: true });
      }, { kind: "ghost small" })),
    section(t("offers.frequency"),
      row(
        intField(ctx, `${base}/frequency/max_impressions`, t("freq.max_impressions"), { optional: true, min: 0 }),
        intField(ctx, `${base}/frequency/per_days`, t("freq.per_days"), { optional: true, min: 0, suffix: t("unit.days") }),
        intField(ctx, `${base}/frequency/cooldown_days`, t("freq.cooldown_days"), { optional: true, min: 0, suffix: t("unit.days") }),
        intField(ctx, `${base}/frequency/max_redemptions`, t("freq.max_redemptions"), { optional: true, min: 0 }))),
    section(t("offers.validity"),
      row(
        textField(ctx, `${base}/valid_from`, t("offers.valid_from"), { optional: true, placeholder: "2026-11-01", mono: true }),
        textField(ctx, `${base}/valid_until`, t("offers.valid_until"), { optional: true, placeholder: "2026-12-31", mono: true }))),
    section(t("offers.experiment"),
      row(
        selectField(ctx, `${base}/experiment/key`, t("offers.experiment_key"), experiments.map((e) => [e.key, e.key]), {
          optional: true, span: true, emptyLabel: t("offers.no_experiment"),
          onChoose: (key) => ctx.update(`${base}/experiment`, key ? { key, arms: [] } : undefined, { structural: true }),
        }),
        experiment ? armChecks(ctx, `${base}/experiment/arms`, experiment) : null)),
    h("div", { class: "card-actions" },
      button(t("action.duplicate"), () => {
        const copy = structuredClone(offer);
        copy.id = uniqueId(offers.map((o) => o?.id), `${offer?.id ?? "offer"}_copy`);
        offers.splice(index + 1, 0, copy);
        ctx.ui.openOffers.add(copy.id);
        ctx.update("/offers", offers, { structural: true });
      }),
      button(t("offers.remove"), () => {
        offers.splice(index, 1);
        ctx.update("/offers", offers, { structural: true });
      }, { kind: "danger" })));
}

function channelChecks(ctx, path) {
  const chosen = new Set(get(ctx.program, path) ?? []);
  const all = [...new Set([...CHANNELS, ...chosen])];
  return h("fieldset", { class: "field checks wide", dataset: { path } },
    h("legend", { class: "field-label" }, t("offers.channels")),
    all.map((channel) => {
      const input = h("input", { type: "checkbox", id: uid("f"), checked: chosen.has(channel) });
      input.addEventListener("change", () => {
        if (input.checked) chosen.add(channel);
        else chosen.delete(channel);
        ctx.update(path, all.filter((c) => chosen.has(c)));
      });
      return h("span", { class: "check" }, input, h("label", { for: input.id }, tOr(`channel.${channel}`, channel)));
    }),
    h("p", { class: "field-error" }));
}

function armChecks(ctx, path, experiment) {
  const chosen = new Set(get(ctx.program, path) ?? []);
  const arms = (experiment.arms ?? []).filter((arm) => !arm.holdout);
  return h("fieldset", { class: "field checks", dataset: { path } },
    h("legend", { class: "field-label" }, t("offers.arms")),
    arms.map((arm) => {
      const input = h("input", { type: "checkbox", id: uid("f"), checked: chosen.has(arm.id) });
      input.addEventListener("change", () => {
        if (input.checked) chosen.add(arm.id);
        else chosen.delete(arm.id);
        ctx.update(path, arms.map((a) => a.id).filter((a) => chosen.has(a)));
      });
      return h("span", { class: "check" }, input, h("label", { for: input.id }, `${arm.id} · ${ctx.fmt.bp(arm.weight ?? 0)}`));
    }),
    h("p", { class: "field-hint" }, t("offers.holdout_hint")));
}

function uniqueId(existing, stem) {
  if (!existing.includes(stem)) return stem;
  let n = 2;
  while (existing.includes(`${stem}_${n}`)) n += 1;
  return `${stem}_${n}`;
}

