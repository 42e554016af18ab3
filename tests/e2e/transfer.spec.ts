import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import type { Download, Page } from "@playwright/test";
import { expect, goTo, open, quickAdd, test, waitForServiceWorker } from "./fixtures";

// The same hand-written files the Rust tests read.
const TESTDATA = fileURLToPath(new URL("../../src/domain/transfer/testdata", import.meta.url));
const fixture = (name: string) => ({ name, mimeType: "text/plain", buffer: readFileSync(join(TESTDATA, name)) });

// Meeting times in the calendar file are written in UTC; pin the zone so the
// expected lines do not depend on the machine.
test.use({ timezoneId: "UTC" });

test.beforeEach(async ({ page }) => {
  // The undo bar hides itself after a few seconds; here time only moves
  // when a test moves it.
  await page.clock.install({ time: new Date("2026-11-23T08:59:00Z") });
  await open(page, "/data");
  await page.clock.pauseAt(new Date("2026-11-23T09:00:00Z"));
});

const importInput = (page: Page) => page.getByRole("button", { name: "Import contacts", exact: true });
const preview = (page: Page) => page.getByRole("list", { name: "People in the file" });
const contactRow = (page: Page, name: string) =>
  page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: new RegExp(name) });

async function text(download: Download) {
  return readFileSync(await download.path(), "utf8");
}

