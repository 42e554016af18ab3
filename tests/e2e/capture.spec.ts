import type { Page } from "@playwright/test";
import { expect, goTo, open, quickAdd, test } from "./fixtures";

test.beforeEach(async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-23T08:59:00") });
  await open(page);
  await page.clock.pauseAt(new Date("2026-11-23T09:00:00"));
});

const contactRows = (page: Page) => page.getByRole("list", { name: "Contacts" }).getByRole("link");

test("the referrer resets after each person at an event, and the targets stay right", async ({ page, consoleErrors }) => {
  await page.goto("/events/new");
  await page.getByRole("textbox", { name: "Name" }).fill("Climate Careers Night");
  await page.getByRole("textbox", { name: "People to talk to" }).fill("3");
  await page.getByRole("textbox", { name: "Referrals to get" }).fill("2");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Climate Careers Night" })).toBeVisible();

  const name = page.getByRole("textbox", { name: "Name of the person" });
  const referrer = page.getByRole("combobox", { name: "Referred to you by" });
  await name.fill("Dana Lee");
  await page.getByRole("button", { name: "Add person" }).click();
  await name.fill("Eli Mora");
  await referrer.selectOption({ label: "Dana Lee" });
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Eli Mora added." })).toBeVisible();
  // Ready for the next person: nobody carried over, and typing can go on.
  await expect(referrer).toHaveValue("");
  await expect(name).toBeFocused();
  await name.fill("Fay Chen");
  await page.getByRole("combobox", { name: "List", exact: true }).selectOption("C");
  await page.getByRole("button", { name: "Add person" }).click();

  const met = page.getByRole("list", { name: "People met here" });
  await expect(met.getByRole("listitem")).toHaveText(["Dana Lee", "Eli Mora (referred by Dana Lee)", "Fay Chen"]);
  await expect(page.getByText("People met: 2 of 3")).toBeVisible();
  await expect(page.getByText("Referrals: 1 of 2")).toBeVisible();
  // Each addition is announced once, by its own message: the targets are
  // not a live region read out again with it.
  await expect(page.locator("section", { has: page.getByRole("heading", { name: "Targets" }) })).not.toHaveAttribute(
    "aria-live",
  );

  // Each person met gets a follow-up, and the list chosen is kept.
  await page.goto("/follow-ups");
  for (const who of ["Dana Lee", "Eli Mora", "Fay Chen"]) {
    await expect(page.getByText(`Follow-up · ${who}`)).toBeVisible();
  }
  await goTo(page, "Contacts");
  await expect(contactRows(page).filter({ hasText: "Fay Chen" })).toContainText("List C");
  // Search covers how we met.
  await page.getByRole("searchbox", { name: "Search contacts" }).fill("careers night");
  await expect(contactRows(page)).toHaveCount(3);
  expect(consoleErrors).toEqual([]);
});

test("a person already in the notebook is offered instead of added twice", async ({ page, consoleErrors }) => {
  // Someone at a target employer, not met yet.
  await quickAdd(page, "Dev Patel", "C");
  await quickAdd(page, "Ana Souza", "B");
  await expect(contactRows(page)).toHaveCount(2);

  // Quick add.
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("  dev PATEL ");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const offer = page.getByRole("group", { name: "Already in your contacts" });
  await expect(offer.getByRole("button", { name: "Open Dev Patel (C)" })).toBeVisible();
  await expect(contactRows(page)).toHaveCount(2);
  await offer.getByRole("button", { name: "Open Dev Patel (C)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dev Patel" })).toBeVisible();

  // The full form.
  await page.goto("/contacts/new");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Patel, Dev");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(offer.getByRole("button", { name: "Open Dev Patel (C)" })).toBeVisible();

  // A referral made in a meeting.
  await goTo(page, "Contacts");
  await contactRows(page).filter({ hasText: "Ana Souza" }).click();
  await page.getByRole("button", { name: "Start meeting" }).click();
  await page.getByRole("button", { name: "Add referral" }).click();
  await page.getByRole("textbox", { name: "Referral's name" }).fill("Dev Patel");
  await page.getByRole("button", { name: "Save referral" }).click();
  await offer.getByRole("button", { name: "Link Dev Patel (C)" }).click();
  await expect(page.locator(".meeting-mode").getByRole("listitem").filter({ hasText: "Dev Patel" })).toBeVisible();

  // At an event.
  await page.goto("/events/new");
  await page.getByRole("textbox", { name: "Name" }).fill("Job club");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("textbox", { name: "Name of the person" }).fill("Ana Souza");
  await page.getByRole("button", { name: "Add person" }).click();
  await offer.getByRole("button", { name: "Link Ana Souza (B)" }).click();
  await expect(page.getByRole("list", { name: "People met here" }).getByRole("listitem")).toHaveText(["Ana Souza"]);

  await goTo(page, "Contacts");
  await expect(contactRows(page)).toHaveCount(2);
  await contactRows(page).filter({ hasText: "Dev Patel" }).click();
  // Linked as Ana's referral, not recreated.
  await expect(page.getByRole("list", { name: "Referral chain" }).getByRole("listitem")).toHaveText(["You", "Ana Souza (B)", "Dev Patel (C)"]);
  expect(consoleErrors).toEqual([]);
});

