// Every fact of the member as the engine computed it, flattened to the dot paths conditions
// use, with a search over names, labels and values.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { factLabel } from "./common.js";

/** Facts as conditions address them: nested objects become dot paths. */
export function flattenFacts(value, prefix = "", out = []) {
  const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
  if (isObject && (Object.keys(value).length > 0 || prefix === "")) {
    for (const [key, inner] of Object.entries(value)) flattenFacts(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.push([prefix, value]);
  }
  return out;
}

export function factsRows(ctx, facts, query) {
  const needle = query.trim().toLowerCase();
  const rows = flattenFacts(facts).map(([path, value]) => {
    const label = factLabel(path);
    const shown = ctx.fmt.fact(path, value);
    return { path, value, label, shown };
  });
  const matching = needle
    ? rows.filter((row) => [row.path, row.label, row.shown, JSON.stringify(row.value)].some((text) => text.toLowerCase().includes(needle)))
    : rows;
  // Two cells, the fact's path and its value, as text; the name in words is drawn from
  // data-label by CSS above the path, so copying a row gives what a condition needs.
  const body = matching.map((row) => h("tr", { dataset: { fact: row.path, value: JSON.stringify(row.value) } },
    h("th", { scope: "row", class: "fact-name", dataset: row.label !== row.path ? { label: row.label } : {} }, h("code", { class: "fact-path" }, row.path)),
    h("td", { class: ["fact-value", row.value === null && "empty"] }, row.shown)));
  return { body, count: matching.length, total: rows.length };
}

export function factsCount(count, total) {
  return count === total ? t("facts.count", { n: total }) : t("facts.count_filtered", { n: count, total });
}
