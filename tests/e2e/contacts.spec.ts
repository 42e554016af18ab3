import type { Page } from "@playwright/test";
import { expect, goTo, open, quickAdd, seedRecords, test, waitForServiceWorker } from "./fixtures";

async function addOrganization(page: Page, name: string, priority = 1) {
  await page.goto("/organizations");
  await page.getByRole("button", { name: "Add organization" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await page.getByRole("textbox", { name: "Priority (1 = most wanted)" }).fill(String(priority));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function addFull(
  page: Page,
  fields: { name: string; list: string; org?: string; role?: string; referredBy?: string; help?: string; decisionMaker?: boolean },
) {
  await goTo(page, "Contacts");
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("link", { name: "More details" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New contact" })).toBeVisible();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(fields.name);
  await page.getByRole("combobox", { name: "List", exact: true }).selectOption(fields.list);
  if (fields.org) await page.getByRole("combobox", { name: "Organization", exact: true }).selectOption({ label: fields.org });
  if (fields.role) await page.getByRole("textbox", { name: "Role", exact: true }).fill(fields.role);
  if (fields.referredBy) await page.getByRole("combobox", { name: "Referred by", exact: true }).selectOption({ label: fields.referredBy });
  if (fields.help) await page.getByRole("textbox", { name: "How I can help", exact: true }).fill(fields.help);
  if (fields.decisionMaker) await page.getByRole("checkbox", { name: "Decision maker (can hire)" }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: fields.name })).toBeVisible();
}

async function buildNetwork(page: Page) {
  await open(page, "/contacts");
  await quickAdd(page, "Ana Souza", "A");
  await addOrganization(page, "Acme Robotics", 1);
  await addOrganization(page, "Zeta Labs", 2);
  await addFull(page, { name: "Ben Okafor", list: "B", role: "Engineering manager", referredBy: "Ana Souza (A)", help: "Intro to my old team" });
  await addFull(page, { name: "Carla Díaz", list: "C", org: "Acme Robotics", role: "VP Product", referredBy: "Ben Okafor (B)", decisionMaker: true });
}

test("lists, referral chains and ways in survive a reload", async ({ page, consoleErrors }) => {
  await buildNetwork(page);
  await page.reload();

  // Carla's chain back to the user.
  await expect(page.getByRole("heading", { level: 1, name: "Carla Díaz" })).toBeVisible();
  const chain = page.getByRole("list", { name: "Referral chain" });
  await expect(chain.getByRole("listitem")).toHaveText(["You", "Ana Souza (A)", "Ben Okafor (B)", /Carla Díaz \(C, Acme Robotics\)/]);

  // Ben's page lists whom he introduced.
  await chain.getByRole("link", { name: "Ben Okafor" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ben Okafor" })).toBeVisible();
  await expect(page.locator("section", { hasText: "They introduced you to" }).getByRole("link", { name: "Carla Díaz" })).toBeVisible();
  await expect(page.getByText("Intro to my old team")).toBeVisible();

  // Acme's ways in, with the decision maker marked; Zeta has none yet.
  await page.goto("/organizations");
  const orgs = page.getByRole("list", { name: "Organizations" }).getByRole("link");
  await expect(orgs).toHaveCount(2);
  await expect(orgs.first()).toContainText("Acme Robotics");
  await expect(orgs.first()).toContainText("1 way in");
  await orgs.first().click();
  const way = page.getByRole("list", { name: "Way in" });
  // Ben is on list B himself, so the shortest way starts with him.
  await expect(way.getByRole("listitem")).toHaveText(["Ben Okafor (B)", /Carla Díaz \(C, Acme Robotics\)\s*decision maker/]);
  await page.goto("/organizations");
  await orgs.nth(1).click();
  await expect(page.getByText("Nobody you know is connected to Zeta Labs yet: ask your list B who knows someone there.")).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("filter counts, accent-insensitive search and sorting", async ({ page }) => {
  await buildNetwork(page);
  await quickAdd(page, "José Martín", "B");
  await goTo(page, "Contacts");
  const filters = page.getByRole("group", { name: "Filter by list" });
  // Each chip shows its letter and count, and says which list it is.
  const names = ["All contacts, 4", "A · Personal, 1", "B · Professional, 2", "C · Target employers, 1"];
  for (const [i, name] of names.entries()) {
    await expect(filters.getByRole("button").nth(i)).toHaveAccessibleName(name);
  }
  await expect(filters.locator(".chip")).toHaveText([/^All\b.*4$/, /^A\b.*1$/, /^B\b.*2$/, /^C\b.*1$/]);

  const rows = page.getByRole("list", { name: "Contacts" }).getByRole("link");
  await filters.getByRole("button", { name: /^B · Professional/ }).click();
  await expect(rows).toHaveCount(2);
  await filters.getByRole("button", { name: /^All/ }).click();
  await expect(rows).toHaveCount(4);

  const search = page.getByRole("searchbox", { name: "Search contacts" });
  await search.fill("jose");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("José Martín");
  // Rows are rewritten in place as the matches change: the list badge and
  // the link must follow the contact now shown.
  await search.fill("acme");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveText(/^List C\s*Carla Díaz/);
  await search.fill("engineering manager");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveText(/^List B\s*Ben Okafor/);

  // Someone added while the search hides them is still confirmed, and
  // focus goes back to the button that opened the form.
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Dana Lee");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Dana Lee added." })).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Add contact" })).toBeFocused();
  await page.getByRole("button", { name: "OK" }).click();
  await rows.first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Ben Okafor" })).toBeVisible();
  await page.goBack();
  await expect(search).toHaveValue("");
  await search.fill("engineering manager");
  const count = page.locator("main p[aria-live='polite']").first();
  await expect(count).toHaveText("1 contact");
  await search.fill("nobody-like-this");
  // Said by the same live region as the count, so it is announced too.
  await expect(count).toHaveText("No contact matches.");
  await search.fill("");

  await page.getByRole("combobox", { name: "Sort by", exact: true }).selectOption("name");
  await expect(rows.first()).toContainText("Ana Souza");
  await page.getByRole("combobox", { name: "Sort by", exact: true }).selectOption("recent");
  await expect(rows.first()).toContainText("Dana Lee");
  await expect(rows.nth(1)).toContainText("José Martín");
});

test("deleting a contact offers undo, and the chain shows the gap meanwhile", async ({ page }) => {
  await buildNetwork(page);
  await page.getByRole("list", { name: "Referral chain" }).getByRole("link", { name: "Ben Okafor" }).click();
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  await expect(page.getByText("Deleted Ben Okafor.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ben Okafor/ })).toHaveCount(0);

  await page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Carla Díaz/ }).click();
  const chain = page.getByRole("list", { name: "Referral chain" });
  await expect(chain.getByRole("listitem")).toHaveText(["removed contact", /Carla Díaz/]);

  await page.getByRole("button", { name: "Undo" }).click();
  await expect(chain.getByRole("listitem")).toHaveText(["You", "Ana Souza (A)", "Ben Okafor (B)", /Carla Díaz/]);
  await page.reload();
  await expect(page.getByRole("list", { name: "Referral chain" }).getByRole("listitem")).toHaveCount(4);
});

test("a contact cannot be saved without a name or referred by themselves", async ({ page }) => {
  await open(page, "/contacts");
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Please enter a name.");
  // The field to fix is marked, described by the message, and focused.
  const name = page.getByRole("textbox", { name: "Name", exact: true });
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription("Please enter a name.");
  const why = page.locator(".field-error");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ana Souza");
  // Put right, the mark and the messages go.
  await expect(name).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(why).toHaveCount(0);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  // Someone of that name offered: the old "enter a name" goes.
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Please enter a name.");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("ana souza");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("group", { name: "Already in your contacts" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ }).click();
  await page.getByRole("link", { name: "Edit" }).click();
  // The referrer list never offers the contact themself.
  const options = await page.getByRole("combobox", { name: "Referred by", exact: true }).locator("option").allTextContents();
  expect(options).not.toContain("Ana Souza (A)");
});

test("names with markup are shown as text and run nothing", async ({ page }) => {
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    d.dismiss();
  });
  const name = "<img src=x onerror=alert(1)>";
  await open(page, "/contacts");
  await quickAdd(page, name, "A");
  const row = page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /onerror/ });
  await expect(row).toContainText(name);
  await row.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  expect(await page.locator("main img").count()).toBe(0);
  expect(dialogs).toBe(0);
});

