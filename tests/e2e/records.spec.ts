import type { BrowserContext, Page } from "@playwright/test";
import { docOf, expect, expectFits, fillQuota, goTo, open, quickAdd, seedRecords, storedDocs, test, waitForServiceWorker } from "./fixtures";

// Two pages of one context are two tabs sharing one localStorage. Both run
// offline, as they would on a phone with no signal.

const ANA = 1234567;
const MEETING = 7654321;
const NOTEBOOK = {
  contacts: [{ id: ANA, name: "Ana Souza", list: "B", created_at: 1 }],
  meetings: [
    {
      id: MEETING,
      contact_id: ANA,
      contact_name: "Ana Souza",
      place: "Café Lumen",
      clock: { started_at: Date.parse("2026-11-23T09:00:00"), paused_at: null, paused_ms: 0, plan: { pitch_end_min: 2, referrals_at_min: 20, wrap_up_at_min: 25, length_min: 30 } },
      created_at: 2,
    },
  ],
};

/** Opens `path` and waits for the app (meeting mode has no navigation). */
async function openAt(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("main h1")).toBeVisible();
}

async function twoTabs(page: Page, context: BrowserContext, path: string) {
  await seedRecords(page, NOTEBOOK);
  await openAt(page, path);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  const other = await context.newPage();
  await openAt(other, path);
  return other;
}

const notes = (p: Page) => p.getByRole("textbox", { name: "Notes" });

/** Fills what is left of the origin's storage quota with filler (once per tab). */
test("an untouched second tab never wipes notes typed in the first", async ({ page, context }) => {
  const other = await twoTabs(page, context, `/meetings/${MEETING}/live`);
  await notes(page).fill("Ana says the ops team is growing.");
  await expect
    .poll(async () => (await storedDocs(page, "meeting"))[0].notes)
    .toBe("Ana says the ops team is growing.");
  // The second tab is hidden, then closed: its stale draft must not be saved.
  await other.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await other.close({ runBeforeUnload: true });
  await page.reload();
  await expect(notes(page)).toHaveValue("Ana says the ops team is growing.");
});

test("a meeting ended in one tab stops in the other, which cannot resume it", async ({ page, context }) => {
  const other = await twoTabs(page, context, `/meetings/${MEETING}/live`);
  // Still being typed in the second tab (notes not saved yet, a referral
  // not added yet) when the first ends the meeting.
  await other.getByRole("button", { name: "Add referral" }).click();
  await other.getByRole("textbox", { name: "Referral's name" }).fill("Dev Patel");
  await notes(other).fill("Typed in the second tab before it ended.");
  await page.getByRole("button", { name: "End meeting" }).click();
  await page.getByRole("button", { name: "Yes, end meeting" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Wrap-up/ })).toBeVisible();

  const ended = other.getByRole("heading", { level: 1, name: "This meeting has ended" });
  await expect(ended).toBeVisible();
  await expect(ended).toBeFocused();
  await expect(other.getByText("This meeting was ended in another window or on another device.")).toBeVisible();
  await expect(other.getByRole("button", { name: /Resume|Pause/ })).toHaveCount(0);
  await expect
    .poll(async () => (await storedDocs(other, "meeting"))[0].notes)
    .toBe("Typed in the second tab before it ended.");
  const dev = await expect
    .poll(async () => (await storedDocs(other, "contact")).find((c) => c.name === "Dev Patel"))
    .toBeTruthy()
    .then(async () => (await storedDocs(other, "contact")).find((c) => c.name === "Dev Patel"));
  const [meeting] = await storedDocs(other, "meeting");
  expect(typeof meeting.ended_at).toBe("number");
  expect(dev?.referred_by).toBe(ANA);
  expect(meeting.referrals).toContain(dev?.id);
  await other.getByRole("link", { name: "Open the wrap-up" }).click();
  await expect(other.getByRole("heading", { level: 1, name: /Wrap-up/ })).toBeVisible();
});

