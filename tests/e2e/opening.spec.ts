import { docOf, expect, fillQuota, goTo, open, recordsOf, seedRecords, test } from "./fixtures";
import type { Page } from "@playwright/test";

// A large notebook (over 1,000 records), Today drawn from its snapshot
// first: many contacts, and Ana with a thank-you overdue and a meeting
// planned for tomorrow.
const DAY = 86_400_000;
const now = Date.now();
const ANA = 2;
const THANKS = 5_000_011;
const MEETING = 7_000_003;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const thanks = (extra: Record<string, unknown> = {}) => ({
  id: THANKS,
  contact_id: ANA,
  kind: "ThankYou",
  due: day(now - 3 * DAY),
  created_at: now - 5 * DAY,
  ...extra,
});
const meeting = (contactName: string) => ({ id: MEETING, contact_id: ANA, contact_name: contactName, scheduled_at: now + DAY, created_at: now - DAY });

function notebook(people: number) {
  const contacts = [{ id: ANA, name: "Ana Souza", list: "A", created_at: now - 9 * DAY }];
  for (let i = 0; i < people; i++) {
    contacts.push({ id: 10_000_019 * (i + 1), name: `Person ${i}`, list: "C", created_at: now - 8 * DAY + i });
  }
  return { contacts, meetings: [meeting("Ana Souza")], follow_ups: [thanks()] };
}

/** Records the text of Today as it is first put in the page. */
async function watchFirstToday(page: Page) {
  await page.addInitScript(() => {
    const seen = new MutationObserver(() => {
      const main = document.querySelector("main");
      if (main?.querySelector("h1")?.textContent !== "Today") return;
      seen.disconnect();
      const w = window as unknown as { firstToday: string; firstTodayFrame: number };
      w.firstToday = main.innerText;
      // The frame that paints it.
      requestAnimationFrame(() => (w.firstTodayFrame = performance.now()));
    });
    seen.observe(document, { childList: true, subtree: true, characterData: true });
  });
}

const firstToday = (page: Page) => page.evaluate(() => (window as unknown as { firstToday: string }).firstToday);
/** Whether Today's first frame came before every record was read. */
const paintedBeforeRead = (page: Page) =>
  page.evaluate(() => {
    const frame = (window as unknown as { firstTodayFrame: number }).firstTodayFrame;
    return frame < performance.getEntriesByName("rapport-notebook-open")[0].startTime;
  });
/** Whether this page drew Today from the snapshot, then read every record. */
const openedLate = (page: Page) => page.evaluate(() => performance.getEntriesByName("rapport-notebook-open").length === 1);
const stored = (page: Page, key: string) => page.evaluate((k) => localStorage.getItem(k), key);

