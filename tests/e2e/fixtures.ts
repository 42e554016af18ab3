import { test as base, expect, type Page } from "@playwright/test";

/** Console errors and uncaught exceptions seen by a page during a test. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    page.on("pageerror", (err) => errors.push(String(err)));
    await use(errors);
  },
});

export { expect };

/** Opens the app at `path` and waits until the Rust app has rendered. */
export async function open(page: Page, path = "/") {
  await page.goto(path);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** Waits until a service worker controls the page. */
export async function waitForServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }),
      );
    }
  });
}

export const SCREENS = [
  { link: "Today", heading: "Today", path: "/" },
  { link: "Contacts", heading: "Contacts", path: "/contacts" },
  { link: "Meetings", heading: "Meetings", path: "/meetings" },
  { link: "Pitch", heading: "Pitch", path: "/pitch" },
  { link: "Data", heading: "Data", path: "/data" },
];

export async function goTo(page: Page, link: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link }).click();
}
