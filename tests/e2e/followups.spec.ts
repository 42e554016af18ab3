import type { Page } from "@playwright/test";
import { expect, goTo, open, quickAdd, storedDocs, test, waitForServiceWorker } from "./fixtures";

async function addFollowUp(page: Page, contact: string, kind: string, due?: string) {
  await page.goto("/follow-ups/new");
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: contact });
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: kind });
  if (due) await page.getByLabel("Due", { exact: true }).fill(due);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Follow-ups" })).toBeVisible();
}

// Every test here runs with the browser offline.
test.beforeEach(async ({ page, context }) => {
  await page.clock.install({ time: new Date("2026-11-23T08:59:00") });
  await open(page);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await page.clock.pauseAt(new Date("2026-11-23T09:00:00"));
});

test("follow-ups are added, snoozed, done, deleted and restored", async ({ page }) => {
  await quickAdd(page, "Ana Souza", "B");
  await addFollowUp(page, "Ana Souza (B)", "Thank-you", "2026-11-23");
  const dueToday = page.getByRole("list", { name: "Due today" });
  await expect(dueToday.getByRole("listitem")).toHaveCount(1);
  await expect(dueToday).toContainText("Thank-you · Ana Souza");

  await dueToday.getByRole("button", { name: "Snooze: Thank-you with Ana Souza" }).click();
  await page.getByRole("group", { name: "Snooze until" }).getByRole("button", { name: "Tomorrow" }).click();
  await expect(page.getByText("Snoozed until Tue 24 Nov.")).toBeVisible();
  const later = page.getByRole("list", { name: "Coming up" });
  await expect(later).toContainText("due Tue 24 Nov");
  await expect(dueToday).toHaveCount(0);
  // Due tomorrow now: "Tomorrow" would move nothing, so it is not offered,
  // and a day it is due by already is refused with why.
  await later.getByRole("button", { name: "Snooze: Thank-you with Ana Souza" }).click();
  const snoozeAgain = later.getByRole("group", { name: "Snooze until" });
  await expect(snoozeAgain.getByRole("button", { name: "Next week" })).toBeVisible();
  await expect(snoozeAgain.getByRole("button", { name: "Tomorrow" })).toHaveCount(0);
  await snoozeAgain.getByLabel("Until a date").fill("2026-11-24");
  await expect(later.getByRole("status")).toHaveText(
    "It is due on that day or later already: choose a later day to put it off.",
  );
  await expect(later).toContainText("due Tue 24 Nov");

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

test("undoing done in the row withdraws the bar's Undo, and focus follows the follow-up", async ({ page }) => {
  await quickAdd(page, "Ana Souza", "B");
  await addFollowUp(page, "Ana Souza (B)", "Thank-you", "2026-11-23");
  await page.getByRole("button", { name: "Done: Thank-you with Ana Souza" }).click();
  const barUndo = page.getByRole("button", { name: "Undo", exact: true });
  await expect(barUndo).toBeVisible();
  await page.getByRole("list", { name: "Done" }).getByRole("button", { name: "Undo done: Thank-you with Ana Souza" }).focus();
  await page.keyboard.press("Enter");
  // Back among those due today, focused on its Done.
  await expect(
    page.getByRole("list", { name: "Due today" }).getByRole("button", { name: "Done: Thank-you with Ana Souza" }),
  ).toBeFocused();
  await expect(barUndo).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Done" })).toHaveCount(0);
});

test("a snooze day typed from the keyboard waits for the whole date", async ({ page }) => {
  await quickAdd(page, "Ana Souza", "B");
  await addFollowUp(page, "Ana Souza (B)", "Thank-you", "2026-11-23");
  await page.getByRole("button", { name: "Snooze: Thank-you with Ana Souza" }).click();
  const choices = page.getByRole("group", { name: "Snooze until" });
  // Focus first goes to the choices' first button, once they are drawn; only
  // then does the user move on to the date.
  await expect(choices.getByRole("button", { name: "Tomorrow" })).toBeFocused();
  const date = choices.getByLabel("Until a date");
  await date.focus();
  // Month, day, then the year digit by digit (0002, 0020, 0202, 2027).
  await page.keyboard.type("01152027");
  await expect(page.getByText(/^Snoozed until Fri 15 Jan/)).toBeVisible();
  await expect(page.getByText("Choose a day after today")).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Coming up" })).toContainText("due Fri 15 Jan");
});

test("a referral gets three working days, and a second try a week after reaching out", async ({ page }) => {
  await quickAdd(page, "Ben Okafor", "C");
  await page.goto("/follow-ups/new");
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Ben Okafor (C)" });
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Contact a referral" });
  // Monday + 3 working days.
  await expect(page.getByLabel("Due", { exact: true })).toHaveValue("2026-11-26");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const later = page.getByRole("list", { name: "Coming up" });
  await later.getByRole("button", { name: "Done: Contact a referral with Ben Okafor" }).click();
  await expect(page.getByRole("status").filter({ hasText: "try again" })).toContainText("Mon 30 Nov");
  await expect(page.getByRole("list", { name: "Coming up" })).toContainText("Follow-up · Ben Okafor");
});

test("a follow-up needs a contact and a due day", async ({ page }) => {
  await quickAdd(page, "Ana Souza", "B");
  await page.goto("/follow-ups/new");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Choose who this follow-up is with.");
  const contact = page.getByRole("combobox", { name: "Contact" });
  await expect(contact).toBeFocused();
  await expect(contact).toHaveAccessibleDescription("Choose who this follow-up is with.");
  // Saving again unchanged: the same reason, at the same field.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Choose who this follow-up is with.");
  await expect(contact).toHaveAttribute("aria-invalid", "true");
  await expect(contact).toBeFocused();
  await contact.selectOption({ label: "Ana Souza (B)" });
  // Put right, the field's mark and the message go.
  await expect(contact).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert")).toHaveCount(0);
  // A cleared day is not saved as some other day.
  const due = page.getByLabel("Due", { exact: true });
  await due.fill("");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Correct what is marked before saving.");
  await expect(due).toBeFocused();
  await expect(due).toHaveAttribute("aria-invalid", "true");
  await expect(due).toHaveAccessibleDescription("Choose the day it is due.");
  await page.clock.runFor(2_000);
  expect(await storedDocs(page, "follow_up")).toEqual([]);
  // Nor a slip of the year.
  await due.fill("0202-12-01");
  await expect(due).toHaveAttribute("aria-invalid", "true");
  await expect(due).toHaveAccessibleDescription("Check the year: dates go from 1970 to 2100.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Correct what is marked before saving.");
  await expect(due).toBeFocused();
  await due.fill("2026-12-01");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Follow-ups" })).toBeVisible();
  // Saving waits for a pause.
  await page.clock.runFor(2_000);
  await expect.poll(async () => (await storedDocs(page, "follow_up")).map((f) => f.due)).toEqual(["2026-12-01"]);
});

async function holdMeeting(page: Page, name: string) {
  await goTo(page, "Contacts");
  await page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: new RegExp(name) }).click();
  await page.getByRole("button", { name: "Start meeting" }).click();
  await page.getByRole("button", { name: "Add referral" }).click();
  await page.getByRole("textbox", { name: "Referral's name" }).fill("Cleo Park");
  await page.getByRole("button", { name: "Save referral" }).click();
  await page.getByRole("button", { name: "End meeting" }).click();
  await page.getByRole("button", { name: "Yes, end meeting" }).click();
  await page.getByRole("button", { name: "Save next steps" }).click();
  await expect(page.getByRole("list", { name: "Next steps" }).getByRole("listitem")).toHaveCount(2);
}

