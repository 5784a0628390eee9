// The designer demo in Debian's Chromium through playwright-core, served by the README's
// command (scripts/serve.mjs on a free 127.0.0.1 port). Every number the page shows is
// checked against what the package computes in Node for the same program, snapshot, `now`,
// cart and surface. Screenshots go to test-artifacts/.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

const { Engine, validateProgram } = await import(join(ROOT, "pkg/node.js"));
const { SchemaValidator } = await import(join(ROOT, "www/js/schema.js"));
const schema = JSON.parse(readFileSync(join(ROOT, "pkg/schema/program.schema.json"), "utf8"));
const program = JSON.parse(readFileSync(join(ROOT, "src/defaults/program.json"), "utf8"));
const personas = JSON.parse(readFileSync(join(ROOT, "src/defaults/personas.json"), "utf8"));
const NOW = personas.now;
const persona = (id) => personas.personas.find((p) => p.id === id);

/** The cart the page opens with (worked example 2 of the brief). */
const DEFAULT_CART = {
  lines: [
    { category: "tea", unit_price: 12800, quantity: 2 },
    { category: "teaware", unit_price: 19900, quantity: 1 },
    { category: "gift_card", unit_price: 10000, quantity: 1 },
  ],
  discount: 5000,
  shipping: 1000,
};

let server;
let baseUrl;
let profile;
let fixtures;
let context;
let page;
const pageErrors = [];

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

function watch(target) {
  target.on("pageerror", (error) => pageErrors.push(error.message));
  target.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") pageErrors.push(message.text());
  });
  // Offline: nothing but the local server may be asked for anything.
  target.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith("data:") && !url.startsWith("blob:")) pageErrors.push(`network request to ${url}`);
  });
}

async function open(target, hash = "", { lang = "en" } = {}) {
  await target.goto(`${baseUrl}${hash}`);
  await target.waitForSelector('body[data-state="ready"], body[data-state="stale"], body[data-state="invalid"]', { timeout: 20_000 });
  if (lang && (await target.getAttribute("html", "lang")) !== lang) await target.click(`.segmented button[data-lang="${lang}"]`);
}

const shot = (name, target = page) => target.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** A screenshot of one element in a window tall enough for the editor pane to show it whole. */
async function elementShot(name, selector, target = page) {
  const size = target.viewportSize();
  await target.setViewportSize({ width: size.width, height: 2400 });
  // Centred in a tall window, the element is clear of the sticky top bar.
  await target.locator(selector).evaluate((element) => element.scrollIntoView({ block: "center" }));
  await target.locator(selector).screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  await target.setViewportSize(size);
}

function evaluateInNode(prog, snapshot, { now = NOW, cart = DEFAULT_CART, surface = "member_page" } = {}) {
  const engine = Engine.compile(prog);
  try {
    return engine.evaluate(snapshot, { now, cart, surface });
  } finally {
    engine.free();
  }
}

