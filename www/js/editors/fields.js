// Labelled form controls bound to a JSON pointer in the program. Each control carries
// `data-path`, so a problem reported at that path (by the schema or the engine) is shown
// under it, and "go to field" can find it. Edits call `ctx.update(path, value)`.
import { h, uid } from "../dom.js";
import { get } from "../pointer.js";
import { t } from "../i18n.js";

function shell(label, control, { hint, wide, inline, span } = {}) {
  const errorId = uid("err");
  control.setAttribute("aria-describedby", errorId);
  const labelEl = h("label", { for: control.id, class: "field-label" }, label);
  return h("div", { class: ["field", wide && "wide", inline && "inline", span && "span-2"] },
    labelEl,
    control.wrapper ?? control,
    hint ? h("p", { class: "field-hint" }, hint) : null,
    h("p", { class: "field-error", id: errorId, "data-error-for": control.dataset.path ?? "" }));
}

function localError(input, message) {
  input.setAttribute("aria-invalid", message ? "true" : "false");
  input.dataset.localError = message ?? "";
  const slot = document.getElementById(input.getAttribute("aria-describedby"));
  if (slot) slot.textContent = message ?? input.dataset.issue ?? "";
}

function bindText(ctx, input, path, parse) {
  input.addEventListener("input", () => {
    let value;
    try {
      value = parse(input.value);
    } catch (error) {
      localError(input, error.message);
      return;
    }
    localError(input, null);
    ctx.update(path, value);
  });
}

/** A text input; empty removes optional fields. */
export function textField(ctx, path, label, { optional = false, placeholder, hint, wide, mono } = {}) {
  const value = get(ctx.program, path);
  const input = h("input", {
    id: uid("f"), type: "text", value: typeof value === "string" ? value : value == null ? "" : JSON.stringify(value),
    placeholder, dataset: { path }, class: mono ? "mono" : null, autocomplete: "off", spellcheck: "false",
  });
  bindText(ctx, input, path, (text) => (text === "" && optional ? undefined : text));
  return shell(label, input, { hint, wide });
}

/** An integer input. */
export function intField(ctx, path, label, { optional = false, min, max, hint, suffix } = {}) {
  const value = get(ctx.program, path);
  const input = h("input", {
    id: uid("f"), type: "text", inputmode: "numeric", value: value == null ? "" : String(value),
    dataset: { path }, class: "num", autocomplete: "off",
  });
  bindText(ctx, input, path, (text) => {
    const trimmed = text.trim();
    if (trimmed === "") {
      if (optional) return undefined;
      throw new Error(t("field.required"));
    }
    if (!/^-?\d+$/.test(trimmed)) throw new Error(t("field.whole_number"));
    const number = Number(trimmed);
    if ((min !== undefined && number < min) || (max !== undefined && number > max)) {
      throw new Error(t("field.between", { min: min ?? "−∞", max: max ?? "∞" }));
    }
    return number;
  });
  return shell(label, adorn(input, null, suffix), { hint });
}

/** An amount of money typed in major units (¥128.50), stored in minor units (12850). */
export function moneyField(ctx, path, label, { optional = false, hint } = {}) {
  const value = get(ctx.program, path);
  const input = h("input", {
    id: uid("f"), type: "text", inputmode: "decimal", value: ctx.fmt.moneyInput(value),
    dataset: { path, money: "" }, class: "num", autocomplete: "off",
  });
  bindText(ctx, input, path, (text) => {
    const minor = ctx.fmt.parseMoney(text);
    if (minor === null) {
      if (optional) return undefined;
      throw new Error(t("field.required"));
    }
    if (Number.isNaN(minor)) throw new Error(t("field.money", { example: ctx.fmt.moneyInput(12850) }));
    return minor;
  });
  return shell(label, adorn(input, ctx.fmt.symbol(), null), { hint });
}

/** Basis points typed as a percentage: 1000 bp ↔ "10". */
export function percentField(ctx, path, label, { optional = false, hint } = {}) {
  const value = get(ctx.program, path);
  const input = h("input", {
    id: uid("f"), type: "text", inputmode: "decimal", value: value == null ? "" : String(value / 100),
    dataset: { path }, class: "num", autocomplete: "off",
  });
  bindText(ctx, input, path, (text) => {
    const trimmed = text.trim().replace(/%$/, "");
    if (trimmed === "") {
      if (optional) return undefined;
      throw new Error(t("field.required"));
    }
    if (!/^-?\d+(\.\d{1,2})?$/.test(trimmed)) throw new Error(t("field.percent"));
    return Math.round(Number(trimmed) * 100);
  });
  return shell(label, adorn(input, null, "%"), { hint });
}

