// Serves the built app from dist/ on 127.0.0.1. Paths without a file behind
// them get index.html so that deep links into the app work.
// Usage: node scripts/serve-dist.mjs [port] [dir] [--no-fallback] [--brotli]
//   --no-fallback  answer 404 for paths without a file, as a plain static
//                  host does (GitHub Pages, a bucket)
//   --brotli       send brotli-compressed bodies to clients that accept them,
//                  as a real host does (used for the speed figures)
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith("--")));
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const port = Number(args[0] || process.env.PORT || 8080);
const root = resolve(args[1] || "dist");
const fallback = !flags.has("--no-fallback");
const brotli = flags.has("--brotli");
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".wasm", ".json", ".webmanifest", ".svg", ".txt"]);
// Compressed once per file and content, as a host would store it.
const compressed = new Map();
function compress(body) {
  const key = createHash("sha1").update(body).digest("hex");
  if (!compressed.has(key)) {
    compressed.set(key, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  return compressed.get(key);
}
// A host serves files it compressed ahead of time: compressing the wasm at
// quality 11 on the first request would add seconds to that response and
// skew any measurement of the page.
if (brotli) {
  for (const file of readdirSync(root, { recursive: true })) {
    const path = join(root, String(file));
    if (COMPRESSIBLE.has(extname(path)) && statSync(path).isFile()) compress(readFileSync(path));
  }
}

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
    if (!path && fallback && !extname(pathname)) path = join(root, "index.html");
    if (!path) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    const body = await readFile(path);
    const ext = extname(path);
    const headers = { "content-type": TYPES[ext] || "application/octet-stream" };
    // The worker and the page must always be checked for a new version.
    headers["cache-control"] = /(-[0-9a-f]{16}\.css|\/pkg\/[0-9a-f]{16}\/[^/]+)$/.test(path)
      ? "public, max-age=31536000, immutable"
      : "no-cache";
    let out = body;
    if (brotli && COMPRESSIBLE.has(ext) && /\bbr\b/.test(req.headers["accept-encoding"] || "")) {
      out = compress(body);
      headers["content-encoding"] = "br";
      headers["vary"] = "accept-encoding";
    }
    headers["content-length"] = out.length;
    res.writeHead(200, headers).end(req.method === "HEAD" ? undefined : out);
  } catch (e) {
    res.writeHead(500, { "content-type": "text/plain" }).end(String(e));
  }
}).listen(port, "127.0.0.1", () => {
  console.log(`Rapport is served at http://127.0.0.1:${port}/ from ${root}`);
});