test("quick add starts typing at once, adds several in a row, and carries on to the full form", async ({ page }) => {
  // An empty notebook: Today opens the form straight away.
  await page.getByRole("link", { name: "Add your first contact" }).click();
  const name = page.getByRole("textbox", { name: "Name", exact: true });
  await expect(name).toBeFocused();
  await page.keyboard.type("Ana Souza");
  await page.getByRole("button", { name: "Save and add another" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ana Souza added." })).toBeVisible();
  await expect(name).toBeFocused();
  await expect(name).toHaveValue("");
  await page.keyboard.type("Ben Okafor");
  await page.getByRole("combobox", { name: "List", exact: true }).selectOption("B");
  await page.getByRole("button", { name: "Save and add another" }).click();
  await expect(contactRows(page)).toHaveCount(2);

  await name.fill("Carla Díaz");
  await page.getByRole("combobox", { name: "List", exact: true }).selectOption("C");
  await page.getByRole("link", { name: "More details" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New contact" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Carla Díaz");
  await expect(page.getByRole("combobox", { name: "List", exact: true })).toHaveValue("C");

  // An organization is made without leaving the form.
  await page.getByRole("button", { name: "New organization" }).click();
  await page.getByRole("textbox", { name: "New organization's name" }).fill("Acme Robotics");
  await page.getByRole("button", { name: "Add organization" }).click();
  const organization = page.getByRole("combobox", { name: "Organization", exact: true });
  await expect(organization.locator("option:checked")).toHaveText("Acme Robotics");
  // Focus goes to where the new organization now shows.
  await expect(organization).toBeFocused();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Carla Díaz" })).toBeVisible();
  await expect(page.getByText("Acme Robotics").first()).toBeVisible();
});

test("quick add keeps a half-typed name through a reload, another screen and Escape", async ({ page }) => {
  await goTo(page, "Contacts");
  await page.getByRole("button", { name: "Add contact" }).click();
  const name = page.getByRole("textbox", { name: "Name", exact: true });
  const list = page.getByRole("combobox", { name: "List", exact: true });
  await name.fill("Quinn Half");
  await list.selectOption("C");
  await page.reload();
  await expect(name).toHaveValue("Quinn Half");
  await expect(list).toHaveValue("C");
  await goTo(page, "Today");
  await goTo(page, "Contacts");
  await expect(name).toHaveValue("Quinn Half");
  await page.keyboard.press("Escape");
  await expect(name).toHaveCount(0);
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(name).toHaveValue("Quinn Half");

  // Once saved, it is gone for good.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(contactRows(page)).toHaveCount(1);
  await page.reload();
  await expect(contactRows(page).first()).toContainText("Quinn Half");
  await expect(name).toHaveCount(0);
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(name).toHaveValue("");
  await expect(list).toHaveValue("A");

  // On to the full form and back without saving: still there.
  await name.fill("Rosa Long");
  await page.getByRole("link", { name: "More details" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New contact" })).toBeVisible();
  await page.getByRole("textbox", { name: "Role" }).fill("Engineer");
  await goTo(page, "Contacts");
  await expect(name).toHaveValue("Rosa Long");
  // The name put right in quick add wins over the one the full form kept.
  await name.fill("Rosa Lang");
  await page.getByRole("link", { name: "More details" }).click();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Rosa Lang");
  await expect(page.getByRole("textbox", { name: "Role" })).toHaveValue("Engineer");
  // Saved through the full form: gone from quick add.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Rosa Lang" })).toBeVisible();
  await goTo(page, "Contacts");
  await expect(name).toHaveCount(0);

  // Someone already there, opened instead: nothing left to add.
  await page.getByRole("button", { name: "Add contact" }).click();
  await name.fill("Quinn Half");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("button", { name: /^Open Quinn Half/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Quinn Half" })).toBeVisible();
  await goTo(page, "Contacts");
  await expect(name).toHaveCount(0);

  // The list taken from the list shown comes back with the name.
  await page.getByRole("group", { name: "Filter by list" }).getByRole("button", { name: /^B/ }).click();
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(list).toHaveValue("B");
  await name.fill("Tao Byrne");
  await page.reload();
  await expect(name).toHaveValue("Tao Byrne");
  await expect(list).toHaveValue("B");
});

test("a half-filled form comes back after a reload", async ({ page }) => {
  await page.goto("/contacts/new");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Hal Brooks");
  await page.getByRole("textbox", { name: "Notes", exact: true }).fill("Met at the library talk; ask about grants.");
  await page.getByRole("textbox", { name: /^Tags/ }).fill("grants, library");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Hal Brooks");
  await expect(page.getByRole("textbox", { name: "Notes", exact: true })).toHaveValue("Met at the library talk; ask about grants.");
  await expect(page.getByRole("textbox", { name: /^Tags/ })).toHaveValue("grants, library");
  await expect(page.getByText("Restored what you typed here before.")).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hal Brooks" })).toBeVisible();
  // Once saved, a new form starts empty.
  await page.goto("/contacts/new");
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("");

  await page.goto("/events/new");
  await page.getByRole("textbox", { name: "Name" }).fill("Climate Careers Night");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Name" })).toHaveValue("Climate Careers Night");

  await page.goto("/journal");
  await page.getByRole("textbox", { name: "New note" }).fill("Call the career centre");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "New note" })).toHaveValue("Call the career centre");

  await page.goto("/meetings/new");
  await page.getByRole("textbox", { name: "Place" }).fill("Café Lumen");
  await page.getByRole("textbox", { name: "Your own questions (one per line)" }).fill("What would you read first?");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Place" })).toHaveValue("Café Lumen");
  await expect(page.getByRole("textbox", { name: "Your own questions (one per line)" })).toHaveValue("What would you read first?");

  await page.goto("/follow-ups/new");
  await page.getByRole("textbox", { name: "Notes" }).fill("Send the article on grants");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Notes" })).toHaveValue("Send the article on grants");
});

test("a half-filled form left for another screen is there on return, until started over", async ({ page }) => {
  await page.goto("/contacts/new");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Rita Quick");
  await page.getByRole("textbox", { name: "Notes", exact: true }).fill("CTO at Helios; ask about the grid team.");
  // A stray tap on the navigation under a long form.
  await goTo(page, "Today");
  await page.goBack();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Rita Quick");
  await expect(page.getByRole("textbox", { name: "Notes", exact: true })).toHaveValue(
    "CTO at Helios; ask about the grid team.",
  );
  await expect(page.getByText("Restored what you typed here before.")).toBeVisible();
  await page.getByRole("button", { name: "Start over" }).click();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("");
  // The button is gone; the keyboard carries on from the form's first field.
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toBeFocused();
  await expect(page.getByRole("textbox", { name: "Notes", exact: true })).toHaveValue("");
  await expect(page.getByText("Restored what you typed here before.")).toHaveCount(0);
  // Started over, nothing comes back either.
  await goTo(page, "Today");
  await page.goBack();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("");

  // Details typed after quick add's "More details" come back the usual way
  // in too, not only by Back.
  await goTo(page, "Contacts");
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Rita Quick");
  await page.getByRole("link", { name: "More details" }).click();
  await page.getByRole("textbox", { name: "Notes", exact: true }).fill("Ask about the grid team.");
  await goTo(page, "Today");
  await goTo(page, "Contacts");
  // Quick add is still open with the name, until the person is saved.
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Rita Quick");
  await page.getByRole("link", { name: "More details" }).click();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Rita Quick");
  await expect(page.getByRole("textbox", { name: "Notes", exact: true })).toHaveValue("Ask about the grid team.");
  await expect(page.getByText("Restored what you typed here before.")).toBeVisible();

  // The same for a change to a meeting plan.
  await page.goto("/meetings/new");
  await page.getByRole("textbox", { name: "Place" }).fill("Café Lumen");
  await goTo(page, "Pitch");
  await page.goBack();
  await expect(page.getByRole("textbox", { name: "Place" })).toHaveValue("Café Lumen");
});

test("the week counts referrals when they were made and meetings once they ended", async ({ page }) => {
  await quickAdd(page, "Ana Souza", "A");
  const week = page.getByRole("link", { name: /^This week:/ });
  // An old introduction typed in now is not a referral gained this week.
  await page.goto("/contacts/new");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ben Okafor");
  await page.getByRole("combobox", { name: "Referred by", exact: true }).selectOption({ label: "Ana Souza (A)" });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ben Okafor" })).toBeVisible();
  await goTo(page, "Today");
  await expect(week).toHaveText("This week: 0 meetings held, 0 referrals gained, 0 thank-yous sent.");

  await page.goto("/contacts/new");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Cleo Park");
  await page.getByRole("combobox", { name: "Referred by", exact: true }).selectOption({ label: "Ana Souza (A)" });
  await page.getByLabel("Introduced on (optional)").fill("2026-11-23");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cleo Park" })).toBeVisible();

  // A meeting still running is not held yet.
  await goTo(page, "Contacts");
  await contactRows(page).filter({ hasText: "Ana Souza" }).click();
  await page.getByRole("button", { name: "Start meeting" }).click();
  await page.goto("/");
  await expect(week).toHaveText("This week: 0 meetings held, 1 referral gained, 0 thank-yous sent.");
  await page.getByRole("list", { name: "Next meetings" }).getByRole("link", { name: /Ana Souza/ }).click();
  await page.getByRole("button", { name: "End meeting" }).click();
  await page.getByRole("button", { name: "Yes, end meeting" }).click();
  await goTo(page, "Today");
  await expect(week).toHaveText("This week: 1 meeting held, 1 referral gained, 0 thank-yous sent.");
});
