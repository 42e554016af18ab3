import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { expect, test, waitForServiceWorker } from "./fixtures";

// A server of the real build whose service worker can be made to change, as
// it does when a new version of Rapport is deployed.
let server: Server;
let base: string;
let release = 1;
const DIST = resolve("dist");
const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

test.beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = new URL(req.url!, "http://x").pathname;
    const file = path === "/" || !extname(path) ? "/index.html" : path;
    try {
      let body: Buffer | string = await readFile(join(DIST, file));
      if (file === "/sw.js") body = `${body}\n// release ${release}\n`;
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-cache" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

test("a new version waits until the user chooses to update", async ({ page }) => {
  await page.goto(`${base}/`);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await waitForServiceWorker(page);
  await expect(page.getByText("Update available")).toHaveCount(0);

  release = 2;
  // What the browser does on its own from time to time: look for a new worker.
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  const banner = page.getByRole("status").filter({ hasText: "Update available" });
  await expect(banner).toBeVisible();
  // Nothing changes until the user asks.
  await page.evaluate(() => ((window as unknown as { before: boolean }).before = true));
  await banner.getByRole("button", { name: "Update now" }).click();
  await page.waitForFunction(() => !(window as unknown as { before?: boolean }).before);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByText("Update available")).toHaveCount(0);
  const waiting = await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting);
  expect(waiting).toBe(false);
});
