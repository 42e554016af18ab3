import type { Browser, Page, TestInfo } from "@playwright/test";
import { couchGet, PASSWORD, startCouch, USER } from "../../scripts/couch.mjs";
import { expect, fillQuota, goTo, open, test } from "./fixtures";

// Two browser contexts are two devices (a phone and a laptop), each with its
// own storage, syncing through a real CouchDB-protocol server on another
// origin, so CORS is exercised as a real browser does it.

let couch: Awaited<ReturnType<typeof startCouch>>;
let dbCount = 0;

test.beforeAll(async () => {
  couch = await startCouch();
});

test.afterAll(async () => {
  await couch?.stop();
});

async function newDatabase() {
  const name = `rapport-${process.pid}-${++dbCount}`;
  await couch.database(name);
  return name;
}

async function device(browser: Browser, info: TestInfo, options: { serviceWorkers?: "allow" | "block" } = {}) {
  const use = info.project.use;
  const context = await browser.newContext({
    baseURL: use.baseURL,
    viewport: use.viewport,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    serviceWorkers: options.serviceWorkers,
  });
  const page = await context.newPage();
  await open(page, "/");
  return { context, page };
}

const status = (page: Page) => page.getByTestId("sync-status");

async function turnOnSync(page: Page, db: string, options: { url?: string; password?: string } = {}) {
  await goTo(page, "Data");
  await page.getByRole("textbox", { name: "Server address" }).fill(options.url ?? couch.url);
  await page.getByRole("textbox", { name: "Database name" }).fill(db);
  await page.getByRole("textbox", { name: "User name" }).fill(USER);
  await page.getByLabel("Password").fill(options.password ?? PASSWORD);
  await page.getByRole("button", { name: "Turn on sync" }).click();
}

/** Waits for the run under way (or the next one) to finish without error. */
async function synced(page: Page, after = 0) {
  await expect(status(page)).toHaveAttribute("data-running", "false");
  await expect(page.getByTestId("sync-error")).toHaveCount(0);
  await expect.poll(async () => Number(await status(page).getAttribute("data-synced-at"))).toBeGreaterThan(after);
  await expect(status(page)).toContainText("Last synced");
}

/** Presses "Sync now" on the Data screen and waits for that run. */
async function syncNow(page: Page) {
  await goTo(page, "Data");
  await expect(status(page)).toHaveAttribute("data-running", "false");
  const before = Number(await status(page).getAttribute("data-synced-at"));
  await page.getByRole("button", { name: "Sync now", exact: true }).click();
  await synced(page, before);
}

async function addContact(page: Page, name: string) {
  await goTo(page, "Contacts");
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(contactLink(page, name)).toBeVisible();
}

/**
 * A phone holding Grace Hopper and a laptop, both syncing with a new
 * database, each past its first run.
 */
async function syncingPair(browser: Browser, info: TestInfo) {
  const db = await newDatabase();
  const phone = await device(browser, info);
  const laptop = await device(browser, info);
  await addContact(phone.page, "Grace Hopper");
  await turnOnSync(phone.page, db);
  await synced(phone.page);
  await turnOnSync(laptop.page, db);
  await synced(laptop.page);
  return { db, phone, laptop };
}

const contactLink = (page: Page, name: string) =>
  page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: new RegExp(name) });

