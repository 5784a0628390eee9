// Segments (the first whose condition holds) and tags (every one that holds), each a
// condition over facts built with the same builder as offer eligibility.
import { h } from "../dom.js";
import { t, localized } from "../i18n.js";
import { conditionBuilder } from "./builder.js";
import { button, checkField, localeFields, row, section, textField } from "./fields.js";

export function segmentsEditor(ctx) {
  const segments = Array.isArray(ctx.program.segments) ? ctx.program.segments : [];
  const tags = Array.isArray(ctx.program.tags) ? ctx.program.tags : [];
  const segmentCards = segments.map((segment, index) => {
    const base = `/segments/${index}`;
    return h("details", { class: "offer-card", dataset: { path: base } },
      h("summary", {}, h("span", { class: "offer-title" }, `${index + 1}. ${localized(segment?.name, ctx.locales()) || segment?.id}`), h("code", { class: "muted small" }, segment?.id ?? "")),
      h("div", { class: "offer-body" },
        row(textField(ctx, `${base}/id`, t("field.id"), { mono: true }), localeFields(ctx, `${base}/name`, t("field.name"))),
        conditionBuilder(ctx, `${base}/condition`, { label: t("segments.condition") }),
        h("div", { class: "card-actions" }, button(t("action.remove"), () => {
          segments.splice(index, 1);
          ctx.update("/segments", segments, { structural: true });
        }, { kind: "danger" }))));
  });
  const tagCards = tags.map((tag, index) => {
    const base = `/tags/${index}`;
    return h("details", { class: "offer-card", dataset: { path: base } },
      h("summary", {}, h("span", { class: "offer-title" }, localized(tag?.name, ctx.locales()) || tag?.id), tag?.badge ? h("span", { class: "chip chip-badge" }, t("tags.badge")) : null, h("code", { class: "muted small" }, tag?.id ?? "")),
      h("div", { class: "offer-body" },
        row(textField(ctx, `${base}/id`, t("field.id"), { mono: true }), localeFields(ctx, `${base}/name`, t("field.name"))),
        checkField(ctx, `${base}/badge`, t("tags.badge_label")),
        conditionBuilder(ctx, `${base}/condition`, { label: t("tags.condition") }),
        h("div", { class: "card-actions" }, button(t("action.remove"), () => {
          tags.splice(index, 1);
          ctx.update("/tags", tags, { structural: true });
        }, { kind: "danger" }))));
  });
  return h("div", { class: "editor-body" },
    section(t("segments.title"), h("p", { class: "muted small" }, t("segments.hint")), segmentCards,
      button(t("segments.add"), () => {
        const at = segments.length && !segments[segments.length - 1]?.condition ? segments.length - 1 : segments.length;
        segments.splice(at, 0, { id: `segment_${segments.length + 1}`, name: Object.fromEntries(ctx.locales().map((l) => [l, t("segments.new")])), condition: { orders_365d: { $gte: 1 } } });
        ctx.update("/segments", segments, { structural: true });
      }, { kind: "ghost" })),
    section(t("tags.title"), h("p", { class: "muted small" }, t("tags.hint")), tagCards,
      button(t("tags.add"), () => {
        tags.push({ id: `tag_${tags.length + 1}`, name: Object.fromEntries(ctx.locales().map((l) => [l, t("tags.new")])), condition: { orders_365d: { $gte: 1 } } });
        ctx.update("/tags", tags, { structural: true });
      }, { kind: "ghost" })));
}