test("the question about a meeting still running stays open while another tab saves", async ({ page, context }) => {
  const BEN = 2345678;
  await seedRecords(page, { ...NOTEBOOK, contacts: [...NOTEBOOK.contacts, { id: BEN, name: "Ben Okafor", list: "B", created_at: 1 }] });
  await openAt(page, `/contacts/${BEN}`);
  await page.getByRole("button", { name: "Start meeting" }).click();
  const question = page.getByRole("group", { name: "Another meeting is running" });
  await expect(question).toContainText("Your meeting with Ana Souza is still running.");
  // Ben's page is drawn again with a change made in another tab.
  const other = await context.newPage();
  await openAt(other, `/contacts/${BEN}/edit`);
  await other.getByRole("textbox", { name: "Role" }).fill("Head of Data");
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("main")).toContainText("Head of Data");
  await expect(question).toContainText("Your meeting with Ana Souza is still running.");
});

test("the second tab shows notes saved in the first while it has typed nothing", async ({ page, context }) => {
  const other = await twoTabs(page, context, `/meetings/${MEETING}/live`);
  await notes(page).fill("Typed in the first tab.");
  await expect(notes(other)).toHaveValue("Typed in the first tab.");
});

for (const gap of [0, 50, 200]) {
  test(`two tabs adding a contact ${gap} ms apart both keep theirs`, async ({ page, context }) => {
    const other = await twoTabs(page, context, "/contacts/new");
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ben Okafor");
    await other.getByRole("textbox", { name: "Name", exact: true }).fill("Chen Wei");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    if (gap) await other.waitForTimeout(gap);
    await other.getByRole("button", { name: "Save", exact: true }).click();
    for (const p of [page, other]) {
      await p.goto("/contacts");
      const list = p.getByRole("list", { name: "Contacts" });
      for (const name of ["Ana Souza", "Ben Okafor", "Chen Wei"]) {
        await expect(list.getByRole("link", { name: new RegExp(name) })).toBeVisible();
      }
    }
    const names = (await storedDocs(page, "contact")).map((d) => d.name).sort();
    expect(names).toEqual(["Ana Souza", "Ben Okafor", "Chen Wei"]);
  });
}

