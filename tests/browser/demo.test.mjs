// The demo page in Debian's Chromium through playwright-core: the page compiles the default
// program with the package, and the facts it shows for each persona are exactly what the
// package computes in Node. Screenshots go to test-artifacts/.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ARTIFACTS = join(ROOT, "test-artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
];

const program = JSON.parse(readFileSync(join(ROOT, "src/defaults/program.json"), "utf8"));
const personas = JSON.parse(readFileSync(join(ROOT, "src/defaults/personas.json"), "utf8"));

let server;
let baseUrl;
let profile;
let context;
let page;
const pageErrors = [];

/** Starts scripts/serve.mjs on a free port and resolves to its URL. */
function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, [join(ROOT, "scripts/serve.mjs")], {
      env: { ...process.env, TIERWISE_PORT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const timer = setTimeout(() => reject(new Error("the demo server did not start within 10 s")), 10_000);
    let output = "";
    server.stdout.on("data", (chunk) => {
      output += chunk;
      const match = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    server.on("exit", (code) => reject(new Error(`the demo server exited with ${code}`)));
  });
}

/** Facts as the page lists them: nested objects as dot paths (mirrors www/app.js). */
function flatten(value, prefix = "", out = {}) {
  const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
  if (isObject && (Object.keys(value).length > 0 || prefix === "")) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = value;
  }
  return out;
}

async function shownFacts() {
  return page.$$eval("#facts tbody tr", (rows) =>
    rows.map((row) => [row.dataset.fact, JSON.parse(row.dataset.value), row.cells[1].textContent]));
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  baseUrl = await startServer();
  profile = mkdtempSync(join(tmpdir(), "tierwise-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1100, height: 900 },
    locale: "en-US",
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  server?.kill();
});

test("the demo page compiles the default program and shows each persona's facts as the engine computes them", async () => {
  const { Engine } = await import(join(ROOT, "pkg/node.js"));
  const engine = Engine.compile(program);

  await page.goto(baseUrl);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
  assert.match(await page.textContent("#program"), new RegExp(program.id));
  assert.equal(await page.isHidden("#issues"), true);

  const buttons = await page.$$eval("#personas button", (list) => list.map((button) => button.dataset.persona));
  assert.deepEqual(buttons, personas.personas.map((persona) => persona.id));

  for (const persona of personas.personas) {
    await page.click(`#personas button[data-persona="${persona.id}"]`);
    await page.waitForSelector(`#facts[data-persona="${persona.id}"]`);
    const expected = flatten(engine.facts(persona.snapshot, { now: personas.now }));
    const shown = await shownFacts();
    assert.deepEqual(shown.map(([name]) => name), Object.keys(expected), `${persona.id}: the facts listed`);
    for (const [name, value, text] of shown) {
      assert.deepEqual(value, expected[name], `${persona.id}: ${name}`);
      if (typeof value === "number") assert.equal(text, String(value), `${persona.id}: ${name} as shown`);
    }
    assert.ok(shown.length > 20, `${persona.id}: a real facts table`);
  }
  await page.click(`#personas button[data-persona="${personas.personas[0].id}"]`);
  await page.screenshot({ path: join(ARTIFACTS, "demo.png"), fullPage: true });
  assert.deepEqual(pageErrors, []);
  engine.free();
});

test("the demo page lists every problem of an invalid program", async () => {
  const broken = { ...program, currency: "yuan", utc_offset: "+25:00", tierz: [] };
  await page.route("**/pkg/data/program.json", (route) => route.fulfill({ json: broken }));
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-state="invalid"]', { timeout: 15_000 });
  const issues = await page.$$eval("#issue-list li", (items) => items.map((item) => item.querySelector("code").textContent));
  assert.deepEqual(issues.sort(), ["/currency", "/tierz", "/utc_offset"]);
  await page.screenshot({ path: join(ARTIFACTS, "demo-invalid-program.png"), fullPage: true });
  await page.unroute("**/pkg/data/program.json");
});
