import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, expectFits, open, quickAdd, seedRecords, test } from "./fixtures";

// A small notebook reaching every kind of screen.
const NOTEBOOK = {
  app: "rapport",
  version: 2,
  notebook: {
    next_id: 20,
    organizations: [{ id: 1, name: "Acme Robotics", priority: 1, status: "HaveContactInside", why: "Mission" }],
    contacts: [
      { id: 2, name: "Ana Souza", list: "A", how_i_can_help: "Intro to my old team", created_at: 1795420000000 },
      { id: 3, name: "Ben Okafor", list: "B", referred_by: 2, created_at: 1795420000000 },
      { id: 4, name: "Carla Díaz", list: "C", organization: 1, referred_by: 3, decision_maker: true, created_at: 1795420000000 },
    ],
    meetings: [
      { id: 5, contact_id: 3, contact_name: "Ben Okafor", scheduled_at: 1795500000000, purposes: ["Advice", "Referrals"], created_at: 1795420000000 },
    ],
    pitches: [{ id: 6, title: "Main", text: "I run calm support teams and I am exploring product operations." }],
    default_pitch: 6,
    follow_ups: [{ id: 7, contact_id: 2, kind: "ThankYou", due: "2026-11-23", created_at: 1795420000000 }],
    events: [{ id: 8, name: "Job club", people_target: 5, referrals_target: 2 }],
    goals: [{ metric: "MeetingsHeld", target: 2 }],
  },
};

const PAGES = [
  "/",
  "/contacts",
  "/contacts/4",
  "/contacts/new",
  "/organizations",
  "/organizations/1",
  "/meetings",
  "/meetings/new",
  "/meetings/5",
  "/meetings/5/edit",
  "/pitch/practice",
  "/follow-ups",
  "/follow-ups/new",
  "/events",
  "/events/8",
  "/goals",
  "/journal",
];

async function seed(page: Page) {
  await seedRecords(page, NOTEBOOK.notebook);
}

async function serious(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${page.url()}: ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`);
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`every secondary screen and meeting mode pass axe (${colorScheme})`, async ({ page, consoleErrors }) => {
    // Nearly twenty axe runs: slow on a busy machine, though nothing waits.
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme });
    await seed(page);
    const problems: string[] = [];
    for (const path of PAGES) {
      await open(page, path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      problems.push(...(await serious(page)));
    }
    await page.goto("/meetings/5");
    await page.getByRole("button", { name: "Start meeting" }).click();
    await expect(page.getByRole("timer", { name: "Time remaining" })).toBeVisible();
    problems.push(...(await serious(page)));
    // The question before ending, a duplicate offered, and the wrap-up.
    await page.getByRole("button", { name: "Add referral" }).click();
    await page.getByRole("textbox", { name: "Referral's name" }).fill("Ana Souza");
    await page.getByRole("button", { name: "Save referral" }).click();
    await expect(page.getByRole("group", { name: "Already in your contacts" })).toBeVisible();
    await page.getByRole("button", { name: "End meeting" }).click();
    await expect(page.getByRole("button", { name: "Yes, end meeting" })).toBeVisible();
    problems.push(...(await serious(page)));
    await page.getByRole("button", { name: "Yes, end meeting" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Wrap-up" })).toBeVisible();
    problems.push(...(await serious(page)));
    expect(problems).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
}

test("secondary screens fit 360 px with 44 px targets", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await seed(page);
  for (const path of [...PAGES, "/meetings/5", "/contacts/3", "/nope"]) {
    await open(page, path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectFits(page, path);
  }
});

test("Escape closes what opens in place, and focus goes back to what opened it", async ({ page }) => {
  await open(page, "/");
  await quickAdd(page, "Ana Souza", "B");

  const add = page.getByRole("button", { name: "Add contact" });
  await add.click();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveCount(0);
  await expect(add).toBeFocused();

  await page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ }).click();
  await page.getByRole("button", { name: "Start meeting" }).click();
  const referral = page.getByRole("button", { name: "Add referral" });
  await referral.click();
  await page.getByRole("textbox", { name: "Referral's name" }).fill("Cleo");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("textbox", { name: "Referral's name" })).toHaveCount(0);
  await expect(referral).toBeFocused();

  const end = page.getByRole("button", { name: "End meeting" });
  await end.click();
  await expect(page.getByRole("button", { name: "Yes, end meeting" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Yes, end meeting" })).toHaveCount(0);
  await expect(end).toBeFocused();

  // The thank-you is owed once the meeting ends.
  await end.click();
  await page.getByRole("button", { name: "Yes, end meeting" }).click();
  await page.goto("/follow-ups");
  const snooze = page.getByRole("button", { name: "Snooze: Thank-you with Ana Souza" });
  await snooze.click();
  await page.getByRole("group", { name: "Snooze until" }).getByLabel("Until a date").focus();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("group", { name: "Snooze until" })).toHaveCount(0);
  await expect(snooze).toBeFocused();
  // The choices come after Edit and Delete in the page: opening them
  // from the keyboard goes straight to the first.
  await page.keyboard.press("Enter");
  const choices = page.getByRole("group", { name: "Snooze until" });
  await expect(choices.getByRole("button").first()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("group", { name: "Snooze until" })).toHaveCount(0);
  await expect(snooze).toBeFocused();
});