test("the same notes typed in two tabs end in a visible conflict, and both texts can be kept", async ({
  page,
  context,
}) => {
  const other = await twoTabs(page, context, `/meetings/${MEETING}/live`);
  // Both carry on from the same first line.
  await notes(page).fill("Met at the Acme stand.\nFrom the phone: ask about the Q3 report.");
  await notes(other).fill("Met at the Acme stand.\nFrom the laptop: she knows Dev at Acme.");
  // Both drafts are saved when their pages are hidden.
  for (const p of [page, other]) {
    await p.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
  }
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "changed in two places" })).toBeVisible();
  await page.getByRole("link", { name: "Compare and choose" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Changed in two places" })).toBeVisible();
  // Named once as a meeting, not "Meeting with Ana Souza · meeting".
  await expect(page.getByRole("heading", { level: 2, name: "Meeting with Ana Souza", exact: true })).toBeVisible();
  const table = page.getByRole("table");
  await expect(table).toContainText("From the phone: ask about the Q3 report.");
  await expect(table).toContainText("From the laptop: she knows Dev at Acme.");
  // While the choice waits, the other tab changes another field: choosing
  // must keep that change, not write back the record as first compared.
  await other.getByRole("button", { name: "Pause" }).click();
  await expect.poll(async () => (await storedDocs(page, "meeting"))[0].clock.paused_at).not.toBeNull();
  await page.getByRole("button", { name: "Keep both texts" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Nothing to compare")).toBeVisible();
  // The keyboard lands on the way back to the meeting, not on the page.
  const back = page.getByRole("link", { name: "Open Meeting with Ana Souza" });
  await expect(back).toBeFocused();
  await expect(back).toHaveAttribute("href", `/meetings/${MEETING}`);
  const [meeting] = await storedDocs(page, "meeting");
  const stored = meeting.notes as string;
  expect(stored).toContain("From the phone: ask about the Q3 report.");
  expect(stored).toContain("From the laptop: she knows Dev at Acme.");
  // What both shared is written once.
  expect(stored.split("Met at the Acme stand.").length - 1).toBe(1);
  expect(meeting.clock.paused_at).not.toBeNull();
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rapport.conflict.")))).toEqual(
    [],
  );
});

test("notes typed in a meeting that another tab deletes bring the meeting back", async ({ page, context }) => {
  const other = await twoTabs(page, context, `/meetings/${MEETING}/live`);
  await other.goto(`/meetings/${MEETING}`);
  await other.getByRole("button", { name: "Delete meeting" }).click();
  await expect.poll(async () => (await storedDocs(page, "meeting")).length).toBe(0);
  // This tab is still in meeting mode, and the user goes on typing.
  await notes(page).fill("She will introduce me to Dev at Acme.");
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect
    .poll(async () => (await storedDocs(page, "meeting")).map((m) => [m.contact_name, m.notes]))
    .toEqual([["Ana Souza", "She will introduce me to Dev at Acme."]]);
  await expect(page.getByText("your notes brought it back")).toBeVisible();
});

test("a stale edit form does not revert what another tab changed", async ({ page, context }) => {
  const other = await twoTabs(page, context, `/contacts/${ANA}/edit`);
  await other.getByRole("textbox", { name: "Email" }).fill("ana@example.org");
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect(other.getByRole("heading", { level: 1, name: "Ana Souza" })).toBeVisible();
  // The first tab's form was filled before the email existed.
  await page.getByRole("textbox", { name: "Role" }).fill("Head of operations");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ana Souza" })).toBeVisible();
  // Saving waits for a pause; then both changes are stored and shown.
  await expect
    .poll(async () => {
      const [ana] = await storedDocs(page, "contact");
      return [ana.email, ana.role];
    })
    .toEqual(["ana@example.org", "Head of operations"]);
  await page.reload();
  await expect(page.getByRole("main")).toContainText("ana@example.org");
  await expect(page.getByRole("main")).toContainText("Head of operations");
});

test("two versions of a contact are combined by picking each field", async ({ page, context }) => {
  const other = await twoTabs(page, context, `/contacts/${ANA}/edit`);
  await other.getByRole("textbox", { name: "Role" }).fill("Senior Product Manager");
  await other.getByRole("textbox", { name: "Notes" }).fill("Typed in the other tab.");
  await other.getByRole("textbox", { name: "LinkedIn or web page" }).fill("https://example.org/ana-other");
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect.poll(async () => (await storedDocs(page, "contact"))[0].role).toBe("Senior Product Manager");
  await page.getByRole("textbox", { name: "Role" }).fill("Product Manager");
  await page.getByRole("textbox", { name: "Notes" }).fill("Typed here.");
  await page.getByRole("textbox", { name: "LinkedIn or web page" }).fill("https://example.org/ana");
  await page.getByRole("textbox", { name: "Phone" }).fill("+49 123 4567");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  // The narrowest phone this is made for.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole("link", { name: "Compare and choose" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Changed in two places" })).toBeVisible();
  await expectFits(page, "Changed in two places");
  // A field's name is never split inside a word to make room for the values.
  const splitWords = await page.evaluate(() =>
    [...document.querySelectorAll(".compare th")].flatMap((th) => {
      const text = th.firstChild!;
      const split: string[] = [];
      for (const m of text.textContent!.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(text, m.index!);
        range.setEnd(text, m.index! + m[0].length);
        if (range.getClientRects().length > 1) split.push(m[0]);
      }
      return split;
    }),
  );
  expect(splitWords).toEqual([]);
  // The banner has done its work here.
  await expect(page.getByRole("link", { name: "Compare and choose" })).toHaveCount(0);
  // Only what both tabs changed is a choice: the phone, typed here alone,
  // is simply kept.
  await expect(page.getByRole("radio", { name: /^Phone/ })).toHaveCount(0);
  // Fields are named as the form names them.
  await expect(page.getByRole("radio", { name: "LinkedIn or web page on this screen: https://example.org/ana" })).toBeChecked();
  // A role cannot be joined; notes can.
  await expect(page.getByRole("button", { name: "Keep both texts" })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Role on this screen: Product Manager" })).toBeChecked();
  await page.getByRole("radio", { name: "Role in the other version: Senior Product Manager" }).check();
  await page.getByRole("button", { name: "Keep the picked values" }).click();
  await expect(page.getByText("Nothing to compare")).toBeVisible();
  const [ana] = await storedDocs(page, "contact");
  expect([ana.role, ana.notes, ana.phone]).toEqual(["Senior Product Manager", "Typed here.", "+49 123 4567"]);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rapport.conflict.")))).toEqual(
    [],
  );
});

test("keeping both texts keeps both, whichever notes were picked first", async ({ page, context }) => {
  const other = await twoTabs(page, context, `/contacts/${ANA}/edit`);
  await other.getByRole("textbox", { name: "Role" }).fill("Senior Engineer");
  await other.getByRole("textbox", { name: "Notes" }).fill("From the other tab: likes climbing.");
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect.poll(async () => (await storedDocs(page, "contact"))[0].role).toBe("Senior Engineer");
  await page.getByRole("textbox", { name: "Role" }).fill("Staff Engineer");
  await page.getByRole("textbox", { name: "Notes" }).fill("From this tab: has a dog.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("link", { name: "Compare and choose" }).click();
  await page.getByRole("radio", { name: "Notes in the other version: From the other tab: likes climbing." }).check();
  await page.getByRole("radio", { name: "Role in the other version: Senior Engineer" }).check();
  await page.getByRole("button", { name: "Keep both texts" }).click();
  await expect(page.getByText("Nothing to compare")).toBeVisible();
  const [ana] = await storedDocs(page, "contact");
  expect(ana.role).toBe("Senior Engineer");
  expect(ana.notes).toBe("From this tab: has a dog.\n\nFrom the other tab: likes climbing.");
});

test("a contact deleted here while its two versions wait can be brought back as the other version", async ({
  page,
  context,
}) => {
  const other = await twoTabs(page, context, `/contacts/${ANA}/edit`);
  await other.getByRole("textbox", { name: "Role" }).fill("Senior Product Manager");
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect.poll(async () => (await storedDocs(page, "contact"))[0].role).toBe("Senior Product Manager");
  await page.getByRole("textbox", { name: "Role" }).fill("Product Manager");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("link", { name: "Compare and choose" })).toBeVisible();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect.poll(async () => (await storedDocs(page, "contact")).length).toBe(0);
  await page.getByRole("link", { name: "Compare and choose" }).click();
  await expect(page.getByText("This record was deleted here; the other version still has it.")).toBeVisible();
  await page.getByRole("button", { name: "Bring back the other version" }).click();
  await expect(page.getByText("Nothing to compare")).toBeVisible();
  await expect.poll(async () => (await storedDocs(page, "contact")).map((c) => [c.name, c.role])).toEqual([
    ["Ana Souza", "Senior Product Manager"],
  ]);
  await page.goto(`/contacts/${ANA}`);
  await expect(page.getByRole("heading", { level: 1, name: "Ana Souza" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Senior Product Manager");
});

test("what was typed in a contact's form outlives another tab deleting the contact, and saving brings it back", async ({
  page,
  context,
}) => {
  const other = await twoTabs(page, context, `/contacts/${ANA}/edit`);
  await page.getByRole("textbox", { name: "Role" }).fill("Head of operations");
  await page.getByRole("textbox", { name: /^Tags/ }).fill("mentor");
  // Left unsaved for another screen, then the contact is deleted elsewhere.
  await goTo(page, "Today");
  await other.goto(`/contacts/${ANA}`);
  await other.getByRole("button", { name: "Delete", exact: true }).click();
  await expect.poll(async () => (await storedDocs(page, "contact")).length).toBe(0);
  // The other tab typed nothing: its page only says the contact is gone.
  await other.goto(`/contacts/${ANA}`);
  await expect(other.getByRole("heading", { level: 1, name: "Contact not found" })).toBeVisible();
  await expect(other.getByRole("link", { name: "Open what you typed" })).toHaveCount(0);

  await page.goBack();
  await expect(page.getByText("after you typed here. Saving brings it back with your changes.")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Ana Souza");
  await expect(page.getByRole("textbox", { name: "Role" })).toHaveValue("Head of operations");
  await expect(page.getByRole("textbox", { name: /^Tags/ })).toHaveValue("mentor");
  // The contact's own page points there too.
  await page.goto(`/contacts/${ANA}`);
  await expect(page.getByRole("heading", { level: 1, name: "Contact not found" })).toBeVisible();
  await page.getByRole("link", { name: "Open what you typed" }).click();
  await expect(page.getByRole("textbox", { name: "Role" })).toHaveValue("Head of operations");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ana Souza" })).toBeVisible();
  await expect
    .poll(async () => (await storedDocs(page, "contact")).map((c) => [c.name, c.role, c.tags]))
    .toEqual([["Ana Souza", "Head of operations", ["mentor"]]]);
});

test("an edit saved after another tab deleted the contact brings the contact back", async ({ page, context }) => {
  const other = await twoTabs(page, context, `/contacts/${ANA}/edit`);
  await other.goto(`/contacts/${ANA}`);
  await other.getByRole("button", { name: "Delete", exact: true }).click();
  await expect.poll(async () => (await storedDocs(page, "contact")).length).toBe(0);
  await page.getByRole("textbox", { name: "Role" }).fill("Head of operations");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ana Souza" })).toBeVisible();
  await expect(page.getByText("saving brought it back")).toBeVisible();
  await expect.poll(async () => (await storedDocs(page, "contact")).map((c) => c.role)).toEqual(["Head of operations"]);
});

test("a form's draft brought back is laid over the contact as it was when typed", async ({ page, context }) => {
  const other = await twoTabs(page, context, `/contacts/${ANA}/edit`);
  await page.getByRole("textbox", { name: /^Tags/ }).fill("mentor");
  // Left unsaved for another screen: the draft stays.
  await goTo(page, "Today");
  await other.getByRole("textbox", { name: /^Tags/ }).fill("colleague");
  await other.getByRole("textbox", { name: "Role" }).fill("Engineer");
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect.poll(async () => (await storedDocs(page, "contact"))[0].role).toBe("Engineer");
  await page.goBack();
  await expect(page.getByRole("textbox", { name: /^Tags/ })).toHaveValue("mentor");
  // What the other tab changed, and this form did not, shows as it now is.
  await expect(page.getByRole("textbox", { name: "Role" })).toHaveValue("Engineer");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ana Souza" })).toBeVisible();
  // The other tab's role stands, and its tags are kept to compare rather
  // than dropped as if this tab had taken them out.
  await expect.poll(async () => (await storedDocs(page, "contact"))[0].role).toBe("Engineer");
  await expect(page.getByRole("link", { name: "Compare and choose" })).toBeVisible();
});

test("an edit that cannot keep the other tab's version aside is not saved over it", async ({ page, context }) => {
  const other = await twoTabs(page, context, `/contacts/${ANA}/edit`);
  await other.getByRole("textbox", { name: "Role" }).fill("Engineer");
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect(other.getByRole("heading", { level: 1, name: "Ana Souza" })).toBeVisible();
  await expect.poll(async () => (await storedDocs(page, "contact"))[0].role).toBe("Engineer");
  // No room left to keep "Engineer" aside for comparing.
  await page.evaluate(fillQuota);
  await page.getByRole("textbox", { name: "Role" }).fill("Manager");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "could not be kept to compare" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Edit contact" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Role" })).toHaveValue("Manager");
  expect((await storedDocs(page, "contact"))[0].role).toBe("Engineer");
});

test("an edit the contact's own rules refuse keeps no version aside to compare", async ({ page, context }) => {
  const ben = ANA + 1;
  await seedRecords(page, {
    contacts: [
      { id: ANA, name: "Ana Souza", list: "B", created_at: 1 },
      { id: ben, name: "Ben Okafor", list: "B", referred_by: ANA, created_at: 2 },
    ],
  });
  await openAt(page, `/contacts/${ANA}/edit`);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  const other = await context.newPage();
  await openAt(other, `/contacts/${ANA}/edit`);
  await other.getByRole("textbox", { name: "Role" }).fill("Engineer");
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect.poll(async () => (await storedDocs(page, "contact")).find((c) => c.name === "Ana Souza").role).toBe(
    "Engineer",
  );
  // This form changes the role too, and names as her referrer someone she
  // introduced: the save is refused.
  await page.getByRole("textbox", { name: "Role" }).fill("Manager");
  await page.getByRole("combobox", { name: "Referred by" }).selectOption({ label: "Ben Okafor (B)" });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "choose who really introduced you" })).toBeVisible();
  // Nothing was saved, so there is nothing to compare either.
  await page.getByRole("combobox", { name: "Referred by" }).selectOption({ label: "Nobody: I know them directly" });
  await page.clock.runFor(5_000);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rapport.conflict.")))).toEqual(
    [],
  );
  await expect(page.getByText("changed in two places")).toHaveCount(0);
  expect((await storedDocs(page, "contact")).find((c) => c.name === "Ana Souza").role).toBe("Engineer");
});