test("Today shows the thank-you due after a meeting, and done moves the goal", async ({ page }) => {
  await quickAdd(page, "Ana Souza", "B");
  await page.goto("/goals");
  await page.getByRole("textbox", { name: "Thank-yous sent per week" }).fill("3");
  await page.getByRole("textbox", { name: "Meetings held per week" }).fill("2");
  await holdMeeting(page, "Ana Souza");

  await goTo(page, "Today");
  const goals = page.getByRole("list", { name: "Weekly goals" });
  await expect(goals).toContainText("Meetings held: 1 of 2");
  await expect(goals).toContainText("Thank-yous sent: 0 of 3");
  await expect(page.getByText("This week: 1 meeting held, 1 referral gained, 0 thank-yous sent.")).toBeVisible();
  // A thank-you is owed within a day: it is on Today from the meeting's end.
  const soon = page.getByRole("list", { name: "Due tomorrow" });
  await expect(soon).toContainText("Thank-you · Ana Souza");
  await expect(page.getByRole("list", { name: "Due now" })).toHaveCount(0);
  await page.clock.fastForward(24 * 3600_000);
  // Left open, Today moves it to "Due now" as the day turns.
  await expect(page.getByRole("list", { name: "Due now" })).toContainText("Thank-you · Ana Souza");
  await page.reload();
  const due = page.getByRole("list", { name: "Due now" });
  await expect(due).toContainText("Thank-you · Ana Souza");
  await expect(due).toContainText("due today");
  await due.getByRole("button", { name: "Done: Thank-you with Ana Souza" }).click();
  await expect(goals).toContainText("Thank-yous sent: 1 of 3");
  await expect(page.getByRole("list", { name: "Due now" })).toHaveCount(0);
  // The row has gone from Today, so Done can be taken back from the bar;
  // focus stays on the card rather than dropping to the top of the page.
  await expect(page.getByRole("status").filter({ hasText: "Done: Thank-you with Ana Souza." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Follow-ups" })).toBeFocused();
  // The bar stays while Undo has focus, past its usual few seconds.
  await page.getByRole("button", { name: "Undo" }).focus();
  await page.clock.runFor(20_000);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(due).toContainText("Thank-you · Ana Souza");
  await expect(goals).toContainText("Thank-yous sent: 0 of 3");
  await due.getByRole("button", { name: "Done: Thank-you with Ana Souza" }).click();
  await expect(goals).toContainText("Thank-yous sent: 1 of 3");

  // Ana's page shows both sides.
  await page.goto("/contacts");
  await page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ }).click();
  const give = page.locator("section", { has: page.getByRole("heading", { name: "Give and take" }) });
  await expect(give.getByRole("link", { name: "Cleo Park" })).toBeVisible();

  // A follow-up added or changed from her page leads back there.
  const anaPage = page.getByRole("heading", { level: 1, name: "Ana Souza" });
  await page.getByRole("link", { name: "Add follow-up" }).click();
  await expect(page.getByRole("link", { name: "Back to the contact" })).toBeVisible();
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Follow-up" });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(anaPage).toBeVisible();
  await page.getByRole("link", { name: "Edit: Follow-up with Ana Souza" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit follow-up" })).toBeVisible();
  await page.getByRole("textbox", { name: "Notes" }).fill("Send the Q3 report");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(anaPage).toBeVisible();
  await expect(page.getByText("Send the Q3 report")).toBeVisible();
  await page.getByRole("link", { name: "Edit: Follow-up with Ana Souza" }).click();
  await page.getByRole("link", { name: "Back to the contact" }).click();
  await expect(anaPage).toBeVisible();
});

test("a new follow-up's draft stays with the contact it was started for", async ({ page }) => {
  await quickAdd(page, "Dana Lee", "B");
  await quickAdd(page, "Bob Chen", "B");
  // Saving waits for a pause in typing.
  await page.clock.runFor(5_000);
  await expect.poll(async () => (await storedDocs(page, "contact")).length).toBe(2);
  const id = Object.fromEntries((await storedDocs(page, "contact")).map((d) => [d.name, d._id.split(":")[1]]));
  await page.goto(`/follow-ups/new?contact=${id["Dana Lee"]}&from=/contacts/${id["Dana Lee"]}`);
  await page.getByRole("textbox", { name: "Notes" }).fill("Send Dana the deck");
  // Left by a full page load (a file shared to the app, say): the draft stays.
  await page.goto(`/follow-ups/new?contact=${id["Bob Chen"]}&from=/contacts/${id["Bob Chen"]}`);
  await expect(page.getByRole("combobox", { name: "Contact" })).toHaveValue(id["Bob Chen"]);
  await expect(page.getByRole("textbox", { name: "Notes" })).toHaveValue("");
  await page.goto(`/follow-ups/new?contact=${id["Dana Lee"]}&from=/contacts/${id["Dana Lee"]}`);
  await expect(page.getByRole("textbox", { name: "Notes" })).toHaveValue("Send Dana the deck");
});

test("deleting a contact takes their open follow-ups off Today, and Undo brings them back", async ({ page }) => {
  await expect(page.getByText("Your networking notebook is empty.")).toBeVisible();
  await quickAdd(page, "Ana Souza", "B");
  await addFollowUp(page, "Ana Souza (B)", "Thank-you", "2026-11-23");
  await goTo(page, "Contacts");
  await page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ }).click();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByText("Deleted Ana Souza, with 1 open follow-up.")).toBeVisible();
  await goTo(page, "Today");
  // Nothing is left that points nowhere, so Today starts afresh.
  await expect(page.getByText("Nothing due. A good day to reach out to someone new.")).toBeVisible();
  await expect(page.getByText("removed contact")).toHaveCount(0);
  await expect(page.getByText("Your networking notebook is empty.")).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("list", { name: "Due now" })).toContainText("Thank-you · Ana Souza");
  await expect(page.getByText("Your networking notebook is empty.")).toHaveCount(0);
  await page.clock.runFor(5_000);
  await expect.poll(async () => (await storedDocs(page, "follow_up")).length).toBe(1);
});

