// The earning-rules editor: rate, rounding, pending days, expiry, excluded categories, the
// bonus rules (tier, category, campaign, birthday month, n-th order, n-th order in a
// category, referral welcome) with their caps, activities and the rewards catalog.
import { h, uid } from "../dom.js";
import { get } from "../pointer.js";
import { t, localized } from "../i18n.js";
import { button, intField, listField, localeFields, moneyField, percentField, row, section, selectField, textField } from "./fields.js";

const BONUS_TEMPLATES = {
  tier: (ctx) => ({ bp_by_tier: Object.fromEntries(ctx.tierIds().map((id) => [id, 0])) }),
  category: () => ({ categories: ["tea"], bp: 10000 }),
  campaign: () => ({ day_of_month: 18, bp: 10000 }),
  birthday_month: () => ({ bp: 5000 }),
  nth_order: () => ({ every: 5, period: "quarter", points: 200 }),
  nth_category_order: () => ({ every: 3, period: "month", categories: ["tea"], bp: 10000 }),
  referral_welcome: () => ({ points: 300 }),
};

/** Bonus kinds that award fixed points rather than a percentage. */
const FIXED_POINTS = new Set(["nth_order", "referral_welcome"]);
const FREQUENCY = new Set(["nth_order", "nth_category_order"]);
const PERIODS = ["week", "month", "quarter", "year", "lifetime"];

export function pointsEditor(ctx) {
  const points = ctx.program.points;
  if (!points || typeof points !== "object") {
    return h("div", { class: "empty-state" },
      h("p", {}, t("points.none")),
      button(t("points.add_section"), () => ctx.update("/points", { rate: 1 }, { structural: true }), { kind: "primary" }));
  }
  const expiryKind = points.expiry?.kind ?? "never";
  const bonuses = Array.isArray(points.bonuses) ? points.bonuses : [];
  const activities = Array.isArray(points.activities) ? points.activities : [];
  const rewards = Array.isArray(points.rewards) ? points.rewards : [];

  const earning = section(t("points.earning"),
    row(
      rateField(ctx),
      selectField(ctx, "/points/rounding", t("points.rounding"), ["floor", "half_up", "ceil"].map((mode) => [mode, t(`rounding.${mode}`)]), { optional: true, emptyLabel: t("rounding.default") }),
      intField(ctx, "/points/pending_days", t("points.pending_days"), { optional: true, min: 0, max: 366, suffix: t("unit.days") }),
      intField(ctx, "/points/max_points_per_order", t("points.max_per_order"), { optional: true, min: 0 })),
    row(
      selectField(ctx, "/points/expiry/kind", t("points.expiry"), ["never", "months_after_earning", "end_of_year"].map((kind) => [kind, t(`expiry.${kind}`)]), {
        span: true,
        onChoose: (kind) => ctx.update("/points/expiry",
          kind === "months_after_earning" ? { kind, months: points.expiry?.months ?? 24 }
            : kind === "end_of_year" ? { kind, years_after: points.expiry?.years_after ?? 1 } : { kind }, { structural: true }),
      }),
      expiryKind === "months_after_earning" ? intField(ctx, "/points/expiry/months", t("points.expiry_months"), { min: 1, max: 600 }) : null,
      expiryKind === "end_of_year" ? intField(ctx, "/points/expiry/years_after", t("points.years_after"), { min: 0, max: 100 }) : null),
    row(
      listField(ctx, "/excluded_categories", t("points.excluded_program"), { optional: true, hint: t("points.excluded_program_hint"), list: "category-names" }),
      listField(ctx, "/points/excluded_categories", t("points.excluded_points"), { optional: true, list: "category-names" })));

  const bonusCards = bonuses.map((bonus, index) => bonusCard(ctx, bonus, index, bonuses));
  const addBonus = h("div", { class: "add-menu" },
    h("span", { class: "muted small" }, t("points.add_bonus")),
    Object.keys(BONUS_TEMPLATES).map((kind) => button(t(`bonus.${kind}`), () => {
      bonuses.push({ id: uniqueId(bonuses.map((b) => b?.id).concat(activities.map((a) => a?.id)), kind), kind, name: textFor(ctx, t(`bonus.${kind}`)), ...BONUS_TEMPLATES[kind](ctx) });
      ctx.update("/points/bonuses", bonuses, { structural: true });
    }, { kind: "ghost small" })));

  const activityCards = activities.map((activity, index) => {
    const base = `/points/activities/${index}`;
    return h("fieldset", { class: "card-lite", dataset: { path: base } },
      h("legend", {}, localized(activity?.name, ctx.locales()) || activity?.id || t("points.activity")),
      row(
        intField(ctx, `${base}/points`, t("points.points_each"), { min: 0 }),
        activity?.allowance ? intField(ctx, `${base}/allowance/count`, t("points.allowance"), { min: 0 }) : null,
        activity?.allowance ? selectField(ctx, `${base}/allowance/per`, t("points.per"), ["day", "week", "month", "year", "lifetime"].map((per) => [per, t(`per.${per}`)])) : null,
        activity?.streak ? intField(ctx, `${base}/streak/days`, t("points.streak_days"), { min: 2, max: 366 }) : null,
        activity?.streak ? intField(ctx, `${base}/streak/points`, t("points.streak_points"), { min: 0 }) : null));
  });

  const rewardCards = rewards.map((reward, index) => {
    const base = `/points/rewards/${index}`;
    return h("fieldset", { class: "card-lite", dataset: { path: base } },
      h("legend", {}, localized(reward?.name, ctx.locales()) || reward?.id || t("points.reward")),
      row(textField(ctx, `${base}/id`, t("field.id"), { mono: true }), localeFields(ctx, `${base}/name`, t("field.name"))),
      row(
        intField(ctx, `${base}/points`, t("points.reward_points"), { min: 1 }),
        moneyField(ctx, `${base}/cash`, t("points.reward_cash"), { optional: true }),
        tierChecks(ctx, `${base}/tiers`, t("points.reward_tiers"))),
      h("div", { class: "card-actions" }, button(t("action.remove"), () => {
        rewards.splice(index, 1);
        ctx.update("/points/rewards", rewards, { structural: true });
      }, { kind: "danger" })));
  });
  const addReward = button(t("points.add_reward"), () => {
    rewards.push({ id: uniqueId(rewards.map((r) => r?.id), "reward"), name: textFor(ctx, t("points.new_reward")), points: 1000 });
    ctx.update("/points/rewards", rewards, { structural: true });
  }, { kind: "ghost" });

  return h("div", { class: "editor-body" },
    earning,
    section(t("points.bonuses"), bonusCards, addBonus),
    section(t("points.activities"), activityCards),
    section(t("points.rewards"), rewardCards, addReward));
}

