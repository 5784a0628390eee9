// Start-up of the package in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core; no browser is downloaded): `await init(bytes)` (compile and instantiate the
// wasm, already fetched), compiling the default program, the first `evaluate` (of the
// `high_value` persona at the personas' `now`, default options: the member page a storefront
// renders first), the first `evaluate` of a 100-order member after it, and then the steady
// `evaluate` of that member. Each sample is a fresh browser with a fresh profile, so
// no compiled-code cache carries over between samples.
//
//   node bench/browser.mjs --out target/bench/browser.json [--quick]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import * as workload from "./workload.mjs";
import { summarise } from "./measure.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const out = args.includes("--out") ? args[args.indexOf("--out") + 1] : join(ROOT, "target/bench/browser.json");
const runs = args.includes("--quick") ? 3 : 7;
const ORIGIN = "http://tierwise.bench";
const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".html": "text/html" };

const program = workload.DEFAULT_PROGRAM;
const personas = JSON.parse(readFileSync(join(ROOT, "src/defaults/personas.json"), "utf8"));
const persona = personas.personas.find((entry) => entry.id === "high_value").snapshot;
const snapshot = workload.snapshot(100);
const page = `<!doctype html><meta charset="utf-8"><script type="module">
  const { default: init, Engine } = await import("/pkg/index.js");
  // Fetched first, so that the figure is compile + instantiate and not the test's file serving.
  const bytes = await (await fetch("/pkg/wasm/tierwise_core_bg.wasm")).arrayBuffer();
  const t1 = performance.now();
  await init(bytes);
  const t2 = performance.now();
  const engine = Engine.compile(${JSON.stringify(program)});
  const t3 = performance.now();
  const persona = ${JSON.stringify(persona)};
  const snapshot = ${JSON.stringify(snapshot)};
  const options = ${JSON.stringify(workload.OPTIONS)};
  const t4a = performance.now();
  engine.evaluate(persona, { now: ${JSON.stringify(personas.now)} });
  const t4b = performance.now();
  engine.evaluate(snapshot, options);
  const t4 = performance.now();
  let runs = 0;
  const begin = performance.now();
  while (performance.now() - begin < 300) { engine.evaluate(snapshot, options); runs++; }
  const steady = (performance.now() - begin) / runs;
  window.result = { instantiate: t2 - t1, compile_program: t3 - t2, first_evaluate: t4b - t4a, first_evaluate_large: t4 - t4b, steady_evaluate: steady };
</script>`;

/** Serves `html` at the origin's root and the package's files under /pkg/. */
function serve(context, html) {
  return context.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/") return route.fulfill({ status: 200, contentType: "text/html", body: html });
    const file = normalize(join(ROOT, path));
    if (!file.startsWith(join(ROOT, "pkg"))) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? "application/octet-stream", body: readFileSync(file) });
  });
}

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const samples = [];
let browserVersion;
for (let i = 0; i < runs; i++) {
  const profile = mkdtempSync(join(tmpdir(), "tierwise-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: flags, headless: true });
  try {
    browserVersion ??= context.browser()?.version() ?? null;
    await serve(context, page);
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.goto(`${ORIGIN}/`);
    await tab.waitForFunction(() => window.result !== undefined, null, { timeout: 60000 });
    samples.push(await tab.evaluate(() => window.result));
    browserVersion ??= await tab.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? null);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
/**
 * Where a steady `evaluate` spends its time in Chromium: one more fresh browser, a warm-up,
 * then V8's sampling CPU profiler (DevTools protocol, 100 µs interval) over a second of
 * evaluations. Self time is grouped by what crosses the boundary: the wasm core, the
 * wasm-bindgen glue copying strings in and out, `toJson` (JSON.stringify of the inputs,
 * attributed to its caller by V8), `call` (JSON.parse of the result), garbage collection.
 */
async function boundaryProfile() {
  const profilePage = page.replace("window.result = {", `window.profileRun = () => { const until = performance.now() + 1000; let n = 0;
    while (performance.now() < until) { engine.evaluate(snapshot, options); n++; } return n; };
  window.result = {`);
  const profileDir = mkdtempSync(join(tmpdir(), "tierwise-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profileDir, { executablePath, args: flags, headless: true });
  try {
    await serve(context, profilePage);
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.goto(`${ORIGIN}/`);
    await tab.waitForFunction(() => window.result !== undefined, null, { timeout: 60000 });
    const cdp = await context.newCDPSession(tab);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    await cdp.send("Profiler.start");
    const evaluations = await tab.evaluate(() => window.profileRun());
    const { profile } = await cdp.send("Profiler.stop");
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const groups = { wasm: 0, glue: 0, stringify: 0, parse: 0, gc: 0, other: 0 };
    const group = ({ functionName, url }) => {
      if (url.startsWith("wasm://")) return "wasm";
      if (url.endsWith("tierwise_core.js")) return "glue";
      if (functionName === "toJson" || functionName === "nonFinitePath") return "stringify";
      if (functionName === "call") return "parse";
      if (functionName === "(garbage collector)") return "gc";
      return "other";
    };
    let total = 0;
    profile.samples.forEach((id, index) => {
      const delta = profile.timeDeltas[index + 1] ?? 0;
      const node = byId.get(id);
      if (!node || node.callFrame.functionName === "(idle)") return;
      groups[group(node.callFrame)] += delta;
      total += delta;
    });
    return { evaluations, sampled_ms: total / 1000, share: Object.fromEntries(Object.entries(groups).map(([key, value]) => [key, total ? value / total : 0])) };
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

const of = (key) => summarise(samples.map((sample) => sample[key] * 1000));
const result = { chromium: browserVersion, runs, ...Object.fromEntries(Object.keys(samples[0]).map((key) => [key, of(key)])), profile: await boundaryProfile() };
writeFileSync(out, JSON.stringify(result, null, 2));
process.stderr.write(`wrote ${out}\n`);