test("fields a newer version of Rapport added to a contact are kept when it is edited here", async ({ page }) => {
  // The same storage format, with a field this version does not know.
  const ana = { id: ANA, name: "Ana Souza", list: "B", created_at: 1, pronouns: "she/her" };
  await seedRecords(page, {}, Object.fromEntries([docOf("contact", ana)]));
  await openAt(page, `/contacts/${ANA}/edit`);
  await page.getByRole("textbox", { name: "Role" }).fill("Head of operations");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ana Souza" })).toBeVisible();
  await expect
    .poll(async () => (await storedDocs(page, "contact")).map((c) => [c.role, c.pronouns]))
    .toEqual([["Head of operations", "she/her"]]);
});

test("a record only a newer version can read is left as it is, and this window saves nothing", async ({
  page,
  context,
}) => {
  const other = await twoTabs(page, context, `/contacts/${ANA}/edit`);
  // A window already running a newer Rapport puts Ana on a list this
  // version does not have, with a note.
  const [key, newer] = docOf(
    "contact",
    { id: ANA, name: "Ana Souza", list: "D", notes: "Her manager is hiring", created_at: 1 } as { id: number },
    "2-newer",
  );
  await other.evaluate(([k, v]) => localStorage.setItem(k, v), [key, newer]);
  await expect(page.getByRole("alert").filter({ hasText: "saved by a newer version" })).toBeVisible();
  // This window's older copy is not written back, edited or not.
  await page.getByRole("textbox", { name: "Role" }).fill("Engineer");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.clock.runFor(5_000);
  expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBe(newer);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rapport.recovery.")))).toEqual(
    [],
  );
  // Opened again, it says the same and still leaves it.
  await page.reload();
  await expect(page.getByRole("alert").filter({ hasText: "saved by a newer version" })).toBeVisible();
  expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBe(newer);
});