function bonusCard(ctx, bonus, index, bonuses) {
  const base = `/points/bonuses/${index}`;
  const kind = bonus?.kind;
  const windows = Array.isArray(bonus?.windows) ? bonus.windows : [];
  return h("fieldset", { class: "card-lite", dataset: { path: base } },
    h("legend", {}, localized(bonus?.name, ctx.locales()) || bonus?.id || t("points.bonus")),
    row(
      textField(ctx, `${base}/id`, t("field.id"), { mono: true }),
      selectField(ctx, `${base}/kind`, t("points.bonus_kind"), Object.keys(BONUS_TEMPLATES).map((k) => [k, t(`bonus.${k}`)]), {
        onChoose: (next) => ctx.update(base, { id: bonus.id, kind: next, name: bonus.name, ...(bonus.caps ? { caps: bonus.caps } : {}), ...BONUS_TEMPLATES[next](ctx) }, { structural: true }),
      }),
      selectField(ctx, `${base}/stacking`, t("points.stacking"), [["additive", t("stacking.additive")], ["compound", t("stacking.compound")]], { optional: true, emptyLabel: t("stacking.default") })),
    localeFields(ctx, `${base}/name`, t("field.name")),
    kind === "tier"
      ? row(ctx.tierIds().map((id) => percentField(ctx, `${base}/bp_by_tier/${id}`, t("points.bonus_for", { tier: ctx.tierName(id) }), { optional: true })))
      : FIXED_POINTS.has(kind)
        ? row(intField(ctx, `${base}/points`, t("points.fixed_points"), { min: 1 }))
        : row(percentField(ctx, `${base}/bp`, t("points.bonus_percent"))),
    FREQUENCY.has(kind) ? row(
      intField(ctx, `${base}/every`, t("points.every"), { min: 1, max: 1000 }),
      selectField(ctx, `${base}/period`, t("points.period"), PERIODS.map((per) => [per, t(`per.${per}`)]))) : null,
    kind === "category" || kind === "nth_category_order" ? row(listField(ctx, `${base}/categories`, t("points.categories"), { list: "category-names" })) : null,
    kind === "campaign" ? h("div", {},
      row(intField(ctx, `${base}/day_of_month`, t("points.day_of_month"), { optional: true, min: 1, max: 31 })),
      windows.map((_, w) => row(
        dateField(ctx, `${base}/windows/${w}/from`, t("points.window_from")),
        dateField(ctx, `${base}/windows/${w}/to`, t("points.window_to")),
        button(t("action.remove"), () => {
          windows.splice(w, 1);
          ctx.update(`${base}/windows`, windows.length ? windows : undefined, { structural: true });
        }, { kind: "ghost small" }))),
      button(t("points.add_window"), () => {
        const today = ctx.today();
        ctx.update(`${base}/windows`, [...windows, { from: today, to: today }], { structural: true });
      }, { kind: "ghost small" })) : null,
    row(
      intField(ctx, `${base}/caps/per_order`, t("caps.per_order"), { optional: true, min: 0 }),
      intField(ctx, `${base}/caps/per_month`, t("caps.per_month"), { optional: true, min: 0 }),
      intField(ctx, `${base}/caps/per_year`, t("caps.per_year"), { optional: true, min: 0 })),
    h("div", { class: "card-actions" }, button(t("action.remove"), () => {
      bonuses.splice(index, 1);
      ctx.update("/points/bonuses", bonuses, { structural: true });
    }, { kind: "danger" })));
}