test("a large notebook opens on Today from its snapshot, then reads every record", async ({ page, consoleErrors }) => {
  await seedRecords(page, notebook(1_100));
  await watchFirstToday(page);
  await open(page, "/");
  const due = page.getByRole("list", { name: "Due now" });
  await expect(due).toContainText("Ana Souza");
  // No snapshot yet: the first opening reads everything before drawing.
  expect(await openedLate(page)).toBe(false);
  expect(await stored(page, "rapport.today")).toBeNull();

  // Leaving keeps one, and the next opening draws Today from it.
  await page.reload();
  await expect(due).toContainText("Ana Souza");
  await expect.poll(() => openedLate(page)).toBe(true);
  expect(await stored(page, "rapport.today")).not.toBeNull();
  const main = page.locator("main");
  await expect(page.getByRole("list", { name: "Next meetings" })).toContainText("Ana Souza");
  expect(await main.innerText()).toBe(await firstToday(page));
  // Drawn, not only put in the page, before the long read.
  expect(await paintedBeforeRead(page)).toBe(true);

  // The rest of the notebook is there for every other screen.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contacts" }).click();
  await page.getByRole("searchbox").fill("Person 1099");
  await expect(page.getByRole("link", { name: /Person 1099/ })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("Today drawn from an outdated snapshot is put right, and kept right", async ({ page, consoleErrors }) => {
  await seedRecords(page, notebook(1_100));
  await watchFirstToday(page);
  await open(page, "/");
  await expect(page.getByRole("list", { name: "Due now" })).toContainText("Ana Souza");
  await page.reload();
  await expect.poll(() => openedLate(page)).toBe(true);

  // Another window (here, storage written behind the app's back) marks the
  // thank-you done and adds a call to Person 5, then closes without
  // keeping a snapshot.
  await page.evaluate(([done, added]) => {
    localStorage.setItem(done[0], done[1]);
    localStorage.setItem(added[0], added[1]);
  }, [
    docOf("follow_up", thanks({ done_at: now - DAY })),
    docOf("follow_up", { id: 5_000_033, contact_id: 10_000_019 * 6, kind: "FollowUp", due: day(now - DAY), created_at: now - 2 * DAY }),
  ]);
  await page.reload();
  const due = page.getByRole("list", { name: "Due now" });
  await expect(due).toContainText("Person 5");
  await expect(due).not.toContainText("Ana Souza");
  // The outdated snapshot was drawn first, and is replaced on leaving.
  expect(await firstToday(page)).toContain("Thank-you · Ana Souza");
  await page.reload();
  await expect.poll(() => openedLate(page)).toBe(true);
  expect(await firstToday(page)).toContain("Person 5");
  expect(await firstToday(page)).not.toContain("Thank-you · Ana Souza");
  expect(consoleErrors).toEqual([]);
});

test("a row changed elsewhere is drawn as changed from the next opening on", async ({ page, consoleErrors }) => {
  await seedRecords(page, notebook(1_100));
  await watchFirstToday(page);
  await open(page, "/");
  await page.reload();
  await expect.poll(() => openedLate(page)).toBe(true);
  // The meeting is renamed behind the app's back: Today lists the same
  // meetings and follow-ups, but one row reads differently.
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [
    ...docOf("meeting", meeting("Ana Souza-Lima"), "2-elsewhere"),
  ]);
  await page.reload();
  const meetings = page.getByRole("list", { name: "Next meetings" });
  await expect(meetings).toContainText("Ana Souza-Lima");
  expect(await firstToday(page)).not.toContain("Souza-Lima");
  await page.reload();
  await expect.poll(() => openedLate(page)).toBe(true);
  expect(await firstToday(page)).toContain("Ana Souza-Lima");
  expect(consoleErrors).toEqual([]);
});

test("a change made on Today as it opens acts on the whole notebook", async ({ page, consoleErrors }) => {
  await seedRecords(page, notebook(1_100));
  await open(page, "/");
  await page.reload();
  const row = page.getByRole("list", { name: "Due now" }).getByRole("listitem").filter({ hasText: "Ana Souza" });
  await row.getByRole("button", { name: /^Done:/ }).click();
  await expect(page.getByText("Nothing due")).toBeVisible();
  await expect.poll(async () => JSON.parse((await stored(page, `rapport.doc.follow_up:${THANKS}`)) ?? "{}").done_at).toBeTruthy();
  // Nothing else was lost or rewritten from the part drawn first.
  const docs = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rapport.doc.")).length);
  expect(docs).toBeGreaterThanOrEqual(1_103);
  expect(await stored(page, `rapport.doc.contact:${10_000_019 * 1_100}`)).toContain('"_rev":"1-seeded"');
  expect(consoleErrors).toEqual([]);
});

test("with storage full, the snapshot makes way for a change", async ({ page, consoleErrors }) => {
  await seedRecords(page, notebook(1_100));
  await open(page, "/");
  await page.reload();
  await expect.poll(() => openedLate(page)).toBe(true);
  expect(await stored(page, "rapport.today")).not.toBeNull();
  await page.evaluate(fillQuota);
  const row = page.getByRole("list", { name: "Due now" }).getByRole("listitem").filter({ hasText: "Ana Souza" });
  await row.getByRole("button", { name: /^Done:/ }).click();
  await expect.poll(async () => JSON.parse((await stored(page, `rapport.doc.follow_up:${THANKS}`)) ?? "{}").done_at).toBeTruthy();
  expect(await stored(page, "rapport.today")).toBeNull();
  await expect(page.getByRole("alert")).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test("an unreadable snapshot is not used, and an emptied notebook is drawn empty at once", async ({ page, consoleErrors }) => {
  await seedRecords(page, notebook(1_100), { "rapport.today": "{not a snapshot" });
  await watchFirstToday(page);
  await open(page, "/");
  await expect(page.getByRole("list", { name: "Due now" })).toContainText("Ana Souza");
  expect(await openedLate(page)).toBe(false);
  await page.reload();
  await expect.poll(() => openedLate(page)).toBe(true);
  await expect(page.getByRole("list", { name: "Due now" })).toContainText("Ana Souza");

  // Emptied (here, every record removed behind the app's back): the old
  // snapshot is put right once the notebook is read, and the next opening
  // draws Today empty from the snapshot kept on leaving.
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith("rapport.doc.") && k !== "rapport.doc.settings") localStorage.removeItem(k);
  });
  await page.reload();
  const empty = page.getByText("Your networking notebook is empty.");
  await expect(empty).toBeVisible();
  await page.reload();
  await expect(empty).toBeVisible();
  expect(await firstToday(page)).toContain("Your networking notebook is empty.");
  expect(await firstToday(page)).not.toContain("Ana Souza");
  expect(consoleErrors).toEqual([]);
});

test("Today drawn from the snapshot of an empty notebook still reads what was stored since", async ({ page }) => {
  await open(page, "/");
  // Opened and left, the empty notebook keeps Today's snapshot.
  await goTo(page, "Contacts");
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  await goTo(page, "Today");
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await page.goto("/manifest.webmanifest");
  expect(await stored(page, "rapport.today")).not.toBeNull();
  // Another window wrote records and closed without keeping a snapshot.
  await page.evaluate((docs) => {
    for (const [k, v] of Object.entries(docs)) localStorage.setItem(k, v);
  }, recordsOf(notebook(0)));
  await page.goto("/");
  await expect(page.getByRole("list", { name: "Due now" })).toContainText("Ana Souza");
  await expect(page.getByText("Your networking notebook is empty.")).toHaveCount(0);
});

test.describe("while the record store's code is on its way", () => {
  // Requests a service worker answers are out of the test's reach.
  test.use({ serviceWorkers: "block" });

  test("a tap on Today drawn from its snapshot waits for the notebook, then is made", async ({ page, consoleErrors }) => {
    await seedRecords(page, notebook(1_100));
    await open(page, "/");
    await expect(page.getByRole("list", { name: "Due now" })).toContainText("Ana Souza");
    // Leaving keeps the snapshot; the next opening draws Today from it while
    // the store's code is held back.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/split_store.wasm", async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    const done = page.getByRole("button", { name: "Done: Thank-you with Ana Souza" });
    await done.click();
    // Nothing is changed on the snapshot's few records meanwhile.
    await page.waitForTimeout(300);
    await expect(done).toBeVisible();
    expect(await openedLate(page)).toBe(false);
    const key = docOf("follow_up", thanks())[0];
    expect(JSON.parse((await stored(page, key))!).done_at ?? null).toBeNull();

    // Once the notebook is read, the tap takes effect without another.
    release();
    await expect(done).toHaveCount(0);
    expect(await openedLate(page)).toBe(true);
    await expect.poll(async () => JSON.parse((await stored(page, key))!).done_at).toBeGreaterThan(0);
    await expect(page.getByRole("status").filter({ hasText: "Done: Thank-you with Ana Souza." })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test("records stored and the store's code out of reach: Today says so, and loads on retry", async ({ page }) => {
    await seedRecords(page, notebook(3));
    await page.route("**/split_store.wasm", (route) => route.abort());
    await open(page, "/");
    await expect(page.getByRole("heading", { level: 1, name: "This screen is not on this device yet" })).toBeVisible();
    // Nothing is shown as if the notebook were empty, and nothing is written.
    await expect(page.getByText("Your networking notebook is empty")).toHaveCount(0);
    await page.unroute("**/split_store.wasm");
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByRole("list", { name: "Due now" })).toContainText("Ana Souza");
  });
});
