// The tierwise designer demo. It compiles the program in the page with the package's wasm
// core and shows, for one persona at one moment, everything the engine returns: facts,
// scores and segment, tier progress, a points preview for an editable cart, balance and
// rewards, and the offers for a surface with why every other offer is not shown.
//
// Every edit (program, persona, date, cart, surface) recomputes every panel synchronously in
// the input handler, so the next frame shows the new numbers. The page holds no domain logic:
// it turns inputs into JSON, asks the engine, and renders the answer with textContent.
import init, { Engine, TierwiseError, evalCondition, version } from "/pkg/index.js";
import { codeLabel } from "/pkg/format.js";
import { $, $$, fill, h } from "./js/dom.js";
import { LANGUAGES, lang, localized, preferredLang, setLang, t, tOr } from "./js/i18n.js";
import { Format, addDays, daysBetween } from "./js/format.js";
import { SchemaValidator } from "./js/schema.js";
import { get, set, within } from "./js/pointer.js";
import { applyPatch, decodeState, diffFrom, encodeState } from "./js/share.js";
import { tabs } from "./js/tabs.js";
import { forgetBuilders, refreshBuilders } from "./js/editors/builder.js";
import { tiersEditor } from "./js/editors/tiers.js";
import { pointsEditor } from "./js/editors/points.js";
import { offersEditor } from "./js/editors/offers.js";
import { segmentsEditor } from "./js/editors/segments.js";
import { contactEditor } from "./js/editors/contact.js";
import { measuresEditor } from "./js/editors/measures.js";
import { personaEditor } from "./js/editors/persona.js";
import { jsonEditor, selectInJson, syncJson } from "./js/editors/json.js";
import { summaryPanel } from "./js/panels/summary.js";
import { tierPanel } from "./js/panels/tier.js";
import { offersPanel } from "./js/panels/offers.js";
import { contactPanel } from "./js/panels/contact.js";
import { pointsPanel } from "./js/panels/points.js";
import { cartEditor } from "./js/panels/cart.js";
import { balancePanel } from "./js/panels/balance.js";
import { scoresPanel } from "./js/panels/scores.js";
import { comparePanel } from "./js/panels/compare.js";
import { factsCount, factsRows, flattenFacts } from "./js/panels/facts.js";
import { factLabel } from "./js/panels/common.js";

const root = document.getElementById("app");

/** The default cart: worked example 2 of the product brief. */
const DEFAULT_CART = {
  lines: [
    { category: "tea", unit_price: 12800, quantity: 2 },
    { category: "teaware", unit_price: 19900, quantity: 1 },
    { category: "gift_card", unit_price: 10000, quantity: 1 },
  ],
  discount: 5000,
  shipping: 1000,
};

const EDITOR_TABS = ["tiers", "points", "offers", "segments", "measures", "contact", "persona", "json"];

const defaults = { program: null, personas: null, schema: null };
const state = {
  program: null, // B: what the editors hold
  baseline: null, // A: the saved version compared against
  personaId: null,
  snapshots: {}, // edited snapshots by persona id
  dayOffset: 0, // days from the personas' `now`
  minuteOfDay: null, // the time of day in minutes; the personas' own when null
  cart: structuredClone(DEFAULT_CART),
  surface: "member_page",
  editorTab: "tiers",
};
const ui = { openOffers: new Set(), jsonDraft: null, factsQuery: "", notice: null };

let validator;
let engine = null; // the last program that compiled
let resultProgram = null; // and that program, whose texts the results show
let lastGood = null; // the last result that evaluated, and for which persona
let inputError = null; // why the persona's snapshot or the cart cannot be evaluated now
let engineA = null;
let baselineKey = null;
let issues = [];
let syntaxError = null;
let stale = false;
let fmt;
let editorTabs;
let catalog = new Map(); // fact path → sample value
let lastPage = null;

// ---------------------------------------------------------------------------------------------
// The context handed to editors and panels.

const ctx = {
  state,
  ui,
  get program() {
    return state.program;
  },
  get fmt() {
    return fmt;
  },
  /** The program the results on screen were computed from (the last one that compiled). */
  get resultProgram() {
    return resultProgram ?? state.program;
  },
  locales() {
    const listed = Array.isArray(state.program?.locales) ? state.program.locales.filter((l) => typeof l === "string") : [];
    return listed.length ? listed : ["zh-CN", "en"];
  },
  tierIds() {
    const levels = state.program?.tiers?.levels;
    return Array.isArray(levels) ? levels.map((level) => level?.id).filter((id) => typeof id === "string") : [];
  },
  tierName(id) {
    const level = (state.program?.tiers?.levels ?? []).find((l) => l?.id === id);
    return localized(level?.name, ctx.locales()) || id;
  },
  now,
  today: () => now().slice(0, 10),
  persona,
  snapshot,
  isEdited: () => Boolean(state.snapshots[state.personaId]),
  update(path, value, { structural = false } = {}) {
    set(state.program, path, value);
    ui.jsonDraft = null;
    syntaxError = null;
    recompute();
    if (structural) renderEditor();
    else syncJson(ctx);
    saveToUrl();
  },
  replaceProgram(program, { keepJsonText = false } = {}) {
    state.program = program;
    syntaxError = null;
    recompute();
    if (!keepJsonText) {
      ui.jsonDraft = null;
      renderEditor();
    }
    saveToUrl();
  },
  setSyntaxError(error) {
    syntaxError = error;
    renderIssues();
  },
  syntaxError: () => syntaxError,
  updateSnapshot(mutate, { structural = true } = {}) {
    const copy = structuredClone(snapshot());
    mutate(copy);
    state.snapshots[state.personaId] = copy;
    recompute();
    if (structural && state.editorTab === "persona") renderEditor();
    saveToUrl();
  },
  replaceSnapshot(copy) {
    state.snapshots[state.personaId] = copy;
    recompute();
    saveToUrl();
  },
  resetSnapshot() {
    delete state.snapshots[state.personaId];
    recompute();
    renderEditor();
    saveToUrl();
  },
  cartChanged({ structural = false } = {}) {
    recompute();
    if (structural) renderCart();
    saveToUrl();
  },
  refreshBuilders: () => refreshBuilders(clauseStatus, fmt),
  /** After an editor added controls of its own (an offer opened): show problems and row status. */
  afterRender() {
    markIssues();
    ctx.refreshBuilders();
  },
};

