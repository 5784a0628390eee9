// The packed package in three browser consumers, each built (or not) the way a storefront
// would and opened in Chromium: a Vite app, a webpack 5 app and a plain
// <script type="module"> page with an import map. Each page initialises tierwise, fills
// its own markup with tierwise/dom, and must show PRODUCT.md's worked-example numbers.
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FIXTURE, consumerProject, launchChromium, serve, shownMemberPage } from "./support.mjs";

const expected = FIXTURE.expect;

let consumer;
let browser;
let template;

before(async () => {
  consumer = consumerProject();
  template = readFileSync(join(consumer.dir, "app/index.html"), "utf8");
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  consumer?.cleanup();
});

/** The consumer's markup with the given tags in its head and at the end of its body. */
function page({ head = "", entry }) {
  return template.replace("<!-- head -->", head).replace("<!-- entry -->", entry);
}

/** Serves `dir`, opens it in Chromium and checks the member page against the worked examples. */
async function checkServed(dir, path = "/") {
  const server = await serve(dir);
  try {
    const { page: tab, errors } = await browser.open(`${server.url}${path}`);
    const shown = await shownMemberPage(tab);
    await tab.close();
    assert.equal(shown.state, "ready", `the page failed: ${shown.error}`);
    assert.deepEqual(errors, []);
    assert.deepEqual(shown.result, {
      tier: expected.tier, next: expected.next, progress: expected.progress,
      remaining: { spend: expected.remaining_spend, orders: expected.remaining_orders },
      deadline: expected.deadline, daysLeft: expected.days_left,
      pointsTotal: expected.points_total, contributions: expected.contributions,
      availableAt: expected.available_at, expiresAt: expected.expires_at,
    });
    assert.equal(shown.tierName, "Silver");
    assert.deepEqual(shown.progress, {
      role: "progressbar", "aria-valuenow": String(expected.percent), "aria-valuemin": "0", "aria-valuemax": "100",
      "aria-valuetext": `${expected.percent}% of the way to Gold`,
    });
    assert.equal(shown.barWidth, `${expected.percent}%`);
    assert.equal(shown.remaining, "To reach Gold: spend ¥1,800.00 more or 4 more orders");
    assert.equal(shown.deadline, `Qualify by Dec 31, 2026 (in ${expected.days_left} days)`);
    assert.equal(shown.pointsTotal, "This order earns 1,077 points");
    assert.deepEqual(shown.breakdown, Object.entries(expected.contributions).map(([rule, points]) => ["LI", rule, points]));
    assert.equal(shown.availableAt, "Usable from Nov 25, 2026");
    assert.equal(shown.expiresAt, "valid until Dec 31, 2027");
    assert.ok(shown.offers.length >= 1 && shown.offers.every((id) => typeof id === "string"), JSON.stringify(shown.offers));
    return server.requests;
  } finally {
    await server.close();
  }
}

test("a Vite app built from the tarball shows the worked examples", async () => {
  const { build } = await import("vite");
  const app = join(consumer.dir, "app");
  const dist = join(consumer.dir, "dist-vite");
  writeFileSync(join(app, "index.html"), page({ entry: '<script type="module" src="./vite-main.js"></script>' }));
  await build({ root: app, base: "./", configFile: false, logLevel: "silent", build: { outDir: dist, emptyOutDir: true } });
  const assets = readdirSync(join(dist, "assets"));
  assert.ok(assets.some((file) => file.endsWith(".wasm")), `Vite emitted the wasm: ${assets.join(", ")}`);
  assert.ok(assets.some((file) => file.endsWith(".css")), "Vite bundled tierwise/dom.css");
  const requests = await checkServed(dist);
  assert.ok(requests.some((path) => /^\/assets\/.*\.wasm$/.test(path)), `the page loaded the emitted wasm: ${requests.join(", ")}`);
});

test("a webpack 5 app built from the tarball, without loaders or experiments, shows the worked examples", async () => {
  const { default: webpack } = await import("webpack");
  const dist = join(consumer.dir, "dist-webpack");
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: "production",
      context: join(consumer.dir, "app"),
      entry: "./webpack-main.js",
      output: { path: dist, filename: "main.js", clean: true },
      devtool: false,
      performance: { hints: false },
      infrastructureLogging: { level: "error" },
    }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }));
  const wasm = readdirSync(dist).filter((file) => file.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `webpack emitted the wasm once: ${readdirSync(dist).join(", ")}`);
  writeFileSync(join(dist, "index.html"), page({ entry: '<script src="./main.js"></script>' }));
  const requests = await checkServed(dist);
  assert.ok(requests.includes(`/${wasm[0]}`), `the page loaded the emitted wasm: ${requests.join(", ")}`);
});

test("a plain <script type=\"module\"> page with an import map, no bundler, shows the worked examples", async () => {
  const importMap = JSON.stringify({
    imports: { tierwise: "/node_modules/tierwise/index.js", "tierwise/dom": "/node_modules/tierwise/dom.js" },
  });
  writeFileSync(join(consumer.dir, "app/plain.html"), page({
    head: `<link rel="stylesheet" href="/node_modules/tierwise/dom.css">\n  <script type="importmap">${importMap}</script>`,
    entry: '<script type="module" src="/app/plain-main.js"></script>',
  }));
  const requests = await checkServed(consumer.dir, "/app/plain.html");
  assert.ok(requests.includes("/node_modules/tierwise/wasm/tierwise_core_bg.wasm"), requests.join(", "));
});
