import type { Page } from "@playwright/test";
import { expect, expectFits, goTo, open, seedRecords, test } from "./fixtures";

// 70 characters with no place to break, as when an email address is used
// as a name.
const LONG = "dev.patel.works.in.climate.operations.and.support@example-company.org";
const L = (tag: string) => (tag + LONG).slice(0, 70);
const PLAN = { pitch_end_min: 2, referrals_at_min: 20, wrap_up_at_min: 25, length_min: 30 };
const T = 1795424400000; // Mon 23 Nov 2026 09:00 UTC

const NOTEBOOK = {
  app: "rapport",
  version: 2,
  notebook: {
    next_id: 50,
    organizations: [{ id: 1, name: L("o"), priority: 1, status: "HaveContactInside", why: L("w"), website: L("h"), notes: L("n") }],
    contacts: [
      { id: 2, name: L("a"), list: "A", how_i_can_help: L("i"), how_met: L("m"), email: L("e"), role: L("r"), notes: L("t"), tags: [L("g")], created_at: T },
      { id: 3, name: L("b"), list: "B", referred_by: 2, created_at: T, event_id: 8 },
      { id: 4, name: L("c"), list: "C", organization: 1, referred_by: 3, decision_maker: true, created_at: T },
    ],
    meetings: [
      { id: 5, contact_id: 3, contact_name: L("b"), scheduled_at: T + 86400000, place: L("p"), questions: [L("q")], purposes: ["Advice"], created_at: T },
      {
        id: 9, contact_id: 2, contact_name: L("a"), place: L("p"), notes: L("n"), outcome: L("o"), help_offered: L("h"),
        questions: [L("q")], questions_asked: [L("q")], referrals: [3], purposes: ["Advice"],
        clock: { started_at: T - 86400000, paused_at: T - 84600000, paused_ms: 0, plan: PLAN }, ended_at: T - 84600000, created_at: T - 90000000,
      },
      {
        id: 10, contact_id: 4, contact_name: L("c"), questions: [L("q")], referrals: [3], purposes: ["Advice"],
        clock: { started_at: T, paused_at: null, paused_ms: 0, plan: PLAN }, created_at: T,
      },
    ],
    pitches: [{ id: 6, title: L("t"), text: L("x") }],
    default_pitch: 6,
    follow_ups: [{ id: 7, contact_id: 2, kind: "ThankYou", due: "2026-11-23", notes: L("f"), created_at: T }],
    events: [{ id: 8, name: L("v"), place: L("l"), notes: L("n"), people_target: 5, referrals_target: 2 }],
    goals: [{ metric: "MeetingsHeld", target: 2 }],
    journal_notes: [{ id: 11, at: T, contact_id: 2, text: L("j") }],
  },
};

const PAGES = [
  "/", "/contacts", "/contacts/2", "/contacts/3", "/contacts/4", "/contacts/2/edit", "/contacts/new",
  "/organizations", "/organizations/1", "/organizations/1/edit", "/meetings", "/meetings/new", "/meetings/5",
  "/meetings/5/edit", "/meetings/9", "/meetings/9/wrap-up", "/meetings/10/live", "/pitch", "/pitch/practice",
  "/follow-ups", "/follow-ups/7/edit", "/events", "/events/8", "/events/8/edit", "/goals", "/journal", "/data",
];

async function seed(page: Page) {
  await seedRecords(page, NOTEBOOK.notebook);
}

test("no screen is wider than 360 px with a 70-character unbroken name in every field", async ({ page, consoleErrors }) => {
  await page.clock.install({ time: new Date(T) });
  await page.setViewportSize({ width: 360, height: 740 });
  await seed(page);
  const wide: string[] = [];
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) wide.push(`${path}: ${width}px`);
  }
  expect(wide).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test("fields near the bottom and the pitch warning stay clear of the navigation", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await open(page, "/goals");
  const navTop = async () => (await page.getByRole("navigation", { name: "Main" }).boundingBox())!.y;
  const last = page.getByRole("textbox", { name: "Help offered per week" });
  // Focus as a tap would, without the test scrolling for it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await last.evaluate((el) => (el as HTMLElement).focus());
  const box = (await last.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(await navTop());

  await goTo(page, "Pitch");
  const text = page.getByRole("textbox", { name: "Pitch text" });
  await text.fill("word ".repeat(400));
  await page.evaluate(() => window.scrollTo(0, 0));
  await text.evaluate((el) => (el as HTMLElement).focus());
  const warning = page.locator(".pitch-estimate .warning");
  await expect(warning).toBeVisible();
  const w = (await warning.boundingBox())!;
  expect(w.y + w.height).toBeLessThanOrEqual(await navTop());
  expect(w.y).toBeGreaterThanOrEqual(0);

  // A tall box focused while its top alone shows above the navigation comes
  // wholly into view (the browser alone leaves it where its caret shows).
  await open(page, "/contacts/new");
  const notes = page.getByRole("textbox", { name: "Notes", exact: true });
  const top = await navTop();
  await notes.evaluate((el, top) => window.scrollBy(0, el.getBoundingClientRect().top - (top - 40)), top);
  await notes.evaluate((el) => (el as HTMLElement).focus());
  const b = (await notes.boundingBox())!;
  expect(b.y + b.height).toBeLessThanOrEqual(top);
});