function persona() {
  return defaults.personas.personas.find((p) => p.id === state.personaId) ?? defaults.personas.personas[0];
}

function snapshot() {
  return state.snapshots[state.personaId] ?? persona().snapshot;
}

/** `now` as an instant: the personas' moment moved by the date slider, same time of day. */
function now() {
  const base = defaults.personas.now;
  const date = addDays(base.slice(0, 10), state.dayOffset);
  if (state.minuteOfDay === null) return `${date}${base.slice(10)}`;
  const hh = String(Math.floor(state.minuteOfDay / 60)).padStart(2, "0");
  const mm = String(state.minuteOfDay % 60).padStart(2, "0");
  return `${date}T${hh}:${mm}:00${base.slice(19)}`;
}

/** The time of day of `now()` in minutes. */
function minuteOfDay() {
  const clock = now().slice(11, 16);
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

const formats = new Map();

/** Intl formatters are costly to build: one Format per language and currency. */
function formatFor(language, code) {
  const key = `${language} ${code}`;
  if (!formats.has(key)) formats.set(key, new Format(language, code));
  return formats.get(key);
}

function currency() {
  const code = state.program?.currency;
  return typeof code === "string" && /^[A-Z]{3}$/.test(code) ? code : engineCurrency() ?? "CNY";
}

function engineCurrency() {
  return typeof defaults.program?.currency === "string" ? defaults.program.currency : null;
}

// ---------------------------------------------------------------------------------------------
// Recomputing.

/**
 * An engine issue in the page's language: its code's label from the package's label catalog
 * ("缺少必填字段"), followed in English by the engine's own message; the code and the path stay
 * visible beside it.
 */
function engineMessage(issue) {
  const label = codeLabel(issue.code, lang());
  if (!label) return issue.message;
  return lang() === "en" ? `${label}: ${issue.message}` : `${label}。`;
}

/** Schema problems first where the engine says nothing at that path; the engine's are authoritative. */
function mergeIssues(engineIssues, schemaIssues) {
  const merged = engineIssues.map((issue) => ({ ...issue, message: engineMessage(issue), source: "engine" }));
  const paths = new Set(merged.map((issue) => issue.path));
  for (const issue of schemaIssues) {
    if (paths.has(issue.path)) continue;
    paths.add(issue.path);
    const code = issue.code === "out_of_range" && issue.params.max >= Number.MAX_SAFE_INTEGER ? "at_least" : issue.code;
    merged.push({ ...issue, message: tOr(`schema.${code}`, issue.message, issue.params), source: "schema" });
  }
  return merged.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function compile(program) {
  try {
    // A program that compiles may still have warnings: they are listed, marked as such.
    const compiled = Engine.compile(program);
    return { engine: compiled, issues: compiled.warnings() };
  } catch (error) {
    if (error instanceof TierwiseError) return { engine: null, issues: error.issues };
    return { engine: null, issues: [{ code: "error", path: "", message: String(error?.message ?? error) }] };
  }
}

function baselineEngine() {
  const key = JSON.stringify(state.baseline);
  if (key !== baselineKey) {
    engineA?.free();
    engineA = compile(state.baseline).engine;
    baselineKey = key;
  }
  return engineA;
}

function evaluate(withEngine, program = resultProgram) {
  if (!withEngine) return { page: null, error: t("compare.invalid") };
  try {
    // The demo shows why every offer is not shown: the full explanation, not the summary
    // a storefront asks for.
    // The contact plan needs the program's contact policy.
    const contactPlan = Boolean(program?.contact_policy);
    return { page: withEngine.evaluate(snapshot(), { now: now(), cart: state.cart, surface: state.surface, explain: "full", contact_plan: contactPlan }), error: null };
  } catch (error) {
    const known = error instanceof TierwiseError;
    return { page: null, error: known ? `${error.path || "/"}: ${engineMessage(error)} (${error.code})` : String(error?.message ?? error), path: known ? error.path : "" };
  }
}

/** Validates, compiles and evaluates, then renders every panel; shows how long it took. */
function recompute() {
  const started = performance.now();
  fmt = formatFor(lang(), currency());
  const schemaIssues = validator.validate(state.program);
  const validated = performance.now();
  const compiled = compile(state.program);
  const compiledAt = performance.now();
  issues = mergeIssues(compiled.issues, schemaIssues);
  if (compiled.engine) {
    engine?.free();
    engine = compiled.engine;
    resultProgram = structuredClone(state.program);
    stale = false;
  } else {
    stale = engine !== null;
  }
  let current = evaluate(engine);
  // A snapshot or cart being edited into something invalid keeps the last results of this
  // persona on screen, and says what is wrong, instead of blanking every panel.
  inputError = null;
  if (!current.page && engine && lastGood?.personaId === state.personaId) {
    inputError = current;
    current = lastGood.result;
  } else if (current.page) {
    lastGood = { personaId: state.personaId, result: current };
  }
  const same = JSON.stringify(state.baseline) === JSON.stringify(state.program);
  const baseline = same ? current : evaluate(baselineEngine(), state.baseline);
  lastPage = current.page;
  const evaluated = performance.now();
  if (current.page) learnFacts(current.page.facts);
  renderResults(current, baseline, same);
  renderIssues();
  markIssues();
  ctx.refreshBuilders();
  const finished = performance.now();
  const elapsed = finished - started;
  const perf = $("#perf");
  if (perf) {
    const ms = (value) => value.toFixed(1);
    perf.dataset.ms = elapsed.toFixed(2);
    // The first computation also warms up the wasm instance; it is labelled as loading.
    perf.textContent = t(perf.dataset.runs ? "perf.recomputed" : "perf.loaded", { ms: ms(elapsed) });
    perf.dataset.runs = String(Number(perf.dataset.runs ?? 0) + 1);
    perf.title = t("perf.title", {
      validate: ms(validated - started), compile: ms(compiledAt - validated), evaluate: ms(evaluated - compiledAt), render: ms(finished - evaluated),
    });
    perf.classList.toggle("slow", perf.dataset.runs !== "1" && elapsed > 16);
  }
  paintHeader();
  document.body.dataset.state = current.page ? (stale ? "stale" : "ready") : "invalid";
}

function paintHeader() {
  const program = state.program;
  const title = $("#program-title");
  if (title) title.textContent = localized(program?.name, ctx.locales()) || (typeof program?.id === "string" ? program.id : "");
  const meta = $("#program-meta");
  if (meta) meta.textContent = [program?.id, program?.version, program?.currency].filter((v) => typeof v === "string").join(" · ");
}

/** Every fact path any evaluation has shown, for the condition builder's field picker. */
function learnFacts(facts) {
  let added = false;
  for (const [path, value] of flattenFacts(facts)) {
    if (!catalog.has(path)) added = true;
    catalog.set(path, value);
  }
  if (added) renderDatalists();
}

/** Whether one clause of a builder holds for the selected persona, as the engine says. */
function clauseStatus(node) {
  if (!lastPage) return { error: t("builder.no_result") };
  const condition = { [node.path]: node.op === "equals" ? node.value : { [node.op]: node.value } };
  try {
    const explanation = evalCondition(condition, lastPage.facts, state.program.saved_groups ?? {});
    const actual = get(lastPage.facts, `/${node.path.split(".").join("/")}`);
    return { held: explanation, actual, missing: actual === undefined };
  } catch (error) {
    return { error: error.message };
  }
}

// ---------------------------------------------------------------------------------------------
// Building the page.

function build() {
  drawn.clear();
  document.documentElement.lang = lang();
  document.title = t("app.title");
  forgetBuilders();
  const skip = h("a", { class: "skip-link", href: "#results" }, t("app.skip"));
  fill(root, skip, header(), controls(), h("div", { id: "notice", role: "status", "aria-live": "polite" }),
    h("section", { id: "issues", class: "issues", hidden: true, "aria-labelledby": "issues-title", tabindex: "-1" }),
    h("main", { class: "workspace" }, editorPane(), resultsPane()),
    h("footer", { class: "footer muted small" }, t("app.footer", { version: version() })),
    h("datalist", { id: "fact-names" }), h("datalist", { id: "category-names" }));
  renderDatalists();
  renderCart();
  showNotice();
}

function header() {
  const program = state.program;
  const title = localized(program?.name, ctx.locales()) || program?.id || "";
  const file = h("input", { type: "file", id: "import-file", accept: ".json,application/json", class: "visually-hidden", tabindex: "-1", "aria-label": t("app.import") });
  file.addEventListener("change", () => importProgram(file));
  return h("header", { class: "topbar" },
    h("div", { class: "brand" },
      h("span", { class: "logo", "aria-hidden": "true" }),
      h("span", { class: "brand-name" }, "tierwise"),
      h("span", { class: "brand-sep", "aria-hidden": "true" }, "/"),
      h("div", { class: "program-line", id: "program" },
        h("h1", { id: "program-title" }, title),
        h("span", { class: "muted small sep" }, " · "),
        h("span", { class: "muted small", id: "program-meta" }, [program?.id, program?.version, program?.currency].filter((v) => typeof v === "string").join(" · ")))),
    h("div", { class: "top-actions" },
      h("div", { class: "segmented", role: "group", "aria-label": t("app.language") },
        LANGUAGES.map(([code, label]) => h("button", {
          type: "button", lang: code, class: "seg", "aria-pressed": String(lang() === code), dataset: { lang: code },
          onclick: () => switchLanguage(code),
        }, label))),
      h("button", { type: "button", class: "btn ghost", id: "share-button", onclick: share }, t("app.share")),
      h("button", { type: "button", class: "btn ghost", id: "export-button", onclick: exportProgram }, t("app.export")),
      h("button", { type: "button", class: "btn ghost", id: "import-button", onclick: () => file.click() }, t("app.import")),
      file));
}

function controls() {
  const personas = defaults.personas.personas;
  const base = defaults.personas.now.slice(0, 10);
  const year = Number(base.slice(0, 4));
  const min = daysBetween(base, `${year}-01-01`);
  const max = daysBetween(base, `${year + 1}-12-31`);
  const slider = h("input", {
    type: "range", id: "now-slider", min: String(min), max: String(max), step: "1", value: String(state.dayOffset),
    "aria-label": t("controls.date"), "aria-valuetext": fmt.date(ctx.today()),
  });
  const dateInput = h("input", {
    type: "date", id: "now-date", value: ctx.today(), min: addDays(base, min), max: addDays(base, max),
    "aria-label": t("controls.date_exact"), "aria-describedby": "now-clamped",
  });
  // A typed date outside the slider's range moves to the nearest end, and says so.
  const clamped = h("p", { id: "now-clamped", class: "clamp-note small", role: "status" });
  const label = h("output", { id: "now-label", for: "now-slider", class: "now-label" });
  const paintDate = () => {
    label.textContent = `${fmt.date(ctx.today())} · ${fmt.weekday(ctx.today())} · ${now().slice(11, 16)}`;
    slider.setAttribute("aria-valuetext", fmt.date(ctx.today()));
    reset.disabled = state.dayOffset === 0;
  };
  const moveTo = (offset, typed = null) => {
    state.dayOffset = Math.max(min, Math.min(max, offset));
    clamped.textContent = typed !== null && state.dayOffset !== offset
      ? t("controls.date_clamped", { date: fmt.date(typed), shown: fmt.date(ctx.today()), from: fmt.date(addDays(base, min)), to: fmt.date(addDays(base, max)) })
      : "";
    slider.value = String(state.dayOffset);
    dateInput.value = ctx.today();
    paintDate();
    recompute();
    saveToUrl();
  };
  slider.addEventListener("input", () => moveTo(Number(slider.value)));
  // The time of day: quiet hours and the contact plan depend on it.
  const timeSlider = h("input", {
    type: "range", id: "time-slider", min: "0", max: "1425", step: "15", value: String(minuteOfDay()),
    "aria-label": t("controls.time"), "aria-valuetext": now().slice(11, 16),
  });
  timeSlider.addEventListener("input", () => {
    state.minuteOfDay = Number(timeSlider.value);
    timeSlider.setAttribute("aria-valuetext", now().slice(11, 16));
    paintDate();
    recompute();
    saveToUrl();
  });
  dateInput.addEventListener("change", () => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(dateInput.value)) moveTo(daysBetween(base, dateInput.value), dateInput.value);
  });
  const reset = h("button", {
    type: "button", class: "btn ghost small", id: "now-reset", onclick: () => moveTo(0),
    // The visible word is the accessible name; the date it goes back to is the description.
    title: t("controls.reset_date", { date: fmt.date(base) }),
  }, t("controls.reset"));
  paintDate();

  // Personas: one choice among six, native radio buttons (arrow keys move the choice).
  const chooser = h("fieldset", { class: "personas", id: "personas" },
    h("legend", { class: "control-title" }, t("controls.persona")),
    h("div", { class: "persona-chips" }, personas.map((p) => {
      const input = h("input", { type: "radio", name: "persona", id: `persona-${p.id}`, value: p.id, checked: p.id === state.personaId, class: "visually-hidden" });
      input.addEventListener("change", () => switchPersona(p.id));
      return h("span", { class: "persona-chip", dataset: { persona: p.id, edited: String(Boolean(state.snapshots[p.id])) } },
        input,
        h("label", { for: input.id },
          h("span", { class: "persona-name" }, localized(p.name, ctx.locales())),
          h("span", { class: "persona-id" }, p.snapshot.member_id)));
    })));

  return h("section", { class: "controls", "aria-label": t("controls.label") },
    chooser,
    h("div", { class: "when" },
      h("div", { class: "when-row" }, h("span", { class: "control-title", id: "when-title" }, t("controls.when")), reset),
      h("div", { class: "when-row" }, label, dateInput),
      clamped,
      slider,
      h("div", { class: "slider-scale muted small", "aria-hidden": "true" },
        h("span", {}, fmt.date(addDays(base, min))), h("span", {}, fmt.date(addDays(base, max)))),
      timeSlider,
      h("div", { class: "slider-scale muted small", "aria-hidden": "true" }, h("span", {}, "00:00"), h("span", {}, "23:45"))),
    h("p", { class: "perf muted small", id: "perf" }));
}