function nowPlus(days) {
  const date = new Date(`${NOW.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return `${date.toISOString().slice(0, 10)}${NOW.slice(10)}`;
}

/** The numbers of the tier, points, balance, offers and scores panels as the page shows them. */
async function shown(target = page) {
  return target.evaluate(() => {
    const data = (selector, key) => document.querySelector(selector)?.dataset[key];
    const all = (selector) => [...document.querySelectorAll(selector)];
    return {
      persona: document.querySelector("#facts")?.dataset.persona,
      tierCurrent: data("#card-tier .tier-head .tier-chip", "tier"),
      ladderCurrent: data('#tier-ladder [aria-current="step"]', "tier"),
      next: data("#tier-next", "tier") ?? null,
      progress: data("#tier-next", "progress") === undefined ? null : Number(data("#tier-next", "progress")),
      metrics: all("#tier-next .metric").map((m) => ({
        metric: m.dataset.metric, current: Number(m.dataset.current), target: Number(m.dataset.target),
        remaining: Number(m.dataset.remaining), projected: Number(m.dataset.projected), ratio: Number(m.dataset.ratio),
      })),
      daysLeft: data("#tier-deadline", "daysLeft"),
      deadline: data("#tier-deadline", "deadline") ?? null,
      requal: data("#tier-requal", "status") ?? null,
      pointsTotal: Number(data("#points-total", "value")),
      pointsTotalText: document.querySelector("#points-total")?.textContent,
      availableAt: data("#points-available-at", "value"),
      expiresAt: data("#points-expires-at", "value"),
      chart: all("#points-chart .chart-row").map((row) => [row.dataset.rule, Number(row.dataset.awarded)]),
      balance: JSON.parse(data("#balance-available", "value") ?? "null"),
      afterCart: JSON.parse(data("#balance-after-cart", "value") ?? "null"),
      offers: all("#offers-shown .offer").map((o) => [o.dataset.offer, Number(o.dataset.rank), Number(o.dataset.score)]),
      suppressed: all("#offers-suppressed .suppressed-item").map((o) => [o.dataset.offer, o.dataset.reason]),
      surface: document.querySelector(".offers-panel")?.dataset.surface,
      segment: data("#segment", "segment"),
      tags: all("#tags [data-tag]").map((tag) => tag.dataset.tag),
      clv: JSON.parse(data("#score-clv", "value") ?? "null"),
      nowLabel: document.querySelector("#now-label")?.textContent,
      ms: Number(document.querySelector("#perf")?.dataset.ms),
    };
  });
}

/** What the page should show for an engine result. */
function expected(result) {
  const { tier, points, offers, scores } = result;
  return {
    tierCurrent: tier.current.id,
    ladderCurrent: tier.current.id,
    next: tier.next?.id ?? null,
    progress: tier.next?.progress ?? null,
    metrics: (tier.next?.metrics ?? []).map((m) => ({
      metric: m.metric === "counter" ? `counter:${m.counter}` : m.metric, current: m.current, target: m.target, remaining: m.remaining, projected: m.projected, ratio: m.ratio,
    })),
    daysLeft: tier.window.days_left === null ? "null" : String(tier.window.days_left),
    deadline: tier.window.deadline,
    requal: tier.requalification?.status ?? null,
    pointsTotal: points.total,
    availableAt: points.available_at ?? "",
    expiresAt: points.expires_at ?? "",
    chart: points.contributions.filter((c) => c.applies && (c.awarded > 0 || c.requested > 0)).map((c) => [c.rule, c.awarded]),
    balance: points.balance.available,
    afterCart: points.balance.available_after_cart,
    offers: offers.offers.map((o) => [o.id, o.rank, o.score.score]),
    suppressed: offers.suppressed.map((o) => [o.id, o.reason]),
    surface: offers.surface,
    segment: scores.segment?.id ?? "",
    tags: scores.tags.map((tag) => tag.id),
    clv: scores.clv,
  };
}

function assertMatches(actual, result, label) {
  const want = expected(result);
  for (const [key, value] of Object.entries(want)) assert.deepEqual(actual[key], value, `${label}: ${key}`);
}

async function choosePersona(id, target = page) {
  await target.click(`label[for="persona-${id}"]`);
  await target.waitForSelector(`#facts[data-persona="${id}"]`);
}

async function chooseSurface(id, target = page) {
  await target.click(`label[for="surface-${id}"]`);
  await target.waitForSelector(`.offers-panel[data-surface="${id}"]`);
}

/** Replaces a text field's content in one input event, as a paste does. */
async function paste(selector, text, target = page) {
  await target.focus(selector);
  await target.evaluate(([sel, value]) => {
    const field = document.querySelector(sel);
    field.value = value;
    field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, [selector, text]);
}

async function editorTab(id, target = page) {
  await target.click(`#editor-tab-${id}`);
  await target.waitForSelector(`#editor-panel-${id}:not([hidden])`);
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  baseUrl = await startServer();
  profile = mkdtempSync(join(tmpdir(), "tierwise-chromium-"));
  fixtures = mkdtempSync(join(tmpdir(), "tierwise-demo-files-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 1000 },
    locale: "en-US",
    acceptDownloads: true,
  });
  page = context.pages()[0] ?? (await context.newPage());
  watch(page);
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (fixtures) rmSync(fixtures, { recursive: true, force: true });
  server?.kill();
});

test("opens on the default program and shows every persona as the engine computes it", async () => {
  await open(page);
  assert.equal(await page.getAttribute("body", "data-state"), "ready");
  assert.equal(await page.textContent("#program-title"), program.name.en);
  assert.equal(await page.isHidden("#issues"), true);
  const chips = await page.$$eval(".persona-chip", (list) => list.map((chip) => chip.dataset.persona));
  assert.deepEqual(chips, personas.personas.map((p) => p.id));

  const engine = Engine.compile(program);
  for (const p of personas.personas) {
    await choosePersona(p.id);
    const facts = engine.facts(p.snapshot, { now: NOW });
    const rows = await page.$$eval("#facts tbody tr", (list) => list.map((row) => [row.dataset.fact, JSON.parse(row.dataset.value)]));
    const flat = [];
    const flatten = (value, prefix) => {
      if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length) {
        for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key);
      } else flat.push([prefix, value]);
    };
    flatten(facts, "");
    assert.deepEqual(rows, flat, `${p.id}: the facts table is the engine's facts`);
    assertMatches(await shown(), evaluateInNode(program, p.snapshot), p.id);
  }
  engine.free();

  // The facts search narrows the table by name, label or value.
  await page.fill("#facts-search", "spend");
  const matching = await page.$$eval("#facts tbody tr", (list) => list.map((row) => row.dataset.fact));
  assert.ok(matching.length >= 6 && matching.every((name) => /spend/.test(name)), matching.join(", "));
  assert.match(await page.textContent("#facts-count"), new RegExp(`^${matching.length} of \\d+ facts$`));
  await page.fill("#facts-search", "");

  // Money in the program's currency through Intl, with the narrow symbol tierwise/dom uses
  // too ("¥", not "CN¥"); points as integers.
  await choosePersona("potential");
  const result = evaluateInNode(program, persona("potential").snapshot);
  const cny = new Intl.NumberFormat("en", { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol" });
  const spend = result.tier.next.metrics.find((m) => m.metric === "spend");
  assert.equal(await page.textContent('#tier-next .metric[data-metric="spend"] .metric-current'), cny.format(spend.current / 100));
  assert.equal((await shown()).pointsTotalText, `+${result.points.total.toLocaleString("en")}`);
  assert.equal(await page.getAttribute("#tier-overall-bar", "role"), "progressbar");
  assert.equal(await page.getAttribute("#tier-overall-bar", "aria-valuenow"), String(Math.round(result.tier.next.progress * 1000) / 10));
  await shot("en-overview");
  await page.screenshot({ path: join(ARTIFACTS, "en-first-screen.png") });
  assert.deepEqual(pageErrors, []);
});

test("editing a tier threshold recomputes every panel within the same input event", async () => {
  await open(page);
  await choosePersona("potential");
  const gold = '[data-path="/tiers/levels/2/qualify/spend"]';
  assert.equal(await page.inputValue(gold), "5000");
  // The edit and the check run in one task: the panels are already updated when the input
  // event returns, before the browser paints the next frame.
  const sameTask = await page.evaluate((selector) => {
    const input = document.querySelector(selector);
    input.value = "2100";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const metric = document.querySelector('#tier-next .metric[data-metric="spend"]');
    return { target: metric?.dataset.target, ms: Number(document.querySelector("#perf").dataset.ms) };
  }, gold);
  assert.equal(sameTask.target, "210000");
  assert.ok(Number.isFinite(sameTask.ms) && sameTask.ms > 0, "the recompute time is shown");
  assert.match(await page.textContent("#perf"), /\d+(\.\d)? ms/);

  await page.fill(gold, "2080");
  const edited = structuredClone(program);
  edited.tiers.levels[2].qualify.spend = 208000;
  const result = evaluateInNode(edited, persona("potential").snapshot);
  assertMatches(await shown(), result, "gold at ¥2,080");
  // The default cart's ¥405 of qualifying spend would take her past ¥2,080 this year.
  assert.equal(result.points.tier_after_order.tier_after.id, "gold");
  assert.equal(await page.getAttribute("#points-tier-after", "data-tier"), "gold");

  // Compare: A is still the shipped program, B the edited one.
  const before = evaluateInNode(program, persona("potential").snapshot);
  const compare = await page.$$eval("#compare-table tbody tr", (rows) => Object.fromEntries(rows.map((row) => [row.dataset.row, { changed: row.dataset.changed, a: JSON.parse(row.dataset.a), b: JSON.parse(row.dataset.b) }])));
  assert.equal(compare.next.changed, "true");
  // Progress reads as the member page writes it: a whole percentage, floored.
  const progressPercent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0, roundingMode: "floor" });
  assert.equal(compare.next.a, `Gold · ${progressPercent.format(before.tier.next.progress)}`);
  assert.equal(compare.next.b, `Gold · ${progressPercent.format(result.tier.next.progress)}`);
  assert.equal(compare.tier.changed, "false");
  assert.equal(await page.getAttribute("#compare-summary", "data-changes"), String(Object.values(compare).filter((row) => row.changed === "true").length));
  await elementShot("en-compare", "#card-compare");

  // The ladder shows the program's thresholds even where this member's numbers stay the same.
  const diamondBefore = await page.textContent('#tier-ladder [data-tier="diamond"] .rung-rule');
  await page.fill('#editor-panel-tiers [data-path="/tiers/levels/3/qualify/spend"]', "30000");
  assert.equal(diamondBefore, "¥20,000 or 30 orders");
  assert.equal(await page.textContent('#tier-ladder [data-tier="diamond"] .rung-rule'), "¥30,000 or 30 orders");
  assert.deepEqual((await shown()).metrics, expected(result).metrics);

  // Save B as A: nothing differs any more.
  await page.click("#compare-save");
  assert.equal(await page.getAttribute("#compare-summary", "data-changes"), "0");
  assert.deepEqual(pageErrors, []);
});