test("keep in touch counts calendar days, and the contact's page says how often", async ({ page }) => {
  await quickAdd(page, "Tom Becker", "B");
  await page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Tom Becker/ }).click();
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByRole("textbox", { name: /keep in touch every/ }).fill("7");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tom Becker" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "Every week" })).toBeVisible();
  await page.clock.runFor(5_000);
  await expect.poll(async () => (await storedDocs(page, "contact"))[0].keep_in_touch_days).toBe(7);
  // Added on Monday at 09:00; the next Monday at 08:00 is a week on by the
  // calendar, though 7 times 24 hours have not passed.
  await page.clock.setSystemTime(new Date("2026-11-30T08:00:00"));
  await page.reload();
  await goTo(page, "Today");
  const due = page.getByRole("list", { name: "Time to get in touch" });
  await expect(due).toContainText("Tom Becker: 7 days since you were last in touch");
});

test("a number a field cannot take is explained, and not saved in its place", async ({ page }) => {
  await page.goto("/goals");
  const meetings = page.getByRole("textbox", { name: "Meetings held per week" });
  await meetings.fill("2.5");
  await expect(meetings).toHaveAttribute("aria-invalid", "true");
  await expect(meetings).toHaveAccessibleDescription("Enter a whole number from 0 to 99.");
  await meetings.fill("two");
  await expect(meetings).toHaveAccessibleDescription("Enter a whole number from 0 to 99.");
  await meetings.fill("3");
  await expect(meetings).not.toHaveAttribute("aria-invalid", "true");
  await meetings.blur();
  // Typed on from there, nothing on the way to a number too big is kept.
  await meetings.press("End");
  await meetings.pressSequentially("50");
  await expect(meetings).toHaveAccessibleDescription("Enter a whole number from 0 to 99.");
  await goTo(page, "Today");
  await expect(page.getByRole("list", { name: "Weekly goals" })).toContainText("Meetings held: 0 of 3");

  // A form with such a field refuses to save until it is put right.
  await page.goto("/organizations/new");
  await page.getByRole("textbox", { name: "Name" }).fill("Acme Robotics");
  const priority = page.getByRole("textbox", { name: "Priority (1 = most wanted)" });
  await priority.fill("0");
  await expect(priority).toHaveAccessibleDescription("Enter a whole number from 1 to 999.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Correct what is marked before saving.");
  await expect(priority).toBeFocused();
  await priority.fill("2");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Acme Robotics" })).toBeVisible();
  await expect(page.getByText("Priority 2")).toBeVisible();
});