async function openContact(page: Page, name: string) {
  await goTo(page, "Contacts");
  await contactLink(page, name).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function editNotes(page: Page, name: string, notes: string) {
  await openContact(page, name);
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("textbox", { name: "Notes" }).fill(notes);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("a contact added, edited and deleted on one device does the same on the other", async ({ browser }, info) => {
  const db = await newDatabase();
  const phone = await device(browser, info);
  const laptop = await device(browser, info);

  await addContact(phone.page, "Grace Hopper");
  await addContact(phone.page, "Ada Lovelace");
  await turnOnSync(phone.page, db);
  await synced(phone.page);

  await turnOnSync(laptop.page, db);
  await synced(laptop.page);
  await goTo(laptop.page, "Contacts");
  await expect(contactLink(laptop.page, "Grace Hopper")).toBeVisible();
  await expect(contactLink(laptop.page, "Ada Lovelace")).toBeVisible();

  // A change is sent on its own once saved.
  await editNotes(laptop.page, "Grace Hopper", "Runs the compiler team; knows Jean.");
  await expect
    .poll(async () => {
      const all = await couchGet(couch, `${db}/_all_docs?include_docs=true`);
      return all.rows.map((r: any) => r.doc.notes).filter(Boolean);
    })
    .toEqual(["Runs the compiler team; knows Jean."]);
  await syncNow(phone.page);
  await openContact(phone.page, "Grace Hopper");
  await expect(phone.page.getByText("Runs the compiler team; knows Jean.")).toBeVisible();

  await openContact(phone.page, "Ada Lovelace");
  await phone.page.getByRole("button", { name: "Delete" }).click();
  await expect(contactLink(phone.page, "Grace Hopper")).toBeVisible();
  await syncNow(phone.page);
  await syncNow(laptop.page);
  await goTo(laptop.page, "Contacts");
  await expect(contactLink(laptop.page, "Ada Lovelace")).toHaveCount(0);
  await expect(contactLink(laptop.page, "Grace Hopper")).toBeVisible();

  // What arrived is stored: it is there after a reload.
  await laptop.page.reload();
  await goTo(laptop.page, "Contacts");
  await expect(contactLink(laptop.page, "Grace Hopper")).toBeVisible();
  await expect(contactLink(laptop.page, "Ada Lovelace")).toHaveCount(0);
  await phone.context.close();
  await laptop.context.close();
});

test("a device opened on Today syncs at once with the settings it kept", async ({ browser }, info) => {
  const { phone, laptop } = await syncingPair(browser, info);
  await addContact(laptop.page, "Katherine Johnson");
  await syncNow(laptop.page);

  // Opened anew on Today, drawn from its snapshot before the notebook and
  // the sync settings are read: the run on opening still happens, with no
  // screen visited and nothing pressed.
  const lastSynced = () =>
    phone.page.evaluate(() => JSON.parse(localStorage.getItem("rapport.sync.settings") ?? "{}").last_synced ?? 0);
  const before = await lastSynced();
  await phone.page.goto("/");
  await expect(phone.page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect.poll(lastSynced, { timeout: 15_000 }).toBeGreaterThan(before);
  await goTo(phone.page, "Contacts");
  await expect(contactLink(phone.page, "Katherine Johnson")).toBeVisible();
  await goTo(phone.page, "Data");
  await expect(status(phone.page)).toContainText("Last synced");
  await phone.context.close();
  await laptop.context.close();
});

test("restoring a backup on a device that syncs says the other devices will follow", async ({ browser }, info) => {
  const db = await newDatabase();
  const phone = await device(browser, info);
  await addContact(phone.page, "Grace Hopper");
  await turnOnSync(phone.page, db);
  await synced(phone.page);
  await goTo(phone.page, "Data");
  let asked = "";
  phone.page.once("dialog", async (d) => {
    asked = d.message();
    await d.dismiss();
  });
  await phone.page.getByLabel("Import backup").setInputFiles({
    name: "backup.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"app":"rapport","version":1,"notebook":{}}'),
  });
  await expect(phone.page.getByRole("status").filter({ hasText: "Import cancelled" })).toBeVisible();
  expect(asked).toContain("Now in Rapport (will be replaced): 1 contact");
  expect(asked).toContain(`This device syncs with ${couch.url}/${db}. At the next sync your other devices`);
  await goTo(phone.page, "Contacts");
  await expect(contactLink(phone.page, "Grace Hopper")).toBeVisible();
  await phone.context.close();
});

test("different fields of one contact edited on both devices while offline merge on their own", async ({
  browser,
}, info) => {
  const { db, phone, laptop } = await syncingPair(browser, info);

  await phone.context.setOffline(true);
  await laptop.context.setOffline(true);
  await openContact(phone.page, "Grace Hopper");
  await phone.page.getByRole("link", { name: "Edit" }).click();
  await phone.page.getByRole("textbox", { name: "Role" }).fill("Rear admiral");
  await phone.page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(phone.page.getByRole("heading", { level: 1, name: "Grace Hopper" })).toBeVisible();
  await editNotes(laptop.page, "Grace Hopper", "Typed on the laptop that evening.");
  await phone.context.setOffline(false);
  await laptop.context.setOffline(false);
  await syncNow(phone.page);
  await syncNow(laptop.page);
  await syncNow(phone.page);
  await syncNow(laptop.page);

  for (const { page } of [phone, laptop]) {
    await expect(page.getByRole("link", { name: "Compare and choose" })).toHaveCount(0);
    await openContact(page, "Grace Hopper");
    await expect(page.getByText("Rear admiral")).toBeVisible();
    await expect(page.getByText("Typed on the laptop that evening.")).toBeVisible();
  }
  const doc = (await couchGet(couch, `${db}/_all_docs?include_docs=true&conflicts=true`)).rows[0].doc;
  expect(doc._conflicts ?? []).toEqual([]);
  expect([doc.role, doc.notes]).toEqual(["Rear admiral", "Typed on the laptop that evening."]);
  await phone.context.close();
  await laptop.context.close();
});

test("with storage full, sync makes room from versions kept only for merging and brings the records in", async ({
  browser,
}, info) => {
  const db = await newDatabase();
  const phone = await device(browser, info);
  const laptop = await device(browser, info);
  // Long notes, so that the version the phone keeps to merge is large.
  await addContact(phone.page, "Grace Hopper");
  await editNotes(phone.page, "Grace Hopper", "Worked on the first compilers. ".repeat(600));
  await turnOnSync(phone.page, db);
  await synced(phone.page);
  await turnOnSync(laptop.page, db);
  await synced(laptop.page);

  // An edit on the phone keeps the version the server holds, to merge with.
  await phone.context.setOffline(true);
  await openContact(phone.page, "Grace Hopper");
  await phone.page.getByRole("link", { name: "Edit" }).click();
  await phone.page.getByRole("textbox", { name: "Role" }).fill("Rear admiral");
  await phone.page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(phone.page.getByRole("heading", { level: 1, name: "Grace Hopper" })).toBeVisible();
  await expect
    .poll(() => phone.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rapport.base.")).length))
    .toBe(1);
  await addContact(laptop.page, "Ada Lovelace");
  await syncNow(laptop.page);

  await phone.page.evaluate(fillQuota);
  await phone.context.setOffline(false);
  await syncNow(phone.page);
  await goTo(phone.page, "Contacts");
  await expect(contactLink(phone.page, "Ada Lovelace")).toBeVisible();
  expect(await phone.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rapport.base.")))).toEqual(
    [],
  );
  const docs = (await couchGet(couch, `${db}/_all_docs?include_docs=true`)).rows.map((r: any) => r.doc);
  expect(docs.find((d: any) => d.name === "Grace Hopper").role).toBe("Rear admiral");
  await phone.context.close();
  await laptop.context.close();
});

test("a device whose storage a newer version moved on does not sync into it", async ({ browser }, info) => {
  const { phone, laptop } = await syncingPair(browser, info);

  // A newer Rapport, opened in this browser since, moved its storage on.
  // Everything but Today's snapshot, which only saves time at start.
  const records = () =>
    phone.page.evaluate(() =>
      Object.fromEntries(Object.entries(localStorage).filter(([k]) => k !== "rapport.today")),
    );
  await phone.page.evaluate(() => localStorage.setItem("rapport.meta", '{"app":"rapport","format":4}'));
  await phone.page.reload();
  await expect(phone.page.getByRole("alert").filter({ hasText: "newer version" })).toBeVisible();
  // Kept once the page that ran before is gone: a run of its own, under
  // way as the newer version wrote, is not what this test is about.
  const stored = await records();
  // The other device has something new to send.
  await addContact(laptop.page, "Ada Lovelace");
  await syncNow(laptop.page);
  await goTo(phone.page, "Data");
  await phone.page.getByRole("button", { name: "Sync now", exact: true }).click();
  await expect(phone.page.getByTestId("sync-error")).toContainText("Sync waits until this device can save");
  expect(await records()).toEqual(stored);
  await phone.context.close();
  await laptop.context.close();
});

test("the same contact edited on both devices while offline is kept both ways until the user chooses", async ({ browser }, info) => {
  const { db, phone, laptop } = await syncingPair(browser, info);

  await phone.context.setOffline(true);
  await laptop.context.setOffline(true);
  await editNotes(phone.page, "Grace Hopper", "Typed on the phone after coffee.");
  await editNotes(laptop.page, "Grace Hopper", "Typed on the laptop that evening.");
  await goTo(phone.page, "Data");
  await expect(status(phone.page)).toContainText("waiting to be sent");
  await phone.context.setOffline(false);
  await laptop.context.setOffline(false);
  await syncNow(phone.page);
  await syncNow(laptop.page);
  await syncNow(phone.page);

  // Both devices show the same version and keep the other one to compare.
  // The device whose own text is not the one shown is told which it showed.
  let toldOwn = 0;
  const devices = [
    [phone, "Typed on the phone after coffee."],
    [laptop, "Typed on the laptop that evening."],
  ] as const;
  for (const [{ page }, mine] of devices) {
    await page.getByRole("link", { name: "Compare and choose" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Changed in two places" })).toBeVisible();
    await expect(page.getByText("Typed on the phone after coffee.")).toBeVisible();
    await expect(page.getByText("Typed on the laptop that evening.")).toBeVisible();
    if (await page.getByRole("columnheader", { name: "Shown here before syncing" }).count()) {
      toldOwn++;
      await expect(page.getByRole("radio", { name: `Notes in the other version: ${mine}` })).toBeVisible();
    } else {
      await expect(page.getByRole("radio", { name: `Notes on this screen: ${mine}` })).toBeVisible();
    }
  }
  expect(toldOwn).toBe(1);

  await laptop.page.getByRole("button", { name: "Keep both texts" }).click();
  await expect(laptop.page.getByRole("link", { name: "Compare and choose" })).toHaveCount(0);
  await syncNow(laptop.page);
  await syncNow(phone.page);
  await expect(phone.page.getByRole("link", { name: "Compare and choose" })).toHaveCount(0);
  for (const { page } of [phone, laptop]) {
    await openContact(page, "Grace Hopper");
    await expect(page.getByText("Typed on the phone after coffee.")).toBeVisible();
    await expect(page.getByText("Typed on the laptop that evening.")).toBeVisible();
  }
  const doc = (await couchGet(couch, `${db}/_all_docs?include_docs=true&conflicts=true`)).rows[0].doc;
  expect(doc._conflicts ?? []).toEqual([]);
  // With everything sent, a run that fails finds nothing waiting either.
  await laptop.context.setOffline(true);
  await goTo(laptop.page, "Data");
  await laptop.page.getByRole("button", { name: "Sync now", exact: true }).click();
  await expect(laptop.page.getByTestId("sync-error")).toBeVisible();
  await expect(status(laptop.page)).not.toContainText("waiting to be sent");
  await phone.context.close();
  await laptop.context.close();
});

test("a server that refuses or is not there gets a plain message and nothing is lost", async ({ browser }, info) => {
  const db = await newDatabase();
  const phone = await device(browser, info);
  await addContact(phone.page, "Grace Hopper");

  await turnOnSync(phone.page, db, { password: "wrong" });
  await expect(phone.page.getByTestId("sync-error")).toHaveText("The server did not accept the user name or password.");
  // Waiting will not fix that, so every screen says so.
  await goTo(phone.page, "Contacts");
  await expect(phone.page.getByText("Sync has stopped: The server did not accept")).toBeVisible();
  await phone.page.getByRole("link", { name: "Open sync settings" }).click();

  await phone.page.getByLabel("Password").fill(PASSWORD);
  await phone.page.getByRole("textbox", { name: "Database name" }).fill("no-such-db");
  await phone.page.getByRole("button", { name: "Save and sync now" }).click();
  await expect(phone.page.getByTestId("sync-error")).toContainText("no database by that name");

  const closed = await startCouch();
  const closedUrl = closed.url;
  await closed.stop();
  await phone.page.getByRole("textbox", { name: "Server address" }).fill(closedUrl);
  await phone.page.getByRole("textbox", { name: "Database name" }).fill(db);
  await phone.page.getByRole("button", { name: "Save and sync now" }).click();
  await expect(phone.page.getByTestId("sync-error")).toContainText("Could not reach the sync server");

  const noCors = await startCouch({ httpd: { enable_cors: false } });
  await noCors.database(db);
  await phone.page.getByRole("textbox", { name: "Server address" }).fill(noCors.url);
  await phone.page.getByRole("button", { name: "Save and sync now" }).click();
  await expect(phone.page.getByTestId("sync-error")).toContainText("does not allow this app");
  await noCors.stop();

  const server = phone.page.getByRole("textbox", { name: "Server address" });
  await server.fill("http://couch.example.org");
  await phone.page.getByRole("button", { name: "Save and sync now" }).click();
  await expect(phone.page.getByRole("alert").filter({ hasText: "Use an https:// address" })).toBeVisible();
  // The field to put right is the one focused and described, and the last
  // run's failure, about other settings, no longer stands beside it.
  await expect(server).toBeFocused();
  await expect(server).toHaveAttribute("aria-invalid", "true");
  await expect(server).toHaveAccessibleDescription(/Use an https:\/\/ address/);
  await expect(phone.page.getByTestId("sync-error")).toHaveCount(0);

  // Nothing local was touched by any of it, and the right settings work.
  await goTo(phone.page, "Contacts");
  await expect(contactLink(phone.page, "Grace Hopper")).toBeVisible();
  await turnOnSyncAgain(phone.page, db);
  await synced(phone.page);
  await goTo(phone.page, "Contacts");
  await expect(phone.page.getByText("Sync has stopped")).toHaveCount(0);
  await goTo(phone.page, "Data");

  // Turning sync off keeps every record.
  await phone.page.getByRole("button", { name: "Turn sync off" }).click();
  await expect(status(phone.page)).toContainText("Sync is off");
  await phone.page.reload();
  await goTo(phone.page, "Contacts");
  await expect(contactLink(phone.page, "Grace Hopper")).toBeVisible();
  await phone.context.close();
});

test("sync whose code cannot be fetched yet says so, and runs once it can", async ({ browser }, info) => {
  // The replicator is a part of the app fetched on sync's first run. With no
  // service worker to have stored it, going offline first leaves it out of
  // reach.
  const db = await newDatabase();
  const phone = await device(browser, info, { serviceWorkers: "block" });
  await addContact(phone.page, "Ada Lovelace");
  // The Data screen's own part is fetched while still online.
  await goTo(phone.page, "Data");
  await expect(phone.page.getByRole("textbox", { name: "Server address" })).toBeVisible();
  await phone.context.setOffline(true);
  await turnOnSync(phone.page, db);
  await expect(phone.page.getByTestId("sync-error")).toContainText(
    "Sync could not start: its part of Rapport is not on this device yet.",
  );

  await phone.context.setOffline(false);
  await syncNow(phone.page);
  const all = await couchGet(couch, `${db}/_all_docs?include_docs=true`);
  expect(all.rows.map((r: { doc: { name?: string } }) => r.doc.name)).toContain("Ada Lovelace");
  await phone.context.close();
});

test("two windows on one device take turns to sync", async ({ browser }, info) => {
  // Two runs at once would each read and rewrite the same revision trees.
  // A second window of the app holds the device's turn (a real Web Lock,
  // as its own run would); this window's run must wait for it.
  const db = await newDatabase();
  const laptop = await device(browser, info);
  await turnOnSync(laptop.page, db);
  await synced(laptop.page);
  const other = await laptop.context.newPage();
  await open(other, "/");
  await goTo(other, "Data");
  await expect(status(other)).toHaveAttribute("data-running", "false");
  await other.evaluate(
    () =>
      new Promise<void>((held) => {
        navigator.locks.request(
          "rapport-sync",
          () =>
            new Promise<void>((release) => {
              (window as unknown as { releaseSync: () => void }).releaseSync = release;
              held();
            }),
        );
      }),
  );

  // The change starts a run of its own, which waits for its turn.
  await addContact(laptop.page, "Katherine Johnson");
  await goTo(laptop.page, "Data");
  const before = Number(await status(laptop.page).getAttribute("data-synced-at"));
  await expect
    .poll(() =>
      laptop.page.evaluate(async () => (await navigator.locks.query()).pending?.filter((l) => l.name === "rapport-sync").length),
    )
    .toBeGreaterThan(0);
  await expect(status(laptop.page)).toHaveAttribute("data-running", "true");
  const names = async () =>
    (await couchGet(couch, `${db}/_all_docs?include_docs=true`)).rows.map((r: { doc: { name?: string } }) => r.doc.name);
  expect(await names()).not.toContain("Katherine Johnson");

  await other.evaluate(() => (window as unknown as { releaseSync: () => void }).releaseSync());
  await synced(laptop.page, before);
  expect(await names()).toContain("Katherine Johnson");
  await laptop.context.close();
});

async function turnOnSyncAgain(page: Page, db: string) {
  await goTo(page, "Data");
  await page.getByRole("textbox", { name: "Server address" }).fill(couch.url);
  await page.getByRole("textbox", { name: "Database name" }).fill(db);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Save and sync now" }).click();
}

test("records written by Rapport replicate into PouchDB and back", async ({ browser }, info) => {
  const db = await newDatabase();
  const phone = await device(browser, info);
  await addContact(phone.page, "Grace Hopper");
  await turnOnSync(phone.page, db);
  await synced(phone.page);

  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const PouchDB = require("pouchdb-core")
    .plugin(require("pouchdb-adapter-memory"))
    .plugin(require("pouchdb-adapter-http"))
    .plugin(require("pouchdb-replication"));
  const remote = new PouchDB(`${couch.url}/${db}`, { auth: { username: USER, password: PASSWORD } });
  const local = new PouchDB(`peer-${db}`, { adapter: "memory" });
  await local.replicate.from(remote);
  const all = await local.allDocs({ include_docs: true });
  const grace = all.rows.map((r: any) => r.doc).find((d: any) => d.type === "contact");
  expect(grace.name).toBe("Grace Hopper");
  expect(grace._id).toMatch(/^contact:\d+$/);

  await local.put({ ...grace, notes: "Edited in PouchDB." });
  await local.replicate.to(remote);
  await syncNow(phone.page);
  await openContact(phone.page, "Grace Hopper");
  await expect(phone.page.getByText("Edited in PouchDB.")).toBeVisible();

  // And Rapport's next edit on top replicates back without a conflict.
  await editNotes(phone.page, "Grace Hopper", "Edited in Rapport again.");
  await syncNow(phone.page);
  await local.replicate.from(remote);
  const back = await local.get(grace._id, { conflicts: true });
  expect(back.notes).toBe("Edited in Rapport again.");
  expect(back._conflicts ?? []).toEqual([]);
  await phone.context.close();
});