function editorPane() {
  editorTabs = tabs({
    label: t("editor.label"), prefix: "editor", selected: state.editorTab,
    items: EDITOR_TABS.map((id) => ({ id, label: t(`editor.${id}`) })),
    onSelect: (id) => {
      state.editorTab = id;
      renderEditor();
    },
  });
  return h("aside", { class: "editor", "aria-labelledby": "editor-title" },
    h("div", { class: "pane-head" },
      h("h2", { id: "editor-title" }, t("editor.title")),
      h("p", { class: "muted small" }, t("editor.subtitle"))),
    editorTabs.list,
    [...editorTabs.panels.values()]);
}

const CARDS = [
  ["summary", true], ["tier", false], ["offers", false], ["contact", true], ["points", true], ["balance", false], ["scores", false], ["compare", true], ["facts", true],
];

function resultsPane() {
  const cards = CARDS.map(([id, wide]) => {
    const body = h("div", { class: "card-body", id: `${id}-body` });
    const head = cardHead(id);
    return h("section", { class: ["card", wide && "wide"], id: `card-${id}`, "aria-labelledby": id === "summary" ? "member-name" : `${id}-title` }, head, id === "points" ? h("div", { id: "cart-slot" }) : null, body);
  });
  return h("section", { class: "results", id: "results", "aria-label": t("results.label"), tabindex: "-1" },
    h("nav", { class: "quick-nav", "aria-label": t("results.nav") },
      CARDS.filter(([id]) => id !== "summary").map(([id]) => h("a", { href: `#card-${id}` }, t(`card.${id}`)))),
    h("p", { class: "stale-banner", id: "stale-banner", hidden: true, role: "status" }),
    h("div", { class: "cards" }, cards));
}

