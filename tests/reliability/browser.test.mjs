// The package and the demo page in Debian's Chromium (playwright-core):
//  - determinism across runtimes: every shared vector gives byte-identical canonical JSON in
//    Chromium, natively and in Node (outputs in target/vector-outputs/{native,node,chromium});
//  - a strict Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`, no
//    'unsafe-eval', no 'unsafe-inline'): the package and the demo page compute, and no
//    violation is reported;
//  - hostile strings in programs and snapshots (markup, javascript: URLs, RTL overrides,
//    a 1 MB title) render as inert text in the demo page. That test runs without a CSP on
//    purpose: a policy would block an injected handler and hide the flaw being looked for.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { byCodePoint, outputName, vectors } from "../js/support.mjs";
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
    options: sortedKeys(vector.options ?? {}),
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
  await page.waitForSelector("body:not([data-state=loading])", { timeout: 20_000 });
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

test("hostile strings in a program and in snapshots render as inert text in the demo page", async () => {
  const program = structuredClone(DEFAULT_PROGRAM);
  program.name = { en: `${IMG}${SCRIPT}`, "zh-CN": `${IMG}${SCRIPT}` };
  program.offers[0].title = { en: IMG, "zh-CN": JS_URL };
  const personas = structuredClone(PERSONAS);
  const first = personas.personas[0];
  first.name = { en: `${IMG} ${RTL}`, "zh-CN": `${IMG} ${RTL}` };
  first.snapshot.member_id = SCRIPT;
  first.snapshot.attributes = { ...first.snapshot.attributes, html: IMG, script: SCRIPT, url: JS_URL, rtl: RTL, big: MEGABYTE, [IMG]: "key" };
  const demo = await demoWith({ program, personas });
  try {
    const { page, errors } = demo;
    assert.equal(await page.getAttribute("body", "data-state"), "ready");
    assert.deepEqual(await injected(page), { pwned: undefined, images: 0, inlineScripts: 0, javascriptLinks: 0, handlers: 0 });
    assert.ok((await page.textContent("#program")).startsWith(`${IMG}${SCRIPT} · `), "the program's name is shown as text");
    const button = await page.textContent(`#personas button[data-persona="${first.id}"]`);
    assert.equal(button, `${IMG} ${RTL}${SCRIPT}`, "the persona's name and member id are shown as text");
    const row = (fact) => page.$$eval("#facts tbody tr", (rows, name) => rows.filter((tr) => tr.dataset.fact === name).map((tr) => [...tr.cells].map((td) => td.textContent)), fact);
    const cell = async (fact) => (await row(fact))[0]?.[1];
    assert.equal(await cell("attributes.html"), IMG);
    assert.equal(await cell("attributes.script"), SCRIPT);
    assert.equal(await cell("attributes.url"), JS_URL);
    assert.equal(await cell("attributes.rtl"), RTL);
    assert.equal((await cell("attributes.big")).length, MEGABYTE.length);
    assert.deepEqual(await row(`attributes.${IMG}`), [[`attributes.${IMG}`, "key"]]);
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
    assert.deepEqual(await injected(page), { pwned: undefined, images: 0, inlineScripts: 0, javascriptLinks: 0, handlers: 0 });
    const title = await page.textContent("#program");
    assert.ok(title.startsWith(`${IMG}${MEGABYTE}`), "the title is shown as text, whole");
    const issues = await page.$$eval("#issue-list li", (items) => items.map((item) => item.textContent));
    assert.ok(issues.some((text) => text.startsWith("/name/") && text.includes("(string_too_long)")), JSON.stringify(issues).slice(0, 500));
  } finally {
    await demo.close();
  }
});
