// The tiers editor: qualification window, validity, how thresholds combine, the levels
// with their names and thresholds, and the tier accelerations.
import { h } from "../dom.js";
import { t, localized } from "../i18n.js";
import { button, intField, localeFields, moneyField, row, section, selectField, textField } from "./fields.js";
import { dateField } from "./points.js";

const WINDOWS = ["calendar_year", "calendar_quarter", "rolling_months", "membership_year"];
const VALIDITIES = ["end_of_following_calendar_year", "end_of_following_calendar_quarter", "months_after_reaching", "lifetime"];

export function tiersEditor(ctx) {
  const tiers = ctx.program.tiers;
  if (!tiers || typeof tiers !== "object") {
    return h("div", { class: "empty-state" },
      h("p", {}, t("tiers.none")),
      button(t("tiers.add_section"), () => ctx.update("/tiers", {
        window: { kind: "calendar_year" }, validity: { kind: "end_of_following_calendar_year" },
        levels: [{ id: "member", name: { en: "Member", "zh-CN": "普通会员" } }],
      }, { structural: true }), { kind: "primary" }));
  }
  const windowKind = tiers.window?.kind;
  const validityKind = tiers.validity?.kind;
  const levels = Array.isArray(tiers.levels) ? tiers.levels : [];

  const windowSection = section(t("tiers.rules"),
    row(
      selectField(ctx, "/tiers/window/kind", t("tiers.window"), WINDOWS.map((kind) => [kind, t(`window.${kind}`)]), {
        span: true,
        onChoose: (kind) => ctx.update("/tiers/window", kind === "rolling_months" ? { kind, months: tiers.window?.months ?? 12 } : { kind }, { structural: true }),
      }),
      windowKind === "rolling_months" ? intField(ctx, "/tiers/window/months", t("tiers.months"), { min: 1, max: 120 }) : null),
    row(
      selectField(ctx, "/tiers/validity/kind", t("tiers.validity"), VALIDITIES.map((kind) => [kind, t(`validity.${kind}`)]), {
        span: true,
        onChoose: (kind) => ctx.update("/tiers/validity", kind === "months_after_reaching" ? { kind, months: tiers.validity?.months ?? 12 } : { kind }, { structural: true }),
      }),
      validityKind === "months_after_reaching" ? intField(ctx, "/tiers/validity/months", t("tiers.months"), { min: 1, max: 120 }) : null),
    row(
      selectField(ctx, "/tiers/combine", t("tiers.combine"), [["any", t("combine.any")], ["all", t("combine.all")]], { optional: true, emptyLabel: t("combine.default_any"), span: true }),
      intField(ctx, "/tiers/max_levels_dropped", t("tiers.max_dropped"), { optional: true, min: 1, max: 32 }),
      intField(ctx, "/tiers/grace_days", t("tiers.grace_days"), { optional: true, min: 0, max: 3660, suffix: t("unit.days") })));

  const levelCards = levels.map((level, index) => {
    const base = `/tiers/levels/${index}`;
    const name = localized(level?.name, ctx.locales()) || level?.id || "";
    const isBase = index === 0;
    return h("fieldset", { class: ["card-lite", "level", `rank-${Math.min(index, 3)}`], dataset: { path: base } },
      h("legend", {}, h("span", { class: "tier-dot", "aria-hidden": "true" }), t("tiers.level_n", { n: index + 1, name })),
      row(textField(ctx, `${base}/id`, t("field.id"), { mono: true }), localeFields(ctx, `${base}/name`, t("field.name"))),
      isBase
        ? h("p", { class: "muted small" }, t("tiers.base_note"))
        : row(
          moneyField(ctx, `${base}/qualify/spend`, t("metric.spend"), { optional: true }),
          intField(ctx, `${base}/qualify/orders`, t("metric.orders"), { optional: true, min: 1 }),
          intField(ctx, `${base}/qualify/points_earned`, t("metric.points_earned"), { optional: true, min: 1 }),
          selectField(ctx, `${base}/combine`, t("tiers.combine_level"), [["any", t("combine.any")], ["all", t("combine.all")]], { optional: true, emptyLabel: t("combine.inherit") })),
      h("div", { class: "card-actions" },
        index > 1 ? button(t("action.move_up"), () => move(ctx, levels, index, -1)) : null,
        index > 0 && index < levels.length - 1 ? button(t("action.move_down"), () => move(ctx, levels, index, 1)) : null,
        index > 0 ? button(t("tiers.remove_level"), () => {
          levels.splice(index, 1);
          ctx.update("/tiers/levels", levels, { structural: true });
        }, { kind: "danger" }) : null));
  });

  const addLevel = button(t("tiers.add_level"), () => {
    const top = levels[levels.length - 1] ?? {};
    const next = { id: `level_${levels.length + 1}`, name: Object.fromEntries(ctx.locales().map((locale) => [locale, `${t("tiers.new_level")} ${levels.length + 1}`])) };
    const spend = top.qualify?.spend;
    const orders = top.qualify?.orders;
    next.qualify = { spend: typeof spend === "number" ? spend * 2 : 100000, ...(typeof orders === "number" ? { orders: orders * 2 } : {}) };
    levels.push(next);
    ctx.update("/tiers/levels", levels, { structural: true });
  }, { kind: "primary" });

  return h("div", { class: "editor-body" }, windowSection, section(t("tiers.levels"), levelCards, addLevel), accelerationsSection(ctx, tiers));
}

/** Tier accelerations: windows in which orders count ×factor toward tier progress. */
function accelerationsSection(ctx, tiers) {
  const accelerations = Array.isArray(tiers.accelerations) ? tiers.accelerations : [];
  const cards = accelerations.map((acceleration, index) => {
    const base = `/tiers/accelerations/${index}`;
    const windows = Array.isArray(acceleration?.windows) ? acceleration.windows : [];
    return h("fieldset", { class: "card-lite", dataset: { path: base } },
      h("legend", {}, localized(acceleration?.name, ctx.locales()) || acceleration?.id || ""),
      row(textField(ctx, `${base}/id`, t("field.id"), { mono: true }), localeFields(ctx, `${base}/name`, t("field.name"))),
      row(intField(ctx, `${base}/factor`, t("tiers.factor"), { min: 2, max: 10 })),
      windows.map((_, w) => row(
        dateField(ctx, `${base}/windows/${w}/from`, t("points.window_from")),
        dateField(ctx, `${base}/windows/${w}/to`, t("points.window_to")))),
      h("div", { class: "card-actions" }, button(t("action.remove"), () => {
        accelerations.splice(index, 1);
        ctx.update("/tiers/accelerations", accelerations.length ? accelerations : undefined, { structural: true });
      }, { kind: "danger" })));
  });
  const add = button(t("tiers.add_acceleration"), () => {
    const today = ctx.today();
    const id = `acceleration_${accelerations.length + 1}`;
    accelerations.push({ id, name: Object.fromEntries(ctx.locales().map((locale) => [locale, t("tiers.new_acceleration")])), windows: [{ from: today, to: today }], factor: 2 });
    ctx.update("/tiers/accelerations", accelerations, { structural: true });
  }, { kind: "ghost" });
  return section(t("tiers.accelerations"), cards, add);
}

function move(ctx, levels, index, by) {
  const [level] = levels.splice(index, 1);
  levels.splice(index + by, 0, level);
  ctx.update("/tiers/levels", levels, { structural: true });
}
