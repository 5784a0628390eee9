// Two program versions side by side for the same persona, moment, cart and surface:
// "A: saved" (the baseline) against "B: editing" (what the editors hold now). Rows that
// differ are marked, so a designer sees what an edit changes for this member.
import { h } from "../dom.js";
import { t, tOr, localized } from "../i18n.js";

function summarize(ctx, page, locales) {
  if (!page) return null;
  const name = (value, id) => localized(value, locales) || id;
  const tier = page.tier;
  const offers = page.offers?.offers ?? [];
  return {
    tier: tier ? name(tier.current.name, tier.current.id) : "—",
    next: tier?.next ? `${name(tier.next.name, tier.next.id)} · ${ctx.fmt.ratio(tier.next.progress)}` : t("tier.top"),
    requal: tier?.requalification ? t(`requal.${tier.requalification.status}`) : "—",
    segment: page.scores?.segment ? name(page.scores.segment.name, page.scores.segment.id) : "—",
    tags: (page.scores?.tags ?? []).map((tag) => name(tag.name, tag.id)).join(", ") || "—",
    points: page.points ? ctx.fmt.points(page.points.total) : "—",
    after: page.points ? ctx.fmt.points(page.points.balance.available_after_cart) : "—",
    reward: page.points?.redemption.next_reward
      ? `${name(page.points.redemption.rewards.find((r) => r.id === page.points.redemption.next_reward.id)?.name, page.points.redemption.next_reward.id)} · ${t("reward.missing", { n: ctx.fmt.points(page.points.redemption.next_reward.missing_now) })}`
      : "—",
    offers: offers.map((offer) => `${offer.rank}. ${name(offer.title, offer.id)}`),
  };
}

const ROWS = ["tier", "next", "requal", "segment", "tags", "points", "after", "reward", "offers"];

export function comparePanel(ctx, pageA, pageB, { errorA, errorB, same }) {
  const a = summarize(ctx, pageA, ctx.locales());
  const b = summarize(ctx, pageB, ctx.locales());
  const cell = (value, error) => {
    if (error) return h("td", { class: "error-text" }, error);
    if (Array.isArray(value)) return h("td", {}, value.length ? h("ol", { class: "plain-list" }, value.map((line) => h("li", {}, line.replace(/^\d+\. /, "")))) : "—");
    return h("td", {}, value ?? "—");
  };
  let changes = 0;
  const rows = ROWS.map((key) => {
    const va = a?.[key];
    const vb = b?.[key];
    const changed = JSON.stringify(va) !== JSON.stringify(vb);
    if (changed) changes += 1;
    return h("tr", { class: changed ? "changed" : null, dataset: { row: key, changed: String(changed), a: JSON.stringify(va ?? null), b: JSON.stringify(vb ?? null) } },
      h("th", { scope: "row" }, t(`compare.${key}`), changed ? h("span", { class: "chip chip-warn small" }, t("compare.changed")) : null),
      cell(va, errorA), cell(vb, errorB));
  });
  return h("div", { class: "compare-panel" },
    h("p", { class: "muted small", id: "compare-summary", dataset: { changes: String(changes) } },
      same ? t("compare.same") : changes === 0 ? t("compare.no_difference") : t("compare.differences", { n: changes })),
    h("table", { class: "data compare-table", id: "compare-table" },
      h("caption", { class: "visually-hidden" }, t("compare.caption")),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("compare.what"))),
        h("th", { scope: "col" }, h("span", { class: "ab ab-a" }, "A"), ` ${t("compare.saved")}`),
        h("th", { scope: "col" }, h("span", { class: "ab ab-b" }, "B"), ` ${t("compare.editing")}`))),
      h("tbody", {}, rows)),
    h("p", { class: "muted small" }, tOr("compare.note", "")));
}
