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

const LISTS: Record<string, string> = {
  contacts: "contact",
  organizations: "organization",
  meetings: "meeting",
  follow_ups: "follow_up",
  events: "event",
  journal_notes: "journal_note",
  pitches: "pitch",
};

/**
 * The documents Rapport stores for `notebook` (the backup's `notebook`
 * object), one per record, as the app itself writes them.
 */
export function recordsOf(notebook: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = { "rapport.meta": JSON.stringify({ app: "rapport", format: 3 }) };
  for (const [list, type] of Object.entries(LISTS)) {
    for (const record of (notebook[list] as { id: number }[] | undefined) ?? []) {
      const id = `${type}:${record.id}`;
      out[`rapport.doc.${id}`] = JSON.stringify({ _id: id, _rev: "1-seeded", type, ...record });
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

/** Stores `notebook` as records before the app first loads (once per test). */
export async function seedRecords(page: Page, notebook: Record<string, unknown>) {
  await page.addInitScript((items) => {
    if (!sessionStorage.getItem("seeded")) {
      for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
      sessionStorage.setItem("seeded", "1");
    }
  }, recordsOf(notebook));
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