test("a LinkedIn export is previewed, imported with unticked rows left out, and undone at once", async ({ page, consoleErrors }) => {
  await importInput(page).setInputFiles(fixture("linkedin_en.csv"));
  await expect(page.getByRole("heading", { name: "Preview: LinkedIn connections" })).toBeVisible();
  await expect(page.locator(".import-counts")).toHaveText("3 new · 0 to merge · 0 skipped");
  // LinkedIn people are professional: list B is proposed.
  await expect(page.getByRole("radio", { name: "B · Professional" })).toBeChecked();
  await expect(preview(page)).toContainText("Head of Data · Northwind Traders · ana.ruiz@example.com");
  await expect(preview(page)).toContainText("New, list B");

  await preview(page).getByRole("checkbox", { name: /Chloé Martin/ }).uncheck();
  await expect(page.locator(".import-counts")).toHaveText("2 new · 0 to merge · 0 skipped · 1 left out");
  await expect(page.getByTestId("storage-usage")).toContainText(", 0 records.");
  await page.getByRole("button", { name: "Import 2 contacts" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported 2 new contacts, added 2 organizations." }).first()).toBeVisible();
  // The space used follows once they are saved.
  await page.clock.runFor(2000);
  await expect(page.getByTestId("storage-usage")).toContainText(", 4 records.");

  await goTo(page, "Contacts");
  await expect(contactRow(page, "Ana Ruiz")).toContainText("Northwind Traders");
  await expect(contactRow(page, "Ben Okafor")).toContainText("Contoso, Ltd.");
  await expect(contactRow(page, "Chloé Martin")).toHaveCount(0);
  await contactRow(page, "Ana Ruiz").click();
  await expect(page.getByRole("heading", { level: 1, name: "Ana Ruiz" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Connected on LinkedIn on 12 Mar 2024");

  // One Undo takes back the whole import, organizations included.
  await page.getByRole("button", { name: "Undo" }).click();
  await goTo(page, "Contacts");
  await expect(page.getByText("No contacts yet.")).toBeVisible();
  await goTo(page, "Data");
  await expect(page.getByText("0 contacts, 0 organizations.")).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("undoing an import from the Data screen, the import card stops saying it was made", async ({ page }) => {
  await importInput(page).setInputFiles(fixture("linkedin_en.csv"));
  await page.getByRole("button", { name: "Import 3 contacts" }).click();
  const card = page.getByRole("region", { name: "Import contacts" });
  // The card keeps saying what happened; the bar with Undo is what
  // announces it, so a screen reader hears it once.
  const bar = page.locator(".undo-slot");
  await expect(card.getByText("Imported 3 new contacts, added 2 organizations. They are in Contacts.")).toBeVisible();
  await expect(bar).toHaveText(/Imported 3 new contacts, added 2 organizations\./);
  await expect(page.getByRole("status").filter({ hasText: "Imported 3 new contacts" })).toHaveCount(1);
  await expect(card.getByRole("status")).toHaveCount(0);
  await page.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(card.getByText("Import undone. Your contacts are as they were before it.")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Import undone." })).toHaveCount(1);
  await expect(card.getByRole("status")).toHaveCount(0);
  await expect(page.getByText("0 contacts, 0 organizations.")).toBeVisible();
  // Words the bar does not say are still announced by the card.
  await importInput(page).setInputFiles(fixture("linkedin_en.csv"));
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(card.getByRole("status")).toHaveText(/^Import cancelled\./);
});

test("a phone's vCard file merges into people already there", async ({ page, consoleErrors }) => {
  await importInput(page).setInputFiles(fixture("linkedin_en.csv"));
  await page.getByRole("button", { name: "Import 3 contacts" }).click();

  const card = [
    "BEGIN:VCARD",
    "VERSION:3.0",
    "FN:Ana Ruiz",
    "EMAIL;TYPE=INTERNET:ana.ruiz@example.com",
    "TEL;TYPE=CELL:+1 555 0100",
    "END:VCARD",
    "",
  ].join("\r\n");
  await importInput(page).setInputFiles([{ name: "contacts.txt", mimeType: "text/plain", buffer: Buffer.from(card) }]);
  await expect(page.getByRole("heading", { name: "Preview: Contact cards (vCard)" })).toBeVisible();
  await expect(page.locator(".import-counts")).toHaveText("0 new · 1 to merge · 0 skipped");
  await expect(preview(page)).toContainText("Merge into Ana Ruiz (same email): adds phone");
  await page.getByRole("button", { name: "Import 1 contact" }).click();

  await importInput(page).setInputFiles(fixture("android21.vcf"));
  await expect(page.getByRole("radio", { name: "A · Personal" })).toBeChecked();
  await page.getByRole("radio", { name: "B · Professional" }).check();
  await expect(preview(page)).toContainText("New, list B");
  await page.getByRole("button", { name: "Import 2 contacts" }).click();

  await goTo(page, "Contacts");
  await expect(contactRow(page, "Jörg Müller")).toContainText("Blue Yonder Airlines");
  await expect(contactRow(page, "Hana Ito")).toBeVisible();
  await contactRow(page, "Ana Ruiz").click();
  await expect(page.getByRole("main")).toContainText("+1 555 0100");
  expect(consoleErrors).toEqual([]);
});

test("undoing an import keeps a contact changed since, and says so", async ({ page }) => {
  await importInput(page).setInputFiles(fixture("linkedin_en.csv"));
  await page.getByRole("button", { name: "Import 3 contacts" }).click();
  await goTo(page, "Contacts");
  await contactRow(page, "Ana Ruiz").click();
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("textbox", { name: "Role" }).fill("VP Data");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ana Ruiz" })).toBeVisible();
  await page.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(page.getByText("Import undone. Kept 1 record it added that was changed since.")).toBeVisible();
  await goTo(page, "Contacts");
  await expect(page.getByRole("list", { name: "Contacts" }).getByRole("link")).toHaveCount(1);
  await expect(contactRow(page, "Ana Ruiz")).toBeVisible();
});

test("someone who only shares a name with a contact can be added as another person", async ({ page }) => {
  await quickAdd(page, "John Smith", "A");
  await goTo(page, "Data");
  const csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nJohn,Smith,https://www.linkedin.com/in/jsmith-cfo,,Big Bank,CFO,12 Mar 2024\n";
  await importInput(page).setInputFiles({ name: "Connections.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(preview(page)).toContainText("Merge into John Smith (same name)");
  await preview(page).getByRole("checkbox", { name: "John Smith: a different person, add as new" }).check();
  await expect(page.locator(".import-counts")).toHaveText("1 new · 0 to merge · 0 skipped");
  await expect(preview(page)).toContainText("New, list B (not the John Smith already in Rapport)");
  await page.getByRole("button", { name: "Import 1 contact" }).click();
  await goTo(page, "Contacts");
  await expect(page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /John Smith/ })).toHaveCount(2);
  await expect(contactRow(page, "John Smith").filter({ hasText: "Big Bank" })).toHaveCount(1);
});

test("a file that cannot be read says why and changes nothing", async ({ page }) => {
  await importInput(page).setInputFiles([{ name: "notes.csv", mimeType: "text/csv", buffer: Buffer.from("Dear diary,\nnothing here.\n") }]);
  await expect(page.getByRole("status").filter({ hasText: "Rapport does not recognise this file." })).toContainText("Nothing was changed.");
  await expect(page.getByRole("list", { name: "People in the file" })).toHaveCount(0);
  await expect(page.getByText("0 contacts, 0 organizations.")).toBeVisible();
});

test("the contacts screen, when empty, leads to the import", async ({ page }) => {
  await goTo(page, "Contacts");
  await page.getByRole("link", { name: "Import contacts from a file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Data" })).toBeVisible();
  await expect(page).toHaveURL(/\/data#import$/);
  await expect(importInput(page)).toBeAttached();
  // The link lands on the import card, not at the top of the screen. Focus
  // moves in an animation frame, which the paused clock holds back.
  await page.clock.runFor(100);
  const card = page.getByRole("region", { name: "Import contacts" });
  await expect(card).toBeFocused();
  await expect(card).toBeInViewport();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
});

test("contacts export as vCard and CSV, meetings and follow-ups as a calendar", async ({ page }) => {
  await importInput(page).setInputFiles(fixture("linkedin_en.csv"));
  await page.getByRole("button", { name: "Import 3 contacts" }).click();
  // Undo is offered for a few seconds, then the bar goes.
  const undo = page.getByRole("button", { name: "Undo" });
  await expect(undo).toBeVisible();
  await page.clock.runFor(9_000);
  await expect(undo).toHaveCount(0);

  const [vcf] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export contacts (vCard)" }).click()]);
  expect(vcf.suggestedFilename()).toBe("rapport-contacts-2026-11-23.vcf");
  const cards = await text(vcf);
  expect(cards.match(/BEGIN:VCARD\r\n/g)).toHaveLength(3);
  expect(cards).toContain("FN:Ben Okafor\r\nN:Okafor;Ben;;;\r\nORG:Contoso\\, Ltd.\r\nTITLE:Senior Engineer\r\n");
  expect(cards).toContain("EMAIL;TYPE=INTERNET:ana.ruiz@example.com\r\n");

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export contacts (CSV)" }).click()]);
  expect(csv.suggestedFilename()).toBe("rapport-contacts-2026-11-23.csv");
  expect(await text(csv)).toContain('Ben Okafor,B,"Contoso, Ltd.",Senior Engineer');
  // Rapport reads its own spreadsheet back: nobody in it is new here.
  await importInput(page).setInputFiles(await csv.path());
  await expect(page.getByRole("heading", { name: "Preview: Rapport contacts (CSV)" })).toBeVisible();
  await expect(page.locator(".import-counts")).toHaveText(/^0 new/);
  await page.getByRole("button", { name: "Cancel" }).click();

  // Nothing planned yet: no empty calendar file.
  await page.getByRole("button", { name: "Export calendar (ICS)" }).click();
  await expect(page.getByText("There are no planned meetings or open follow-ups to put in a calendar.")).toBeVisible();

  await goTo(page, "Meetings");
  await page.getByRole("link", { name: "Plan meeting" }).click();
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Ana Ruiz (B)" });
  await page.getByLabel("Date and time").fill("2026-12-01T09:30");
  await page.getByRole("textbox", { name: "Place" }).fill("Café Lumen, Main St. 1");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Meeting with Ana Ruiz" })).toBeVisible();
  await page.goto("/follow-ups/new");
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Ben Okafor (B)" });
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Thank-you" });
  await page.getByLabel("Due", { exact: true }).fill("2026-11-25");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Follow-ups" })).toBeVisible();

  await goTo(page, "Data");
  const [ics] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export calendar (ICS)" }).click()]);
  expect(ics.suggestedFilename()).toBe("rapport-calendar-2026-11-23.ics");
  const cal = await text(ics);
  expect(cal.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
  expect(cal.endsWith("END:VCALENDAR\r\n")).toBe(true);
  const unfolded = cal.replace(/\r\n /g, "");
  expect(unfolded).toContain("SUMMARY:Meeting with Ana Ruiz\r\n");
  expect(unfolded).toContain("DTSTART:20261201T093000Z\r\nDTEND:20261201T100000Z\r\n");
  expect(unfolded).toContain("LOCATION:Café Lumen\\, Main St. 1\r\n");
  expect(unfolded).toMatch(/DESCRIPTION:With Ana Ruiz \(Head of Data\\, Northwind Traders\)\\n.*Purposes: /);
  expect(unfolded).toContain("BEGIN:VALARM\r\nACTION:DISPLAY\r\n");
  expect(unfolded).toContain("DTSTART;VALUE=DATE:20261125\r\nDTEND;VALUE=DATE:20261126\r\nSUMMARY:Thank-you: Ben Okafor\r\n");
  for (const line of cal.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
});

test("Today suggests a backup after two weeks, and saving one records its date", async ({ page }) => {
  await expect(page.getByText("No backup made yet.")).toBeVisible();
  await importInput(page).setInputFiles(fixture("linkedin_de.csv"));
  await page.getByRole("button", { name: "Import 1 contact" }).click();
  await goTo(page, "Today");
  const reminder = page.getByRole("heading", { name: "Keep a copy" });
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect(reminder).toHaveCount(0);

  await page.clock.fastForward(15 * 24 * 60 * 60 * 1000);
  await goTo(page, "Data");
  await goTo(page, "Today");
  await expect(reminder).toBeVisible();
  await page.getByRole("link", { name: "Save a backup" }).click();

  // Browsers that cannot share files get a download instead.
  const [backup] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export backup" }).click()]);
  expect(backup.suggestedFilename()).toBe("rapport-backup-2026-12-08.json");
  expect(JSON.parse(await text(backup))).toBeTruthy();
  await expect(page.getByText("Last backup: Tue 8 Dec 2026, 09:00.")).toBeVisible();

  // Restoring it first says everything it replaces.
  let question = "";
  page.once("dialog", (dialog) => {
    question = dialog.message();
    void dialog.dismiss();
  });
  await page.getByLabel("Import backup").setInputFiles(await backup.path());
  await expect(page.getByText("Import cancelled. Nothing was changed.")).toBeVisible();
  expect(question).toContain(
    "1 contact, 1 organization, 0 meetings, 0 follow-ups, 0 events, 0 pitch versions, 0 journal notes, 0 weekly goals, and your settings",
  );

  await goTo(page, "Today");
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect(reminder).toHaveCount(0);

  // Restored later, the notebook still knows when that backup was made.
  await page.clock.fastForward(24 * 60 * 60 * 1000);
  await goTo(page, "Data");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByLabel("Import backup").setInputFiles(await backup.path());
  await expect(page.getByText("Backup imported.")).toBeVisible();
  await expect(page.getByText("Last backup: Tue 8 Dec 2026, 09:00.")).toBeVisible();
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`the import preview passes axe and fits 360 px (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 360, height: 740 });
    await importInput(page).setInputFiles(fixture("google_current.csv"));
    await expect(preview(page)).toContainText("Skipped: Entry 3 has no name or email address");
    // axe waits on timers of its own.
    await page.clock.resume();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
    expect(serious).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    for (const box of await preview(page).getByRole("checkbox").all()) {
      const label = await box.evaluate((el) => el.closest("label")!.getBoundingClientRect().height);
      expect(label).toBeGreaterThanOrEqual(44);
    }
  });
}

test("a contacts file shared to the installed app opens the import preview", async ({ page }) => {
  await waitForServiceWorker(page);
  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  expect(manifest.share_target.action).toBe("/share-target");
  expect(manifest.share_target.params.files[0].name).toBe("file");
  // What the phone's share sheet does: a form POST to the share target, as a
  // navigation, with the file in it.
  const card = readFileSync(join(TESTDATA, "iphone30.vcf"), "utf8");
  await page.evaluate((text) => {
    const form = document.createElement("form");
    form.method = "POST";
    form.action = "/share-target";
    form.enctype = "multipart/form-data";
    const input = document.createElement("input");
    input.type = "file";
    input.name = "file";
    const files = new DataTransfer();
    files.items.add(new File([text], "contacts.vcf", { type: "text/vcard" }));
    input.files = files.files;
    form.append(input);
    document.body.append(form);
    form.submit();
  }, card);
  await expect(page).toHaveURL(/\/data\?shared=1/);
  await expect(page.getByRole("heading", { name: "Preview: Contact cards (vCard)" })).toBeVisible();
  await expect(page.locator(".import-counts")).toContainText("new");
  // The file is handed out once: a reload does not bring the preview back.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Data" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Preview: Contact cards (vCard)" })).toHaveCount(0);
});
