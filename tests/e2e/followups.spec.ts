import type { Page } from "@playwright/test";
import { expect, goTo, open, test } from "./fixtures";

async function addContact(page: Page, name: string, list: "A" | "B" | "C") {
  await goTo(page, "Contacts");
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await page.getByRole("combobox", { name: "List", exact: true }).selectOption(list);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: new RegExp(name) })).toBeVisible();
}

async function addFollowUp(page: Page, contact: string, kind: string, due?: string) {
  await page.goto("/follow-ups/new");
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: contact });
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: kind });
  if (due) await page.getByLabel("Due", { exact: true }).fill(due);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Follow-ups" })).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-23T08:59:00") });
  await open(page);
  await page.clock.pauseAt(new Date("2026-11-23T09:00:00"));
});

test("follow-ups are added, snoozed, done, deleted and restored", async ({ page }) => {
  await addContact(page, "Ana Souza", "B");
  await addFollowUp(page, "Ana Souza (B)", "Thank-you", "2026-11-23");
  const dueToday = page.getByRole("list", { name: "Due today" });
  await expect(dueToday.getByRole("listitem")).toHaveCount(1);
  await expect(dueToday).toContainText("Thank-you · Ana Souza");

  await dueToday.getByRole("button", { name: "Snooze: Thank-you with Ana Souza" }).click();
  await page.getByRole("group", { name: "Snooze until" }).getByRole("button", { name: "Tomorrow" }).click();
  const later = page.getByRole("list", { name: "Coming up" });
  await expect(later).toContainText("due Tue 24 Nov");
  await expect(dueToday).toHaveCount(0);

  await later.getByRole("button", { name: "Done: Thank-you with Ana Souza" }).click();
  const done = page.getByRole("list", { name: "Done" });
  await expect(done).toContainText("Thank-you · Ana Souza");

  await done.getByRole("button", { name: "Delete: Thank-you with Ana Souza" }).click();
  await expect(page.getByText("Follow-up deleted.")).toBeVisible();
  await expect(done).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("list", { name: "Done" })).toContainText("Thank-you · Ana Souza");
  await page.reload();
  await expect(page.getByRole("list", { name: "Done" })).toContainText("Thank-you · Ana Souza");
});

test("a referral gets three working days, and a second try a week after reaching out", async ({ page }) => {
  await addContact(page, "Ben Okafor", "C");
  await page.goto("/follow-ups/new");
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Ben Okafor (C)" });
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Contact a referral" });
  // Monday + 3 working days.
  await expect(page.getByLabel("Due", { exact: true })).toHaveValue("2026-11-26");
  await page.getByRole("button", { name: "Save" }).click();
  const later = page.getByRole("list", { name: "Coming up" });
  await later.getByRole("button", { name: "Done: Contact a referral with Ben Okafor" }).click();
  await expect(page.getByRole("status").filter({ hasText: "try again" })).toContainText("Mon 30 Nov");
  await expect(page.getByRole("list", { name: "Coming up" })).toContainText("Follow-up · Ben Okafor");
});

test("a follow-up needs a contact", async ({ page }) => {
  await page.goto("/follow-ups/new");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toHaveText("Choose who this follow-up is with.");
});
