// Lifecycle stages (the first whose day ranges hold), the weighted value score (components
// over whole-number facts, weights adding up to 100 %) and the gross margin rates that put
// CLV and offer values in profit.
import { h } from "../dom.js";
import { join } from "../pointer.js";
import { t, localized } from "../i18n.js";
import { button, intField, localeFields, percentField, row, section, selectField, textField } from "./fields.js";

const names = (ctx, en, zh) => Object.fromEntries(ctx.locales().map((locale) => [locale, locale.startsWith("zh") ? zh : en]));

function practiceStages(ctx) {
  return [
    { id: "new", name: names(ctx, "New", "新客期"), days_since_join: { max: 30 } },
    { id: "active", name: names(ctx, "Active", "活跃期"), days_without_order: { max: 90 } },
    { id: "silent", name: names(ctx, "Silent", "沉默期"), days_without_order: { min: 91, max: 180 } },
    { id: "dormant", name: names(ctx, "Dormant", "休眠期"), days_without_order: { min: 181, max: 365 } },
    { id: "churned", name: names(ctx, "Churned", "流失期") },
  ];
}

function lifecycleSection(ctx) {
  const lifecycle = ctx.program.lifecycle;
  if (!lifecycle || typeof lifecycle !== "object") {
    return section(t("measures.lifecycle"), h("p", { class: "muted small" }, t("measures.lifecycle_none")),
      button(t("measures.lifecycle_add"), () => ctx.update("/lifecycle", { stages: practiceStages(ctx) }, { structural: true }), { kind: "primary" }));
  }
  const stages = Array.isArray(lifecycle.stages) ? lifecycle.stages : [];
  const cards = stages.map((stage, index) => {
    const base = `/lifecycle/stages/${index}`;
    const range = (key, label) => row(
      intField(ctx, `${base}/${key}/min`, `${label} · ${t("measures.min")}`, { optional: true, min: 0, max: 36600, suffix: t("unit.days") }),
      intField(ctx, `${base}/${key}/max`, `${label} · ${t("measures.max")}`, { optional: true, min: 0, max: 36600, suffix: t("unit.days") }));
    return h("details", { class: "offer-card", dataset: { path: base } },
      h("summary", {}, h("span", { class: "offer-title" }, `${index + 1}. ${localized(stage?.name, ctx.locales()) || stage?.id}`), h("code", { class: "muted small" }, stage?.id ?? "")),
      h("div", { class: "offer-body" },
        row(textField(ctx, `${base}/id`, t("field.id"), { mono: true }), localeFields(ctx, `${base}/name`, t("field.name"))),
        range("days_since_join", t("measures.days_since_join")),
        range("days_without_order", t("measures.days_without_order")),
        h("div", { class: "card-actions" }, button(t("action.remove"), () => {
          stages.splice(index, 1);
          ctx.update("/lifecycle/stages", stages, { structural: true });
        }, { kind: "danger" }))));
  });
  return section(t("measures.lifecycle"), h("p", { class: "muted small" }, t("measures.lifecycle_hint")), cards,
    row(
      button(t("measures.stage_add"), () => {
        const at = stages.length && !stages[stages.length - 1]?.days_since_join && !stages[stages.length - 1]?.days_without_order ? stages.length - 1 : stages.length;
        stages.splice(at, 0, { id: `stage_${stages.length + 1}`, name: names(ctx, "New stage", "新阶段"), days_without_order: { max: 30 } });
        ctx.update("/lifecycle/stages", stages, { structural: true });
      }, { kind: "ghost" }),
      button(t("measures.section_remove"), () => ctx.update("/lifecycle", undefined, { structural: true }), { kind: "danger" })));
}

function practiceComponents(ctx) {
  return [
    { id: "frequency_30d", name: names(ctx, "Orders in the last 30 days", "近30天购买频次"), fact: "orders_30d", weight_bp: 2500, linear: { zero_at: 0, full_at: 4 } },
    { id: "average_order_value", name: names(ctx, "Average order value", "客单价"), fact: "aov_365d", weight_bp: 2000, linear: { zero_at: 0, full_at: 60000 } },
    { id: "recency", name: names(ctx, "Recency", "最近购买"), fact: "days_since_last_order", weight_bp: 2000, breakpoints: [{ at: 0, score: 100 }, { at: 31, score: 70 }, { at: 91, score: 40 }, { at: 181, score: 10 }, { at: 366, score: 0 }] },
    { id: "spend_365d", name: names(ctx, "Spend in the last year", "年消费额"), fact: "spend_365d", weight_bp: 2000, linear: { zero_at: 0, full_at: 800000 } },
    { id: "frequency_365d", name: names(ctx, "Orders in the last year", "年购买频次"), fact: "orders_365d", weight_bp: 1500, linear: { zero_at: 0, full_at: 12 } },
  ];
}