function cardHead(id) {
  if (id === "summary") return null;
  const title = h("h2", { id: `${id}-title` }, t(`card.${id}`));
  const subtitle = h("p", { class: "muted small card-sub" }, t(`card.${id}.sub`));
  let tools = null;
  if (id === "offers") tools = surfaceSwitcher();
  if (id === "facts") {
    const search = h("input", { type: "search", id: "facts-search", value: ui.factsQuery, placeholder: t("facts.search_placeholder"), "aria-label": t("facts.search"), autocomplete: "off" });
    search.addEventListener("input", () => {
      ui.factsQuery = search.value;
      renderFacts();
    });
    tools = h("div", { class: "facts-tools" }, search, h("span", { class: "muted small", id: "facts-count", role: "status" }));
  }
  if (id === "compare") {
    tools = h("div", { class: "compare-tools" },
      h("button", {
        type: "button", class: "btn ghost small", id: "compare-save",
        onclick: () => {
          state.baseline = structuredClone(state.program);
          recompute();
          saveToUrl();
          announce(t("compare.saved_notice"));
        },
      }, t("compare.save_b")),
      h("button", {
        type: "button", class: "btn ghost small", id: "compare-revert",
        onclick: () => {
          ctx.replaceProgram(structuredClone(state.baseline));
          announce(t("compare.reverted_notice"));
        },
      }, t("compare.revert")));
  }
  return h("div", { class: "card-head" }, h("div", {}, title, subtitle), tools);
}

