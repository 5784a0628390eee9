// The points breakdown as a small inline SVG bar chart: one bar per rule that applied, its
// length the points it awarded; a capped rule shows what it asked for as a pale extension.
// Positions are percentages of the chart's width, so it stays crisp at any size. Labels are
// SVG text nodes (textContent), never markup.
import { s } from "../dom.js";
import { t, tOr, localized } from "../i18n.js";

export const RULE_COLOURS = {
  base: "#3f7a62", tier: "#b0862a", category: "#4f7ba8", campaign: "#b0644f", birthday_month: "#7d67a8",
  nth_order: "#2f7f86", nth_category_order: "#5c6fb0", referral_welcome: "#a35a7e",
};

export function ruleName(ctx, contribution) {
  if (contribution.rule === "base") return t("points.base");
  return localized(contribution.name, ctx.locales()) || tOr(`bonus.${contribution.kind}`, contribution.rule);
}

export function contributionChart(ctx, contributions) {
  const applied = contributions.filter((c) => c.applies && (c.awarded > 0 || c.requested > 0));
  const rowHeight = 30;
  const height = Math.max(1, applied.length) * rowHeight + 4;
  const largest = Math.max(1, ...applied.map((c) => Math.max(c.requested, c.awarded)));
  const labelWidth = 34;
  const valueWidth = 16;
  const span = 100 - labelWidth - valueWidth;
  const title = t("points.chart_title");
  const description = applied.map((c) => `${ruleName(ctx, c)}: ${ctx.fmt.points(c.awarded)}`).join("; ");
  const svg = s("svg", { class: "chart", width: "100%", height: String(height), role: "img", "aria-label": `${title}. ${description}`, id: "points-chart" },
    s("title", {}, title),
    applied.map((c, i) => {
      const y = i * rowHeight + 4;
      const colour = RULE_COLOURS[c.kind] ?? "#6b7785";
      const awardedWidth = (c.awarded / largest) * span;
      const requestedWidth = (c.requested / largest) * span;
      return s("g", { class: "chart-row", dataset: { rule: c.rule, awarded: String(c.awarded) } },
        s("text", { x: "0", y: String(y + 15), class: "chart-label", "dominant-baseline": "middle" }, ruleName(ctx, c)),
        c.capped ? s("rect", { x: `${labelWidth}%`, y: String(y + 5), width: `${requestedWidth}%`, height: "18", rx: "4", class: "chart-ghost", fill: colour }) : null,
        s("rect", { x: `${labelWidth}%`, y: String(y + 5), width: `${Math.max(awardedWidth, c.awarded > 0 ? 0.6 : 0)}%`, height: "18", rx: "4", fill: colour },
          s("title", {}, `${ruleName(ctx, c)}: ${ctx.fmt.points(c.awarded)}${c.capped ? ` (${t("points.capped")})` : ""}`)),
        s("text", { x: "100%", y: String(y + 15), "text-anchor": "end", class: "chart-value", "dominant-baseline": "middle" },
          `${c.capped ? "⤓ " : ""}${ctx.fmt.points(c.awarded)}`));
    }));
  return svg;
}
