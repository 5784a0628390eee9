// Serves the demo page: www/ at / and the built package pkg/ at /pkg/, on 127.0.0.1 only.
// The port comes from TIERWISE_PORT (default 8080; 0 picks a free one). No dependencies.
//
//   node scripts/serve.mjs
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const HOST = "127.0.0.1";
const PORT = Number.parseInt(process.env.TIERWISE_PORT ?? "8080", 10);

const MOUNTS = [
  ["/pkg/", join(ROOT, "pkg")],
  ["/", join(ROOT, "www")],
];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
};

/** The file a URL path maps to, or null when it lies outside every mount. */
function resolve(pathname) {
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const relative = normalize(decodeURIComponent(pathname.slice(prefix.length)));
    const file = join(dir, relative);
    return file === dir || file.startsWith(dir + sep) ? file : null;
  }
  return null;
}

function fail(response, status, message) {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  response.end(`${message}\n`);
}

const server = createServer(async (request, response) => {
  if (request.method !== "GET" && request.method !== "HEAD") return fail(response, 405, "method not allowed");
  let file;
  try {
    file = resolve(new URL(request.url, "http://localhost").pathname);
  } catch {
    return fail(response, 400, "bad request");
  }
  if (!file) return fail(response, 404, "not found");
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = join(file, "index.html");
      info = await stat(file);
    }
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": info.size,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    if (request.method === "HEAD") return response.end();
    createReadStream(file).pipe(response);
  } catch {
    fail(response, 404, "not found");
  }
});

server.on("error", (error) => {
  const hint = error.code === "EADDRINUSE" ? `; set TIERWISE_PORT to another port (0 picks a free one)` : "";
  console.error(`tierwise demo: cannot listen on ${HOST}:${PORT}: ${error.message}${hint}`);
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  console.log(`tierwise demo: http://${HOST}:${port}/`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
