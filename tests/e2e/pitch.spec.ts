import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, expectFits, goTo, open, storedDocs, test } from "./fixtures";

/** `n` distinct-looking words. */
function words(n: number) {
  return Array.from({ length: n }, (_, i) => `word${i + 1}`).join(" ");
}

/** Stores a notebook before the app first loads (once per test). */
async function seed(page: Page, notebook: object) {
  const text = JSON.stringify({ app: "rapport", version: 2, notebook });
  await page.addInitScript((stored) => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("rapport.notebook", stored);
      sessionStorage.setItem("seeded", "1");
    }
  }, text);
}

// 7 + 290 = 297 words.
const PRACTICE_TEXT = `I spent six years as a teacher. ${words(290)}`;
const PRACTICE_WORDS = 297;

async function seedPitch(page: Page) {
  await seed(page, {
    next_id: 2,
    pitches: [{ id: 1, title: "Friends", text: PRACTICE_TEXT, updated_at: 0 }],
    default_pitch: 1,
    settings: { words_per_minute: 130 },
  });
}

const timer = (page: Page) => page.getByRole("timer", { name: "Practice time remaining" });
const versionSelect = (page: Page) => page.getByRole("combobox", { name: "Pitch version" });

test("the pitch shows its length and warns past two minutes; text and pace persist", async ({ page, consoleErrors }) => {
  await open(page, "/pitch");
  await expect(page.getByRole("heading", { level: 1, name: "Pitch" })).toBeVisible();
  await expect(page.getByText("never for a job")).toBeVisible();

  const box = page.getByRole("textbox", { name: "Pitch text" });
  // The box's description, not a live region: it is not read out at every word.
  const estimate = page.locator("#pitch-estimate");
  await expect(box).toHaveAttribute("aria-describedby", "pitch-estimate");
  await expect(estimate).not.toHaveAttribute("aria-live");
  const announced = page.locator('p[aria-live="polite"].visually-hidden');
  await box.fill(words(212));
  await expect(estimate).toContainText("212 words · about 1:38 at 130 words per minute");
  await expect(page.locator(".warning")).toHaveCount(0);

  // 300 words at 130 words per minute take 2:18.
  await box.fill(words(300));
  await expect(estimate).toContainText("300 words · about 2:18 at 130 words per minute");
  const warning = page.locator(".warning");
  await expect(warning).toBeVisible();
  await expect(warning).toHaveText(/^Longer than two minutes/);
  await expect(warning).toContainText("trimming");
  // Going past two minutes is announced, once.
  await expect(announced).toHaveText("Longer than two minutes.");

  const pace = page.getByRole("spinbutton", { name: "Words per minute" });
  await expect(pace).toHaveValue("130");
  await pace.fill("200");
  await expect(estimate).toContainText("300 words · about 1:30 at 200 words per minute");
  await expect(page.locator(".warning")).toHaveCount(0);

  // An out-of-range pace is flagged and not saved.
  await pace.fill("20");
  await expect(pace).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a whole number from 60 to 250")).toBeVisible();
  await expect(estimate).toContainText("at 200 words per minute");
  // Saving waits for a pause in typing.
  await expect
    .poll(async () => (await storedDocs(page, "settings"))[0]?.settings.words_per_minute)
    .toBe(200);

  await page.reload();
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue(words(300));
  await expect(page.getByRole("spinbutton", { name: "Words per minute" })).toHaveValue("200");
  await expect(estimate).toContainText("300 words · about 1:30 at 200 words per minute");
  await expect(page.locator(".warning")).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test("a first version made with New version is named by what is typed next", async ({ page }) => {
  await open(page, "/pitch");
  await page.getByRole("button", { name: "New version" }).focus();
  await page.keyboard.press("Enter");
  const name = page.getByRole("textbox", { name: "Version name" });
  await expect(name).toBeFocused();
  // A space no longer presses New version again.
  await page.keyboard.type("For friends");
  await expect(name).toHaveValue("For friends");
  await expect(versionSelect(page).getByRole("option")).toHaveCount(1);
});

test("versions: add one, make it the default, delete it", async ({ page }) => {
  await open(page, "/pitch");
  // Typing on a first visit creates the first version.
  await page.getByRole("textbox", { name: "Pitch text" }).fill("Hi, I am Sam. I moved from teaching to research.");
  await page.getByRole("textbox", { name: "Version name" }).fill("Friends");
  await expect(versionSelect(page).locator("option:checked")).toHaveText("Friends (default)");
  await expect(page.getByRole("button", { name: "Make default" })).toBeDisabled();

  await page.getByRole("button", { name: "New version" }).click();
  await expect(versionSelect(page).locator("option:checked")).toHaveText("Version 2");
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue("");
  await expect(page.getByRole("textbox", { name: "Version name" })).toBeFocused();
  // The suggested name is selected: typing replaces it.
  await page.keyboard.type("Insid");
  await expect(page.getByRole("textbox", { name: "Version name" })).toHaveValue("Insid");
  await page.getByRole("textbox", { name: "Version name" }).fill("Insiders");
  await page.getByRole("textbox", { name: "Pitch text" }).fill("I have been following your team's work on search.");
  await expect(versionSelect(page).locator("option:checked")).toHaveText("Insiders");
  await page.getByRole("button", { name: "Make default" }).click();
  await expect(versionSelect(page).locator("option:checked")).toHaveText("Insiders (default)");
  await expect(page.getByRole("button", { name: "Make default" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Make default" })).toBeFocused();

  // Switching versions shows each one's own text.
  await versionSelect(page).selectOption({ label: "Friends" });
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue(
    "Hi, I am Sam. I moved from teaching to research.",
  );
  await expect(page.getByRole("button", { name: "Make default" })).toBeEnabled();

  await page.reload();
  await expect(versionSelect(page).locator("option:checked")).toHaveText("Insiders (default)");
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue(
    "I have been following your team's work on search.",
  );

  // Cancelling the confirmation keeps the version.
  page.once("dialog", (d) => d.dismiss());
  await page.getByRole("button", { name: "Delete version" }).click();
  await expect(versionSelect(page).locator("option")).toHaveCount(2);

  page.once("dialog", (d) => {
    expect(d.message()).toContain("Insiders");
    d.accept();
  });
  await page.getByRole("button", { name: "Delete version" }).click();
  await expect(versionSelect(page).locator("option")).toHaveCount(1);
  await expect(versionSelect(page).locator("option:checked")).toHaveText("Friends (default)");
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toHaveValue(
    "Hi, I am Sam. I moved from teaching to research.",
  );
  await page.reload();
  await expect(versionSelect(page).locator("option:checked")).toHaveText("Friends (default)");
});

test("the practice link opens practice mode and leads back", async ({ page }) => {
  await seedPitch(page);
  await open(page, "/pitch");
  await page.getByRole("link", { name: "Practice" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Practice" })).toBeVisible();
  await expect(page).toHaveURL(/\/pitch\/practice$/);
  await expect(page.getByRole("region", { name: "Pitch", exact: true })).toContainText("I spent six years as a teacher.");
  await page.getByRole("link", { name: "Back to pitch" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pitch" })).toBeVisible();
});

test("practice counts down two minutes from timestamps, with pause and reset", async ({ page, consoleErrors }) => {
  await page.clock.install({ time: new Date("2026-11-23T09:00:00") });
  await seedPitch(page);
  await open(page, "/pitch/practice");
  await expect(page.getByRole("heading", { level: 1, name: "Practice" })).toBeVisible();
  // Stop the clock flowing on its own so every step is exact.
  await page.clock.pauseAt(new Date("2026-11-23T09:00:30"));

  const region = page.getByRole("region", { name: "Pitch", exact: true });
  await expect(region).toContainText("I spent six years as a teacher.");
  const fontSize = await region.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(24);

  await expect(timer(page)).toHaveText("2:00");
  await expect(page.getByRole("button", { name: "Pause" })).toBeDisabled();
  // From the keyboard: the pressed button keeps focus as it becomes unavailable.
  await page.getByRole("button", { name: "Start" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Start" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Start" })).toBeFocused();
  // Pressed again while running, it does nothing.
  await page.keyboard.press("Space");
  await page.clock.runFor(30_000);
  await expect(timer(page)).toHaveText("1:30");

  await page.getByRole("button", { name: "Pause" }).click();
  await page.clock.runFor(10_000);
  await expect(timer(page)).toHaveText("1:30");
  await expect(page.getByRole("button", { name: "Start" })).toHaveCount(0);

  await page.getByRole("button", { name: "Resume" }).click();
  await page.clock.runFor(90_000);
  await expect(timer(page)).toHaveText("0:00");
  await expect(page.getByRole("status").filter({ hasText: "Time's up" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Start" })).toBeDisabled();

  // Nothing moves once time is up.
  await page.clock.runFor(5_000);
  await expect(timer(page)).toHaveText("0:00");

  await page.getByRole("button", { name: "Reset" }).click();
  await expect(timer(page)).toHaveText("2:00");
  await expect(page.getByText("Time's up")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Start" })).toBeEnabled();
  expect(consoleErrors).toEqual([]);
});

test("scrolling at speaking pace follows the countdown", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-23T09:00:00") });
  await seedPitch(page);
  await open(page, "/pitch/practice");
  await page.clock.pauseAt(new Date("2026-11-23T09:00:30"));

  const region = page.getByRole("region", { name: "Pitch", exact: true });
  const scrollTop = () => region.evaluate((el) => el.scrollTop);
  const room = await region.evaluate((el) => el.scrollHeight - el.clientHeight);
  expect(room).toBeGreaterThan(0);

  await page.getByRole("checkbox", { name: "Scroll at speaking pace" }).check();
  await page.getByRole("button", { name: "Start" }).click();
  await page.clock.runFor(60_000);
  // 297 words at 130 words per minute take about 137 s; 60 s is ~44% through.
  const expected = (60 / ((PRACTICE_WORDS * 60) / 130)) * room;
  await expect.poll(scrollTop).toBeGreaterThan(expected - 5);
  expect(await scrollTop()).toBeLessThan(expected + 5);

  // Paused, the text stays put.
  await page.getByRole("button", { name: "Pause" }).click();
  const atPause = await scrollTop();
  await page.clock.runFor(20_000);
  expect(await scrollTop()).toBe(atPause);

  await page.getByRole("button", { name: "Reset" }).click();
  await expect.poll(scrollTop).toBe(0);
});

test("with reduced motion the scroll option is not offered", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await seedPitch(page);
  await open(page, "/pitch/practice");
  await expect(timer(page)).toHaveText("2:00");
  await expect(page.getByRole("checkbox", { name: "Scroll at speaking pace" })).toHaveCount(0);
  await expect(page.getByText("reduced motion")).toBeVisible();

  await page.emulateMedia({ reducedMotion: "no-preference" });
  await expect(page.getByRole("checkbox", { name: "Scroll at speaking pace" })).toBeVisible();
});

test("practice without a pitch says so and links to the Pitch screen", async ({ page }) => {
  await open(page, "/pitch/practice");
  await expect(page.getByRole("heading", { level: 1, name: "Practice" })).toBeVisible();
  await expect(page.getByText("There is no pitch to practise yet")).toBeVisible();
  await expect(page.getByRole("timer")).toHaveCount(0);
  await page.getByRole("link", { name: "Write your pitch" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pitch" })).toBeVisible();
});

test("practice offers a choice of version when there are several", async ({ page }) => {
  await seed(page, {
    next_id: 3,
    pitches: [
      { id: 1, title: "Friends", text: "Friendly words.", updated_at: 0 },
      { id: 2, title: "Insiders", text: "Insider words.", updated_at: 0 },
    ],
    default_pitch: 2,
  });
  await open(page, "/pitch/practice");
  const region = page.getByRole("region", { name: "Pitch", exact: true });
  await expect(versionSelect(page).locator("option:checked")).toHaveText("Insiders (default)");
  await expect(region).toHaveText("Insider words.");
  await versionSelect(page).selectOption({ label: "Friends" });
  await expect(region).toHaveText("Friendly words.");
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`pitch and practice have no serious accessibility violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await seedPitch(page);
    for (const path of ["/pitch", "/pitch/practice"]) {
      await open(page, path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(bad.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
    }
  });
}

test("pitch and practice fit a 360 px screen with 44 px touch targets", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await seed(page, {
    next_id: 3,
    pitches: [
      { id: 1, title: "Friends", text: words(300), updated_at: 0 },
      { id: 2, title: "A rather long version name for insiders at target employers", text: "Short.", updated_at: 0 },
    ],
    default_pitch: 1,
  });
  for (const path of ["/pitch", "/pitch/practice"]) {
    await open(page, path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectFits(page, path);
  }
});

test("the pitch screen is reachable from the navigation", async ({ page }) => {
  await open(page);
  await goTo(page, "Pitch");
  await expect(page.getByRole("textbox", { name: "Pitch text" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Practice" })).toHaveClass(/btn/);
});

test("a pitch version without a title is named in the meeting plan, and one with no text is not offered", async ({
  page,
}) => {
  await seed(page, {
    next_id: 5,
    contacts: [{ id: 3, name: "Ana Souza", list: "B", created_at: 0 }],
    pitches: [
      { id: 1, title: "", text: PRACTICE_TEXT, updated_at: 0 },
      { id: 2, title: "Friends", text: PRACTICE_TEXT, updated_at: 0 },
      { id: 4, title: "Version 3", text: "  ", updated_at: 0 },
    ],
    default_pitch: 1,
  });
  await open(page, "/meetings/new");
  const choice = page.getByRole("combobox", { name: "Pitch version" });
  await expect(choice.getByRole("option")).toHaveCount(3);
  await expect(choice.getByRole("option").first()).toHaveText("Whichever is the default");
  await expect(choice.getByRole("option", { name: "Untitled version (default)", exact: true })).toHaveCount(1);
  await expect(choice.getByRole("option", { name: "Friends", exact: true })).toHaveCount(1);
});
