import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { test as base, expect, type Page } from "@playwright/test";

/** Console errors and uncaught exceptions seen by a page during a test. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    page.on("pageerror", (err) => errors.push(String(err)));
    await use(errors);
  },
});

export { expect };

/** Opens the app at `path` and waits until the Rust app has rendered. */
export async function open(page: Page, path = "/") {
  await page.goto(path);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** Waits until a service worker controls the page. */
export async function waitForServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }),
      );
    }
  });
}

export const SCREENS = [
  { link: "Today", heading: "Today", path: "/" },
  { link: "Contacts", heading: "Contacts", path: "/contacts" },
  { link: "Meetings", heading: "Meetings", path: "/meetings" },
  { link: "Pitch", heading: "Pitch", path: "/pitch" },
  { link: "Data", heading: "Data", path: "/data" },
];

export async function goTo(page: Page, link: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link }).click();
}

/**
 * Checks that the screen `what` names fits the width of the window, and that
 * every control on it is at least a 44 px touch target. A checkbox or radio
 * button counts as its whole label row; a link inside text, and text only
 * screen readers get, is no target.
 */
export async function expectFits(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${what} scrolls sideways`).toBeLessThanOrEqual(0);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll("button, a, input, select, textarea, summary, label.btn")]
      .map((el) => (el.matches('input[type="checkbox"], input[type="radio"]') ? el.closest("label") || el : el))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const hidden = r.width === 0 && r.height === 0;
        // Words in a sentence may be a link of the text's height; a link on
        // its own (a list item, a line of its own) is a target like a button.
        const inSentence =
          el.tagName === "A" &&
          !el.classList.contains("btn") &&
          [...el.parentNode!.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "");
        return !hidden && !inSentence && !el.classList.contains("visually-hidden") && (r.width < 44 || r.height < 44);
      })
      .map((el) => `${el.tagName} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40)}"`),
  );
  expect(small, `${what} small targets`).toEqual([]);
  // The row of a tick box is its target; the box itself stays visible whole.
  const squeezed = await page.evaluate(() =>
    [...document.querySelectorAll('input[type="checkbox"], input[type="radio"]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.width < 24 || r.height < 24);
      })
      .map((el) => (el.closest("label")?.textContent || "").trim().slice(0, 40)),
  );
  expect(squeezed, `${what} squeezed tick boxes`).toEqual([]);
}

/** Adds a contact through quick add and waits for it in the list. */
export async function quickAdd(page: Page, name: string, list: "A" | "B" | "C") {
  await goTo(page, "Contacts");
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await page.getByRole("combobox", { name: "List", exact: true }).selectOption(list);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: new RegExp(escapeRegExp(name)) })).toBeVisible();
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const DIST = resolve("dist");
const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

/** A host of the release build that the tests run next to the app's own. */
export interface BuildHost {
  server: Server;
  /** Its address, without a trailing slash. */
  base: string;
}

/**
 * Serves the files of the release build, as a static host does, on a free
 * port. `fileFor` names the file that answers a path, or `null` to leave the
 * request hanging as a stalled connection does; `bodyOf` may change what a
 * file holds, as a new deployment does.
 */
export async function startBuildHost(
  fileFor: (path: string) => string | null,
  bodyOf: (file: string, body: Buffer) => Buffer | string = (_, body) => body,
): Promise<BuildHost> {
  const server = createServer(async (req, res) => {
    const file = fileFor(new URL(req.url!, "http://x").pathname);
    if (file === null) return;
    try {
      const body = bodyOf(file, await readFile(join(DIST, file)));
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-cache" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("404: no such file on this host");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Stops a build host, hanging requests included. */
export function stopBuildHost(host: BuildHost) {
  return new Promise<void>((r) => {
    host.server.closeAllConnections();
    host.server.close(() => r());
  });
}

const LISTS: Record<string, string> = {
  contacts: "contact",
  organizations: "organization",
  meetings: "meeting",
  follow_ups: "follow_up",
  events: "event",
  journal_notes: "journal_note",
  pitches: "pitch",
};

/** One record of `type` as Rapport stores it: its key and its document. */
export function docOf(type: string, record: { id: number }, rev = "1-seeded"): [string, string] {
  const id = `${type}:${record.id}`;
  return [`rapport.doc.${id}`, JSON.stringify({ _id: id, _rev: rev, type, ...record })];
}

/**
 * The documents Rapport stores for `notebook` (the backup's `notebook`
 * object), one per record, as the app itself writes them.
 */
export function recordsOf(notebook: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = { "rapport.meta": JSON.stringify({ app: "rapport", format: 3 }) };
  for (const [list, type] of Object.entries(LISTS)) {
    for (const record of (notebook[list] as { id: number }[] | undefined) ?? []) {
      const [key, doc] = docOf(type, record);
      out[key] = doc;
    }
  }
  const settings = {
    settings: notebook.settings ?? {},
    default_pitch: notebook.default_pitch ?? null,
    goals: notebook.goals ?? [],
  };
  out["rapport.doc.settings"] = JSON.stringify({ _id: "settings", _rev: "1-seeded", type: "settings", ...settings });
  return out;
}

/**
 * Stores `notebook` as records, and any `other` keys as they are, before
 * the app first loads (once per test).
 */
export async function seedRecords(page: Page, notebook: Record<string, unknown>, other: Record<string, string> = {}) {
  await page.addInitScript((items) => {
    if (!sessionStorage.getItem("seeded")) {
      for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
      sessionStorage.setItem("seeded", "1");
    }
  }, { ...recordsOf(notebook), ...other });
}

/** The stored documents of one record type, parsed. */
export async function storedDocs(page: Page, type: string): Promise<Record<string, any>[]> {
  return page.evaluate(
    (t) =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith(`rapport.doc.${t}`))
        .map((k) => JSON.parse(localStorage.getItem(k)!))
        .filter((d) => !d._deleted),
    type,
  );
}

/**
 * Fills the page's storage to the last character, in the page (pass it to
 * `page.evaluate`). Once per tab, so that a reload does not fill it again.
 */
export function fillQuota() {
  if (sessionStorage.getItem("filled")) return;
  sessionStorage.setItem("filled", "1");
  let i = 0;
  let chunk = "x".repeat(256 * 1024);
  for (;;) {
    try {
      localStorage.setItem(`filler.${i++}`, chunk);
    } catch {
      if (chunk.length <= 1) break;
      chunk = chunk.slice(0, chunk.length / 2);
    }
  }
}
