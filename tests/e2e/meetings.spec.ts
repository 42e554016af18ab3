import type { Page } from "@playwright/test";
import { expect, goTo, open, storedDocs, test, waitForServiceWorker } from "./fixtures";

const PITCH = "I spent six years running support teams and now I am exploring product operations in climate tech.";

// Everything here runs with the browser offline, as at a café with no signal.
async function setUp(page: Page) {
  await page.clock.install({ time: new Date("2026-11-23T08:59:00") });
  await open(page, "/pitch");
  await waitForServiceWorker(page);
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Pitch" })).toBeVisible();
  // From here on time moves only when the test moves it.
  await page.clock.pauseAt(new Date("2026-11-23T09:00:00"));
  await page.getByRole("textbox", { name: "Pitch text" }).fill(PITCH);
  await goTo(page, "Contacts");
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ana Souza");
  await page.getByRole("combobox", { name: "List", exact: true }).selectOption("B");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ })).toBeVisible();
}

async function planAndStart(page: Page) {
  await goTo(page, "Meetings");
  await page.getByRole("link", { name: "Plan meeting" }).click();
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Ana Souza (B)" });
  await page.getByRole("textbox", { name: "Place" }).fill("Café Lumen");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Meeting with Ana Souza" })).toBeVisible();
  await page.getByRole("button", { name: "Start meeting" }).click();
  await expect(page.getByRole("timer", { name: "Time remaining" })).toHaveText("30:00");
}

const timer = (page: Page) => page.getByRole("timer", { name: "Time remaining" });

async function endMeeting(page: Page) {
  await page.getByRole("button", { name: "End meeting" }).click();
  await page.getByRole("button", { name: "Yes, end meeting" }).click();
}

