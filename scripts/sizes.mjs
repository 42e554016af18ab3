// Download sizes of a build, shared by the size check (scripts/check-size.mjs)
// and the figures (bench/run.mjs). Brotli at quality 11 is what a host
// serving precompressed files sends; the numbers are deterministic for a
// given build and Node.js version.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { LOADER_TABLE, partFile } from "./shrink-glue.mjs";

export function measure(dist, file) {
  const body = readFileSync(join(dist, file));
  return {
    file,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export function allFiles(dist) {
  return readdirSync(dist, { recursive: true })
    .map((f) => String(f).split("\\").join("/"))
    .filter((f) => statSync(join(dist, f)).isFile())
    .sort();
}

/**
 * What opening the app downloads: index.html, every script, wasm and style
 * it names, and the scripts those import. The parts of the wasm loaded when
 * a screen is first opened are not named there, so they are not counted;
 * nor is a stylesheet named `disabled`, which is not fetched until the app
 * enables it (the other screens' styles, after the first paint).
 */
export function firstLoadFiles(dist) {
  const html = readFileSync(join(dist, "index.html"), "utf8").replace(/<link\b[^>]*\sdisabled\b[^>]*>/g, "");
  const named = new Set();
  for (const m of html.matchAll(/["'(]\/?([\w./-]+\.(?:js|wasm|css))["')]/g)) named.add(m[1].replace(/^\//, ""));
  const scripts = [...named].filter((f) => f.endsWith(".js"));
  while (scripts.length) {
    const file = scripts.pop();
    let text;
    try {
      text = readFileSync(join(dist, file), "utf8");
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^\s*import\s[^;]*?from\s*["'](\.\.?\/[\w./-]+\.js)["']/gm)) {
      const target = posix.normalize(posix.join(posix.dirname(file), m[1]));
      if (!named.has(target)) {
        named.add(target);
        scripts.push(target);
      }
    }
  }
  return ["index.html", ...[...named].sort()];
}

export const sum = (list) =>
  list.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });

/** The first-load budget and the goal, in bytes of brotli. */
export function budget() {
  return JSON.parse(readFileSync(new URL("../bench/budget.json", import.meta.url), "utf8"));
}

/**
 * The wasm parts each group of screens fetches when first opened (its own
 * part and the parts it needs first), read from the part loader's table
 * (`scripts/shrink-glue.mjs` writes it): `{ group: [files] }`, paths
 * relative to `dist`.
 */
export function screenParts(dist) {
  const loader = allFiles(dist).find((f) => f.endsWith("/__wasm_split.js"));
  if (!loader) return {};
  const dir = posix.dirname(loader);
  const table = readFileSync(join(dist, loader), "utf8").match(LOADER_TABLE);
  if (!table) throw new Error(`sizes: no table of parts in ${loader}`);
  const needs = JSON.parse(table[1]);
  const parts = (part, seen = new Set()) => {
    if (!seen.has(part)) {
      seen.add(part);
      for (const first of needs[part] ?? []) parts(first, seen);
    }
    return seen;
  };
  const groups = {};
  for (const part of Object.keys(needs)) {
    const group = part.match(/^split_(\w+)$/)?.[1];
    if (group) groups[group] = [...parts(part)].map((p) => posix.join(dir, partFile(p))).sort();
  }
  return groups;
}
