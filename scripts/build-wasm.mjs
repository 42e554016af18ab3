// Trunk post-build hook: builds the app's wasm split into parts, so opening
// Rapport downloads the shell and Today only and every other screen's code
// arrives when it is first opened (Trunk itself cannot split a wasm; the
// steps are in scripts/wasm-parts.mjs).
//
// The files go to /pkg/<hash>/ in the build, the hash taken from their
// contents: the parts find each other by relative names, and a new build
// never mixes with a cached old one. index.html's __PKG__ is replaced by that
// folder. Then the service worker's precache list is written (gen-sw.mjs).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildParts } from "./wasm-parts.mjs";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("build-wasm: TRUNK_STAGING_DIR is not set; run through trunk build.");
  process.exit(1);
}
const { out, parts } = await buildParts(process.env.TRUNK_PROFILE === "release" ? "release" : "dev");

const files = readdirSync(out).filter((f) => /\.(js|wasm)$/.test(f)).sort();
const hash = createHash("sha256");
for (const f of files) {
  hash.update(f);
  hash.update(readFileSync(join(out, f)));
}
const folder = `pkg/${hash.digest("hex").slice(0, 16)}`;
mkdirSync(join(staging, folder), { recursive: true });
for (const f of files) copyFileSync(join(out, f), join(staging, folder, f));

const htmlPath = join(staging, "index.html");
const html = readFileSync(htmlPath, "utf8");
if (!html.includes("__PKG__")) {
  console.error("build-wasm: index.html has no __PKG__ placeholder for the app's folder");
  process.exit(1);
}
// The other screens' styles are named disabled: a browser neither fetches
// nor applies such a sheet until the app enables it (ui::lazy), just after
// Today is painted or before another screen is drawn.
const screenStyles = /<link rel="stylesheet" href="\/screens-[0-9a-f]+\.css"/;
if (!screenStyles.test(html)) {
  console.error("build-wasm: index.html names no screens-*.css stylesheet to leave disabled");
  process.exit(1);
}
// The skipped Rust link only told Trunk not to build the app itself.
writeFileSync(
  htmlPath,
  html
    .replace(/\s*<link data-trunk rel="rust"[^>]*>/, "")
    .replaceAll("__PKG__", folder)
    .replace(screenStyles, (link) => `${link} id="screen-styles" disabled`),
);
console.log(`build-wasm: main module and ${parts.length} parts in /${folder}/`);

execFileSync("node", ["scripts/gen-sw.mjs"], { stdio: "inherit" });
