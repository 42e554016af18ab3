import { expect, open, test } from "./fixtures";

// Years of meetings: 45 held and 25 planned ahead, with ids spread out as
// random ids are.
const HOUR = 3_600_000;
const now = Date.now();
const plan = { pitch_end_min: 2, referrals_at_min: 20, wrap_up_at_min: 25, length_min: 30 };
const meetings = [
  ...Array.from({ length: 45 }, (_, i) => {
    const at = now - (i + 1) * 24 * HOUR;
    return {
      id: 9_000_000_000_000 - i * 7_919_003,
      contact_id: 2,
      contact_name: `Held ${i + 1}`,
      scheduled_at: at,
      clock: { started_at: at, paused_at: null, paused_ms: 0, plan },
      ended_at: at + HOUR / 2,
      created_at: at - HOUR,
    };
  }),
  ...Array.from({ length: 25 }, (_, i) => ({
    id: 1_000_003 * (i + 1),
    contact_id: 2,
    contact_name: `Planned ${i + 1}`,
    scheduled_at: now + (i + 1) * 24 * HOUR,
    created_at: now - HOUR,
  })),
];
// A backlog of 25 overdue thank-yous, for Today.
const followUps = Array.from({ length: 25 }, (_, i) => ({
  id: 5_000_011 * (i + 1),
  contact_id: 2,
  kind: "ThankYou",
  due: new Date(now - (i + 2) * 24 * HOUR).toISOString().slice(0, 10),
  created_at: now - 40 * 24 * HOUR,
}));
const NOTEBOOK = {
  app: "rapport",
  version: 2,
  notebook: {
    contacts: [{ id: 2, name: "Ana Souza", list: "A", created_at: now - 100 * 24 * HOUR }],
    meetings,
    follow_ups: followUps,
  },
};

test.beforeEach(async ({ page }) => {
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("rapport.notebook", text);
      sessionStorage.setItem("seeded", "1");
    }
  }, JSON.stringify(NOTEBOOK));
});

test("long meeting lists show a page at a time, newest held first", async ({ page, consoleErrors }) => {
  await open(page, "/meetings");
  const past = page.getByRole("list", { name: "Past" });
  await expect(past.getByRole("listitem")).toHaveCount(20);
  await expect(past.getByRole("link").first()).toContainText("Held 1");
  await expect(past.getByRole("link").nth(19)).toContainText("Held 20");

  const upcoming = page.getByRole("list", { name: "Upcoming" });
  await expect(upcoming.getByRole("listitem")).toHaveCount(20);
  await expect(upcoming.getByRole("link").first()).toContainText("Planned 1");

  const more = page.getByRole("button", { name: "Show more in Past (25 not shown)" });
  await more.click();
  await expect(past.getByRole("listitem")).toHaveCount(40);
  await expect(past.getByRole("link").nth(39)).toContainText("Held 40");
  // The same button stays under the finger, and under keyboard focus.
  const rest = page.getByRole("button", { name: "Show more in Past (5 not shown)" });
  await expect(rest).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(past.getByRole("listitem")).toHaveCount(45);
  await expect(page.getByRole("button", { name: /Show more in Past/ })).toHaveCount(0);

  // The other group keeps its own page.
  await expect(upcoming.getByRole("listitem")).toHaveCount(20);
  await page.getByRole("button", { name: "Show more in Upcoming (5 not shown)" }).click();
  await expect(upcoming.getByRole("listitem")).toHaveCount(25);
  expect(consoleErrors).toEqual([]);
});

test("a long backlog on Today shows ten follow-ups at a time", async ({ page, consoleErrors }) => {
  await open(page, "/");
  const due = page.getByRole("list", { name: "Due now" });
  await expect(due.getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "Show more in Due now (15 not shown)" }).click();
  await expect(due.getByRole("listitem")).toHaveCount(20);
  await page.getByRole("button", { name: "Show more in Due now (5 not shown)" }).click();
  await expect(due.getByRole("listitem")).toHaveCount(25);
  await expect(page.getByRole("button", { name: /Show more in Due now/ })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