test("a meeting runs on the wall clock, survives reloads and ends with next steps", async ({ page, consoleErrors }) => {
  await setUp(page);
  await planAndStart(page);

  // The pitch is on screen and one tap hides or shows it.
  const pitch = page.getByRole("region", { name: "Pitch" });
  await expect(pitch).toContainText(PITCH);
  const phase = page.locator(".phase-title");
  await expect(phase).toHaveText("Your pitch");
  await expect(page.getByText(/Pitch: 02:00 left/)).toBeVisible();
  await pitch.getByRole("button", { name: "Pitch" }).click();
  await expect(pitch.getByText(PITCH)).toBeHidden();
  await pitch.getByRole("button", { name: "Pitch" }).click();
  await expect(pitch.getByText(PITCH)).toBeVisible();

  await page.clock.runFor("01:30");
  await expect(timer(page)).toHaveText("28:30");
  await expect(page.getByText(/Pitch: 00:30 left/)).toBeVisible();

  // Once the pitch time is over the pitch folds away; one tap brings it back.
  await page.clock.runFor("00:30");
  await expect(phase).toHaveText("Their story and advice");
  await expect(pitch.getByText(PITCH)).toBeHidden();
  await pitch.getByRole("button", { name: "Pitch" }).click();
  await expect(pitch.getByText(PITCH)).toBeVisible();

  // Jump to minute 25: the wrap-up phase.
  await page.clock.runFor("23:00");
  await expect(timer(page)).toHaveText("05:00");
  await expect(phase).toHaveText("Wrap up");

  // A reload mid-meeting keeps the time right.
  await page.reload();
  await expect(timer(page)).toHaveText("05:00");
  await expect(phase).toHaveText("Wrap up");

  // Notes typed and reloaded at once are all there.
  const notes = "Ana says the ops team at Acme is growing.\nRead the Q3 report.";
  await page.getByRole("textbox", { name: "Notes" }).fill(notes);
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Notes" })).toHaveValue(notes);

  // Pause stops the clock; resume carries on.
  await page.getByRole("button", { name: "Pause" }).click();
  const before = await timer(page).textContent();
  await page.clock.runFor("02:00");
  await expect(timer(page)).toHaveText(before!);
  await page.getByRole("button", { name: "Resume" }).click();
  await page.clock.runFor("00:01");
  await expect(timer(page)).not.toHaveText(before!);

  // A referral in one tap and a name.
  await page.getByRole("button", { name: "Add referral" }).click();
  await page.getByRole("textbox", { name: "Referral's name" }).fill("Ben Okafor");
  await page.getByRole("textbox", { name: "Their organization (optional)" }).fill("Acme Robotics");
  await page.getByRole("button", { name: "Save referral" }).click();
  await expect(page.locator(".meeting-mode").getByText("Ben Okafor").first()).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Referral Ben Okafor saved." })).toBeVisible();
  // Focus goes back to the button, and the form opened again takes it.
  await expect(page.getByRole("button", { name: "Add referral" })).toBeFocused();
  await page.getByRole("button", { name: "Add referral" }).click();
  await expect(page.getByRole("textbox", { name: "Referral's name" })).toBeFocused();
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("checkbox", { name: "Get referrals" }).check();

  // Past 30 minutes: overtime and a clear cue.
  await page.clock.runFor("06:00");
  await expect(timer(page)).toHaveText("+01:01");
  await expect(phase).toHaveText("Time's up");
  // Said once, not twice.
  await expect(page.getByText("Time's up")).toHaveCount(1);

  await endMeeting(page);
  await expect(page.getByRole("heading", { level: 1, name: "Wrap-up" })).toBeVisible();
  // The stopped clock is not in history: going back leads to the meeting.
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Meeting with Ana Souza" })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole("heading", { level: 1, name: "Wrap-up" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Notes" })).toHaveValue(notes);
  await expect(page.locator("section", { hasText: "Purposes met" })).toContainText("Get referrals");
  await expect(page.locator("section", { hasText: "Referrals captured" })).toContainText("Ben Okafor");
  await page.getByRole("textbox", { name: "Help I offered" }).fill("Send my notes on support tooling");
  await page.getByRole("textbox", { name: "Outcome" }).fill("Good lead at Acme.");
  const steps = page.getByRole("group", { name: "Next steps" });
  // The thank-you was made when the meeting ended; the wrap-up shows it made.
  await expect(steps.getByRole("checkbox", { name: /^Thank Ana Souza by Tue 24 Nov \(in your follow-ups\)$/ })).toBeChecked();
  await expect(steps.getByRole("checkbox", { name: /^Follow through on the help offered to Ana Souza/ })).toBeChecked();
  await expect(steps.getByRole("checkbox", { name: /^Contact Ben Okafor \(referred by Ana Souza\) by Thu 26 Nov$/ })).toBeChecked();
  await page.getByRole("button", { name: "Save next steps" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Meeting with Ana Souza" })).toBeVisible();
  const next = page.getByRole("list", { name: "Next steps" }).getByRole("listitem");
  await expect(next).toHaveText([
    "Thank-you: Ana Souza by Tue 24 Nov",
    "Offer of help: Ana Souza by Tue 24 Nov",
    "Contact a referral: Ben Okafor by Thu 26 Nov",
  ]);

  // Saving the wrap-up again changes nothing already decided.
  await page.getByRole("link", { name: "Edit wrap-up" }).click();
  // Steps already made read as made, not as turned down.
  await expect(steps.getByRole("checkbox", { name: /^Thank Ana Souza by Tue 24 Nov \(in your follow-ups\)$/ })).toBeChecked();
  await expect(steps.getByRole("checkbox", { name: /^Contact Ben Okafor .*\(in your follow-ups\)$/ })).toBeChecked();
  await page.getByRole("button", { name: "Save next steps" }).click();
  await expect(next).toHaveCount(3);

  // A step unticked is dropped, and can be ticked again at a later wrap-up.
  await page.getByRole("link", { name: "Edit wrap-up" }).click();
  const offer = steps.getByRole("checkbox", { name: /^Follow through on the help offered to Ana Souza/ });
  await offer.uncheck();
  await expect(offer).toHaveAccessibleDescription("Saving removes it from your follow-ups.");
  await expect(steps.getByRole("status")).toHaveText("Saving removes it from your follow-ups.");
  await page.getByRole("button", { name: "Save next steps" }).click();
  await expect(next).toHaveCount(2);
  await page.getByRole("link", { name: "Edit wrap-up" }).click();
  await expect(offer).not.toBeChecked();
  await expect(offer).toBeEnabled();
  await expect(offer).toHaveAccessibleName(/\(not in your follow-ups\)$/);
  await offer.check();
  await expect(offer).toHaveAccessibleDescription("Saving adds it to your follow-ups.");
  await page.getByRole("button", { name: "Save next steps" }).click();
  await expect(next).toHaveCount(3);
  await expect(page.getByRole("list", { name: "Next steps" })).toContainText("Offer of help: Ana Souza");

  // The referral is a contact referred by Ana; Ana's page shows the meeting.
  await page.getByRole("link", { name: "Ben Okafor" }).click();
  await expect(page.getByRole("list", { name: "Referral chain" }).getByRole("listitem")).toHaveText([
    "You",
    "Ana Souza (B)",
    "Ben Okafor (C, Acme Robotics)",
  ]);
  await page.getByRole("list", { name: "Referral chain" }).getByRole("link", { name: "Ana Souza" }).click();
  const meetings = page.locator("section", { has: page.getByRole("heading", { name: "Meetings" }) });
  await expect(meetings).toContainText("Held");
  await expect(meetings).toContainText("Good lead at Acme.");
  await expect(meetings).toContainText("Ana says the ops team at Acme is growing.");
  expect(consoleErrors).toEqual([]);
});