test("garbage written by another tab is kept in a recovery key", async ({ page, context }) => {
  const other = await twoTabs(page, context, "/contacts");
  await other.evaluate((id) => localStorage.setItem(`rapport.doc.contact:${id}`, "{garbage"), ANA);
  await expect(page.getByRole("alert").filter({ hasText: "could not read" })).toBeVisible();
  const kept = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("rapport.recovery."))
      .map((k) => localStorage.getItem(k)),
  );
  expect(kept).toEqual(["{garbage"]);
  await page.reload();
  await expect(page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ })).toBeVisible();
});

test("text with a lone surrogate is copied aside exactly", async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("rapport.meta", '{"app":"rapport","format":3}');
      localStorage.setItem("rapport.doc.contact:99", '{"_id":"contact:99","_rev":"1-a","name":"Bad \ud800 text"}');
      sessionStorage.setItem("seeded", "1");
    }
  });
  await open(page, "/contacts");
  await expect(page.getByRole("alert").filter({ hasText: "could not read" })).toBeVisible();
  const exact = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("rapport.recovery."))!;
    return localStorage.getItem(key) === '{"_id":"contact:99","_rev":"1-a","name":"Bad \ud800 text"}';
  });
  expect(exact).toBe(true);
});

test("another app's data on the same site, whatever it holds, neither hides records nor is touched", async ({ page }) => {
  // Rapport reads all of storage in one go, joining keys and values with a
  // control character; text that holds one must not shift any record.
  const foreign = { "other.\u0001key": "x", "other.value": "a\u0001b\u0001c" };
  await seedRecords(page, NOTEBOOK);
  await page.addInitScript((items) => {
    for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
  }, foreign);
  await open(page, "/contacts");
  await expect(page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  const left = await page.evaluate((keys) => keys.map((k) => localStorage.getItem(k)), Object.keys(foreign));
  expect(left).toEqual(Object.values(foreign));
});

test("a notebook from the previous format moves into records and keeps its links", async ({ page }) => {
  const old = {
    app: "rapport",
    version: 2,
    notebook: {
      next_id: 4,
      contacts: [
        { id: 1, name: "Ana Souza", list: "B" },
        { id: 2, name: "Dev Patel", list: "C", referred_by: 1, organization: 3 },
      ],
      organizations: [{ id: 3, name: "Acme Robotics" }],
    },
  };
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("rapport.notebook", text);
      sessionStorage.setItem("seeded", "1");
    }
  }, JSON.stringify(old));
  await open(page, "/contacts");
  await page.getByRole("link", { name: /Dev Patel/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dev Patel" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Ana Souza");
  await expect(page.getByRole("main")).toContainText("Acme Robotics");
  expect(await page.evaluate(() => localStorage.getItem("rapport.notebook"))).toBeNull();
  expect((await storedDocs(page, "contact")).length).toBe(2);

  // A window still on the old version saves the whole notebook: it is not
  // taken in, but kept aside and said.
  const oldWindow = await page.context().newPage();
  await oldWindow.goto("/manifest.webmanifest");
  const saved = JSON.stringify({ ...old, notebook: { ...old.notebook, next_id: 5 } });
  await oldWindow.evaluate((text) => localStorage.setItem("rapport.notebook", text), saved);
  await expect(page.getByText("Another window is still running an older version of Rapport")).toBeVisible();
  await expect.poll(() => page.evaluate(() => localStorage.getItem("rapport.notebook"))).toBeNull();
  const kept = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("rapport.recovery."))
      .map((k) => localStorage.getItem(k)),
  );
  expect(kept).toEqual([saved]);
});

