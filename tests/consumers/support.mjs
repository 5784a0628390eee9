// Shared helpers of the consumer suites: a consumer project with the packed package
// installed from its tarball, a tiny static server, and Debian's Chromium through
// playwright-core (never a downloaded browser).
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { installPackedPackage } from "../js/support.mjs";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const HERE = fileURLToPath(new URL(".", import.meta.url));
export const ARTIFACTS = join(ROOT, "test-artifacts");
export const FIXTURE = JSON.parse(readFileSync(join(HERE, "fixtures/member.json"), "utf8"));
export const PROGRAM = JSON.parse(readFileSync(join(ROOT, "src/defaults/program.json"), "utf8"));

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
];

/**
 * A consumer project: the packed package installed from its tarball into node_modules,
 * with this folder's `app/` and `fixtures/` copied next to it.
 */
export function consumerProject() {
  const consumer = installPackedPackage();
  for (const folder of ["app", "fixtures", "ssr", "miniprogram"]) {
    cpSync(join(HERE, folder), join(consumer.dir, folder), { recursive: true });
  }
  return consumer;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
};

/**
 * Serves `dir` on 127.0.0.1 at a free port and records every request path; `routes` maps
 * paths to generated bodies ({ type, body }).
 */
export function serve(dir, routes = {}) {
  const requests = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    requests.push(path);
    if (routes[path]) {
      response.writeHead(200, { "content-type": routes[path].type, "cache-control": "no-store" });
      response.end(routes[path].body);
      return;
    }
    let file = normalize(join(dir, path));
    if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise((done) => {
          server.close(done);
          server.closeAllConnections();
        }),
      });
    });
  });
}

/**
 * Debian's Chromium in a fresh profile. `open(url)` gives a page whose errors (uncaught
 * exceptions and console errors) are collected in `errors`.
 */
export async function launchChromium(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), "tierwise-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
    locale: "en-US",
    timezoneId: "Asia/Shanghai",
    ...options,
  });
  const open = async (url) => {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    if (url) await page.goto(url);
    return { page, errors };
  };
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, open, close };
}

/** What the consumer page shows and reports, read from the page. */
export async function shownMemberPage(page) {
  await page.waitForSelector("body:not([data-state=loading])", { state: "attached", timeout: 15_000 });
  return page.evaluate(() => {
    const slot = (name) => document.querySelector(`[data-tierwise="${name}"]`);
    const bar = slot("tier-progress");
    return {
      state: document.body.dataset.state,
      error: window.tierwiseError ?? null,
      result: window.tierwiseResult ?? null,
      tierName: slot("tier-name").textContent,
      progress: Object.fromEntries(["role", "aria-valuenow", "aria-valuemin", "aria-valuemax", "aria-valuetext"].map((name) => [name, bar.getAttribute(name)])),
      barWidth: bar.firstElementChild?.style.width ?? null,
      remaining: slot("tier-remaining").textContent,
      deadline: slot("tier-deadline").textContent,
      pointsTotal: slot("points-total").textContent,
      breakdown: [...slot("points-breakdown").children].map((item) => [item.tagName, item.dataset.rule, Number(item.dataset.points)]),
      availableAt: slot("points-available-at").textContent,
      expiresAt: slot("points-expires-at").textContent,
      offers: [...slot("offers").children].map((item) => item.dataset.offerId ?? null),
    };
  });
}

/**
 * The fenced code blocks of a Markdown file (README.md by default), in order, as
 * { lang, code, heading }: the code exactly as written, `heading` the nearest heading above.
 */
export function codeBlocks(file = join(ROOT, "README.md")) {
  const blocks = [];
  let heading = "";
  let open;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (open) {
      if (line.trim() === "```") {
        blocks.push({ lang: open.lang, heading: open.heading, code: open.indent ? open.lines.map((text) => text.slice(open.indent)).join("\n") : open.lines.join("\n") });
        open = undefined;
      } else {
        open.lines.push(line);
      }
      continue;
    }
    const fence = line.match(/^(\s*)```(\w*)\s*$/);
    if (fence) open = { lang: fence[2], heading, indent: fence[1].length, lines: [] };
    else if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, "");
  }
  return blocks;
}

/** The one code block of README.md whose first line is `firstLine` (e.g. "// app.js"). */
export function readmeBlock(firstLine, file = join(ROOT, "README.md")) {
  const found = codeBlocks(file).filter((block) => block.code.split("\n")[0] === firstLine);
  if (found.length !== 1) throw new Error(`README: expected one code block starting ${JSON.stringify(firstLine)}, found ${found.length}`);
  return found[0].code;
}