test("the journal's filters fit a 360 px screen in one column", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, "/journal");
  const from = page.getByLabel("From", { exact: true });
  const to = page.getByLabel("To", { exact: true });
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  expect(b.y).toBeGreaterThan(a.y + a.height - 1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeInViewport();
});

test("detail screens lead back, and a planned meeting can be edited", async ({ page }) => {
  await page.clock.install({ time: new Date(T) });
  await seed(page);
  await open(page, "/contacts/2");
  await page.getByRole("link", { name: "Back to contacts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  await page.goto("/events/8");
  await page.getByRole("link", { name: "Back to events" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  await page.goto("/organizations/1");
  await page.getByRole("link", { name: "Back to organizations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();
  // Edit screens lead back to their record without saving.
  for (const [path, back, heading] of [
    ["/contacts/2/edit", "Back to the contact", L("a")],
    ["/organizations/1/edit", "Back to the organization", L("o")],
    ["/events/8/edit", "Back to the event", L("v")],
    ["/follow-ups/7/edit?from=/", "Back to Today", "Today"],
    ["/follow-ups/7/edit", "Back to follow-ups", "Follow-ups"],
  ]) {
    await page.goto(path);
    await page.getByRole("link", { name: back }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }

  await page.goto("/meetings/5");
  await page.getByRole("link", { name: "Edit meeting" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit meeting" })).toBeVisible();
  await page.getByRole("textbox", { name: "Place" }).fill("Café Lumen");
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: `${L("a")} (A)` });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Meeting with ${L("a")}` })).toBeVisible();
  await expect(page.getByText("· Café Lumen")).toBeVisible();
  await page.getByRole("link", { name: "Back to meetings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Meetings" })).toBeVisible();
});

test("the undo bar leaves the last row reachable and keeps its button on one line", async ({ page }) => {
  await page.clock.install({ time: new Date(T) });
  await page.setViewportSize({ width: 360, height: 640 });
  const follow_ups = Array.from({ length: 6 }, (_, i) => ({
    id: 20 + i, contact_id: 2, kind: "FollowUp", due: `2026-11-${24 + i}`, notes: `Item ${i}`, created_at: T,
  }));
  await seedRecords(page, { next_id: 30, contacts: [{ id: 2, name: "Ana Souza", list: "B", created_at: T }], follow_ups });
  await open(page, "/follow-ups");
  await page.getByRole("button", { name: "Delete: Follow-up with Ana Souza" }).first().click();
  const bar = page.locator(".undo-bar");
  await expect(bar).toContainText("Follow-up deleted.");
  const undo = bar.getByRole("button", { name: "Undo" });
  expect((await undo.boundingBox())!.height).toBeLessThan(50);

  // Scrolled to the end, the last row's buttons are not under the bar.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const last = page.getByRole("button", { name: "Delete: Follow-up with Ana Souza" }).last();
  const box = (await last.boundingBox())!;
  const hit = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x, y)?.closest("button")?.getAttribute("aria-label") ?? "",
    [box.x + box.width / 2, box.y + box.height / 2],
  );
  expect(hit).toBe("Delete: Follow-up with Ana Souza");
});

test("links to people with two-letter names are still fingertip-sized", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await seedRecords(page, {
    organizations: [{ id: 1, name: "Io", priority: 1 }],
    contacts: [
      { id: 2, name: "Al", list: "A", created_at: T },
      { id: 3, name: "Cy", list: "C", organization: 1, referred_by: 2, created_at: T },
    ],
  });
  // "People there", and "They introduced you to".
  for (const path of ["/organizations/1", "/contacts/2"]) {
    await page.goto(path);
    await expect(page.getByRole("link", { name: "Cy", exact: true }).first()).toBeVisible();
    await expectFits(page, path);
  }
});
