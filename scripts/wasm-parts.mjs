// Builds the app's wasm split into parts: what scripts/build-wasm.mjs ships
// and what scripts/bench ranks with twiggy, made the same way for both.
//
//   cargo build      the app, with relocations kept for the splitter
//                    (`-C link-args=--emit-relocs`, .cargo/config.toml)
//   wasm-split-cli   one main module plus a part per screen group
//                    (`lazy_screens!` in src/ui/mod.rs) and shared parts
//   wasm-bindgen     JS glue for the main module
//   drop classes     the glue's exported classes, which nothing calls
//   wasm-opt -Oz     every module (not for `dev`)
//   shrink-glue      short import and export names, minified JS (`release`)
//
// Usage as a command: node scripts/wasm-parts.mjs <dev|release|profiling>
// prints the folder holding rapport.js, rapport_bg.wasm, __wasm_split.js and
// the parts. The `profiling` build keeps function names (`wasm-opt -g`).
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { WASM_FEATURES, dropExportedClasses, shrinkGlue } from "./shrink-glue.mjs";

const root = new URL("..", import.meta.url).pathname;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ["ignore", process.stderr, "inherit"] });


/** Builds and splits the app for a cargo `profile`; returns `{ out, parts }`. */
export async function buildParts(profile) {
  const dir = profile === "dev" ? "debug" : profile;
  run("cargo", ["build", "--target", "wasm32-unknown-unknown", "--bin", "rapport", "--profile", profile]);
  const input = join(root, "target/wasm32-unknown-unknown", dir, "rapport.wasm");

  const work = join(root, "target/split", dir);
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
  if (profile !== "dev") dropExportedClasses(out);

  if (profile === "dev") {
    for (const [from, to] of jobs.slice(1)) copyFileSync(from, to);
  } else {
    const names = profile === "profiling" ? ["-g"] : [];
    const optimise = ([from, to]) =>
      new Promise((resolve, reject) => {
        const child = spawn("wasm-opt", ["-Oz", ...names, ...WASM_FEATURES, from, "-o", to], {
          cwd: root,
          stdio: ["ignore", process.stderr, "inherit"],
        });
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wasm-opt failed on ${from}`))));
      });
    // Two at a time keeps both cores busy without starving the machine.
    const queue = [...jobs];
    const worker = async () => {
      while (queue.length) await optimise(queue.shift());
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(2, cpus().length)) }, worker));
    // The profiling build keeps wasm-bindgen's names for twiggy.
    if (profile === "release") await shrinkGlue(out);
  }
  return { out, parts };
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const profile = process.argv[2];
  if (!["dev", "release", "profiling"].includes(profile)) {
    console.error("usage: node scripts/wasm-parts.mjs <dev|release|profiling>");
    process.exit(2);
  }
  console.log((await buildParts(profile)).out);
}
