// Trunk post-build hook: builds the app's wasm split into parts, so opening
// Rapport downloads the shell and Today only and every other screen's code
// arrives when it is first opened (Trunk itself cannot split a wasm).
//
//   cargo build      the app, with relocations kept for the splitter
//   wasm-split-cli   one main module plus a part per screen group
//                    (`lazy_screens!` in src/ui/mod.rs) and shared parts
//   wasm-bindgen     JS glue for the main module
//   wasm-opt -Oz     every module (release only)
//
// The files go to /pkg/<hash>/ in the build, the hash taken from their
// contents: the parts find each other by relative names, and a new build
// never mixes with a cached old one. index.html's __PKG__ is replaced by that
// folder. Then the service worker's precache list is written (gen-sw.mjs).
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cpus } from "node:os";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("build-wasm: TRUNK_STAGING_DIR is not set; run through trunk build.");
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE === "release";
const root = new URL("..", import.meta.url).pathname;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
const profile = release ? "release" : "debug";

run("cargo", ["build", "--target", "wasm32-unknown-unknown", "--bin", "rapport", ...(release ? ["--release"] : [])]);
const input = join(root, "target/wasm32-unknown-unknown", profile, "rapport.wasm");

const work = join(root, "target/split", profile);
rmSync(work, { recursive: true, force: true });
const split = join(work, "split");
const out = join(work, "out");
mkdirSync(split, { recursive: true });
mkdirSync(out, { recursive: true });

run("wasm-split-cli", [input, split, "--target", "web", "--out-name", "rapport"]);
// The parts import the main module's table and memory, so its linker
// exports and names must stay as they are.
run("wasm-bindgen", [
  "--target", "web",
  "--keep-lld-exports",
  "--no-demangle",
  "--no-typescript",
  "--out-dir", out,
  "--out-name", "rapport",
  join(split, "rapport.wasm"),
]);

const parts = readdirSync(split).filter((f) => f.endsWith(".wasm") && f !== "rapport.wasm");
const jobs = [[join(out, "rapport_bg.wasm"), join(out, "rapport_bg.wasm")]];
for (const f of parts) jobs.push([join(split, f), join(out, f)]);
copyFileSync(join(split, "__wasm_split.js"), join(out, "__wasm_split.js"));

if (release) {
  // Two at a time keeps both cores busy without starving the machine.
  const features = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
  ];
  const optimise = ([from, to]) =>
    new Promise((resolve, reject) => {
      const child = spawn("wasm-opt", ["-Oz", ...features, from, "-o", to], { cwd: root, stdio: "inherit" });
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wasm-opt failed on ${from}`))));
    });
  const queue = [...jobs];
  const worker = async () => {
    while (queue.length) await optimise(queue.shift());
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(2, cpus().length)) }, worker));
} else {
  for (const [from, to] of jobs.slice(1)) copyFileSync(from, to);
}

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
// The skipped Rust link only told Trunk not to build the app itself.
writeFileSync(
  htmlPath,
  html.replace(/\s*<link data-trunk rel="rust"[^>]*>/, "").replaceAll("__PKG__", folder),
);
console.log(`build-wasm: main module and ${parts.length} parts in /${folder}/`);

run("node", ["scripts/gen-sw.mjs"]);