test("a referral follow-up turns overdue as the days pass", async ({ page }) => {
  await quickAdd(page, "Ben Okafor", "C");
  await page.goto("/follow-ups/new");
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Ben Okafor (C)" });
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Contact a referral" });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await goTo(page, "Today");
  await expect(page.getByRole("list", { name: "Due now" })).toHaveCount(0);
  // Thursday the 26th is the due day; Friday it is overdue.
  await page.clock.fastForward(96 * 3600_000);
  await expect(page.getByRole("list", { name: "Due now" })).toContainText("1 day overdue", { timeout: 15_000 });
});

test("an event counts the people met against its target", async ({ page }) => {
  await page.goto("/events");
  await page.getByRole("link", { name: "Add event" }).click();
  await page.getByRole("textbox", { name: "Name" }).fill("Climate Careers Night");
  await page.getByRole("textbox", { name: "People to talk to" }).fill("5");
  await page.getByRole("textbox", { name: "Referrals to get" }).fill("2");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Climate Careers Night" })).toBeVisible();
  for (const name of ["Dana Lee", "Eli Mora", "Fay Chen"]) {
    await page.getByRole("textbox", { name: "Name of the person" }).fill(name);
    await page.getByRole("button", { name: "Add person" }).click();
    await expect(page.getByRole("list", { name: "People met here" }).getByRole("link", { name })).toBeVisible();
  }
  await expect(page.getByText("People met: 3 of 5")).toBeVisible();
  await page.getByRole("textbox", { name: "Name of the person" }).fill("Gus Ortiz");
  await page.getByRole("combobox", { name: "Referred to you by" }).selectOption({ label: "Eli Mora" });
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText("Referrals: 1 of 2")).toBeVisible();
  await expect(page.getByText("People met: 3 of 5")).toBeVisible();
  await page.reload();
  await expect(page.getByText("People met: 3 of 5")).toBeVisible();
  await expect(page.getByRole("list", { name: "People met here" })).toContainText("Gus Ortiz (referred by Eli Mora)");

  await page.getByRole("link", { name: "Edit event" }).click();
  await page.getByRole("textbox", { name: "People to talk to" }).fill("4");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("People met: 3 of 4")).toBeVisible();
  await page.getByRole("button", { name: "Delete event" }).click();
  await expect(page.getByRole("list", { name: "Events" })).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await page.getByRole("list", { name: "Events" }).getByRole("link", { name: /Climate Careers Night/ }).click();
  await expect(page.getByText("People met: 3 of 4")).toBeVisible();
});