test("a meeting starts straight from a contact", async ({ page }) => {
  await setUp(page);
  await goTo(page, "Contacts");
  await page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ }).click();
  await page.getByRole("button", { name: "Start meeting" }).click();
  await expect(timer(page)).toHaveText("30:00");
  const meetingPath = new URL(page.url()).pathname.replace(/\/live$/, "");
  await expect(page.getByRole("region", { name: "Pitch" })).toContainText(PITCH);
  await page.clock.runFor("20:00");
  await expect(page.locator(".phase-title")).toHaveText("Referrals");
  await page.getByRole("textbox", { name: "Notes" }).fill("Offline notes.");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Notes" })).toHaveValue("Offline notes.");
  await expect(timer(page)).toHaveText("10:00");
  await endMeeting(page);
  await page.getByRole("button", { name: "Save next steps" }).click();
  await expect(page.getByRole("list", { name: "Next steps" }).getByRole("listitem")).toHaveText([
    "Thank-you: Ana Souza by Tue 24 Nov",
  ]);
  await goTo(page, "Meetings");
  await expect(page.getByRole("list", { name: "Past" }).getByRole("link", { name: /Ana Souza/ })).toBeVisible();
  // Its plan is history now: the edit address says so and leads back to it.
  await page.goto(`${meetingPath}/edit`);
  await expect(page.getByRole("heading", { level: 1, name: "This meeting has started" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the meeting" }).click();
  await expect(page).toHaveURL(new RegExp(`${meetingPath}$`));
});

test("starting a meeting while another is still running asks first", async ({ page }) => {
  await setUp(page);
  for (const name of ["Ben Okafor", "Cleo Park"]) {
    await page.getByRole("button", { name: "Add contact" }).click();
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
    await page.getByRole("button", { name: "Save", exact: true }).click();
  }
  const contacts = page.getByRole("list", { name: "Contacts" });
  await contacts.getByRole("link", { name: /Ana Souza/ }).click();
  await page.getByRole("button", { name: "Start meeting" }).click();
  await expect(timer(page)).toHaveText("30:00");
  await page.clock.runFor("40:00");

  // Ana's meeting was never ended; Ben's is about to start.
  await page.goto("/contacts");
  await contacts.getByRole("link", { name: /Ben Okafor/ }).click();
  const start = page.getByRole("button", { name: "Start meeting" });
  await start.click();
  const question = page.getByRole("group", { name: "Another meeting is running" });
  await expect(question).toContainText("Your meeting with Ana Souza is still running.");
  const endIt = question.getByRole("button", { name: "End it and start this one" });
  await expect(endIt).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(question).toHaveCount(0);
  await expect(start).toBeFocused();

  // Both may run on purpose.
  await start.click();
  await question.getByRole("button", { name: "Keep both running" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Meeting with Ben Okafor" })).toBeVisible();

  await page.goto("/contacts");
  await contacts.getByRole("link", { name: /Cleo Park/ }).click();
  await start.click();
  await expect(question).toContainText("Your meeting with Ana Souza is still running.");
  await endIt.click();
  await expect(page.getByRole("heading", { level: 1, name: "Meeting with Cleo Park" })).toBeVisible();
  await expect(timer(page)).toHaveText("30:00");
  await expect(page.getByText("The meeting with Ana Souza has ended: its wrap-up is on its page.")).toBeVisible();
  // Saved a moment after the change.
  await page.clock.runFor(2000);
  const meetings = await storedDocs(page, "meeting");
  expect(meetings.map((m) => m.contact_name).sort()).toEqual(["Ana Souza", "Ben Okafor", "Cleo Park"]);
  const running = meetings.filter((m) => m.ended_at == null).map((m) => m.contact_name).sort();
  expect(running).toEqual(["Ben Okafor", "Cleo Park"]);
});

test("meeting phases follow the times the user sets", async ({ page }) => {
  await setUp(page);
  await goTo(page, "Data");
  // A minute the field cannot take, then the usual times: the field shows
  // them again rather than what was typed.
  const pitchEnd = page.getByRole("textbox", { name: "Pitch ends at minute" });
  await pitchEnd.fill("500");
  await expect(pitchEnd).toHaveAccessibleDescription("Enter a whole number from 1 to 120.");
  await page.getByRole("button", { name: "Use the usual times" }).click();
  await expect(pitchEnd).toHaveValue("2");
  await expect(pitchEnd).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("textbox", { name: "Wrap-up at minute" }).fill("19");
  await page.getByRole("button", { name: "Save phases" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrapping up" })).toHaveText(
    "Wrapping up has to start after asking for referrals.",
  );
  const wrapUp = page.getByRole("textbox", { name: "Wrap-up at minute" });
  await expect(wrapUp).toBeFocused();
  await expect(wrapUp).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("textbox", { name: "Referrals from minute" }).fill("15");
  await page.getByRole("textbox", { name: "Wrap-up at minute" }).fill("22");
  await page.getByRole("button", { name: "Save phases" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Meeting phases saved." })).toBeVisible();

  // Put right in the other field the rule is about: the mark does not
  // stand in the way, and the message under the field goes.
  await pitchEnd.fill("16");
  await page.getByRole("button", { name: "Save phases" }).click();
  const referrals = page.getByRole("textbox", { name: "Referrals from minute" });
  await expect(referrals).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field-error")).toHaveCount(1);
  await pitchEnd.fill("2");
  await page.getByRole("button", { name: "Save phases" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Meeting phases saved." })).toBeVisible();
  await expect(referrals).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field-error")).toHaveCount(0);
  // Nor does the message outlive a reset that draws the fields anew.
  await pitchEnd.fill("16");
  await page.getByRole("button", { name: "Save phases" }).click();
  await expect(page.locator(".field-error")).toHaveCount(1);
  await page.getByRole("button", { name: "Use the usual times" }).click();
  await expect(page.locator(".field-error")).toHaveCount(0);
  await page.getByRole("textbox", { name: "Referrals from minute" }).fill("15");
  await page.getByRole("textbox", { name: "Wrap-up at minute" }).fill("22");
  await page.getByRole("button", { name: "Save phases" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Meeting phases saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Wrap-up at minute" })).toHaveValue("22");

  await planAndStart(page);
  await page.clock.runFor("14:59");
  await expect(page.locator(".phase-title")).toHaveText("Their story and advice");
  await page.clock.runFor("00:01");
  await expect(page.locator(".phase-title")).toHaveText("Referrals");
  await page.clock.runFor("07:00");
  await expect(page.locator(".phase-title")).toHaveText("Wrap up");
  await expect(timer(page)).toHaveText("08:00");
});

test("a referral still being typed is kept through a reload and saved when the meeting ends", async ({ page }) => {
  await setUp(page);
  await planAndStart(page);
  // A name typed and then cancelled is gone for good.
  await page.getByRole("button", { name: "Add referral" }).click();
  await page.getByRole("textbox", { name: "Referral's name" }).fill("Sam Nobody");
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Add referral" }).click();
  await expect(page.getByRole("textbox", { name: "Referral's name" })).toHaveValue("");
  await page.getByRole("textbox", { name: "Referral's name" }).fill("Zack Ito");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Referral's name" })).toHaveValue("Zack Ito");
  // Asked first; "Keep going" gives focus back to End meeting.
  await page.getByRole("button", { name: "End meeting" }).click();
  await expect(page.getByRole("button", { name: "Yes, end meeting" })).toBeFocused();
  await page.getByRole("button", { name: "Keep going" }).click();
  await expect(page.getByRole("button", { name: "End meeting" })).toBeFocused();
  await endMeeting(page);
  await expect(page.getByRole("heading", { level: 1, name: "Wrap-up" })).toBeVisible();
  await expect(page.locator("section", { hasText: "Referrals captured" })).toContainText("Zack Ito");
  await expect(page.locator("section", { hasText: "Referrals captured" })).not.toContainText("Sam Nobody");
  await expect(page.getByRole("group", { name: "Next steps" })).toContainText("Contact Zack Ito");
});

test("a planned meeting can be deleted and restored, and one whose time passed is set apart", async ({ page }) => {
  await setUp(page);
  await goTo(page, "Meetings");
  await page.getByRole("link", { name: "Plan meeting" }).click();
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Ana Souza (B)" });
  // A plan needs its time: without one it would show the moment it was made.
  const when = page.getByLabel("Date and time");
  await when.fill("");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Choose the day and time of the meeting.");
  await expect(when).toBeFocused();
  await expect(when).toHaveAttribute("aria-invalid", "true");
  await when.fill("2026-11-23T09:30");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("button", { name: "Delete meeting" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Meetings" })).toBeVisible();
  await expect(page.getByText("No meetings planned.")).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("list", { name: "Upcoming" }).getByRole("link", { name: /Ana Souza/ })).toBeVisible();

  await page.clock.fastForward(3 * 3600_000);
  await page.reload();
  await expect(page.getByRole("list", { name: "Planned time has passed" }).getByRole("link", { name: /Ana Souza/ })).toBeVisible();
  await expect(page.getByText("No meetings planned.")).toBeVisible();
});

test("the time and phase stay in view while notes are typed, and questions are ticked off", async ({ page, consoleErrors }) => {
  await setUp(page);
  await planAndStart(page);
  const bar = page.locator(".meeting-bar");
  const notes = page.getByRole("textbox", { name: "Notes" });
  await notes.click();
  await notes.pressSequentially("Line one\n".repeat(3));
  await notes.fill(Array.from({ length: 40 }, (_, i) => `Point ${i + 1}`).join("\n"));
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await notes.focus();
  await expect(timer(page)).toBeInViewport();
  await expect(bar.getByRole("status")).toHaveText("Your pitch");
  await page.clock.runFor("25:00");
  await expect(timer(page)).toHaveText("05:00");
  await expect(bar.getByRole("status")).toHaveText("Wrap up");
  await expect(bar.getByRole("status")).toBeInViewport();
  await expect(timer(page)).toBeInViewport();

  // The planned question is ticked off and the wrap-up says it was asked.
  const question = page.getByRole("group", { name: "Questions" }).getByRole("checkbox", { name: "Who else do you think I should talk to?" });
  await question.check();
  await page.reload();
  await expect(question).toBeChecked();
  await endMeeting(page);
  await expect(page.getByRole("list", { name: "Questions" })).toHaveText(["Asked: Who else do you think I should talk to?"]);
  // The meeting's own page says so too.
  await goTo(page, "Meetings");
  await page.getByRole("main").getByRole("link", { name: /Ana Souza/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Meeting with Ana Souza" })).toBeVisible();
  await expect(page.locator("section", { has: page.getByRole("heading", { name: "Questions" }) })).toContainText(
    "Asked: Who else do you think I should talk to?",
  );
  // Purposes too say in words whether they were met, not by a tick alone.
  const purposes = page.locator("section", { has: page.getByRole("heading", { name: "Purposes", exact: true }) });
  await expect(purposes.getByRole("listitem").first()).toHaveText(/^(Met|Not met): /);
  expect(consoleErrors).toEqual([]);
});

test("End meeting asks first, and Today shows the thank-you as soon as it has ended", async ({ page }) => {
  await setUp(page);
  await planAndStart(page);
  await page.clock.runFor("30:00");
  await expect(timer(page)).toHaveText("00:00");
  await page.getByRole("button", { name: "End meeting" }).click();
  await expect(page.getByText("End the meeting now?")).toBeVisible();
  await page.getByRole("button", { name: "Keep going" }).click();
  await page.clock.runFor("00:05");
  await expect(timer(page)).toHaveText("+00:05");
  await expect(page.getByRole("heading", { level: 1, name: "Wrap-up" })).toBeHidden();

  await endMeeting(page);
  await expect(page.getByRole("heading", { level: 1, name: "Wrap-up" })).toBeVisible();
  // Leave without saving the wrap-up: the thank-you is already there.
  await goTo(page, "Today");
  await expect(page.getByRole("list", { name: "Due tomorrow" })).toContainText("Thank-you · Ana Souza");
});