function surfaceSwitcher() {
  const surfaces = Array.isArray(state.program?.surfaces) && state.program.surfaces.length
    ? state.program.surfaces.map((s) => s?.id).filter((id) => typeof id === "string")
    : ["member_page", "cart", "refund_confirmation", "sms", "staff_call"];
  if (!surfaces.includes(state.surface)) surfaces.unshift(state.surface);
  return h("fieldset", { class: "segmented surfaces", id: "surfaces" },
    h("legend", { class: "visually-hidden" }, t("offers.surface")),
    surfaces.map((id) => {
      const input = h("input", { type: "radio", name: "surface", id: `surface-${id}`, value: id, checked: id === state.surface, class: "visually-hidden" });
      input.addEventListener("change", () => {
        state.surface = id;
        recompute();
        saveToUrl();
      });
      return h("span", { class: "seg-radio" }, input, h("label", { for: input.id }, tOr(`surface.${id}`, id)));
    }));
}

function renderCart() {
  const slot = $("#cart-slot");
  if (slot) fill(slot, h("h3", { class: "sub-title" }, t("cart.title")), cartEditor(ctx));
}

function renderDatalists() {
  const facts = $("#fact-names");
  if (facts) {
    fill(facts, [...catalog.keys()].sort().map((path) => h("option", { value: path }, factLabel(path) === path ? path : factLabel(path))));
  }
  const categories = $("#category-names");
  if (categories) {
    const seen = new Set();
    for (const p of defaults.personas.personas) for (const order of p.snapshot.orders ?? []) for (const line of order.lines ?? []) if (line.category) seen.add(line.category);
    const list = (value) => (Array.isArray(value) ? value : []);
    for (const category of list(state.program?.excluded_categories)) seen.add(category);
    for (const bonus of list(state.program?.points?.bonuses)) for (const category of list(bonus?.categories)) seen.add(category);
    fill(categories, [...seen].filter((c) => typeof c === "string").sort().map((category) => h("option", { value: category })));
  }
}

function renderEditor() {
  if (!editorTabs) return;
  forgetBuilders();
  const panel = editorTabs.panels.get(state.editorTab);
  for (const [id, other] of editorTabs.panels) if (id !== state.editorTab) other.replaceChildren();
  const editors = { tiers: tiersEditor, points: pointsEditor, offers: offersEditor, segments: segmentsEditor, measures: measuresEditor, contact: contactEditor, persona: personaEditor, json: jsonEditor };
  const isObject = state.program !== null && typeof state.program === "object" && !Array.isArray(state.program);
  if (!isObject && !["json", "persona"].includes(state.editorTab)) {
    fill(panel, h("div", { class: "empty-state" }, h("p", {}, t("editor.not_object")),
      h("button", { type: "button", class: "btn primary", onclick: () => editorTabs.select("json") }, t("editor.open_json"))));
    return;
  }
  fill(panel, editors[state.editorTab](ctx));
  markIssues();
  ctx.refreshBuilders();
}

