// The size check run by scripts/test: fails when opening the app downloads
// more than the budget in bench/budget.json (HTML + JS + wasm + CSS, brotli).
// Sizes are deterministic, so this is a fair test; nothing is timed.
// Usage (after `trunk build --release`): node scripts/check-size.mjs [dist]
import { existsSync } from "node:fs";
import { join } from "node:path";
import { budget, firstLoadFiles, measure, sum } from "./sizes.mjs";

const dist = process.argv[2] || "dist";
const files = firstLoadFiles(dist);
const missing = files.filter((f) => !existsSync(join(dist, f)));
if (missing.length) {
  console.error(`size check: index.html names files the build lacks: ${missing.join(", ")}`);
  process.exit(1);
}
if (!files.some((f) => f.endsWith(".wasm"))) {
  console.error("size check: index.html names no wasm file; the measurement would be wrong");
  process.exit(1);
}
const measured = files.map((f) => measure(dist, f));
const total = sum(measured).brotli;
const { firstLoadBrotliBytes: limit, goalBrotliBytes: goal } = budget();
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const m of measured) console.log(`  ${m.file}: ${kib(m.brotli)}`);
console.log(`size check: first load ${kib(total)} brotli; budget ${kib(limit)}; goal ${kib(goal)}`);
if (total > limit) {
  console.error(
    `size check FAILED: first load is ${kib(total)} brotli, over the budget of ${kib(limit)} by ${kib(total - limit)}.`,
  );
  process.exit(1);
}
