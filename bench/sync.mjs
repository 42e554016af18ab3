// Measures sync: a device with 2,000 contacts, 300 organizations and 1,000
// meetings sends them all to an empty PouchDB Server, then a fresh device
// gets them all; then a run with nothing new, and a run after one edit; and
// what the revision trees kept beside the records take in storage.
// Not a test: the figures are recorded in bench/results.md (appended as its
// own section). Usage, after `trunk build --release`: node bench/sync.mjs
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { heavyRecords } from "./records.mjs";
import { PASSWORD, startCouch, USER } from "../scripts/couch.mjs";

const DIST = "dist";
const PORT = 8197;
const BASE = `http://127.0.0.1:${PORT}`;
const RESULTS = "bench/results.md";
const HEADING = "## Sync through a CouchDB-protocol server";

/** The heavy notebook's contacts and organizations, and 1,000 of its meetings. */
function notebook() {
  const { docs } = heavyRecords();
  let meetings = 0;
  const out = {};
  for (const [k, v] of Object.entries(docs)) {
    if (k.startsWith("rapport.doc.follow_up:") || k.startsWith("rapport.doc.event:")) continue;
    if (k.startsWith("rapport.doc.meeting:") && ++meetings > 1000) continue;
    out[k] = v;
  }
  return out;
}

async function device(browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: "block" });
  const page = await context.newPage();
  return { context, page };
}

const status = (page) => page.getByTestId("sync-status");

/** Fills in the Sync section and returns the milliseconds until the first run ends. */
async function turnOn(page, couch, db) {
  await page.goto(`${BASE}/data`);
  await page.waitForSelector("main h1");
  await page.getByRole("textbox", { name: "Server address" }).fill(couch.url);
  await page.getByRole("textbox", { name: "Database name" }).fill(db);
  await page.getByRole("textbox", { name: "User name" }).fill(USER);
  await page.getByLabel("Password").fill(PASSWORD);
  const t0 = performance.now();
  await page.getByRole("button", { name: "Turn on sync" }).click();
  await finished(page, 0);
  return performance.now() - t0;
}

async function finished(page, after) {
  await page.waitForFunction(
    (after) => {
      const el = document.querySelector('[data-testid="sync-status"]');
      return el && el.dataset.running === "false" && Number(el.dataset.syncedAt) > after;
    },
    after,
    { timeout: 600_000, polling: 20 },
  );
  const error = await page.getByTestId("sync-error").count();
  if (error) throw new Error(await page.getByTestId("sync-error").textContent());
}

async function syncNow(page) {
  const before = Number(await status(page).getAttribute("data-synced-at"));
  const t0 = performance.now();
  await page.getByRole("button", { name: "Sync now", exact: true }).click();
  await finished(page, before);
  return performance.now() - t0;
}

/** Records, and what the revision trees beside them take, in UTF-16 units. */
const storage = (page) =>
  page.evaluate(() => {
    let docs = 0;
    let revUnits = 0;
    for (const k of Object.keys(localStorage)) {
      if (k.startsWith("rapport.doc.")) docs++;
      if (k.startsWith("rapport.rev.")) revUnits += k.length + localStorage.getItem(k).length;
    }
    return { docs, revUnits };
  });

const server = spawn("node", ["scripts/serve-dist.mjs", String(PORT), DIST], { stdio: "ignore" });
const couch = await startCouch();
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const load = [loadavg()[0]];
let section;
try {
  await new Promise((r) => setTimeout(r, 500));
  await couch.database("bench");
  const docs = notebook();
  const phone = await device(browser);
  await phone.page.goto(`${BASE}/data`);
  await phone.page.waitForSelector("main h1");
  await phone.page.evaluate((items) => {
    localStorage.clear();
    for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
  }, docs);
  const records = Object.keys(docs).filter((k) => k.startsWith("rapport.doc.")).length;
  const send = await turnOn(phone.page, couch, "bench");
  const nothingNew = await syncNow(phone.page);
  const phoneStorage = await storage(phone.page);

  const laptop = await device(browser);
  const receive = await turnOn(laptop.page, couch, "bench");
  const laptopStorage = await storage(laptop.page);
  if (laptopStorage.docs < records) throw new Error(`the fresh device got ${laptopStorage.docs} of ${records} records`);

  // One edit on the laptop, sent on its own; then the phone fetches it.
  await laptop.page.goto(`${BASE}/contacts`);
  await laptop.page.getByRole("list", { name: "Contacts" }).getByRole("link").first().click();
  await laptop.page.getByRole("link", { name: "Edit" }).click();
  await laptop.page.getByRole("textbox", { name: "Notes" }).fill("One edit after the first sync.");
  await laptop.page.getByRole("button", { name: "Save", exact: true }).click();
  await laptop.page.goto(`${BASE}/data`);
  await laptop.page.waitForSelector('[data-testid="sync-status"]');
  const oneEdit = await syncNow(laptop.page);
  const fetchOne = await syncNow(phone.page);
  load.push(loadavg()[0]);

  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  section = [
    HEADING,
    "",
    `Measured by \`bench/sync.mjs\` on ${new Date().toISOString().slice(0, 10)}: the release build in Chromium, PouchDB Server 4.2.0 on the same machine (loopback, so the network costs nothing and the figures are the app's own work plus the server's). Load average ${load[0].toFixed(1)} at the start and ${load[1].toFixed(1)} at the end (2 cores).`,
    "",
    `The notebook: 2,000 contacts, 300 organizations and 1,000 meetings with about 500 characters of notes each (${records.toLocaleString("en")} records).`,
    "",
    "| run | time (from the tap to the status line saying it is done) |",
    "| --- | ---: |",
    `| First sync to an empty server (everything sent) | ${s(send)} |`,
    `| A fresh device's first sync (everything received) | ${s(receive)} |`,
    `| Sync with nothing new | ${s(nothingNew)} |`,
    `| Sync after one contact edit (sent) | ${s(oneEdit)} |`,
    `| The other device fetching that edit | ${s(fetchOne)} |`,
    "",
    `Revision trees kept beside the records: ${Math.round(phoneStorage.revUnits / phoneStorage.docs)} UTF-16 code units per record on the sending device, ${Math.round(laptopStorage.revUnits / laptopStorage.docs)} on the receiving one (${Math.round(laptopStorage.revUnits / 1024)} KiB for this notebook, of the origin's ~5,120 KiB).`,
    "",
  ].join("\n");
} finally {
  await browser.close();
  await couch.stop();
  server.kill();
}
const text = readFileSync(RESULTS, "utf8");
const start = text.indexOf(HEADING);
const rest = start < 0 ? "" : text.slice(start + HEADING.length);
const next = rest.search(/\n## /);
const before = start < 0 ? `${text.trimEnd()}\n\n` : text.slice(0, start);
const after = start < 0 || next < 0 ? "" : rest.slice(next + 1);
writeFileSync(RESULTS, `${before}${section}${after ? `\n${after}` : ""}`);
console.log(section);