test("the date slider moves now, and every panel follows", async () => {
  await open(page);
  await choosePersona("points_expiring");
  for (const days of [8, 25, -200]) {
    await page.locator("#now-slider").fill(String(days));
    const now = nowPlus(days);
    const result = evaluateInNode(program, persona("points_expiring").snapshot, { now });
    const state = await shown();
    assertMatches(state, result, `now + ${days} days`);
    const date = new Date(`${now.slice(0, 10)}T00:00:00Z`);
    assert.equal(state.nowLabel.split(" · ")[0], new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(date));
    assert.equal(await page.inputValue("#now-date"), now.slice(0, 10));
    if (days === 25) {
      // 2026-12-18: the 600 points expiring on 2026-12-10 are gone, 2598 expire within 30 days.
      const expiring = await page.$$eval("#expiring-list li", (items) => items.map((item) => [item.dataset.date, Number(item.dataset.points)]));
      assert.deepEqual(expiring, result.points.balance.expiring.map((lot) => [lot.date, lot.points]));
      assert.ok(expiring.length > 0, "points expire soon on the 18th of December");
      assert.ok(state.tags.includes("points_expiring"), "the tag appears");
      assert.ok(state.chart.some(([rule]) => rule === "member_day"), "the member-day campaign applies on the 18th");
      await elementShot("en-balance-expiring", "#card-balance");
    }
  }
  // The date field sets the same moment.
  await page.fill("#now-date", "2027-02-01");
  await page.dispatchEvent("#now-date", "change");
  const days = Math.round((Date.parse("2027-02-01") - Date.parse(NOW.slice(0, 10))) / 86400000);
  assert.equal(await page.inputValue("#now-slider"), String(days));
  assertMatches(await shown(), evaluateInNode(program, persona("points_expiring").snapshot, { now: nowPlus(days) }), "2027-02-01");
  await page.click("#now-reset");
  assert.equal(await page.inputValue("#now-slider"), "0");
  assert.deepEqual(pageErrors, []);
});

test("switching persona and surface shows the offers the engine chooses, with why-not", async () => {
  await open(page);
  const cases = [
    ["churn_risk", "member_page"], ["churn_risk", "refund_confirmation"], ["churn_risk", "staff_call"],
    ["high_value", "cart"], ["new", "refund_confirmation"], ["birthday_next_week", "member_page"],
  ];
  for (const [id, surface] of cases) {
    await choosePersona(id);
    await chooseSurface(surface);
    assertMatches(await shown(), evaluateInNode(program, persona(id).snapshot, { surface }), `${id} on ${surface}`);
  }
  // A refund confirmation never upsells: every marketing offer is suppressed as wrong_surface.
  await choosePersona("high_value");
  await chooseSurface("refund_confirmation");
  const state = await shown();
  const marketing = program.offers.filter((o) => o.purpose === "marketing" && o.channels.includes("web")).map((o) => o.id);
  for (const id of marketing) assert.deepEqual(state.suppressed.find(([offer]) => offer === id), [id, "wrong_surface"]);
  assert.ok(state.offers.every(([offer]) => program.offers.find((o) => o.id === offer).purpose === "service"));
  // Why-not text names the failing clause with its actual value.
  await chooseSurface("member_page");
  await choosePersona("potential");
  const winback = await page.textContent('#offers-suppressed [data-offer="winback_pack"]');
  assert.match(winback, /Days since last order ≥ 180/);
  assert.match(winback, /is 24/);
  const hint = await page.textContent('#offers-suppressed [data-offer="post_purchase_followup"] .hint');
  assert.equal(hint, "Days since last order: 17 too many.");
  await elementShot("en-offers", "#card-offers");
  assert.deepEqual(pageErrors, []);
});

test("the cart is editable and the points preview follows it", async () => {
  await open(page);
  await choosePersona("potential");
  const cart = structuredClone(DEFAULT_CART);
  await page.fill('#cart-editor tr[data-line="0"] .cart-qty', "3");
  cart.lines[0].quantity = 3;
  await page.click("#cart-add-line");
  cart.lines.push({ category: "tea", unit_price: 10000, quantity: 1 });
  await page.fill('#cart-editor tr[data-line="3"] .cart-category', "snacks");
  await page.fill('#cart-editor tr[data-line="3"] input[inputmode="decimal"]', "88.8");
  cart.lines[3] = { category: "snacks", unit_price: 8880, quantity: 1 };
  await page.click('#cart-editor tr[data-line="2"] button');
  cart.lines.splice(2, 1);
  await page.fill('#cart-editor .cart-foot input[aria-label="Coupon"]', "20");
  cart.discount = 2000;
  const result = evaluateInNode(program, persona("potential").snapshot, { cart });
  assertMatches(await shown(), result, "edited cart");
  const lines = await page.$$eval("#points-lines tbody tr", (rows) => rows.map((row) => Number(row.dataset.eligible)));
  assert.deepEqual(lines, result.points.lines.map((line) => line.eligible));
  assert.equal(result.points.total, result.points.contributions.reduce((sum, c) => sum + c.awarded, 0));
  await elementShot("en-points", "#card-points");

  // An empty cart earns nothing and is no error.
  await page.click("text=Empty the cart");
  const empty = await shown();
  assert.equal(empty.pointsTotal, 0);
  assert.equal(empty.afterCart, evaluateInNode(program, persona("potential").snapshot, { cart: { lines: [], discount: 0, shipping: 0 } }).points.balance.available_after_cart);
  assert.deepEqual(pageErrors, []);
});

test("the frequent persona: frequency rewards and the double tier credit week in the points and tier panels", async () => {
  await open(page);
  await choosePersona("frequent");
  const result = evaluateInNode(program, persona("frequent").snapshot, { cart: DEFAULT_CART });
  assertMatches(await shown(), result, "frequent");
  // The default cart has tea: it is the 5th order this quarter and the 3rd tea order in November.
  const frequency = await page.$$eval("#points-frequency li", (items) => items.map((li) => [li.dataset.rule, Number(li.dataset.ordersToNext), li.textContent]));
  const rules = result.points.contributions.filter((c) => c.frequency);
  assert.deepEqual(frequency.map(([rule, next]) => [rule, next]), rules.map((c) => [c.rule, c.frequency.orders_to_next]));
  assert.deepEqual(rules.map((c) => [c.rule, c.applies, c.frequency.order_number]), [["fifth_order", true, 5], ["third_tea_order", true, 3]]);
  assert.match(frequency[0][2], /this is order 5 this quarter: \+200/);
  // The cart counts twice toward the tier and reaches gold.
  assert.equal(result.points.tier_after_order.accelerated_by, "double_week");
  assert.equal(await page.getAttribute("#points-tier-accelerated", "data-acceleration"), "double_week");
  assert.equal(await page.getAttribute("#points-tier-after", "data-tier"), "gold");
  assert.equal(await page.getAttribute('#tier-accelerations li[data-acceleration="double_week"]', "data-active"), "true");
  await elementShot("en-frequent-points", "#card-points");
  assert.deepEqual(pageErrors, []);
});

