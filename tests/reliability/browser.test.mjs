// The package and the demo page in Debian's Chromium (playwright-core):
//  - determinism across runtimes: every shared vector gives byte-identical canonical JSON in
//    Chromium, natively and in Node (outputs in target/vector-outputs/{native,node,chromium});
//  - a strict Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`, no
//    'unsafe-eval', no 'unsafe-inline'): the package and the demo page compute, and no
//    violation is reported;
//  - hostile strings in programs and snapshots (markup, javascript: URLs, RTL overrides,
//    a 1 MB title) render as inert text in the demo page and through tierwise/dom (its
//    server-side HTML, mountMemberPage and its custom elements). Those tests run without a
//    CSP on purpose: a policy would block an injected handler and hide the flaw looked for.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { byCodePoint, optionsOf, outputName, vectors } from "../js/support.mjs";
import { DEFAULT_PROGRAM, PERSONAS, ROOT, STRICT_CSP, launchChromium, serve } from "./support.mjs";

const NATIVE_OUT = join(ROOT, "target/vector-outputs/native");
const CHROMIUM_OUT = join(ROOT, "target/vector-outputs/chromium");

let browser;
before(async () => {
  browser = await launchChromium();
  // Every page reports CSP violations into window.__violations, from before its first script.
  await browser.context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__violations.push({ directive: event.violatedDirective, blocked: event.blockedURI, source: event.sourceFile });
    });
  });
});
after(async () => {
  await browser?.close();
});

/** Opens a page that collects page errors and console errors. */
async function open() {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return { page, errors };
}

function sortedKeys(value) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(sortedKeys);
  return Object.fromEntries(Object.keys(value).sort(byCodePoint).map((key) => [key, sortedKeys(value[key])]));
}

/** A vector's inputs as the Node runner sends them; the default program is sent once. */
function inputs(vector) {
  let snapshot = vector.snapshot ?? {};
  if (typeof snapshot === "string") snapshot = PERSONAS.personas.find((entry) => `persona:${entry.id}` === snapshot)?.snapshot;
  return {
    program: vector.program === "default" ? "default" : sortedKeys(vector.program),
    snapshot: sortedKeys(snapshot),
    cart: sortedKeys(vector.cart ?? {}),
    options: sortedKeys(optionsOf(vector)),
    call: vector.call ?? "facts",
  };
}