test("an older notebook waits, untouched, while the part that reads it cannot be fetched", async ({ page }) => {
  const old = JSON.stringify({
    app: "rapport",
    version: 2,
    notebook: { next_id: 3, contacts: [{ id: 1, name: "Ana Souza", list: "B" }, { id: 2, name: "Dev Patel", list: "C" }] },
  });
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("rapport.notebook", text);
      sessionStorage.setItem("seeded", "1");
    }
  }, old);
  // Only someone coming from an older version needs this part; here the
  // network fails for it.
  await page.route(/split_upgrade\.wasm$/, (route) => route.abort("internetdisconnected"));
  await open(page, "/");
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect(page.getByText(/could not fetch the part of the app that moves it/)).toBeVisible();
  // Nothing is saved meanwhile, even when the user adds someone.
  await quickAdd(page, "Eli Mora", "B");
  await page.evaluate(() => window.dispatchEvent(new Event("pagehide")));
  expect(await page.evaluate(() => localStorage.getItem("rapport.notebook"))).toBe(old);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k !== "rapport.notebook"))).toEqual([]);

  await page.unroute(/split_upgrade\.wasm$/);
  await page.reload();
  await goTo(page, "Contacts");
  await expect(page.getByRole("list", { name: "Contacts" }).getByRole("link")).toHaveCount(2);
  await expect(page.getByText(/could not fetch the part/)).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem("rapport.notebook"))).toBeNull();
  expect((await storedDocs(page, "contact")).length).toBe(2);
});