// ---------------------------------------------------------------------------------------------
// Rendering results.

/** What each card last showed; a card whose inputs did not change is not redrawn. */
const drawn = new Map();

function draw(id, key, render) {
  if (drawn.get(id) === key) return;
  drawn.set(id, key);
  fill($(`#${id}-body`), render());
}

function renderResults(current, baseline, same) {
  const banner = $("#stale-banner");
  if (banner) {
    banner.hidden = !stale && !inputError;
    banner.textContent = inputError ? t("results.input_error", { error: inputError.error }) : stale ? t("results.stale") : "";
  }
  const page = current.page;
  if (!$("#summary-body")) return;
  if (!page) {
    drawn.clear();
    for (const [id] of CARDS) fill($(`#${id}-body`), id === "summary" ? h("p", { class: "error-text" }, current.error ?? t("results.no_result")) : h("p", { class: "muted" }, "—"));
    return;
  }
  const program = ctx.resultProgram;
  // Program texts (and the tier ladder) the panels read besides what the engine returned.
  const names = JSON.stringify([ctx.locales(), program.tiers?.levels, program.tiers?.combine, program.offers?.map?.((o) => o?.title), program.segments?.map?.((s) => s?.name), currency()]);
  const who = JSON.stringify([state.personaId, ctx.isEdited()]);
  draw("summary", JSON.stringify([page.facts, page.tier?.current, page.scores?.segment?.id, page.scores?.tags, who, names]), () => summaryPanel(ctx, page, persona()));
  draw("tier", JSON.stringify([page.tier, names]), () => tierPanel(ctx, page.tier));
  draw("offers", JSON.stringify([page.offers, names]), () => offersPanel(ctx, page.offers));
  draw("contact", JSON.stringify([page.contact_plan ?? null, Boolean(program.contact_policy), names]), () => contactPanel(ctx, page.contact_plan, Boolean(program.contact_policy)));
  draw("points", JSON.stringify([page.points?.total, page.points?.contributions, page.points?.lines, page.points?.available_at, page.points?.expires_at, page.points?.tier_after_order, names]), () => pointsPanel(ctx, page.points));
  draw("balance", JSON.stringify([page.points?.balance, page.points?.redemption, page.points?.activities, page.points?.available_at, names]), () => balancePanel(ctx, page.points));
  draw("scores", JSON.stringify([page.scores, page.facts?.orders_by_month, page.facts?.declining_months, names]), () => scoresPanel(ctx, page.scores, page.facts));
  draw("compare", JSON.stringify([same, baseline.page ? [baseline.page.tier, baseline.page.scores, baseline.page.points, baseline.page.offers] : baseline.error, page.tier, page.scores, page.points, page.offers, names]),
    () => comparePanel(ctx, baseline.page, page, { errorA: baseline.page ? null : baseline.error, errorB: null, same }));
  draw("facts", JSON.stringify([page.facts, ui.factsQuery, state.personaId]), () => factsTable());
  for (const chip of $$(".persona-chip")) chip.dataset.edited = String(Boolean(state.snapshots[chip.dataset.persona]));
}

function factsTable() {
  const { body: rows, count, total } = factsRows(ctx, lastPage.facts, ui.factsQuery);
  const counter = $("#facts-count");
  if (counter) counter.textContent = factsCount(count, total);
  // The table scrolls inside its box: focusable, named, so the keyboard can scroll it too.
  return h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("facts.table") },
    h("table", { class: "data facts-table", id: "facts", dataset: { persona: state.personaId } },
      h("caption", { class: "visually-hidden" }, t("card.facts")),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("facts.fact")), h("th", { scope: "col" }, t("facts.value")))),
      h("tbody", {}, rows)));
}

function renderFacts() {
  if (!lastPage) return;
  draw("facts", JSON.stringify([lastPage.facts, ui.factsQuery, state.personaId]), () => factsTable());
}

// ---------------------------------------------------------------------------------------------
// Problems: listed above the workspace and shown at their fields.

function renderIssues() {
  const region = $("#issues");
  if (!region) return;
  const all = syntaxError ? [{ code: "syntax", path: "", message: t("json.syntax", { line: syntaxError.line, column: syntaxError.column, reason: syntaxError.reason }), source: "json" }] : issues;
  region.hidden = all.length === 0;
  region.dataset.count = String(all.length);
  if (all.length === 0) {
    region.replaceChildren();
    return;
  }
  fill(region,
    h("h2", { id: "issues-title" }, t("issues.title", { n: all.length })),
    h("p", { class: "small" }, all.every((issue) => issue.severity === "warning") ? t("issues.warnings_note") : engine ? t("issues.stale_note") : t("issues.no_engine")),
    h("ul", { class: "issue-list", id: "issue-list" }, all.map((issue) => h("li", { dataset: { issuePath: issue.path, code: issue.code, source: issue.source, severity: issue.severity ?? "error" } },
      h("button", { type: "button", class: "issue-path", onclick: () => goToPath(issue.path), title: t("issues.go") }, h("code", {}, issue.path || "/")),
      h("span", { class: "issue-message" }, issue.message, h("span", { class: "issue-code" }, ` (${issue.code})`)),
      issue.severity === "warning" ? h("span", { class: "chip chip-warn small" }, t("issues.warning")) : null,
      h("span", { class: "chip chip-soft small" }, t(`issues.source.${issue.source}`))))));
}