test("what-if: added orders and edited persona fields are evaluated by the engine", async () => {
  await open(page);
  await choosePersona("churn_risk");
  await editorTab("persona");
  await page.fill('#editor-panel-persona input[inputmode="decimal"]', "1500");
  await page.fill('#editor-panel-persona input[type="number"] >> nth=0', "2");
  await page.click("#whatif-add");
  await page.uncheck('#editor-panel-persona input[data-snapshot-path="/consent/marketing"]');
  const snapshot = await page.evaluate(() => window.tierwiseDemo.state.snapshots.churn_risk);
  const added = snapshot.orders.filter((order) => order.id.startsWith("whatif-"));
  assert.deepEqual(added.map((order) => [order.placed_at, order.lines[0].unit_price, order.lines[0].category, order.status]), [
    [NOW, 150000, "tea", "paid"], [NOW, 150000, "tea", "paid"],
  ]);
  assert.equal(snapshot.consent.marketing, false);
  const result = evaluateInNode(program, snapshot);
  assertMatches(await shown(), result, "churn risk with two new orders");
  assert.equal(result.facts.orders_30d, 2);
  assert.notEqual(result.scores.segment.id, "churn_risk");
  // Without marketing consent the marketing offers give way to service ones.
  assert.ok(result.offers.suppressed.some((o) => o.reason === "no_consent"));
  assert.equal(await page.getAttribute('.persona-chip[data-persona="churn_risk"]', "data-edited"), "true");
  await shot("en-what-if");
  // A persona edited into something the engine rejects keeps its last result and says why.
  const shownBefore = await shown();
  await page.fill('#editor-panel-persona input[data-snapshot-path="/birthday"]', "1991-13-45");
  assert.match(await page.textContent("#stale-banner"), /\/birthday/);
  assert.equal(await page.getAttribute('#editor-panel-persona input[data-snapshot-path="/birthday"]', "aria-invalid"), "true");
  assert.deepEqual(await shown(), { ...shownBefore, ms: (await shown()).ms });
  await page.fill('#editor-panel-persona input[data-snapshot-path="/birthday"]', "1970-02-11");
  assert.equal(await page.isHidden("#stale-banner"), true);
  assert.equal(await page.getAttribute('#editor-panel-persona input[data-snapshot-path="/birthday"]', "aria-invalid"), "false");
  await page.click("text=Reset persona");
  assertMatches(await shown(), evaluateInNode(program, persona("churn_risk").snapshot), "reset");
  assert.deepEqual(pageErrors, []);
});

