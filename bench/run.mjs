// Measures the release build: download sizes, and how the contact list
// copes with a large network. Writes bench/results.md. Not a test: the
// figures are recorded, not asserted.
// Usage (after `trunk build --release`): node bench/run.mjs
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { recordsBench } from "./records.mjs";

const DIST = "dist";
const PORT = 8199;

function sizes() {
  const files = readdirSync(DIST, { recursive: true })
    .map(String)
    .filter((f) => statSync(join(DIST, f)).isFile());
  const measure = (f) => {
    const body = readFileSync(join(DIST, f));
    return {
      file: f,
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  };
  const pick = (re) => files.filter((f) => re.test(f)).map(measure);
  const kinds = {
    "wasm": pick(/_bg\.wasm$/),
    "JS glue": pick(/^rapport-[0-9a-f]+\.js$/),
    "CSS": pick(/\.css$/),
    "index.html": pick(/^index\.html$/),
  };
  const sum = (list) =>
    list.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const rows = Object.entries(kinds).map(([k, list]) => [k, sum(list)]);
  rows.push(["First load (HTML + JS + wasm + CSS)", sum(Object.values(kinds).flat())]);
  rows.push(["Everything the service worker caches", sum(files.filter((f) => f !== "sw.js").map(measure))]);
  return rows;
}

function notebook(contacts, orgs) {
  const list = ["A", "B", "C"];
  const words = ["fintech", "health", "design", "data", "ops", "mentor", "alumni", "climate", "retail", "logistics"];
  const first = ["Ana", "Ben", "Carla", "Dmitri", "Eva", "Farid", "Grace", "Hugo", "Inés", "José", "Kai", "Lena"];
  const last = ["Souza", "Okafor", "Díaz", "Ivanov", "Martín", "Nguyen", "Olsen", "Patel", "Quinn", "Rossi"];
  let id = 1;
  const organizations = [];
  for (let i = 0; i < orgs; i++) {
    organizations.push({ id: id++, name: `Org ${i} ${words[i % words.length]}`, priority: (i % 20) + 1, status: "Researching" });
  }
  const people = [];
  for (let i = 0; i < contacts; i++) {
    const cid = id++;
    people.push({
      id: cid,
      name: `${first[i % first.length]} ${last[(i * 7) % last.length]} ${i}`,
      list: list[i % 3],
      organization: i % 3 === 2 ? organizations[i % orgs].id : null,
      role: `Role ${i % 40}`,
      referred_by: i > 10 && i % 4 !== 0 ? people[Math.floor(i / 2)].id : null,
      tags: [words[i % words.length], words[(i * 3) % words.length]],
      notes: `Met at event ${i % 50}. Interested in ${words[(i * 5) % words.length]}.`,
      decision_maker: i % 17 === 0,
      created_at: 1_790_000_000_000 + i * 60_000,
      updated_at: 1_790_000_000_000 + i * 60_000,
    });
  }
  // Stored as Rapport stores it: one document per record.
  const docs = { "rapport.meta": JSON.stringify({ app: "rapport", format: 3 }) };
  for (const [type, list] of [["organization", organizations], ["contact", people]]) {
    for (const r of list) {
      docs[`rapport.doc.${type}:${r.id}`] = JSON.stringify({ _id: `${type}:${r.id}`, _rev: "1-bench", type, ...r });
    }
  }
  return docs;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function perf() {
  const server = spawn("node", ["scripts/serve-dist.mjs", String(PORT), DIST], { stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const data = notebook(2000, 300);
  let records = "";
  const starts = [];
  const keys = [];
  const saves = [];
  const types = [];
  try {
    for (let run = 0; run < 5; run++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: "block" });
      await context.addInitScript((items) => {
        if (localStorage.getItem("rapport.meta")) return;
        for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
      }, data);
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${PORT}/contacts`);
      await page.waitForSelector('ul[aria-label="Contacts"] li');
      starts.push(await page.evaluate(() => performance.now()));
      const search = page.getByRole("searchbox", { name: "Search contacts" });
      for (const q of ["j", "jo", "jos", "jose", "jose 1"]) {
        keys.push(
          await search.evaluate(async (el, value) => {
            const t0 = performance.now();
            el.value = value;
            el.dispatchEvent(new Event("input", { bubbles: true }));
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            return performance.now() - t0;
          }, q),
        );
      }
      // Typing in the pitch changes the notebook; the save follows once
      // typing pauses, or at once when the page is hidden, timed here.
      await page.goto(`http://127.0.0.1:${PORT}/pitch`);
      const pitch = page.getByRole("textbox", { name: "Pitch text" });
      for (const text of ["I", "I r", "I ru", "I run", "I run support"]) {
        const [typing, saving] = await pitch.evaluate(async (el, value) => {
          const t0 = performance.now();
          el.value = value;
          el.dispatchEvent(new Event("input", { bubbles: true }));
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          const t1 = performance.now();
          window.dispatchEvent(new Event("pagehide"));
          return [t1 - t0, performance.now() - t1];
        }, text);
        types.push(typing);
        saves.push(saving);
      }
      await context.close();
    }
    records = await recordsBench(browser, `http://127.0.0.1:${PORT}`);
  } finally {
    await browser.close();
    server.kill();
  }
  return { start: median(starts), keystroke: median(keys), save: median(saves), type: median(types), storedKiB: Math.round(Object.entries(data).reduce((n, [k, v]) => n + k.length + v.length, 0) / 1024), records };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizeRows = sizes();
const p = await perf();
const date = new Date().toISOString().slice(0, 10);
const md = `# Benchmark figures

Recorded by \`scripts/bench\` on ${date} (release build; Chromium ${await chromiumVersion()}; 2-core machine).
Figures are recorded here, not asserted by tests.

## Download size

| part | raw | gzip | brotli |
| --- | ---: | ---: | ---: |
${sizeRows.map(([k, s]) => `| ${k} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`).join("\n")}

## Large network (2,000 contacts, 300 organizations, ${p.storedKiB} KiB stored)

| measure | median of 5 runs |
| --- | ---: |
| Start to contact list rendered (navigation start to first rows in the DOM) | ${p.start.toFixed(0)} ms |
| One search keystroke (input to next frame) | ${p.keystroke.toFixed(1)} ms |
| One keystroke in the pitch (input to next frame; saving waits for a pause) | ${p.type.toFixed(1)} ms |
| Saving one change (compare every record, write the changed one) | ${p.save.toFixed(1)} ms |

${p.records}`;
writeFileSync("bench/results.md", md);
console.log(md);

async function chromiumVersion() {
  const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const v = b.version();
  await b.close();
  return v;
}