function scaleFields(ctx, base, component) {
  const kind = Array.isArray(component?.breakpoints) ? "breakpoints" : "linear";
  const choose = selectField(ctx, `${base}/__scale`, t("measures.scale"), [["linear", t("measures.linear")], ["breakpoints", t("measures.breakpoints")]], {
    parse: (value) => value,
    onChoose: (chosen) => {
      const next = { ...component };
      delete next.linear;
      delete next.breakpoints;
      if (chosen === "breakpoints") next.breakpoints = [{ at: 0, score: 0 }, { at: 1, score: 100 }];
      else next.linear = { zero_at: 0, full_at: 1 };
      ctx.update(base, next, { structural: true });
    },
  });
  const select = choose.querySelector("select");
  if (select) select.value = kind;
  if (kind === "linear") {
    return [choose, row(
      intField(ctx, `${base}/linear/zero_at`, t("measures.zero_at")),
      intField(ctx, `${base}/linear/full_at`, t("measures.full_at")))];
  }
  const steps = component.breakpoints;
  return [choose, steps.map((_, index) => row(
    intField(ctx, `${base}/breakpoints/${index}/at`, t("measures.at")),
    intField(ctx, `${base}/breakpoints/${index}/score`, t("measures.score"), { min: 0, max: 100 }),
    button(t("action.remove"), () => {
      steps.splice(index, 1);
      ctx.update(`${base}/breakpoints`, steps, { structural: true });
    }, { kind: "danger" }))),
  button(t("measures.breakpoint_add"), () => {
    const last = steps[steps.length - 1];
    steps.push({ at: (last?.at ?? 0) + 1, score: Math.min(100, (last?.score ?? 0)) });
    ctx.update(`${base}/breakpoints`, steps, { structural: true });
  }, { kind: "ghost" })];
}

function valueScoreSection(ctx) {
  const valueScore = ctx.program.value_score;
  if (!valueScore || typeof valueScore !== "object") {
    return section(t("measures.value_score"), h("p", { class: "muted small" }, t("measures.value_score_none")),
      button(t("measures.value_score_add"), () => ctx.update("/value_score", { components: practiceComponents(ctx) }, { structural: true }), { kind: "primary" }));
  }
  const components = Array.isArray(valueScore.components) ? valueScore.components : [];
  const total = components.reduce((sum, component) => sum + (Number.isInteger(component?.weight_bp) ? component.weight_bp : 0), 0);
  const cards = components.map((component, index) => {
    const base = `/value_score/components/${index}`;
    return h("details", { class: "offer-card", dataset: { path: base } },
      h("summary", {}, h("span", { class: "offer-title" }, localized(component?.name, ctx.locales()) || component?.id),
        h("span", { class: "chip chip-soft" }, ctx.fmt.bp(component?.weight_bp ?? 0)), h("code", { class: "muted small" }, component?.fact ?? "")),
      h("div", { class: "offer-body" },
        row(textField(ctx, `${base}/id`, t("field.id"), { mono: true }), localeFields(ctx, `${base}/name`, t("field.name"))),
        row(textField(ctx, `${base}/fact`, t("measures.fact"), { mono: true, hint: t("measures.fact_hint") }), percentField(ctx, `${base}/weight_bp`, t("measures.weight"))),
        scaleFields(ctx, base, component),
        h("div", { class: "card-actions" }, button(t("action.remove"), () => {
          components.splice(index, 1);
          ctx.update("/value_score/components", components, { structural: true });
        }, { kind: "danger" }))));
  });
  return section(t("measures.value_score"), h("p", { class: "muted small" }, t("measures.value_score_hint")),
    h("p", { class: ["small", total === 10000 ? "muted" : "field-error"], id: "value-score-total" }, t("measures.weights_total", { pct: ctx.fmt.bp(total) })),
    cards,
    row(
      button(t("measures.component_add"), () => {
        components.push({ id: `component_${components.length + 1}`, name: names(ctx, "New component", "新维度"), fact: "orders_90d", weight_bp: Math.max(1, 10000 - total), linear: { zero_at: 0, full_at: 6 } });
        ctx.update("/value_score/components", components, { structural: true });
      }, { kind: "ghost" }),
      button(t("measures.section_remove"), () => ctx.update("/value_score", undefined, { structural: true }), { kind: "danger" })));
}

function marginSection(ctx) {
  const margin = ctx.program.margin;
  if (!margin || typeof margin !== "object") {
    return section(t("measures.margin"), h("p", { class: "muted small" }, t("measures.margin_none")),
      button(t("measures.margin_add"), () => ctx.update("/margin", { rate_bp: 3000 }, { structural: true }), { kind: "primary" }));
  }
  const categories = margin.categories && typeof margin.categories === "object" ? margin.categories : {};
  const newName = h("input", { type: "text", class: "mono", placeholder: "tea", "aria-label": t("measures.category_name"), autocomplete: "off" });
  return section(t("measures.margin"), h("p", { class: "muted small" }, t("measures.margin_hint")),
    row(percentField(ctx, "/margin/rate_bp", t("measures.margin_rate"))),
    Object.keys(categories).map((category) => row(
      percentField(ctx, join("/margin/categories", category), t("measures.category_rate", { category })),
      button(t("action.remove"), () => {
        delete categories[category];
        ctx.update("/margin/categories", categories, { structural: true });
      }, { kind: "danger" }))),
    row(newName, button(t("measures.category_add"), () => {
      const name = newName.value.trim();
      if (!name || name in categories) return;
      ctx.update("/margin/categories", { ...categories, [name]: margin.rate_bp ?? 0 }, { structural: true });
    }, { kind: "ghost" })),
    button(t("measures.section_remove"), () => ctx.update("/margin", undefined, { structural: true }), { kind: "danger" }));
}

export function measuresEditor(ctx) {
  return h("div", { class: "editor-body" }, lifecycleSection(ctx), valueScoreSection(ctx), marginSection(ctx));
}