/** Points per major unit: "1" is the integer 1, "1.5" is {"bp": 15000}. */
function rateField(ctx) {
  const value = get(ctx.program, "/points/rate");
  const shown = typeof value === "number" ? String(value) : typeof value?.bp === "number" ? String(value.bp / 10000) : "";
  const input = h("input", { id: uid("f"), type: "text", inputmode: "decimal", value: shown, class: "num", dataset: { path: "/points/rate" }, autocomplete: "off" });
  const errorId = uid("err");
  input.setAttribute("aria-describedby", errorId);
  input.addEventListener("input", () => {
    const text = input.value.trim();
    const slot = document.getElementById(errorId);
    if (!/^\d+(\.\d{1,4})?$/.test(text)) {
      input.setAttribute("aria-invalid", "true");
      input.dataset.localError = t("field.rate");
      slot.textContent = t("field.rate");
      return;
    }
    input.setAttribute("aria-invalid", "false");
    input.dataset.localError = "";
    slot.textContent = "";
    const number = Number(text);
    ctx.update("/points/rate", Number.isInteger(number) ? number : { bp: Math.round(number * 10000) });
  });
  return h("div", { class: "field" },
    h("label", { for: input.id, class: "field-label" }, t("points.rate", { symbol: ctx.fmt.symbol() })),
    input, h("p", { class: "field-error", id: errorId }));
}

export function dateField(ctx, path, label) {
  const input = h("input", { id: uid("f"), type: "date", value: get(ctx.program, path) ?? "", dataset: { path } });
  const errorId = uid("err");
  input.setAttribute("aria-describedby", errorId);
  input.addEventListener("change", () => ctx.update(path, input.value || undefined));
  return h("div", { class: "field" }, h("label", { for: input.id, class: "field-label" }, label), input, h("p", { class: "field-error", id: errorId }));
}

/** Checkboxes of the program's tiers for a list of tier ids (empty: everyone). */
function tierChecks(ctx, path, label) {
  const chosen = new Set(get(ctx.program, path) ?? []);
  return h("fieldset", { class: "field checks", dataset: { path } },
    h("legend", { class: "field-label" }, label),
    ctx.tierIds().map((id) => {
      const input = h("input", { type: "checkbox", id: uid("f"), checked: chosen.has(id) });
      input.addEventListener("change", () => {
        if (input.checked) chosen.add(id);
        else chosen.delete(id);
        const list = ctx.tierIds().filter((tier) => chosen.has(tier));
        ctx.update(path, list.length ? list : undefined);
      });
      return h("span", { class: "check" }, input, h("label", { for: input.id }, ctx.tierName(id)));
    }),
    h("p", { class: "field-hint" }, t("points.reward_tiers_hint")));
}

function uniqueId(existing, stem) {
  let n = 1;
  while (existing.includes(`${stem}_${n}`)) n += 1;
  return `${stem}_${n}`;
}

function textFor(ctx, text) {
  return Object.fromEntries(ctx.locales().map((locale) => [locale, text]));
}
