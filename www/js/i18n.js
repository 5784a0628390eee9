// Every string of the page's own interface, in English and Simplified Chinese, and the
// choice of locale for texts that come from the program (titles, names), which carry their
// own translations.
import { STRINGS } from "./strings.js";

export const LANGUAGES = [["en", "EN"], ["zh-CN", "中文"]];

let current = "en";
const rules = new Map();

function plural(language) {
  if (!rules.has(language)) rules.set(language, new Intl.PluralRules(language));
  return rules.get(language);
}

export function setLang(lang) {
  current = STRINGS[lang] ? lang : "en";
}

export function lang() {
  return current;
}

/** The interface string `key` in the current language, with `{name}` placeholders filled. */
export function t(key, vars = {}) {
  const table = STRINGS[current];
  const count = typeof vars.n === "number" ? vars.n : Number(vars.n);
  const one = `${key}_one`;
  if (one in table && Number.isFinite(count) && plural(current).select(count) === "one") key = one;
  let text = table[key] ?? STRINGS.en[key];
  if (text === undefined) {
    console.warn(`missing string ${key}`);
    return key;
  }
  for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

/** Whether an interface string exists (for labels keyed by data, such as reason codes). */
export function has(key) {
  return key in STRINGS[current] || key in STRINGS.en;
}

/** `t(key)` when it exists, else `fallback` (a code shown as it is). */
export function tOr(key, fallback, vars) {
  return has(key) ? t(key, vars) : fallback;
}

/**
 * A program text in the chosen language: `{ "zh-CN": "…", "en": "…" }` → the current
 * language, else the program's first locale, else any.
 */
export function localized(text, programLocales = []) {
  if (typeof text === "string") return text;
  if (text === null || typeof text !== "object") return "";
  return text[current] ?? programLocales.map((locale) => text[locale]).find((value) => typeof value === "string")
    ?? Object.values(text).find((value) => typeof value === "string") ?? "";
}

/** The language to start in: the URL's choice, else the browser's. */
export function preferredLang(fromState) {
  if (fromState && STRINGS[fromState]) return fromState;
  const browser = (navigator.languages ?? [navigator.language]).find(Boolean) ?? "en";
  return browser.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}
