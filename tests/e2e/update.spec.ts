import { extname } from "node:path";
import { type BuildHost, expect, startBuildHost, stopBuildHost, test, waitForServiceWorker } from "./fixtures";

// A server of the real build whose service worker can be made to change, as
// it does when a new version of Rapport is deployed.
let host: BuildHost;
let base: string;
let release = 1;

test.beforeAll(async () => {
  host = await startBuildHost(
    (path) => (path === "/" || !extname(path) ? "/index.html" : path),
    (file, body) => (file === "/sw.js" ? `${body}\n// release ${release}\n` : body),
  );
  base = host.base;
});

test.afterAll(() => stopBuildHost(host));

test("a new version waits until the user chooses to update", async ({ page }) => {
  await page.goto(`${base}/`);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await waitForServiceWorker(page);
  await expect(page.getByText("Update available")).toHaveCount(0);

  release = 2;
  // What the browser does on its own from time to time: look for a new worker.
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  const banner = page.getByRole("status").filter({ hasText: "Update available" });
  // The new worker stores every part of the app before it waits, which on a
  // busy machine takes longer than an expectation's usual wait.
  await expect(banner).toBeVisible({ timeout: 30_000 });
  // Nothing changes until the user asks.
  await page.evaluate(() => ((window as unknown as { before: boolean }).before = true));
  await banner.getByRole("button", { name: "Update now" }).click();
  await page.waitForFunction(() => !(window as unknown as { before?: boolean }).before);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByText("Update available")).toHaveCount(0);
  const waiting = await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting);
  expect(waiting).toBe(false);
});
