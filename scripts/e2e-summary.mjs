// Prints the browser tests' totals as one plain closing line.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
const s = report.stats || {};
const passed = (s.expected || 0) + (s.flaky || 0);
const failed = s.unexpected || 0;
console.log(`e2e: ${passed} passed, ${failed} failed, ${s.skipped || 0} skipped`);
