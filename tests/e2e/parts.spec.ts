import { expect, goTo, open, test, waitForServiceWorker } from "./fixtures";

// Opening the app downloads the shell and Today only; the record store
// follows once Today is drawn from what was kept of it (or when something
// needs it), and every other screen's code is a separate part of the wasm,
// fetched the first time it is opened.

// Screens by address, each with the heading it shows once its part has loaded.
const LAZY_SCREENS = [
  ["/contacts", "Contacts"],
  ["/contacts/new", "New contact"],
  ["/organizations", "Organizations"],
  ["/organizations/new", "New organization"],
  ["/meetings", "Meetings"],
  ["/meetings/new", "Plan meeting"],
  ["/pitch", "Pitch"],
  ["/pitch/practice", "Practice"],
  ["/data", "Data"],
  ["/conflicts", "Changed in two places"],
  ["/follow-ups", "Follow-ups"],
  ["/follow-ups/new", "New follow-up"],
  ["/goals", "Goals"],
  ["/journal", "Journal"],
  ["/events", "Events"],
  ["/events/new", "New event"],
] as const;

test("opening Today fetches no screen's part; opening Contacts fetches its own", async ({ page, consoleErrors }) => {
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname.split("/").pop()!);
  });
  await open(page, "/");
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  // A first visit has nothing stored to read: not even the record store is
  // fetched until something needs it. Only the router's and the service
  // worker's parts (with code they share) follow the main module, once
  // Today is painted.
  await page.waitForLoadState("networkidle");
  const fetched = [...new Set(wasm)];
  expect(fetched[0]).toBe("rapport_bg.wasm");
  expect(fetched.filter((f) => f.startsWith("split_")).sort()).toEqual(["split_router.wasm", "split_worker.wasm"]);

  await goTo(page, "Contacts");
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  expect(wasm).toContain("split_contacts.wasm");
  expect(wasm).toContain("split_store.wasm");
  expect(wasm).not.toContain("split_pitch.wasm");
  // Focus moves to the new screen's heading once its part has arrived.
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeFocused();
  expect(consoleErrors).toEqual([]);
});

test("after a first visit that saw only Today, every screen opens offline", async ({ page, context, consoleErrors }) => {
  await open(page, "/");
  await waitForServiceWorker(page);
  await context.setOffline(true);
  for (const [path, heading] of LAZY_SCREENS) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading, exact: true })).toBeVisible();
  }
  expect(consoleErrors).toEqual([]);
});

test.describe("without a service worker", () => {
  // A browser that keeps no service worker (some private modes) cannot have
  // the parts stored ahead of time.
  test.use({ serviceWorkers: "block" });

  test("other screens' styles come after Today is painted, and a screen opened sooner waits for them", async ({ page }) => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    await page.route(/\/screens-[0-9a-f]+\.css$/, async (route) => {
      asked++;
      await held;
      await route.continue();
    });
    await open(page, "/");
    // Today is drawn while the other screens' styles are still on their way.
    await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
    await expect.poll(() => asked).toBe(1);

    const contactsPart = page.waitForResponse((r) => r.url().endsWith("/split_contacts.wasm"));
    await goTo(page, "Contacts");
    await contactsPart;
    await expect(page.getByText("Opening…")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toHaveCount(0);
    release();
    await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
    // The screen is drawn with its styles: the list filters are round chips.
    await expect(page.locator(".chip").first()).toHaveCSS("border-radius", "999px");

    // The sheet was not downloaded with the page: only once the app had
    // started, after its main module had arrived.
    const order = await page.evaluate(() => {
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      return {
        app: resources.find((e) => e.name.endsWith("/rapport_bg.wasm"))?.responseEnd,
        styles: resources.find((e) => /\/screens-[0-9a-f]+\.css$/.test(e.name))?.startTime,
      };
    });
    expect(order.app).toBeDefined();
    expect(order.styles).toBeGreaterThan(order.app!);
  });

  test("a link followed on Today before the router has arrived is followed once it has", async ({ page, consoleErrors }) => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/split_router.wasm", async (route) => {
      await held;
      await route.continue();
    });
    await open(page, "/");
    await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
    await goTo(page, "Contacts");
    // Held, not loaded as a new page: the address and the app stay.
    await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe("/");
    release();
    await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
    await expect(page).toHaveURL(/\/contacts$/);
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test("without the router's part, a link still leads to a screen that says so, and Back returns", async ({ page }) => {
    await page.route("**/split_router.wasm", (route) => route.abort());
    await open(page, "/");
    await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
    await goTo(page, "Contacts");
    await expect(page.getByRole("heading", { level: 1, name: "This screen is not on this device yet" })).toBeVisible();
    await expect(page).toHaveURL(/\/contacts$/);
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
    // Once it can be fetched, the screen opens, and the router runs from
    // there on.
    await page.unroute("**/split_router.wasm");
    await page.goForward();
    await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
    await goTo(page, "Meetings");
    await expect(page.getByRole("heading", { level: 1, name: "Meetings" })).toBeVisible();
    await expect(page).toHaveURL(/\/meetings$/);
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  });

  test("a screen that cannot be fetched says so, keeps the app usable, and loads on retry", async ({ page, context }) => {
    await open(page, "/");
    await context.setOffline(true);

    await goTo(page, "Contacts");
    await expect(page.getByRole("heading", { level: 1, name: "This screen is not on this device yet" })).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("Connect and try again");
    // Still offline: trying again fails the same clear way.
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "This screen is not on this device yet" })).toBeVisible();

    // The rest of the app still works.
    await goTo(page, "Today");
    await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();

    await goTo(page, "Contacts");
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    await context.setOffline(false);
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
  });

  test("the banner about stored data still warns when its part cannot be fetched", async ({ page }) => {
    await page.addInitScript(() => {
      if (!sessionStorage.getItem("seeded")) {
        localStorage.setItem("rapport.meta", '{"app":"rapport","format":99}');
        sessionStorage.setItem("seeded", "1");
      }
    });
    await page.route("**/split_problem.wasm", (route) => route.abort());
    await open(page, "/");
    await expect(page.getByRole("alert")).toContainText("could not fetch the part of Rapport that explains it");
    // Fetched, it explains.
    await page.unroute("**/split_problem.wasm");
    await page.reload();
    await expect(page.getByRole("alert")).toContainText("saved by a newer version of Rapport");
  });
});
