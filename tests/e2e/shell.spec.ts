import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { SCREENS, expect, expectFits, fillQuota, goTo, open, quickAdd, storedDocs, test, waitForServiceWorker } from "./fixtures";

test("loads without console errors and the navigation reaches every screen", async ({ page, consoleErrors }) => {
  await open(page);
  // Moving between screens stays in the page: nothing is loaded again.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const screen of SCREENS) {
    await goTo(page, screen.link);
    await expect(page.getByRole("heading", { level: 1, name: screen.heading })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`${screen.path}$`));
    await expect(nav.getByRole("link", { name: screen.link })).toHaveAttribute("aria-current", "page");
    await expect(nav.locator("[aria-current]")).toHaveCount(1);
  }
  // A screen under a main one keeps that one marked.
  await goTo(page, "Meetings");
  await page.getByRole("link", { name: "Plan meeting", exact: true }).click();
  await expect(page).toHaveURL(/\/meetings\/new$/);
  await expect(nav.getByRole("link", { name: "Meetings" })).toHaveAttribute("aria-current", "page");
  await goTo(page, "Today");
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Today" })).toHaveAttribute("aria-current", "page");
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  expect(consoleErrors).toEqual([]);
});

test("the page's title names the screen and the record shown, and follows a rename", async ({ page }) => {
  await open(page);
  await expect(page).toHaveTitle("Today · Rapport");
  for (const screen of SCREENS) {
    await goTo(page, screen.link);
    await expect(page).toHaveTitle(`${screen.heading} · Rapport`);
  }
  await quickAdd(page, "Ana Souza", "B");
  await page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ }).click();
  await expect(page).toHaveTitle("Ana Souza · Rapport");
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ana Souza Lima");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveTitle("Ana Souza Lima · Rapport");
});

test("an unknown address shows the not-found page with a way back", async ({ page }) => {
  await open(page, "/no/such/page");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to Today" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
});