function editorTabFor(path) {
  if (within(path, "/tiers")) return "tiers";
  if (within(path, "/points") || within(path, "/excluded_categories")) return "points";
  if (within(path, "/offers")) return "offers";
  if (within(path, "/segments") || within(path, "/tags")) return "segments";
  if (within(path, "/lifecycle") || within(path, "/value_score") || within(path, "/margin")) return "measures";
  return "json";
}

/** The form element nearest to `path` in the visible editor: exact, else the deepest parent. */
function fieldFor(path, scope) {
  const elements = $$("[data-path]", scope);
  let best = null;
  for (const element of elements) {
    const at = element.dataset.path;
    if (!within(path, at)) continue;
    if (!best || at.length > best.dataset.path.length) best = element;
  }
  return best;
}

function markIssues() {
  const panel = editorTabs?.panels.get(state.editorTab);
  if (!panel) return;
  for (const element of $$("[data-path]", panel)) {
    element.classList.remove("has-issue", "has-warning");
    if (!element.dataset.localError) {
      if (element.matches("input, select, textarea")) element.setAttribute("aria-invalid", "false");
      const slot = document.getElementById(element.getAttribute("aria-describedby") ?? "");
      if (slot?.classList.contains("field-error")) slot.textContent = "";
    }
  }
  const messages = new Map();
  for (const issue of issues) {
    const element = fieldFor(issue.path, panel);
    if (!element) continue;
    if (!messages.has(element)) messages.set(element, { list: [], error: false });
    const entry = messages.get(element);
    entry.list.push(issue.path === element.dataset.path ? issue.message : `${issue.path}: ${issue.message}`);
    // A field with warnings only is marked as such, not as invalid.
    entry.error ||= issue.severity !== "warning";
  }
  for (const element of $$("[data-snapshot-path]", panel)) {
    const wrong = Boolean(inputError?.path) && within(inputError.path, element.dataset.snapshotPath);
    element.setAttribute("aria-invalid", String(wrong));
    element.title = wrong ? inputError.error : "";
  }
  for (const [element, { list, error }] of messages) {
    element.classList.add(error ? "has-issue" : "has-warning");
    if (element.dataset.localError) continue;
    if (error && element.matches("input, select, textarea")) element.setAttribute("aria-invalid", "true");
    const slot = document.getElementById(element.getAttribute("aria-describedby") ?? "");
    if (slot) slot.textContent = list.join(" · ");
  }
}

/** Shows the field for a problem: its editor tab, opened, scrolled to and focused. */
function goToPath(path) {
  const tab = editorTabFor(path);
  const offer = /^\/offers\/(\d+)/.exec(path);
  if (offer) {
    const id = state.program.offers?.[Number(offer[1])]?.id;
    if (id !== undefined) ui.openOffers.add(id);
  }
  editorTabs.select(tab);
  const panel = editorTabs.panels.get(tab);
  for (const details of $$("details", panel)) {
    if (details.dataset.path && within(path, details.dataset.path) && !details.open) {
      details.open = true;
      details.dispatchEvent(new Event("toggle"));
    }
  }
  const element = tab === "json" ? null : fieldFor(path, panel);
  const target = element?.matches("input, select, textarea, button") ? element : element?.querySelector("input, select, textarea, button");
  if (target) {
    target.scrollIntoView({ block: "center" });
    target.focus();
    return;
  }
  editorTabs.select("json");
  selectInJson(path);
}

// ---------------------------------------------------------------------------------------------
// Switching persona and language.

function switchPersona(id) {
  state.personaId = id;
  const radio = document.getElementById(`persona-${id}`);
  if (radio) radio.checked = true;
  recompute();
  if (state.editorTab === "persona") renderEditor();
  saveToUrl();
}

function switchLanguage(code) {
  setLang(code);
  fmt = formatFor(lang(), currency());
  build();
  editorTabs.select(state.editorTab);
  recompute();
  saveToUrl();
  $(`.segmented button[data-lang="${code}"]`)?.focus();
}

// ---------------------------------------------------------------------------------------------
// Share, export, import.

/**
 * What a link carries: the choices, and only the differences of the program, the baseline
 * and the edited snapshots from the defaults embedded in the page (`programPatch`,
 * `baselinePatch`, `snapshotsPatch`; see js/share.js), so a one-field edit makes a short
 * link. A difference no patch can say is carried whole (`program`, `baseline`, `snapshots`),
 * which is also how links of version 1 carried them: those keep opening.
 */
function shareState() {
  const shared = { v: 2, lang: lang(), persona: state.personaId, day: state.dayOffset, minute: state.minuteOfDay, surface: state.surface, cart: state.cart };
  const carry = (name, base, value) => {
    const patch = diffFrom(base, value);
    if (patch === undefined) return;
    if (patch === null) shared[name] = value;
    else shared[`${name}Patch`] = patch;
  };
  carry("program", defaults.program, state.program);
  carry("baseline", defaults.program, state.baseline);
  if (Object.keys(state.snapshots).length) carry("snapshots", defaultSnapshots(Object.keys(state.snapshots)), state.snapshots);
  return shared;
}

/** The default snapshots of the personas `ids`, by id: what edited snapshots are compared with. */
function defaultSnapshots(ids) {
  return Object.fromEntries(ids.map((id) => [id, defaults.personas.personas.find((p) => p.id === id)?.snapshot ?? null]));
}

