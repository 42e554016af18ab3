// Serves the built app from dist/ on 127.0.0.1. Paths without a file behind
// them get index.html so that deep links into the app work.
// Usage: node scripts/serve-dist.mjs [port] [dir]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";

const port = Number(process.argv[2] || process.env.PORT || 8080);
const root = resolve(process.argv[3] || "dist");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
};

async function fileFor(pathname) {
  const safe = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, "");
  const path = join(root, safe);
  if (!path.startsWith(root)) return null;
  try {
    const s = await stat(path);
    return s.isFile() ? path : null;
  } catch {
    return null;
  }
}

createServer(async (req, res) => {
  try {
    const { pathname } = new URL(req.url, "http://localhost");
    let path = await fileFor(pathname === "/" ? "/index.html" : pathname);
    if (!path && !extname(pathname)) path = join(root, "index.html");
    if (!path) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    const body = await readFile(path);
    const ext = extname(path);
    const headers = { "content-type": TYPES[ext] || "application/octet-stream" };
    // The worker and the page must always be checked for a new version.
    headers["cache-control"] = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(path)
      ? "public, max-age=31536000, immutable"
      : "no-cache";
    res.writeHead(200, headers).end(req.method === "HEAD" ? undefined : body);
  } catch (e) {
    res.writeHead(500, { "content-type": "text/plain" }).end(String(e));
  }
}).listen(port, "127.0.0.1", () => {
  console.log(`Rapport is served at http://127.0.0.1:${port}/ from ${root}`);
});