test("a record that is gone says so the same way everywhere, with a way back to its list", async ({ page, consoleErrors }) => {
  const gone = [
    ["/contacts/404", "Contact", "contacts", "Contacts"],
    ["/contacts/404/edit", "Contact", "contacts", "Contacts"],
    ["/organizations/404", "Organization", "organizations", "Organizations"],
    ["/organizations/404/edit", "Organization", "organizations", "Organizations"],
    ["/meetings/404", "Meeting", "meetings", "Meetings"],
    ["/meetings/404/live", "Meeting", "meetings", "Meetings"],
    ["/meetings/404/edit", "Meeting", "meetings", "Meetings"],
    ["/meetings/404/wrap-up", "Meeting", "meetings", "Meetings"],
    ["/events/404", "Event", "events", "Events"],
    ["/events/404/edit", "Event", "events", "Events"],
    ["/follow-ups/404/edit", "Follow-up", "follow-ups", "Follow-ups"],
  ];
  await open(page);
  for (const [path, what, list, listHeading] of gone) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: `${what} not found` })).toBeVisible();
    await expect(page.getByText(`This ${what.toLowerCase()} is not in your notebook.`)).toBeVisible();
    await page.getByRole("link", { name: `Back to ${list}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: listHeading })).toBeVisible();
  }
  expect(consoleErrors).toEqual([]);
});

test("the web app manifest is linked and complete", async ({ page, request }) => {
  await open(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBeTruthy();
  const response = await request.get(href!);
  expect(response.ok()).toBe(true);
  const manifest = await response.json();
  for (const field of ["name", "short_name", "description", "start_url", "scope", "theme_color", "background_color"]) {
    expect(typeof manifest[field], field).toBe("string");
    expect(manifest[field].length, field).toBeGreaterThan(0);
  }
  expect(manifest.display).toBe("standalone");
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toContain("192x192");
  expect(sizes).toContain("512x512");
  expect(manifest.icons.some((i: { purpose?: string }) => (i.purpose || "").includes("maskable"))).toBe(true);
  for (const icon of manifest.icons) {
    const img = await request.get(icon.src);
    expect(img.ok(), icon.src).toBe(true);
    expect(img.headers()["content-type"]).toBe("image/png");
    const bytes = await img.body();
    // PNG width and height sit at bytes 16..24 of the IHDR chunk.
    const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    expect(`${w}x${h}`).toBe(icon.sizes);
  }
});

test("a service worker takes control and the app keeps working offline", async ({ page, context }) => {
  await open(page);
  await waitForServiceWorker(page);
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  for (const screen of SCREENS) {
    await goTo(page, screen.link);
    await expect(page.getByRole("heading", { level: 1, name: screen.heading })).toBeVisible();
  }
  // A deep link typed while offline is served from the cached app shell.
  await page.goto("/pitch");
  await expect(page.getByRole("heading", { level: 1, name: "Pitch" })).toBeVisible();
});

test("what the user writes survives a reload", async ({ page }) => {
  await open(page, "/pitch");
  const text = "I turn messy support queues into calm, measurable service.";
  await page.getByRole("textbox", { name: "Pitch text" }).fill(text);
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue(text);
});

test("unreadable stored data shows a recovery banner and is never overwritten", async ({ page }) => {
  const broken = '{"app":"rapport","version":1,"notebook":{"contacts":[{"name":"Ana"';
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("rapport.notebook", text);
      sessionStorage.setItem("seeded", "1");
    }
  }, broken);
  await open(page);
  const banner = page.getByRole("alert").filter({ hasText: "could not read" });
  await expect(banner).toBeVisible();
  await expect(banner.getByRole("button", { name: "Download saved data" })).toBeVisible();

  const kept = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("rapport.recovery."))
      .map((k) => localStorage.getItem(k)),
  );
  expect(kept).toEqual([broken]);

  // New work goes on and the damaged text stays safe.
  await goTo(page, "Pitch");
  await page.getByRole("textbox", { name: "Pitch text" }).fill("A fresh start.");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue("A fresh start.");
  const keptAfter = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("rapport.recovery."))
      .map((k) => localStorage.getItem(k)),
  );
  expect(keptAfter).toEqual([broken]);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download saved data" }).click();
  const file = await download;
  const path = await file.path();
  const { readFileSync } = await import("node:fs");
  expect(readFileSync(path!, "utf8")).toBe(broken);
});

test("data from a newer version is left untouched", async ({ page }) => {
  const future = '{"app":"rapport","version":999,"notebook":{"pitch":"from the future"}}';
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("rapport.notebook", text);
      sessionStorage.setItem("seeded", "1");
    }
  }, future);
  await open(page, "/pitch");
  await expect(page.getByRole("alert").filter({ hasText: "newer version" })).toBeVisible();
  await page.getByRole("textbox", { name: "Pitch text" }).fill("typed in the old version");
  await expect(page.getByRole("alert").filter({ hasText: "not saved" })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("rapport.notebook"))).toBe(future);
});

test("a full storage quota gives a clear message and keeps the work on screen", async ({ page }) => {
  await open(page, "/pitch");
  await page.getByRole("textbox", { name: "Pitch text" }).fill("Saved before the disk filled up.");
  // Saving waits for a pause in typing; let it happen before the disk fills.
  await expect
    .poll(async () => (await storedDocs(page, "pitch"))[0]?.text)
    .toBe("Saved before the disk filled up.");
  // Fill the real quota with filler until the browser refuses more.
  await page.evaluate(fillQuota);
  // Chromium lets a value grow by a few bytes past the quota, so add a lot.
  const more = " And this long part did not fit.".repeat(600);
  await page.getByRole("textbox", { name: "Pitch text" }).fill("Saved before the disk filled up." + more);
  await expect(page.getByRole("alert").filter({ hasText: "was not saved" })).toContainText("full");
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue("Saved before the disk filled up." + more);
  expect((await storedDocs(page, "pitch"))[0].text).toBe("Saved before the disk filled up.");
});

test("a malformed backup file is refused with a clear message and changes nothing", async ({ page }) => {
  await open(page, "/pitch");
  await page.getByRole("textbox", { name: "Pitch text" }).fill("Keep me.");
  await goTo(page, "Data");
  await page.getByLabel("Import backup").setInputFiles({
    name: "backup.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"app":"rapport","version":1,"notebook":'),
  });
  await expect(page.getByRole("status").filter({ hasText: "could not be imported" })).toContainText(
    "Nothing was changed",
  );
  // A contacts file picked here by mistake is pointed to Import contacts.
  await page.getByLabel("Import backup").setInputFiles({
    name: "contacts.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Name,Email\nAna,ana@example.com\n"),
  });
  await expect(page.getByRole("status").filter({ hasText: "not a Rapport backup" })).toContainText("Import contacts");
  await goTo(page, "Pitch");
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue("Keep me.");
});

test("an import or a backup too big for the storage left is refused before anything changes", async ({ page }) => {
  await open(page, "/pitch");
  await page.getByRole("textbox", { name: "Pitch text" }).fill("Kept pitch.");
  await expect.poll(async () => (await storedDocs(page, "pitch"))[0]?.text).toBe("Kept pitch.");
  await goTo(page, "Data");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export backup" }).click();
  const backup = JSON.parse(readFileSync((await (await download).path())!, "utf8"));
  // The same notebook with forty people of long notes in it.
  backup.notebook.contacts = Array.from({ length: 40 }, (_, i) => ({
    id: 1000 + i,
    name: `Person ${i}`,
    list: "B",
    notes: "x".repeat(20000),
    created_at: 1,
  }));
  await page.evaluate(fillQuota);
  // Opened again, the app measures the storage taken.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Data" })).toBeVisible();

  let asked = false;
  page.on("dialog", (d) => {
    asked = true;
    void d.dismiss();
  });
  await page.getByLabel("Import backup").setInputFiles({
    name: "big-backup.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(backup)),
  });
  await expect(page.getByText(/^This backup would need about \d+% of the browser's storage/)).toContainText(
    "Nothing was changed.",
  );
  expect(asked).toBe(false);

  const rows = Array.from({ length: 60 }, (_, i) => `Person ${i},B,,,,,,,,,${"y".repeat(8000)}`);
  const csv = ["Name,List,Organization,Role,Email,Phone,Web,How we met,Referred by,Tags,Notes", ...rows].join("\n");
  await page.getByRole("button", { name: "Import contacts", exact: true }).setInputFiles({
    name: "people.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await page.getByRole("button", { name: "Import 60 contacts" }).click();
  await expect(page.getByText(/^These contacts would need about \d+% of the browser's storage/)).toBeVisible();

  await page.reload();
  expect(await storedDocs(page, "contact")).toEqual([]);
  await goTo(page, "Pitch");
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue("Kept pitch.");
});

test("a backup exported from Data imports back", async ({ page }) => {
  await open(page, "/pitch");
  await page.getByRole("textbox", { name: "Pitch text" }).fill("Exported pitch.");
  await goTo(page, "Data");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export backup" }).click();
  const path = await (await download).path();
  await goTo(page, "Pitch");
  await page.getByRole("textbox", { name: "Pitch text" }).fill("Changed afterwards.");
  await goTo(page, "Data");
  page.once("dialog", (d) => d.accept());
  await page.getByLabel("Import backup").setInputFiles(path!);
  await expect(page.getByRole("status").filter({ hasText: "Backup imported" })).toBeVisible();
  await goTo(page, "Pitch");
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue("Exported pitch.");
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`no serious accessibility violations on any screen (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await open(page);
    for (const screen of SCREENS) {
      await goTo(page, screen.link);
      await expect(page.getByRole("heading", { level: 1, name: screen.heading })).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(bad.map((v) => `${screen.link}: ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
    }
  });
}

test("fits a 360 px screen with touch targets of at least 44 px", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page);
  for (const screen of SCREENS) {
    await goTo(page, screen.link);
    await expect(page.getByRole("heading", { level: 1, name: screen.heading })).toBeVisible();
    await expectFits(page, screen.link);
  }
});

test("honours reduced motion", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await open(page);
  const duration = await page.evaluate(() => {
    const probe = document.createElement("div");
    probe.style.transition = "opacity 2s";
    document.body.append(probe);
    return getComputedStyle(probe).transitionDuration;
  });
  expect(parseFloat(duration)).toBeLessThan(0.1);
});

test("a second tab sees changes and never writes an older copy back", async ({ page, context }) => {
  await open(page, "/pitch");
  const other = await context.newPage();
  await open(other, "/pitch");
  await page.getByRole("textbox", { name: "Pitch text" }).fill("Written in the first tab.");
  await expect(other.getByRole("textbox", { name: "Pitch text" })).toHaveValue("Written in the first tab.");
  await other.getByRole("textbox", { name: "Pitch text" }).fill("Then changed in the second.");
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue("Then changed in the second.");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue("Then changed in the second.");
});

test("going back returns focus to the row that was opened, and a link leaves it at the top", async ({ page }) => {
  await open(page);
  await quickAdd(page, "Ana Souza", "B");
  await quickAdd(page, "Ben Okafor", "A");
  await quickAdd(page, "Chloé Martin", "C");
  const list = page.getByRole("list", { name: "Contacts" });
  await list.getByRole("link", { name: /Ben Okafor/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ben Okafor" })).toBeFocused();
  await page.goBack();
  await expect(list.getByRole("link", { name: /Ben Okafor/ })).toBeFocused();
  // Forward is not a return: the contact's page starts at its heading, not
  // at its own link back to the list.
  await page.goForward();
  await expect(page.getByRole("heading", { level: 1, name: "Ben Okafor" })).toBeFocused();
  // Reaching the list by a link starts at the top, as any new screen does.
  await goTo(page, "Contacts");
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeFocused();
});