test("with storage full, closing the tab asks first and the Data screen shows usage", async ({ page }) => {
  await seedRecords(page, NOTEBOOK);
  await open(page, "/data");
  // Ana, the meeting and the settings.
  await expect(page.getByTestId("storage-usage")).toContainText("3 records");
  await page.goto(`/contacts/${ANA}/edit`);
  await page.evaluate(fillQuota);
  await page.getByRole("textbox", { name: "Notes" }).fill("Important: she asked me to call on Friday. ".repeat(50));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "was not saved" })).toContainText("full");
  let asked = false;
  // Leaving anyway lets the tab close, so nothing is left waiting on it.
  page.on("dialog", async (d) => {
    if (d.type() === "beforeunload") asked = true;
    await d.accept();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toBe(true);
});

test("unreadable data with no room to set it aside can be downloaded, then deleted to carry on", async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem("seeded")) return;
    sessionStorage.setItem("seeded", "1");
    // Unreadable old data, and the rest of the quota filled, so no copy fits.
    localStorage.setItem("rapport.notebook", '{"app":"rapport","version":2,"notebook":' + "x".repeat(3_000_000));
  });
  await page.addInitScript(fillQuota);
  await open(page, "/pitch");
  const banner = page.getByRole("alert").filter({ hasText: "no room to set it aside" });
  await expect(banner).toBeVisible();
  const carryOn = banner.getByRole("button", { name: "Delete it and carry on" });
  await expect(carryOn).toBeDisabled();
  const download = page.waitForEvent("download");
  await banner.getByRole("button", { name: "Download saved data" }).click();
  const { readFileSync } = await import("node:fs");
  const text = readFileSync((await (await download).path())!, "utf8");
  expect(text.startsWith('{"app":"rapport","version":2,"notebook":xxx')).toBe(true);
  expect(text.length).toBe(3_000_000 + '{"app":"rapport","version":2,"notebook":'.length);
  // Make room as the banner asks, then carry on.
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith("filler.")) localStorage.removeItem(k);
  });
  page.once("dialog", (d) => d.accept());
  await carryOn.click();
  await expect(banner).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem("rapport.notebook"))).toBeNull();
  await page.getByRole("textbox", { name: "Pitch text" }).fill("A fresh start.");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue("A fresh start.");
});