test("a share link carries the edited state into a fresh page, compressed", async () => {
  await open(page);
  await choosePersona("high_value");
  await page.fill('[data-path="/tiers/levels/3/qualify/spend"]', "9000");
  await page.locator("#now-slider").fill("20");
  await chooseSurface("cart");
  await page.fill('#cart-editor tr[data-line="1"] .cart-qty', "4");
  await editorTab("persona");
  await page.click("#whatif-add");
  const link = await page.evaluate(() => window.tierwiseDemo.shareLink());
  assert.match(link, /#s=z\.[A-Za-z0-9_-]+$/, "deflate-raw + base64url");
  assert.ok(link.length < 9000, `a link of ${link.length} characters`);
  const before = await shown();

  const fresh = await context.newPage();
  watch(fresh);
  await open(fresh, link.slice(baseUrl.length));
  const after = await shown(fresh);
  for (const key of ["tierCurrent", "next", "metrics", "pointsTotal", "offers", "suppressed", "surface", "segment", "balance", "afterCart", "nowLabel"]) {
    assert.deepEqual(after[key], before[key], `shared ${key}`);
  }
  assert.equal(await fresh.inputValue('[data-path="/tiers/levels/3/qualify/spend"]'), "9000");
  assert.equal(await fresh.isChecked("#persona-high_value"), true);
  assert.equal(await fresh.isChecked("#surface-cart"), true);
  assert.equal(await fresh.inputValue("#now-slider"), "20");
  assert.equal(await fresh.inputValue('#cart-editor tr[data-line="1"] .cart-qty'), "4");
  const edited = structuredClone(program);
  edited.tiers.levels[3].qualify.spend = 900000;
  const snapshot = await fresh.evaluate(() => window.tierwiseDemo.state.snapshots.high_value);
  const cart = structuredClone(DEFAULT_CART);
  cart.lines[1].quantity = 4;
  assertMatches(after, evaluateInNode(edited, snapshot, { now: nowPlus(20), cart, surface: "cart" }), "shared state");
  await fresh.close();

  // Without CompressionStream the link is plain base64url JSON, and still opens.
  const plain = await context.newPage();
  watch(plain);
  await plain.addInitScript(() => {
    delete window.CompressionStream;
    delete window.DecompressionStream;
  });
  await open(plain, link.slice(baseUrl.length).replace(/#.*/, ""));
  await choosePersona("new", plain);
  const plainLink = await plain.evaluate(() => window.tierwiseDemo.shareLink());
  assert.match(plainLink, /#s=j\./);
  const reopened = await context.newPage();
  watch(reopened);
  await open(reopened, plainLink.slice(baseUrl.length));
  assert.equal(await reopened.isChecked("#persona-new"), true);
  await plain.close();
  await reopened.close();

  // A damaged link says so and falls back to the defaults.
  const damaged = await context.newPage();
  await open(damaged, "#s=z.damaged!!");
  assert.match(await damaged.textContent("#notice"), /could not be read/);
  assert.equal(await damaged.getAttribute("body", "data-state"), "ready");
  await damaged.close();
  assert.deepEqual(pageErrors, []);
});

test("the program exports as a JSON download and imports from a file", async () => {
  await open(page);
  await page.fill('[data-path="/tiers/levels/1/qualify/orders"]', "4");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-button")]);
  assert.equal(download.suggestedFilename(), "tierwise-default.json");
  const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
  const edited = structuredClone(program);
  edited.tiers.levels[1].qualify.orders = 4;
  assert.deepEqual(exported, edited);

  const imported = structuredClone(program);
  imported.name = { "zh-CN": "导入的方案", en: "Imported program" };
  imported.tiers.levels[2].qualify.spend = 300000;
  const file = join(fixtures, "import-program.json");
  writeFileSync(file, JSON.stringify(imported));
  await page.setInputFiles("#import-file", file);
  await page.waitForFunction(() => document.querySelector("#program-title").textContent === "Imported program");
  await choosePersona("potential");
  assertMatches(await shown(), evaluateInNode(imported, persona("potential").snapshot), "imported program");
  assert.equal(await page.inputValue('[data-path="/tiers/levels/2/qualify/spend"]'), "3000");
  assert.match(await page.textContent("#notice"), /Imported import-program\.json/);

  // A file that is not JSON lands in the JSON tab with its syntax error; nothing else changes.
  const broken = join(fixtures, "import-broken.json");
  writeFileSync(broken, '{ "id": "x", ');
  await page.setInputFiles("#import-file", broken);
  await page.waitForSelector("#editor-panel-json:not([hidden])");
  assert.match(await page.textContent("#json-status"), /Not valid JSON: .* line 1, column 14/);
  assert.equal(await page.textContent("#program-title"), "Imported program");
  assert.deepEqual(pageErrors, []);
});

test("a broken program lists every problem at its path, linked to its field", async () => {
  await open(page);
  await choosePersona("potential");
  const before = await shown();
  const broken = structuredClone(program);
  broken.tiers.levels[2].qualify.spend = 150000;
  broken.points.pending_days = "seven";
  broken.offers[3].eligibility = { birthday_in_days: { $lte: 7, $gtr: 1 } };
  broken.offers[5].frequency = { per_days: 7 };
  broken.segments[1].colour = "red";
  await editorTab("json");
  await paste("#program-json", JSON.stringify(broken, null, 2));
  await page.waitForSelector('body[data-state="stale"]');

  const listed = async () => page.$$eval("#issue-list li", (items) => items.map((item) => [item.dataset.issuePath, item.dataset.source]));
  let issues = await listed();
  const enginePaths = validateProgram(broken).map((issue) => issue.path);
  assert.deepEqual(enginePaths.sort(), [
    "/offers/3/eligibility/birthday_in_days/$gtr", "/offers/5/frequency/max_impressions", "/points/pending_days",
    "/segments/1/colour", "/tiers/levels/2/qualify/spend",
  ]);
  assert.deepEqual(issues.map(([path]) => path).sort(), enginePaths, "every problem once");
  assert.ok(issues.every(([, source]) => source === "engine"));
  assert.equal(await page.getAttribute("#issues", "data-count"), "5");
  // Results stay on the last program that compiled, and say so.
  assert.equal(await page.isVisible("#stale-banner"), true);
  assert.deepEqual((await shown()).metrics, before.metrics);

  // A broken header stops the engine before the offers; the JSON Schema still finds the
  // structural problems there, so none of them hides behind the first.
  const header = structuredClone(program);
  header.currency = "yuan";
  header.segments[1].colour = "red";
  header.offers[0].purpose = "advertising";
  header.offers[2].value = -1;
  await paste("#program-json", JSON.stringify(header, null, 2));
  await page.waitForFunction(() => document.querySelector('#issue-list li[data-issue-path="/currency"]'));
  const engineOnly = validateProgram(header).map((issue) => issue.path).sort();
  assert.deepEqual(engineOnly, ["/currency", "/segments/1/colour"]);
  const schemaPaths = new SchemaValidator(schema).validate(header).map((issue) => issue.path).filter((path) => !engineOnly.includes(path)).sort();
  assert.deepEqual(schemaPaths, ["/offers/0/purpose", "/offers/2/value"]);
  issues = await listed();
  assert.deepEqual(issues.filter(([, source]) => source === "engine").map(([path]) => path).sort(), engineOnly);
  assert.deepEqual(issues.filter(([, source]) => source === "schema").map(([path]) => path).sort(), schemaPaths);
  await shot("en-json-errors");
  await paste("#program-json", JSON.stringify(broken, null, 2));
  await page.waitForFunction(() => !document.querySelector('#issue-list li[data-issue-path="/currency"]'));

  // Each path goes to its field: the tier threshold is focused, invalid and explained.
  await page.click('#issue-list li[data-issue-path="/tiers/levels/2/qualify/spend"] .issue-path');
  await page.waitForSelector("#editor-panel-tiers:not([hidden])");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "/tiers/levels/2/qualify/spend");
  assert.equal(await page.getAttribute('[data-path="/tiers/levels/2/qualify/spend"]', "aria-invalid"), "true");
  const describedBy = await page.getAttribute('[data-path="/tiers/levels/2/qualify/spend"]', "aria-describedby");
  assert.match(await page.textContent(`#${describedBy}`), /must exceed the previous tier's threshold/);
  await elementShot("en-tier-field-error", "#editor-panel-tiers");

  // The offer clause opens its offer and lands on its condition row.
  await page.click('#issue-list li[data-issue-path="/offers/3/eligibility/birthday_in_days/$gtr"] .issue-path');
  await page.waitForSelector("#editor-panel-offers:not([hidden])");
  const focusedRow = await page.evaluate(() => document.activeElement.closest(".clause")?.dataset.path);
  assert.equal(focusedRow, "/offers/3/eligibility/birthday_in_days/$gtr");
  assert.equal(await page.evaluate(() => document.activeElement.closest("details")?.open), true);

  // A path with no form field selects its text in the JSON tab.
  await page.click('#issue-list li[data-issue-path="/segments/1/colour"] .issue-path');
  await page.waitForSelector("#editor-panel-segments:not([hidden])");
  await page.click('#issue-list li[data-issue-path="/offers/5/frequency/max_impressions"] .issue-path');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "/offers/5/frequency/max_impressions");
  await editorTab("json");
  await page.click('#issue-list li[data-issue-path="/points/pending_days"] .issue-path');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "/points/pending_days", "the points tab has that field");
  broken.scores.rfm.lookback_days = 0;
  await editorTab("json");
  await paste("#program-json", JSON.stringify(broken, null, 2));
  await page.click('#issue-list li[data-issue-path="/scores/rfm/lookback_days"] .issue-path');
  await page.waitForSelector("#editor-panel-json:not([hidden])");
  const selected = await page.evaluate(() => {
    const area = document.querySelector("#program-json");
    return area.value.slice(area.selectionStart, area.selectionEnd);
  });
  assert.equal(selected, '"lookback_days": 0');

  // Fixing the text clears the list and the page computes again.
  await paste("#program-json", JSON.stringify(program, null, 2));
  await page.waitForSelector('body[data-state="ready"]');
  assert.equal(await page.isHidden("#issues"), true);

  // A form edit that breaks a rule shows the engine's message at that field at once.
  await editorTab("tiers");
  await page.fill('[data-path="/tiers/levels/3/qualify/orders"]', "8");
  assert.equal(await page.getAttribute('[data-path="/tiers/levels/3/qualify/orders"]', "aria-invalid"), "true");
  assert.ok((await page.$$eval("#issue-list li", (items) => items.map((item) => item.dataset.issuePath))).includes("/tiers/levels/3/qualify/orders"));
  // A value that is not a number never reaches the program: the field says why.
  await page.fill('[data-path="/tiers/levels/3/qualify/orders"]', "lots");
  const orderError = await page.getAttribute('[data-path="/tiers/levels/3/qualify/orders"]', "aria-describedby");
  assert.equal(await page.textContent(`#${orderError}`), "Enter a whole number.");
  assert.deepEqual(pageErrors, []);
});

test("a program that compiles with warnings computes, and lists them as warnings, not as invalid fields", async () => {
  await open(page);
  const risky = structuredClone(program);
  risky.offers[0].eligibility = { days_since_last_order: { $lte: 30 } };
  await editorTab("json");
  await paste("#program-json", JSON.stringify(risky, null, 2));
  await page.waitForSelector('#issue-list li[data-severity="warning"]');
  assert.equal(await page.getAttribute("body", "data-state"), "ready", "warnings do not stop the results");
  const listed = await page.$$eval("#issue-list li", (items) => items.map((item) => [item.dataset.issuePath, item.dataset.code, item.dataset.severity]));
  assert.deepEqual(listed, [["/offers/0/eligibility/days_since_last_order", "unguarded_nullable_fact", "warning"]]);
  assert.deepEqual(validateProgram(risky).map((issue) => [issue.path, issue.code, issue.severity]), listed);
  await page.click('#issue-list li[data-issue-path="/offers/0/eligibility/days_since_last_order"] .issue-path');
  await page.waitForSelector("#editor-panel-offers:not([hidden])");
  assert.equal(await page.$$eval('[aria-invalid="true"]', (fields) => fields.length), 0, "a warning marks no field invalid");
  assert.ok(await page.$(".has-warning"), "the condition is marked as a warning");
  await editorTab("json");
  await paste("#program-json", JSON.stringify(program, null, 2));
  await page.waitForFunction(() => document.querySelector("#issues")?.hidden);
  assert.deepEqual(pageErrors, []);
});

test("the condition builder edits eligibility over the facts catalog, and the engine judges each row", async () => {
  await open(page);
  await choosePersona("new");
  await editorTab("offers");
  await page.click('details[data-offer="new_customer_coupon"] > summary');
  const row = '.clause[data-path="/offers/0/eligibility/days_since_join/$lte"]';
  await page.waitForSelector(row);
  assert.equal(await page.textContent(`${row} .clause-status`), "✓ 13");
  // The field picker lists every fact the engine computed for the personas.
  const options = await page.$$eval("#fact-names option", (list) => list.map((option) => option.value));
  const engine = Engine.compile(program);
  for (const p of personas.personas) {
    const facts = engine.facts(p.snapshot, { now: NOW });
    for (const name of ["days_since_join", "rfm.r", "consent.sms", "churn.risk", "segment"]) assert.ok(options.includes(name), `${name} is offered`);
    for (const category of Object.keys(facts.category_spend_365d)) assert.ok(options.includes(`category_spend_365d.${category}`));
  }
  engine.free();

  await page.fill(`${row} .value-input`, "10");
  assert.equal(await page.textContent(`${row} .clause-status`), "✗ 13");
  const edited = structuredClone(program);
  edited.offers[0].eligibility = { days_since_join: { $lte: 10 } };
  let state = await shown();
  assertMatches(state, evaluateInNode(edited, persona("new").snapshot), "welcome offer for 10 days only");
  assert.deepEqual(state.suppressed.find(([id]) => id === "new_customer_coupon"), ["new_customer_coupon", "ineligible"]);

  // Add a clause with the picker: consent.sms = true, in an "any of" group.
  await page.click('details[data-offer="new_customer_coupon"] .group.root > .group-actions button:has-text("+ Group")');
  const group = 'details[data-offer="new_customer_coupon"] .group.root .group';
  await page.fill(`${group} .fact-input`, "consent.sms");
  await page.selectOption(`${group} .op-select`, "equals");
  await page.fill(`${group} .value-input`, "true");
  edited.offers[0].eligibility = { days_since_join: { $lte: 10 }, $or: [{ "consent.sms": true }] };
  assert.deepEqual(await page.evaluate(() => window.tierwiseDemo.state.program.offers[0].eligibility), edited.offers[0].eligibility);
  state = await shown();
  assertMatches(state, evaluateInNode(edited, persona("new").snapshot), "with an any-of group");
  assert.equal(await page.textContent(`${group} .clause-status`), "✓ true");
  await elementShot("en-condition-builder", 'details[data-offer="new_customer_coupon"]');
  assert.deepEqual(pageErrors, []);
});

test("tabs work from the keyboard, with ARIA roles, and every control has a label", async () => {
  await open(page);
  await page.focus("#editor-tab-tiers");
  const selectedTab = () => page.evaluate(() => ({
    focused: document.activeElement.id,
    selected: [...document.querySelectorAll("#editor-tabs [role=tab]")].filter((tab) => tab.getAttribute("aria-selected") === "true").map((tab) => tab.id),
    visible: [...document.querySelectorAll("#editor-tabs ~ [role=tabpanel]")].filter((panel) => !panel.hidden).map((panel) => panel.id),
    tabindex: [...document.querySelectorAll("#editor-tabs [role=tab]")].map((tab) => tab.tabIndex),
  }));
  await page.keyboard.press("ArrowRight");
  let tabs = await selectedTab();
  assert.deepEqual([tabs.focused, tabs.selected, tabs.visible], ["editor-tab-points", ["editor-tab-points"], ["editor-panel-points"]]);
  assert.deepEqual(tabs.tabindex, [-1, 0, -1, -1, -1, -1, -1, -1], "roving tabindex");
  await page.keyboard.press("End");
  tabs = await selectedTab();
  assert.deepEqual([tabs.focused, tabs.visible], ["editor-tab-json", ["editor-panel-json"]]);
  await page.keyboard.press("ArrowRight");
  tabs = await selectedTab();
  assert.deepEqual([tabs.focused, tabs.visible], ["editor-tab-tiers", ["editor-panel-tiers"]], "wraps around");
  await page.keyboard.press("ArrowLeft");
  assert.equal((await selectedTab()).focused, "editor-tab-json");
  await page.keyboard.press("Home");
  assert.equal((await selectedTab()).focused, "editor-tab-tiers");
  // Tab leaves the tablist into its panel.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "editor-panel-tiers");
  assert.equal(await page.getAttribute("#editor-panel-tiers", "aria-labelledby"), "editor-tab-tiers");

  // Personas and surfaces are radio groups: arrow keys move the choice, one stop for Tab.
  await page.focus("#persona-new");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector('#facts[data-persona="potential"]');
  assert.deepEqual(await page.$$eval("#personas input[type=radio]", (list) => list.map((radio) => radio.checked)),
    personas.personas.map((p) => p.id === "potential"));
  assert.equal(await page.evaluate(() => document.activeElement.id), "persona-potential");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.waitForSelector(`#facts[data-persona="${personas.personas.at(-1).id}"]`, { timeout: 5000 });
  await page.focus("#surface-member_page");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector('.offers-panel[data-surface="cart"]');
  // Focus is visible: an outline, not only a colour.
  await page.focus("#editor-tab-offers");
  await page.keyboard.press("ArrowLeft");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, "solid");

  for (const tab of ["tiers", "points", "offers", "segments", "measures", "contact", "persona", "json"]) {
    await editorTab(tab);
    if (tab === "offers" || tab === "segments") {
      for (const summary of await page.$$(`#editor-panel-${tab} details > summary`)) await summary.click();
    }
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
      .filter((el) => !el.closest("[hidden]") && el.id !== "import-file")
      .filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")))
      .map((el) => el.outerHTML.slice(0, 120)));
    assert.deepEqual(unlabelled, [], `every control in the ${tab} tab has a label`);
  }
  const bars = await page.$$eval("[role=progressbar]", (list) => list.map((bar) => [bar.getAttribute("aria-label"), bar.getAttribute("aria-valuenow"), bar.getAttribute("aria-valuetext")]));
  assert.ok(bars.length >= 3);
  for (const [label, now, text] of bars) assert.ok(label && now !== null && text, `progress bar ${label}`);
  assert.deepEqual(pageErrors, []);
});

