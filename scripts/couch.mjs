import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// A real CouchDB-protocol server (PouchDB Server from node_modules) for the
// sync tests and the sync benchmark.

export const USER = "ada";
export const PASSWORD = "correct horse";

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = server.address().port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * Starts PouchDB Server on a free loopback port, on disk in a temporary
 * folder (its in-memory mode cannot create databases). `config` is written
 * to its configuration file first, e.g. to switch CORS off. Returns its
 * `url`, `database(name)` to create a database only the admin may use, and
 * `stop()`.
 */
export async function startCouch(config = {}) {
  const dir = mkdtempSync(join(tmpdir(), "rapport-couch-"));
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Run from the temporary folder: the server writes its log where it runs.
  const child = spawn(
    resolve("node_modules/.bin/pouchdb-server"),
    ["--port", String(port), "--host", "127.0.0.1", "--no-color", "--dir", dir, "--config", join(dir, "config.json")],
    { cwd: dir, stdio: "ignore" },
  );
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("PouchDB Server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  let adminSet = false;
  const auth = "Basic " + Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
  return {
    url,
    async database(name) {
      // Once an admin exists, an unsigned create crashes this server.
      const created = await fetch(`${url}/${name}`, { method: "PUT", headers: adminSet ? { Authorization: auth } : {} });
      if (!created.ok) throw new Error(`creating ${name}: ${created.status}`);
      if (!adminSet) {
        const admin = await fetch(`${url}/_config/admins/${USER}`, { method: "PUT", body: JSON.stringify(PASSWORD) });
        if (!admin.ok) throw new Error(`making the admin: ${admin.status}`);
        adminSet = true;
      }
    },
    async stop() {
      child.kill();
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An admin request to the server, for checking what it holds. */
export async function couchGet(couch, path) {
  const auth = "Basic " + Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
  const res = await fetch(`${couch.url}/${path}`, { headers: { Authorization: auth } });
  return res.json();
}