/** Basis points typed as a multiplier: 15000 bp ↔ "1.5". */
export function timesField(ctx, path, label, { optional = true, hint } = {}) {
  const value = get(ctx.program, path);
  const input = h("input", {
    id: uid("f"), type: "text", inputmode: "decimal", value: value == null ? "" : String(value / 10000),
    dataset: { path }, class: "num", autocomplete: "off",
  });
  bindText(ctx, input, path, (text) => {
    const trimmed = text.trim().replace(/^[×x]/i, "");
    if (trimmed === "") {
      if (optional) return undefined;
      throw new Error(t("field.required"));
    }
    if (!/^\d+(\.\d{1,4})?$/.test(trimmed)) throw new Error(t("field.multiplier"));
    return Math.round(Number(trimmed) * 10000);
  });
  return shell(label, adorn(input, "×", null), { hint });
}

/** A choice among `options` ([value, label] pairs); `optional` adds an empty choice that removes the field. */
export function selectField(ctx, path, label, options, { optional = false, emptyLabel, hint, structural = false, parse, onChoose, span = false } = {}) {
  const value = get(ctx.program, path);
  const select = h("select", { id: uid("f"), dataset: { path } },
    optional ? h("option", { value: "", selected: value == null }, emptyLabel ?? t("field.none")) : null,
    options.map(([optionValue, optionLabel]) => h("option", { value: String(optionValue), selected: String(value) === String(optionValue) }, optionLabel)));
  if (value != null && !options.some(([optionValue]) => String(optionValue) === String(value))) {
    select.append(h("option", { value: String(value), selected: true }, String(value)));
  }
  select.addEventListener("change", () => {
    const chosen = select.value === "" && optional ? undefined : (parse ? parse(select.value) : select.value);
    if (onChoose) onChoose(chosen);
    else ctx.update(path, chosen, { structural });
  });
  return shell(label, select, { hint, span });
}

/** A checkbox for a boolean. */
export function checkField(ctx, path, label, { fallback = false } = {}) {
  const value = get(ctx.program, path);
  const input = h("input", { id: uid("f"), type: "checkbox", checked: value ?? fallback, dataset: { path } });
  input.addEventListener("change", () => ctx.update(path, input.checked));
  const errorId = uid("err");
  input.setAttribute("aria-describedby", errorId);
  return h("div", { class: "field check" },
    input, h("label", { for: input.id }, label),
    h("p", { class: "field-error", id: errorId }));
}

/** A list of strings typed comma-separated: "tea, teaware". */
export function listField(ctx, path, label, { optional = false, hint, list } = {}) {
  const value = get(ctx.program, path);
  const input = h("input", {
    id: uid("f"), type: "text", value: Array.isArray(value) ? value.join(", ") : "", dataset: { path },
    autocomplete: "off", list,
  });
  bindText(ctx, input, path, (text) => {
    const items = text.split(/[,，]/).map((item) => item.trim()).filter(Boolean);
    return items.length === 0 && optional ? undefined : items;
  });
  return shell(label, input, { hint, wide: true });
}

/** One text input per locale of the program, for `{ "zh-CN": …, "en": … }` texts. */
export function localeFields(ctx, path, label, { multiline = false, optional = false } = {}) {
  const locales = ctx.locales();
  return h("div", { class: "locale-group" },
    locales.map((locale) => {
      const pointer = `${path}/${locale}`;
      const value = get(ctx.program, pointer);
      const tag = multiline ? "textarea" : "input";
      const input = h(tag, {
        id: uid("f"), type: multiline ? null : "text", value: value ?? "", dataset: { path: pointer }, lang: locale,
        rows: multiline ? 2 : null, autocomplete: "off",
      });
      bindText(ctx, input, pointer, (text) => (text === "" && optional ? undefined : text));
      return shell(`${label} · ${locale}`, input, { wide: multiline });
    }));
}

/** An input with a prefix (currency symbol) or suffix (%) shown beside it. */
function adorn(input, prefix, suffix) {
  if (!prefix && !suffix) return input;
  input.wrapper = h("div", { class: "adorned" },
    prefix ? h("span", { class: "adorn", "aria-hidden": "true" }, prefix) : null,
    input,
    suffix ? h("span", { class: "adorn", "aria-hidden": "true" }, suffix) : null);
  return input;
}

/** A small button. */
export function button(label, onClick, { kind = "ghost", title, icon } = {}) {
  return h("button", { type: "button", class: ["btn", kind], onclick: onClick, title, "aria-label": title && !label ? title : null }, icon ?? null, label);
}

/** A titled group of fields. */
export function section(title, ...children) {
  return h("section", { class: "ed-section" }, h("h3", {}, title), ...children);
}

export function row(...children) {
  return h("div", { class: "field-row" }, ...children);
}