test("zh-CN: every interface string and program text in Chinese, money in yuan", async () => {
  await open(page, "", { lang: "zh-CN" });
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  await choosePersona("potential");
  const result = evaluateInNode(program, persona("potential").snapshot);
  assertMatches(await shown(), result, "zh-CN");
  assert.equal(await page.textContent("#editor-tab-tiers"), "等级");
  assert.equal(await page.textContent("#program-title"), program.name["zh-CN"]);
  assert.equal(await page.textContent('#offers-shown .offer[data-rank="1"] .offer-name'), result.offers.offers[0].title["zh-CN"]);
  const spend = result.tier.next.metrics.find((m) => m.metric === "spend");
  assert.equal(await page.textContent('#tier-next .metric[data-metric="spend"] .metric-current'), new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" }).format(spend.current / 100));
  // No interface text is left in English: every visible text node outside code, program
  // ids and data is Chinese, a number or a symbol.
  const english = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    const allowed = /^(tierwise|JSON|JSON Schema|RFM|A|B|EN|App|SMS|CNY|tierwise-default|WebAssembly|[a-z0-9_.:$-]+)$/;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      if (!text || node.parentElement.closest("code, .mono, .persona-id, [lang=en], textarea, datalist, option, .fact-path, #facts, .lines-table, #program-meta, .chip-soft.small")) continue;
      if (node.parentElement.closest("[hidden]")) continue;
      const words = text.match(/[A-Za-z][A-Za-z'-]{2,}/g) ?? [];
      for (const word of words) if (!allowed.test(word) && !/[\u4e00-\u9fff]/.test(text.replace(word, ""))) found.push(text);
    }
    return [...new Set(found)];
  });
  assert.deepEqual(english, []);
  await shot("zh-CN-overview");
  await page.screenshot({ path: join(ARTIFACTS, "zh-CN-first-screen.png") });
  await editorTab("offers");
  await page.click('details[data-offer="birthday_gift"] > summary');
  await elementShot("zh-CN-offer-editor", 'details[data-offer="birthday_gift"]');
  await elementShot("zh-CN-scores", "#card-scores");
  await elementShot("zh-CN-points", "#card-points");
  await elementShot("zh-CN-offers", "#card-offers");
  // Back to English for the next page loads of this profile.
  await page.click('.segmented button[data-lang="en"]');
  assert.equal(await page.textContent("#editor-tab-tiers"), "Tiers");
  assert.deepEqual(pageErrors, []);
});

