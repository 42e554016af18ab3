// Trunk post-build hook: writes sw.js into the build with a precache list of
// every file the build produced and a version derived from their contents.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("gen-sw: TRUNK_STAGING_DIR is not set; run through trunk build.");
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(staging)
  .map((p) => "/" + relative(staging, p).split(sep).join("/"))
  .filter((p) => p !== "/sw.js")
  .sort();

const hash = createHash("sha256");
for (const f of files) {
  hash.update(f);
  hash.update(readFileSync(join(staging, f)));
}
const version = hash.digest("hex").slice(0, 16);

const template = readFileSync(new URL("../public/sw-template.js", import.meta.url), "utf8");
const precache = JSON.stringify(files.map((f) => (f === "/index.html" ? "/index.html" : f)), null, 2);
writeFileSync(
  join(staging, "sw.js"),
  template.replace("__VERSION__", version).replace("__PRECACHE__", precache),
);
console.log(`gen-sw: precached ${files.length} files, version ${version}`);
