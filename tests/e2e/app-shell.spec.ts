import { extname } from "node:path";
import { type BuildHost, expect, startBuildHost, stopBuildHost, test, waitForServiceWorker } from "./fixtures";

// A plain static host, like GitHub Pages or a storage bucket: it has the files
// of the build and nothing else, so /contacts is a 404 there. It can also be
// told to stop answering for the page, as on a connection that has stalled.
let host: BuildHost;
let base: string;
let stalled = false;

test.beforeAll(async () => {
  host = await startBuildHost((path) => {
    const file = path === "/" ? "/index.html" : path;
    // Left hanging: the browser waits on it until the test ends.
    return stalled && extname(file) === ".html" ? null : file;
  });
  base = host.base;
});

test.afterAll(() => stopBuildHost(host));

test.beforeEach(() => {
  stalled = false;
});

const mainNav = (page: import("@playwright/test").Page) => page.getByRole("navigation", { name: "Main" });

test("after the first visit, deep links open the app on a host that only knows the files", async ({ page, context, consoleErrors }) => {
  // The host itself has no page there.
  expect((await page.request.get(`${base}/contacts`)).status()).toBe(404);

  await page.goto(`${base}/`);
  await expect(mainNav(page)).toBeVisible();
  await waitForServiceWorker(page);

  await page.goto(`${base}/contacts`);
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();

  // A meeting in progress, then its page opened afresh by its address.
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ana Souza");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await mainNav(page).getByRole("link", { name: "Meetings" }).click();
  await page.getByRole("link", { name: "Plan meeting" }).click();
  await page.getByRole("combobox", { name: "Contact" }).selectOption({ label: "Ana Souza (A)" });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("button", { name: "Start meeting" }).click();
  await expect(page.getByRole("timer", { name: "Time remaining" })).toBeVisible();
  const live = new URL(page.url()).pathname;
  expect(live).toMatch(/^\/meetings\/\d+\/live$/);

  await page.reload();
  await expect(page.getByRole("timer", { name: "Time remaining" })).toBeVisible();
  await page.goto(`${base}/meetings`);
  await expect(page.getByRole("heading", { level: 1, name: "Meetings" })).toBeVisible();

  // Offline, the same addresses still open.
  await context.setOffline(true);
  await page.goto(`${base}${live}`);
  await expect(page.getByRole("timer", { name: "Time remaining" })).toBeVisible();
  await page.goto(`${base}/contacts`);
  await expect(page.getByRole("list", { name: "Contacts" }).getByRole("link", { name: /Ana Souza/ })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("the app opens from the cache without waiting for a stalled connection", async ({ page }) => {
  await page.goto(`${base}/`);
  await expect(mainNav(page)).toBeVisible();
  await waitForServiceWorker(page);

  stalled = true;
  await page.goto(`${base}/pitch`, { timeout: 15_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Pitch" })).toBeVisible();
});