test("the journal lists every activity and filters by contact", async ({ page }) => {
  await quickAdd(page, "Ana Souza", "B");
  await quickAdd(page, "Hal Brooks", "A");
  await page.clock.runFor(60_000);
  await holdMeeting(page, "Ana Souza");
  await page.goto("/journal");
  const entries = page.getByRole("list", { name: "Journal entries" }).getByRole("listitem");
  await expect(entries).toHaveCount(4);
  await expect(entries.first()).toContainText("Met Ana Souza");
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Hal Brooks" });
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText("Added Hal Brooks (list A)");
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Everyone" });
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Referral received" });
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText("Ana Souza referred you to Cleo Park");
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Everything" });
  await page.getByLabel("From", { exact: true }).fill("2026-11-24");
  await expect(page.getByText("Nothing recorded matches.")).toBeVisible();
  await page.getByLabel("From", { exact: true }).fill("2026-11-23");
  await expect(entries).toHaveCount(4);

  // A contact's timeline is the same log, filtered.
  await page.goto("/contacts");
  await page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ }).click();
  await page.getByRole("link", { name: "Timeline" }).click();
  // Added, met, and the introduction Ana made.
  await expect(entries).toHaveCount(3);
  await expect(page.getByRole("list", { name: "Journal entries" })).toContainText("Ana Souza referred you to Cleo Park");
  // A note typed here is about her, and the box says so, whichever
  // contact the filter shows.
  await expect(page.getByRole("textbox", { name: "New note about Ana Souza" })).toBeVisible();
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Hal Brooks" });
  await expect(page.getByRole("textbox", { name: "New note about Hal Brooks" })).toBeVisible();
});

test("a journal note can be rewritten or deleted, and a deletion undone", async ({ page }) => {
  // An old link to a contact deleted since: the note is about nobody.
  await page.goto("/journal?contact=4242424242");
  // Nothing written: the note is not added, and that is said at the field.
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("alert")).toHaveText("Write the note first, then add it.");
  await expect(page.getByRole("textbox", { name: "New note", exact: true })).toBeFocused();
  await page.getByRole("textbox", { name: "New note", exact: true }).fill("Call the careers centre");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Note added." })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await page.clock.runFor(2_000);
  await expect.poll(async () => (await storedDocs(page, "journal_note")).map((n) => n.contact_id)).toEqual([null]);
  const notes = page.getByRole("list", { name: "Journal entries" }).getByRole("listitem");
  await expect(notes).toHaveCount(1);
  // Named by the note's start too: notes of the same minute differ.
  const edit = page.getByRole("button", { name: /^Edit: note from .*“Call the careers centre”$/ });
  await edit.click();
  const field = page.getByRole("textbox", { name: "Note", exact: true });
  await expect(field).toBeFocused();
  await expect(field).toHaveValue("Call the careers centre");
  // Escape leaves it as it was.
  await field.fill("Half-typed");
  // Left for another screen, the edit is there on return.
  await goTo(page, "Today");
  await page.goBack();
  await expect(field).toHaveValue("Half-typed");
  await page.keyboard.press("Escape");
  await expect(field).toHaveCount(0);
  await expect(notes.first()).toContainText("Call the careers centre");
  await expect(edit).toBeFocused();

  await edit.click();
  await field.fill("   ");
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByRole("alert")).toHaveText("Write something, or delete the note.");
  await expect(field).toBeFocused();
  await field.fill("Called: they run a mentoring scheme.");
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(notes.first()).toContainText("Called: they run a mentoring scheme.");
  await page.clock.runFor(2_000);
  await expect.poll(async () => (await storedDocs(page, "journal_note")).map((n) => n.text)).toEqual([
    "Called: they run a mentoring scheme.",
  ]);

  await page.getByRole("button", { name: /^Delete: note from/ }).click();
  await expect(page.getByText("Nothing recorded matches.")).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(notes.first()).toContainText("Called: they run a mentoring scheme.");
});