let saving = Promise.resolve();
let saveTimer = null;

/** Writes the state into the URL's fragment (debounced); `shareLink()` waits for it. */
function saveToUrl() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    saving = writeUrl();
  }, 150);
}

async function writeUrl() {
  const token = await encodeState(shareState());
  history.replaceState(null, "", `${location.pathname}${location.search}#s=${token}`);
  return location.href;
}

async function shareLink() {
  clearTimeout(saveTimer);
  await saving;
  saving = writeUrl();
  return saving;
}

async function share() {
  const link = await shareLink();
  try {
    await navigator.clipboard.writeText(link);
    announce(t("share.copied", { n: link.length }));
  } catch {
    announce(t("share.copy_failed"));
    const field = h("input", { type: "text", value: link, readonly: true, class: "share-field", "aria-label": t("share.link") });
    fill($("#notice"), h("div", { class: "notice" }, h("span", {}, t("share.copy_failed")), field));
    field.select();
  }
}

function announce(text) {
  const notice = $("#notice");
  if (!notice) return;
  fill(notice, h("p", { class: "notice" }, text));
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => notice.replaceChildren(), 6000);
}

function showNotice() {
  if (ui.notice) fill($("#notice"), h("p", { class: "notice bad" }, ui.notice));
}

function exportProgram() {
  const text = `${JSON.stringify(state.program, null, 2)}\n`;
  const blob = new Blob([text], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const id = typeof state.program?.id === "string" ? state.program.id.replace(/[^\w.-]+/g, "_") : "program";
  const link = h("a", { href: url, download: `${id}.json`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  announce(t("export.done", { file: `${id}.json` }));
}

async function importProgram(input) {
  const [file] = input.files ?? [];
  input.value = "";
  if (!file) return;
  const text = await file.text();
  let program;
  try {
    program = JSON.parse(text);
  } catch (error) {
    ui.jsonDraft = text;
    editorTabs.select("json");
    announce(t("import.not_json", { file: file.name, reason: error.message }));
    $("#program-json")?.dispatchEvent(new Event("input"));
    return;
  }
  ctx.replaceProgram(program);
  announce(t(issues.length ? "import.done_problems" : "import.done", { file: file.name, n: issues.length }));
}

// ---------------------------------------------------------------------------------------------
// Start.

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

async function start() {
  const [, program, personas, schema] = await Promise.all([
    init(), fetchJson("/pkg/data/program.json"), fetchJson("/pkg/data/personas.json"), fetchJson("/pkg/schema/program.schema.json"),
  ]);
  defaults.program = program;
  defaults.personas = personas;
  defaults.schema = schema;
  validator = new SchemaValidator(schema);
  state.program = structuredClone(program);
  state.baseline = structuredClone(program);
  state.personaId = personas.personas[0]?.id;
  let fromLink = null;
  const match = /#s=([^&]+)/.exec(location.hash);
  if (match) {
    try {
      fromLink = await decodeState(match[1]);
      applyShared(fromLink);
    } catch (error) {
      ui.notice = t("share.broken", { reason: error.message });
    }
  }
  setLang(preferredLang(fromLink?.lang));
  fmt = formatFor(lang(), currency());
  try {
    const seed = Engine.compile(program);
    for (const p of personas.personas) learnFactsQuietly(seed.facts(p.snapshot, { now: personas.now }));
    seed.free();
  } catch {
    // The default program always compiles; a failure here only thins the field picker.
  }
  build();
  editorTabs.select(state.editorTab);
  recompute();
  window.tierwiseDemo = { shareLink, state, version: version() };
}

function learnFactsQuietly(facts) {
  for (const [path, value] of flattenFacts(facts)) catalog.set(path, value);
}

function applyShared(shared) {
  if (!shared || typeof shared !== "object") throw new Error("empty state");
  if (shared.program !== undefined) state.program = shared.program;
  if (shared.programPatch !== undefined) state.program = structuredClone(applyPatch(defaults.program, shared.programPatch));
  if (shared.baseline !== undefined) state.baseline = shared.baseline;
  if (shared.baselinePatch !== undefined) state.baseline = structuredClone(applyPatch(defaults.program, shared.baselinePatch));
  if (typeof shared.persona === "string" && defaults.personas.personas.some((p) => p.id === shared.persona)) state.personaId = shared.persona;
  if (Number.isInteger(shared.day)) state.dayOffset = shared.day;
  if (Number.isInteger(shared.minute) && shared.minute >= 0 && shared.minute < 1440) state.minuteOfDay = shared.minute;
  if (typeof shared.surface === "string") state.surface = shared.surface;
  if (shared.cart && Array.isArray(shared.cart.lines)) state.cart = shared.cart;
  if (shared.snapshots && typeof shared.snapshots === "object") state.snapshots = shared.snapshots;
  if (shared.snapshotsPatch && typeof shared.snapshotsPatch === "object") {
    state.snapshots = structuredClone(applyPatch(defaultSnapshots(Object.keys(shared.snapshotsPatch)), shared.snapshotsPatch));
  }
}

start().catch((error) => {
  document.body.dataset.state = "failed";
  console.error(error);
  fill(root, h("div", { class: "fatal" },
    h("h1", {}, "tierwise"),
    h("p", {}, "The demo could not start · 演示页无法启动"),
    h("pre", {}, String(error?.stack ?? error))));
});