test("contacts work with the browser offline, phone and email as links", async ({ page, context }) => {
  await open(page);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await addOrganization(page, "Acme Robotics");
  await goTo(page, "Contacts");
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("link", { name: "More details" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Dana Lee");
  await page.getByRole("combobox", { name: "List", exact: true }).selectOption("C");
  // The phone's Go key in a new organization's name adds it, not the contact.
  await page.getByRole("button", { name: "New organization" }).click();
  const orgName = page.getByRole("textbox", { name: "New organization's name" });
  await expect(orgName).toBeFocused();
  await orgName.fill("Globex");
  await orgName.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "New contact" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Organization", exact: true })).toHaveValue(/\d+/);
  await expect(page.getByRole("combobox", { name: "Organization", exact: true })).toBeFocused();
  await page.getByRole("combobox", { name: "Organization", exact: true }).selectOption({ label: "Acme Robotics" });
  // A slip in the address is pointed out when the field is left, and the
  // form keeps what was typed until it is put right.
  const email = page.getByRole("textbox", { name: "Email", exact: true });
  await email.fill("dana.example.com");
  await email.blur();
  await expect(email).toHaveAccessibleDescription("Check the email address: it should look like name@example.com.");
  await page.getByRole("textbox", { name: "Phone", exact: true }).fill("+1 555 0100");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Correct what is marked before saving.");
  await expect(email).toBeFocused();
  await email.fill("dana@example.com");
  await expect(email).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("link", { name: "+1 555 0100" })).toHaveAttribute("href", "tel:+15550100");
  await expect(page.getByRole("link", { name: "dana@example.com" })).toHaveAttribute("href", "mailto:dana@example.com");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Dana Lee" })).toBeVisible();
  await page.getByRole("link", { name: "Acme Robotics" }).click();
  await expect(page.getByRole("list", { name: "Way in" })).toHaveCount(0);
  await expect(page.getByText("Nobody you know is connected to Acme Robotics yet")).toBeVisible();
});

test("a long network shows a page of contacts at a time, and a search starts a new page", async ({ page }) => {
  const contacts = Array.from({ length: 30 }, (_, i) => ({
    id: 70_000_001 + i * 7_919,
    name: `Contact ${String(i + 1).padStart(2, "0")}`,
    list: "B",
    created_at: i + 1,
  }));
  await seedRecords(page, { contacts });
  await open(page, "/contacts");
  const list = page.getByRole("list", { name: "Contacts" });
  await expect(page.getByText("30 contacts")).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(25);
  await expect(list.getByRole("link").first()).toContainText("Contact 01");
  await page.getByRole("button", { name: "Show more" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(30);
  await expect(list.getByRole("link").last()).toContainText("Contact 30");
  await expect(page.getByRole("button", { name: "Show more" })).toHaveCount(0);
  await page.getByRole("searchbox", { name: "Search contacts" }).fill("contact");
  await expect(list.getByRole("listitem")).toHaveCount(25);
  await expect(page.getByRole("button", { name: "Show more" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search contacts" }).fill("contact 2");
  // Words match anywhere: 02, 12 and 20 to 29.
  await expect(page.getByText("12 contacts")).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(12);
  // Rows are plain links the app itself opens: no full page load.
  await page.evaluate(() => ((window as any).__stayed = true));
  await list.getByRole("link", { name: /Contact 27/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Contact 27" })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__stayed)).toBe(true);
});

test("on the long form, why Save was refused shows under the field focused, far from Save", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await open(page, "/contacts/new");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const name = page.getByRole("textbox", { name: "Name", exact: true });
  await expect(name).toBeFocused();
  await expect(page.getByRole("alert")).not.toBeInViewport();
  const why = page.locator(".field-error");
  await expect(why).toHaveText("Please enter a name.");
  await expect(why).toBeInViewport();
  await expect(name).toHaveAccessibleDescription("Please enter a name.");
  await name.fill("Ana Souza");
  await expect(why).toHaveCount(0);
});

test("a new organization without a name is refused in its own box, and the contact saves as usual", async ({ page }) => {
  await open(page, "/contacts/new");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ana Souza");
  await page.getByRole("button", { name: "New organization" }).click();
  const box = page.getByRole("group", { name: "New organization" });
  await box.getByRole("button", { name: "Add organization" }).click();
  await expect(box.getByRole("alert")).toHaveText("Please enter a name.");
  const orgName = box.getByRole("textbox", { name: "New organization's name" });
  await expect(orgName).toBeFocused();
  await expect(orgName).toHaveAttribute("aria-invalid", "true");
  // The contact's own name, filled in, is not the one to fix.
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).not.toHaveAttribute("aria-invalid", "true");
  await box.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ana Souza" })).toBeVisible();
});
