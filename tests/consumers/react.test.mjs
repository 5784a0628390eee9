// tierwise/react with React 19, server-rendered on Node and hydrated in Chromium, from the
// packed package. The README's recipe (MemberPage.jsx, server.jsx, client.jsx) is copied
// from its code blocks as it is and bundled with esbuild; the hydrated custom elements must
// show the worked examples' tier and points, and nothing may log a hydration warning. A
// custom element rendered without its inputs must say so: a bubbling `tierwise-error` with
// code `missing_field`, and a visible state.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { build } from "esbuild";
import { FIXTURE, PROGRAM, ROOT, consumerProject, launchChromium, readmeBlock, serve } from "./support.mjs";

const expected = FIXTURE.expect;
const PROPS = { program: PROGRAM, snapshot: FIXTURE.snapshot, cart: FIXTURE.cart, now: FIXTURE.now, locale: "zh-CN" };

let consumer;
let browser;
let dist;

before(async () => {
  consumer = consumerProject();
  // React comes from the workspace's devDependencies, as an app has its own.
  for (const name of ["react", "react-dom", "scheduler"]) {
    symlinkSync(join(ROOT, "node_modules", name), join(consumer.dir, "node_modules", name), "dir");
  }
  const app = join(consumer.dir, "react-app");
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, "MemberPage.jsx"), readmeBlock("// MemberPage.jsx"));
  writeFileSync(join(app, "server.jsx"), readmeBlock("// server.jsx: the HTML of the page (in Node, tierwise is ready on import)"));
  writeFileSync(join(app, "client.jsx"), readmeBlock("// client.jsx: bundled to /client.js, with the package's .wasm beside it"));
  dist = join(consumer.dir, "react-dist");
  const common = { bundle: true, format: "esm", jsx: "automatic", logLevel: "silent", absWorkingDir: consumer.dir };
  await build({ ...common, entryPoints: [join(app, "server.jsx")], outfile: join(dist, "server.mjs"), platform: "node", packages: "external" });
  // The development build of React: it reports hydration mismatches as console errors.
  await build({ ...common, entryPoints: [join(app, "client.jsx")], outfile: join(dist, "client.js"), platform: "browser", target: "es2022",
    define: { "process.env.NODE_ENV": '"development"' } });
  mkdirSync(join(dist, "wasm"), { recursive: true });
  copyFileSync(join(consumer.dir, "node_modules/tierwise/wasm/tierwise_core_bg.wasm"), join(dist, "wasm/tierwise_core_bg.wasm"));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  consumer?.cleanup();
});

async function serverHtml() {
  // Imported from the consumer project, so "react" and "tierwise" resolve there, as on a server.
  const { renderMemberPage } = await import(pathToFileURL(join(dist, "server.mjs")).href);
  return renderMemberPage(PROPS);
}

test("the server writes the page with the hook's evaluation and the elements' attributes", async () => {
  const html = await serverHtml();
  assert.match(html, /<h2>银卡会员<\/h2>/, "useTierwise evaluated on the server");
  assert.match(html, new RegExp(`<tierwise-tier-progress now="${FIXTURE.now.replace("+", "\\+")}"></tierwise-tier-progress>`));
  assert.ok(!html.includes("</script><script>"), "no inline script besides the JSON props");
});

test("after hydrateRoot the custom elements show the worked examples, with no hydration warning", async () => {
  const html = await serverHtml();
  const server = await serve(dist, { "/": { type: "text/html; charset=utf-8", body: html }, "/favicon.ico": { type: "image/x-icon", body: "" } });
  try {
    const { page, errors } = await browser.open(`${server.url}/`);
    await page.waitForSelector("tierwise-tier-progress[data-tierwise-state=ready]", { timeout: 15_000 });
    await page.waitForSelector("tierwise-points-preview[data-tierwise-state=ready]", { timeout: 15_000 });
    const shown = await page.evaluate(() => {
      const slot = (element, name) => element.querySelector(`[data-tierwise="${name}"]`);
      const progress = document.querySelector("tierwise-tier-progress");
      const points = document.querySelector("tierwise-points-preview");
      return {
        heading: document.querySelector("h2").textContent,
        tierName: slot(progress, "tier-name")?.textContent,
        value: slot(progress, "tier-progress")?.getAttribute("aria-valuenow"),
        pointsTotal: slot(points, "points-total")?.textContent,
        breakdown: [...(slot(points, "points-breakdown")?.children ?? [])].map((item) => [item.dataset.rule, Number(item.dataset.points)]),
      };
    });
    assert.deepEqual(shown, {
      heading: "银卡会员", tierName: "银卡会员", value: String(expected.percent), pointsTotal: "本单可得 1,077 积分",
      breakdown: Object.entries(expected.contributions),
    });
    assert.deepEqual(errors, [], "no page error and no hydration warning");
    assert.ok(server.requests.includes("/wasm/tierwise_core_bg.wasm"), server.requests.join(", "));

    // Written directly, without the components: upgraded with no snapshot, the element says so.
    const missing = await page.evaluate(async () => {
      const events = [];
      document.addEventListener("tierwise-error", (event) => events.push({
        code: event.detail.code, path: event.detail.path, target: event.target.localName,
        issues: event.detail.issues.map((issue) => `${issue.code} ${issue.path}`),
      }));
      const element = document.createElement("tierwise-offers");
      element.setAttribute("now", "2026-11-18T12:00:00+08:00");
      document.querySelector("section").append(element);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const note = element.querySelector(".tierwise-error");
      return {
        events, state: element.getAttribute("data-tierwise-state"), code: element.getAttribute("data-tierwise-error"),
        note: note?.textContent, visible: (note?.getBoundingClientRect().height ?? 0) > 0,
      };
    });
    assert.deepEqual(missing, {
      events: [{ code: "missing_field", path: "/engine", target: "tierwise-offers", issues: ["missing_field /engine", "missing_field /snapshot"] }],
      state: "error", code: "missing_field", note: "暂时无法显示", visible: true,
    });
    await page.close();
  } finally {
    await server.close();
  }
});