test("program texts are shown as text, never as markup", async () => {
  const hostile = structuredClone(program);
  hostile.name.en = '<img src=x onerror="window.__pwned=1">';
  hostile.offers[0].title.en = "<b>bold</b> & <script>window.__pwned=2</script>";
  hostile.tiers.levels[1].name.en = '<svg onload="window.__pwned=3">';
  const file = join(fixtures, "import-hostile.json");
  writeFileSync(file, JSON.stringify(hostile));
  await open(page);
  await page.setInputFiles("#import-file", file);
  await page.waitForFunction(() => document.querySelector("#program-title").textContent.startsWith("<img"));
  await choosePersona("new");
  assert.equal(await page.textContent("#program-title"), hostile.name.en);
  assert.equal(await page.textContent('#offers-shown .offer[data-offer="new_customer_coupon"] .offer-name'), hostile.offers[0].title.en);
  const injected = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    img: document.querySelectorAll("#app img").length,
    b: document.querySelectorAll("#app b").length,
    script: document.querySelectorAll("#app script").length,
    svgOnload: document.querySelectorAll("svg[onload]").length,
  }));
  assert.deepEqual(injected, { pwned: null, img: 0, b: 0, script: 0, svgOnload: 0 });
  assert.deepEqual(pageErrors, []);
});

test("text meets WCAG AA contrast on the surface it sits on", async () => {
  await open(page);
  await choosePersona("points_expiring");
  await page.locator("#now-slider").fill("20");
  const failures = await page.evaluate(() => {
    const parse = (value) => {
      const m = value.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
    };
    const luminance = ([r, g, b]) => {
      const channel = (c) => {
        const v = c / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (el) => {
      for (let node = el; node; node = node.parentElement) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg && bg[3] > 0.5) return bg;
      }
      return [255, 255, 255, 1];
    };
    const opacity = (el) => {
      let value = 1;
      for (let node = el; node; node = node.parentElement) value *= Number(getComputedStyle(node).opacity);
      return value;
    };
    const found = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || seen.has(el) || el.closest("[hidden], [aria-hidden=true], option, datalist, svg, .visually-hidden, .skip-link")) continue;
      seen.add(el);
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const style = getComputedStyle(el);
      const fg = parse(style.color);
      const bg = background(el);
      const alpha = fg[3] * opacity(el);
      const blended = fg.slice(0, 3).map((c, i) => bg[i] + (c - bg[i]) * alpha);
      const [a, b] = [luminance(blended), luminance(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const disabled = el.closest(":disabled");
      if (!disabled && ratio < (large ? 3 : 4.5)) found.push(`${ratio.toFixed(2)} ${el.tagName}.${el.className} "${node.textContent.trim().slice(0, 30)}"`);
    }
    return found;
  });
  assert.deepEqual(failures, []);
});

test("responsive down to 1024 px: no sideways scrolling, the editor stays beside the results", async () => {
  await page.setViewportSize({ width: 1024, height: 800 });
  await open(page);
  await choosePersona("high_value");
  const layout = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
    editor: document.querySelector(".editor").getBoundingClientRect(),
    results: document.querySelector(".results").getBoundingClientRect(),
  }));
  assert.ok(layout.scroll <= layout.width, `page is ${layout.scroll} px wide in a ${layout.width} px window`);
  assert.ok(layout.editor.right <= layout.results.left, "editor and results side by side");
  assert.ok(layout.results.width >= 560, `results get ${layout.results.width} px`);
  await shot("en-1024");
  await page.setViewportSize({ width: 1440, height: 1000 });
  assert.deepEqual(pageErrors, []);
});

