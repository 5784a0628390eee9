// Helpers of the reliability suites: a static server that can send any Content-Security-
// Policy, headless Chromium through playwright-core, and a seeded random source so that
// generated inputs are the same on every run.
import { createReadStream } from "node:fs";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const readJson = (path) => JSON.parse(readFileSync(join(ROOT, path), "utf8"));
export const DEFAULT_PROGRAM = readJson("src/defaults/program.json");
export const PERSONAS = readJson("src/defaults/personas.json");

/** The policy the package and the demo must work under: no eval, wasm compilation allowed. */
export const STRICT_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
};

const MOUNTS = [
  ["/pkg/", join(ROOT, "pkg")],
  ["/reliability/", join(ROOT, "tests/reliability/pages")],
  ["/", join(ROOT, "www")],
];

function resolve(pathname) {
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const file = join(dir, normalize(decodeURIComponent(pathname.slice(prefix.length))));
    if (file !== dir && !file.startsWith(dir + sep)) return null;
    try {
      return statSync(file).isDirectory() ? join(file, "index.html") : file;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Serves www/ at /, pkg/ at /pkg/ and tests/reliability/pages/ at /reliability/ on
 * 127.0.0.1 with a free port; every response carries `csp` when given. Resolves to
 * {url, close}.
 */
export function serve({ csp } = {}) {
  const server = createServer((request, response) => {
    const file = resolve(new URL(request.url, "http://localhost").pathname);
    if (!file) {
      response.writeHead(404, { "content-type": "text/plain" });
      return response.end("not found\n");
    }
    const headers = { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" };
    if (csp) headers["content-security-policy"] = csp;
    response.writeHead(200, headers);
    createReadStream(file).on("error", () => response.end()).pipe(response);
  });
  return new Promise((done) => {
    server.listen(0, "127.0.0.1", () => {
      done({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((closed) => server.close(closed)) });
    });
  });
}

const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
];

/** Debian's Chromium through playwright-core, with a throwaway profile. */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "tierwise-reliability-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    locale: "en-US",
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A small seeded generator (xorshift32), so generated inputs are the same on every run. */
export function random(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (below) => Math.floor(next() * below),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}