test("Chromium's vector outputs equal the native ones byte for byte", async () => {
  assert.ok(existsSync(NATIVE_OUT), `${NATIVE_OUT} is missing: run \`cargo test --test vectors\` first`);
  const all = vectors();
  const server = await serve();
  const { page, errors } = await open();
  try {
    await page.goto(`${server.url}/reliability/blank.html`);
    const outputs = await page.evaluate(async ({ list, program }) => {
      const { runAll } = await import("/reliability/vectors.js");
      return runAll(list.map(([name, vector]) => [name, { ...vector, program: vector.program === "default" ? program : vector.program }]));
    }, { list: all.map(([label, vector]) => [label, inputs(vector)]), program: sortedKeys(DEFAULT_PROGRAM) });
    assert.equal(outputs.length, all.length);
    rmSync(CHROMIUM_OUT, { recursive: true, force: true });
    mkdirSync(CHROMIUM_OUT, { recursive: true });
    for (const [label, output] of outputs) writeFileSync(join(CHROMIUM_OUT, `${outputName(label)}.json`), output);
    const names = (dir) => readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
    assert.deepEqual(names(CHROMIUM_OUT), names(NATIVE_OUT), "Chromium and the native runner ran different vectors");
    const different = names(CHROMIUM_OUT).filter((name) => !readFileSync(join(CHROMIUM_OUT, name)).equals(readFileSync(join(NATIVE_OUT, name))));
    assert.deepEqual(different, [], "these outputs differ between Chromium and native");
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test("the package computes under a strict CSP, which is enforced, and reports no violation", async () => {
  const server = await serve({ csp: STRICT_CSP });
  const { page, errors } = await open();
  try {
    const response = await page.goto(`${server.url}/reliability/csp.html`);
    assert.equal(response.headers()["content-security-policy"], STRICT_CSP);
    await page.waitForSelector("body:not([data-state=loading])", { timeout: 15_000 });
    assert.equal(await page.getAttribute("body", "data-state"), "ready", await page.getAttribute("body", "data-error"));
    assert.equal(await page.textContent("#total"), "1077");
    assert.equal(await page.textContent("#tier"), "silver");
    // The page's own probe: evaluating a string is refused, so the policy is in force...
    assert.equal(await page.getAttribute("body", "data-eval-refused"), "true");
    const violations = await page.evaluate(() => window.__violations);
    // ...and that probe is the only thing the policy had to stop.
    assert.deepEqual(violations.map((v) => v.blocked), ["eval"], JSON.stringify(violations));
    assert.deepEqual(errors.filter((message) => !/unsafe-eval|EvalError/.test(message)), []);
  } finally {
    await page.close();
    await server.close();
  }
});

test("the demo page works under a strict CSP and reports no violation", async () => {
  const server = await serve({ csp: STRICT_CSP });
  const { page, errors } = await open();
  try {
    const response = await page.goto(`${server.url}/`);
    assert.equal(response.headers()["content-security-policy"], STRICT_CSP);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
    const rows = await page.$$eval("#facts tbody tr", (list) => list.length);
    assert.ok(rows > 20, `the facts table has ${rows} rows`);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await server.close();
  }
});

const IMG = `<img src=x onerror="window.__pwned=(window.__pwned||0)+1">`;
const SCRIPT = `<script>window.__pwned=1</script>`;
const JS_URL = "javascript:window.__pwned=1";
const RTL = "\u202Etxt.exe";
const MEGABYTE = "x".repeat(1 << 20);

/** Serves the demo with its data files replaced, and opens it. */
async function demoWith({ program, personas }) {
  const server = await serve();
  const { page, errors } = await open();
  await page.route("**/pkg/data/program.json", (route) => route.fulfill({ json: program }));
  await page.route("**/pkg/data/personas.json", (route) => route.fulfill({ json: personas }));
  await page.goto(`${server.url}/`);
  await page.waitForSelector("body:not([data-state=loading])", { timeout: 30_000 });
  // Give an injected image's error handler the time it would need to run.
  await page.waitForTimeout(300);
  return { page, errors, close: async () => { await page.close(); await server.close(); } };
}

/** What would show that markup was interpreted rather than shown. */
async function injected(page) {
  return page.evaluate(() => ({
    pwned: window.__pwned,
    images: document.querySelectorAll("img").length,
    inlineScripts: document.querySelectorAll("script:not([src])").length,
    javascriptLinks: document.querySelectorAll("[href^='javascript:'], [src^='javascript:']").length,
    handlers: [...document.querySelectorAll("*")].filter((element) => [...element.attributes].some((attribute) => attribute.name.startsWith("on"))).length,
  }));
}
const INERT = { pwned: undefined, images: 0, inlineScripts: 0, javascriptLinks: 0, handlers: 0 };

/** Every localized text of a program ({en, zh-CN}) with markup, a javascript: URL and an RTL override. */
function hostileTexts(value) {
  if (Array.isArray(value)) return value.map(hostileTexts);
  if (value === null || typeof value !== "object") return value;
  if (typeof value.en === "string") {
    return { ...value, en: `${IMG} ${JS_URL} ${RTL} ${value.en}`, ...(typeof value["zh-CN"] === "string" ? { "zh-CN": `${SCRIPT}${value["zh-CN"]}` } : {}) };
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, hostileTexts(inner)]));
}

test("hostile strings in a program and in snapshots render as inert text in the demo page", async () => {
  const program = hostileTexts(structuredClone(DEFAULT_PROGRAM));
  program.name = { en: `${IMG}${SCRIPT}`, "zh-CN": `${IMG}${SCRIPT}` };
  const personas = structuredClone(PERSONAS);
  for (const persona of personas.personas) {
    persona.snapshot.attributes = { ...persona.snapshot.attributes, html: IMG, script: SCRIPT, url: JS_URL, rtl: RTL, big: MEGABYTE, [IMG]: "key" };
  }
  const first = personas.personas[0];
  first.name = { en: `${IMG} ${RTL}`, "zh-CN": `${IMG} ${RTL}` };
  first.snapshot.member_id = SCRIPT;
  const demo = await demoWith({ program, personas });
  try {
    const { page, errors } = demo;
    assert.equal(await page.getAttribute("body", "data-state"), "ready");
    assert.deepEqual(await injected(page), INERT);
    assert.equal(await page.textContent("#program-title"), `${IMG}${SCRIPT}`, "the program's name is shown as text");
    const chip = `.persona-chip[data-persona="${first.id}"]`;
    assert.equal(await page.textContent(`${chip} .persona-name`), `${IMG} ${RTL}`, "the persona's name is shown as text");
    assert.equal(await page.textContent(`${chip} .persona-id`), SCRIPT, "the member id is shown as text");
    await page.click(`label[for="persona-${first.id}"]`);
    await page.waitForSelector(`#facts[data-persona="${first.id}"]`);
    const value = (fact) => page.$$eval("#facts tbody tr", (rows, name) => rows.filter((tr) => tr.dataset.fact === name).map((tr) => tr.querySelector("td").textContent), fact);
    for (const [fact, text] of [["attributes.html", IMG], ["attributes.script", SCRIPT], ["attributes.url", JS_URL], ["attributes.rtl", RTL]]) {
      const [shown] = await value(fact);
      assert.ok(shown?.includes(text), `${fact} is shown as text: ${shown}`);
    }
    assert.ok((await value("attributes.big"))[0]?.length >= 1000, "the 1 MB attribute is shown (as text)");
    assert.equal((await value(`attributes.${IMG}`)).length, 1, "the markup key is a fact like any other");
    // Offer titles and tier names from the program are shown as text too.
    const text = await page.textContent("#app");
    assert.ok(text.includes(`${IMG} ${JS_URL} ${RTL} `), "the program's texts are shown verbatim");
    assert.deepEqual(await injected(page), INERT);
    assert.deepEqual(errors, []);
  } finally {
    await demo.close();
  }
});

test("a 1 MB program title is shown as text and the program is rejected with its path", async () => {
  const program = { ...structuredClone(DEFAULT_PROGRAM), name: { en: `${IMG}${MEGABYTE}`, "zh-CN": `${IMG}${MEGABYTE}` } };
  const demo = await demoWith({ program, personas: PERSONAS });
  try {
    const { page } = demo;
    assert.equal(await page.getAttribute("body", "data-state"), "invalid");
    assert.deepEqual(await injected(page), INERT);
    assert.equal(await page.textContent("#program-title"), `${IMG}${MEGABYTE}`, "the title is shown as text, whole");
    const issues = await page.textContent("#issues");
    assert.match(issues, /\/name\/en/, "the problem is listed at its path");
  } finally {
    await demo.close();
  }
});

test("tierwise/dom renders hostile program texts and snapshots as inert text, server-side and in the page", async () => {
  const program = hostileTexts(structuredClone(DEFAULT_PROGRAM));
  // The longest title a program may have, all markup.
  program.offers[0].title.en = `${IMG}${"<".repeat(10_000 - IMG.length)}`;
  const potential = PERSONAS.personas.find((persona) => persona.id === "potential") ?? PERSONAS.personas[0];
  const snapshot = { ...structuredClone(potential.snapshot), member_id: SCRIPT, attributes: { html: IMG, url: JS_URL, rtl: RTL, big: MEGABYTE } };
  const server = await serve();
  const { page, errors } = await open();
  try {
    await page.goto(`${server.url}/reliability/dom.html`);
    await page.waitForSelector("body[data-state=ready]", { state: "attached" });
    const shown = await page.evaluate(([p, s, now]) => window.renderMemberPage(p, s, now), [program, snapshot, PERSONAS.now]);
    assert.deepEqual(await injected(page), INERT);
    assert.ok(shown.tier.startsWith(`${IMG} ${JS_URL} ${RTL} `), shown.tier);
    assert.ok(shown.offers.length > 0, "the member sees offers, so their titles were rendered");
    for (const id of ["ssr", "mounted", "elements"]) {
      const text = await page.textContent(`#${id}`);
      assert.ok(text.includes(shown.tier), `#${id} shows the tier name as text`);
      for (const title of shown.offers) assert.ok(text.includes(title), `#${id} shows the offer title ${title.slice(0, 60)} as text`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await server.close();
  }
});