const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** axe-core's violations of WCAG 2 A/AA and its best practices on the page as it is now. */
async function axeViolations(target = page) {
  await target.addScriptTag({ content: AXE });
  return target.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`);
  }, AXE_TAGS);
}

test("axe-core finds no WCAG 2 A/AA or best-practice violation, in English and in Chinese", async () => {
  for (const lang of ["en", "zh-CN"]) {
    await open(page, "", { lang });
    await choosePersona("high_value");
    assert.deepEqual(await axeViolations(), [], `${lang}: the designer page`);
    // Every editor tab, with its own controls.
    for (const tab of ["points", "offers", "segments", "measures", "contact", "persona", "json", "tiers"]) {
      await editorTab(tab);
      assert.deepEqual(await axeViolations(), [], `${lang}: the ${tab} editor`);
    }
    // A broken program shows the problem list and marks fields: still no violation.
    const broken = structuredClone(program);
    broken.currency = "yuan";
    await editorTab("json");
    await paste("#program-json", JSON.stringify(broken, null, 2));
    await page.waitForSelector('#issue-list li[data-issue-path="/currency"]');
    assert.deepEqual(await axeViolations(), [], `${lang}: the page with a problem list`);
    await paste("#program-json", JSON.stringify(program, null, 2));
    await page.waitForSelector('body[data-state="ready"]');
  }
  assert.deepEqual(pageErrors, []);
});

test("engine problems read in the page's language through the label catalog, with their code and path", async () => {
  const { codeLabel } = await import(join(ROOT, "pkg/format.js"));
  const broken = structuredClone(program);
  broken.currency = "yuan";
  broken.tiers.levels[2].qualify.spend = 150000;
  for (const lang of ["zh-CN", "en"]) {
    await open(page, "", { lang });
    await editorTab("json");
    await paste("#program-json", JSON.stringify(broken, null, 2));
    await page.waitForSelector('#issue-list li[data-issue-path="/currency"]');
    const item = await page.$eval('#issue-list li[data-issue-path="/currency"]', (li) => ({
      code: li.dataset.code, path: li.querySelector(".issue-path").textContent, message: li.querySelector(".issue-message").textContent,
    }));
    assert.equal(item.code, "invalid_currency");
    assert.equal(item.path, "/currency", "the pointer stays visible");
    const label = codeLabel("invalid_currency", lang);
    assert.equal(label, lang === "en" ? "Invalid currency code" : "货币代码无效");
    if (lang === "en") {
      assert.match(item.message, /^Invalid currency code: .*yuan.* \(invalid_currency\)$/);
    } else {
      assert.equal(item.message, "货币代码无效。 (invalid_currency)");
    }
    if (lang === "zh-CN") await shot("zh-CN-json-errors");
  }
  await paste("#program-json", JSON.stringify(program, null, 2));
  await page.waitForSelector('body[data-state="ready"]');
  assert.deepEqual(pageErrors, []);
});

test("a one-field edit makes a share link well under 2,000 characters, and links of version 1 keep opening", async () => {
  await open(page);
  await choosePersona("high_value");
  await page.fill('[data-path="/tiers/levels/3/qualify/spend"]', "9000");
  const link = await page.evaluate(() => window.tierwiseDemo.shareLink());
  console.log(`share link after one edit: ${link.length} characters`);
  assert.ok(link.length < 1000, `a link of ${link.length} characters`);
  const { decodeState, encodeState } = await import(join(ROOT, "www/js/share.js"));
  const carried = await decodeState(link.replace(/^.*#s=/, ""));
  assert.equal(carried.v, 2);
  assert.equal(carried.program, undefined, "the program is not carried whole");
  assert.deepEqual(carried.programPatch, { tiers: { levels: { "~a": program.tiers.levels.length, 3: { qualify: { spend: 900000 } } } } });

  const fresh = await context.newPage();
  watch(fresh);
  await open(fresh, link.slice(baseUrl.length));
  assert.equal(await fresh.inputValue('[data-path="/tiers/levels/3/qualify/spend"]'), "9000");
  assert.equal(await fresh.isChecked("#persona-high_value"), true);
  await fresh.close();

  // A link of version 1 carried the whole program: it opens as it did.
  const edited = structuredClone(program);
  edited.tiers.levels[3].qualify.spend = 800000;
  const old = await encodeState({ v: 1, lang: "en", persona: "potential", day: 0, surface: "member_page", cart: DEFAULT_CART, program: edited });
  const legacy = await context.newPage();
  watch(legacy);
  await open(legacy, `#s=${old}`);
  assert.equal(await legacy.inputValue('[data-path="/tiers/levels/3/qualify/spend"]'), "8000");
  assert.equal(await legacy.isChecked("#persona-potential"), true);
  await legacy.close();
  assert.deepEqual(pageErrors, []);
});

test("the exact-date field says so when it moves a date outside the slider's range", async () => {
  for (const lang of ["en", "zh-CN"]) {
    await open(page, "", { lang });
    const max = Number(await page.getAttribute("#now-slider", "max"));
    const last = await page.getAttribute("#now-date", "max");
    await page.fill("#now-date", "2031-06-15");
    await page.waitForFunction(() => document.querySelector("#now-clamped").textContent !== "");
    const note = await page.textContent("#now-clamped");
    assert.equal(await page.inputValue("#now-slider"), String(max), "the slider is at its end");
    assert.equal(await page.inputValue("#now-date"), last, "the field shows the date used");
    const format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });
    const day = (text) => format.format(new Date(`${text}T00:00:00Z`));
    assert.ok(note.includes(day("2031-06-15")) && note.includes(day(last)), note);
    assert.match(note, lang === "en" ? /is outside the slider's range/ : /超出滑块范围/);
    assert.equal(await page.getAttribute("#now-date", "aria-describedby"), "now-clamped");
    // A date inside the range clears the note.
    await page.fill("#now-date", `${NOW.slice(0, 4)}-06-15`);
    await page.waitForFunction(() => document.querySelector("#now-clamped").textContent === "");
  }
  assert.deepEqual(pageErrors, []);
});

test("lifecycle stages, the value score and monthly orders: edited in their tab, shown for the persona", async () => {
  await open(page);
  await choosePersona("potential");
  const before = evaluateInNode(program, persona("potential").snapshot);
  assert.equal(before.facts.lifecycle_stage, "active");
  assert.equal(await page.getAttribute("#lifecycle", "data-stage"), "active");
  assert.match(await page.textContent("#lifecycle-next"), /^Silent in 67 days \(.+\) if nothing happens$/);
  assert.equal(await page.getAttribute("#value-score [role=meter]", "aria-valuenow"), String(before.facts.value_score));
  assert.deepEqual(await page.$$eval("#monthly-orders .month-count", (cells) => cells.map((cell) => Number(cell.textContent))), [...before.facts.orders_by_month].reverse());
  assert.equal(await page.textContent("#declining-months"), "Orders are not falling month after month.");

  await editorTab("measures");
  for (const card of ["/lifecycle/stages/1", "/lifecycle/stages/2", "/value_score/components/0"]) await page.click(`#editor-panel-measures details[data-path="${card}"] > summary`);
  await page.fill('#editor-panel-measures [data-path="/lifecycle/stages/1/days_without_order/max"]', "20");
  await page.fill('#editor-panel-measures [data-path="/lifecycle/stages/2/days_without_order/min"]', "21");
  await page.fill('#editor-panel-measures [data-path="/value_score/components/0/linear/full_at"]', "2");
  const edited = structuredClone(program);
  edited.lifecycle.stages[1].days_without_order.max = 20;
  edited.lifecycle.stages[2].days_without_order.min = 21;
  edited.value_score.components[0].linear.full_at = 2;
  const after = evaluateInNode(edited, persona("potential").snapshot);
  assert.equal(after.facts.lifecycle_stage, "silent");
  assert.equal(after.facts.value_score, before.facts.value_score + 6, "orders_30d 1 of 2 scores 50 instead of 25, at 25 %");
  assert.equal(await page.getAttribute("#lifecycle", "data-stage"), "silent");
  assert.equal(await page.getAttribute("#value-score [role=meter]", "aria-valuenow"), String(after.facts.value_score));
  assert.equal(await page.textContent('#value-score tr[data-component="frequency_30d"] td:nth-of-type(2)'), "50");

  // Weights that do not add up to 100 % are the engine's error, shown at the field.
  await page.fill('#editor-panel-measures [data-path="/value_score/components/0/weight_bp"]', "30");
  await page.waitForSelector('#issue-list li[data-issue-path="/value_score/components"]');
  assert.match(await page.textContent('#issue-list li[data-issue-path="/value_score/components"]'), /add up to 10500 basis points/);
  assert.deepEqual(pageErrors, []);
});
