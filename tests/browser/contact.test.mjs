// The demo's contact policy in Debian's Chromium: the contact-plan card shows, per outbound
// channel, what the package computes in Node for the same program, persona and moment (the
// new member at the SMS cap, the potential member unsubscribed from SMS but allowing push);
// the time-of-day slider moves `now` into quiet hours; the contact-policy editor changes a
// cap and the plan follows. Screenshots go to test-artifacts/.
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

const { Engine } = await import(join(ROOT, "pkg/node.js"));
const program = JSON.parse(readFileSync(join(ROOT, "src/defaults/program.json"), "utf8"));
const personas = JSON.parse(readFileSync(join(ROOT, "src/defaults/personas.json"), "utf8"));
const NOW = personas.now;
const persona = (id) => personas.personas.find((p) => p.id === id);

let server;
let baseUrl;
let profile;
let context;
let page;
const pageErrors = [];

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, [join(ROOT, "scripts/serve.mjs")], { env: { ...process.env, TIERWISE_PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
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

/** The plan as the package computes it: [channel, status, offer id, reason code, next_at]. */
function planInNode(prog, snapshot, now) {
  const engine = Engine.compile(prog);
  try {
    return engine.contactPlan(snapshot, { now }).channels.map((c) => [c.channel, c.status, c.offer?.id ?? "", c.reason?.reason ?? "", c.next_at ?? ""]);
  } finally {
    engine.free();
  }
}

/** The plan as the card shows it. */
function planShown() {
  return page.$$eval("#contact-plan .plan-channel", (items) => items.map((item) => [
    item.dataset.channel, item.dataset.status, item.dataset.offer ?? "", item.dataset.reason, item.dataset.nextAt ?? "",
  ]));
}

async function choosePersona(id) {
  await page.click(`label[for="persona-${id}"]`);
  await page.waitForSelector(`#facts[data-persona="${id}"]`);
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  baseUrl = await startServer();
  profile = mkdtempSync(join(tmpdir(), "tierwise-chromium-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1440, height: 1000 }, locale: "en-US" });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") pageErrors.push(message.text());
  });
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20_000 });
  if ((await page.getAttribute("html", "lang")) !== "en") await page.click('.segmented button[data-lang="en"]');
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  server?.kill();
});

test("the contact plan shows the SMS cap of the new member and the SMS opt-out of the potential member", async () => {
  await choosePersona("new");
  const capped = await planShown();
  assert.deepEqual(capped, planInNode(program, persona("new").snapshot, NOW));
  assert.deepEqual(capped[0], ["sms", "wait", "", "contact_capped", "2026-12-12T09:00:00+08:00"]);
  assert.deepEqual(capped[1].slice(0, 3), ["push", "send", "new_customer_coupon"]);
  await page.locator("#card-contact").screenshot({ path: join(ARTIFACTS, "en-contact-plan-capped.png") });
  await choosePersona("potential");
  const optedOut = await planShown();
  assert.deepEqual(optedOut, planInNode(program, persona("potential").snapshot, NOW));
  assert.deepEqual(optedOut[0].slice(0, 4), ["sms", "blocked", "", "channel_opt_out"]);
  assert.deepEqual(optedOut[1].slice(0, 2), ["push", "send"]);
  assert.deepEqual(pageErrors, []);
});

test("the time of day moves now into quiet hours, and the plan waits until 09:00", async () => {
  await choosePersona("potential");
  await page.locator("#time-slider").fill(String(21 * 60 + 30));
  const now = `${NOW.slice(0, 10)}T21:30:00${NOW.slice(19)}`;
  const quiet = await planShown();
  assert.deepEqual(quiet, planInNode(program, persona("potential").snapshot, now));
  assert.deepEqual(quiet[1], ["push", "wait", "", "quiet_hours", "2026-11-24T09:00:00+08:00"]);
  assert.match(await page.textContent("#now-label"), /21:30$/);
  await page.locator("#time-slider").fill(String(10 * 60));
  assert.deepEqual((await planShown())[1].slice(0, 2), ["push", "send"]);
  assert.deepEqual(pageErrors, []);
});

test("the contact-policy editor changes a cap and the plan follows", async () => {
  await choosePersona("new");
  await page.click("#editor-tab-contact");
  await page.waitForSelector("#editor-panel-contact:not([hidden]) #contact-editor");
  const field = '#contact-editor [data-path="/contact_policy/caps/0/max"]';
  await page.fill(field, "3");
  const edited = structuredClone(program);
  edited.contact_policy.caps[0].max = 3;
  const plan = await planShown();
  assert.deepEqual(plan, planInNode(edited, persona("new").snapshot, NOW));
  assert.deepEqual(plan[0].slice(0, 3), ["sms", "send", "new_customer_coupon"]);
  // Quiet on Mondays (the personas' now is a Monday): SMS, freed by the raised cap, waits for Tuesday 09:00.
  await page.check("#quiet-day-1");
  edited.contact_policy.quiet_hours.days = [1];
  const quietMonday = await planShown();
  assert.deepEqual(quietMonday, planInNode(edited, persona("new").snapshot, NOW));
  assert.deepEqual(quietMonday[0], ["sms", "wait", "", "quiet_hours", "2026-11-24T09:00:00+08:00"]);
  assert.equal(await page.isHidden("#issues"), true);
  await page.locator("#editor-panel-contact").screenshot({ path: join(ARTIFACTS, "en-contact-editor.png") });
  assert.deepEqual(pageErrors, []);
});
