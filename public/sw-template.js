// Rapport's service worker. scripts/gen-sw.mjs fills in the version and the
// list of files of this build.
const VERSION = "__VERSION__";
const CACHE = `rapport-${VERSION}`;
const PRECACHE = __PRECACHE__;
const SHELL = "/index.html";

// Files whose name carries a content hash never change, so the HTTP cache may
// serve them; anything else (the page, the manifest, icons) is asked of the
// server, or a new worker could cache the page of the version before it.
const HASHED = /(-[0-9a-f]{16}\.css|\/pkg\/[0-9a-f]{16}\/[^/]+)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        cache.addAll(PRECACHE.map((path) => (HASHED.test(path) ? path : new Request(path, { cache: "no-cache" })))),
      ),
  );
  // No skipWaiting here: a new version waits until the user chooses to update.
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith("rapport-") && n !== CACHE && n !== SHARED).map((n) => caches.delete(n)),
      );
      // Every page is answered from the cache, so the network is never worth
      // starting in parallel; an earlier worker may have turned this on.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.disable();
      // Control the page that installed us, so it works offline from now on.
      await self.clients.claim();
    })(),
  );
});

// The page asks for this when the user taps "Update now".
self.addEventListener("message", (event) => {
  if (event.data === "skipWaiting") self.skipWaiting();
});

// Opening the app: the cached shell answers at once, whatever the path and
// whether or not the host knows it (a plain static host has no page for
// /contacts), and with no network at all. A newer version is looked for in the
// background; it installs beside this one and waits for the user's say.
async function openApp() {
  const cache = await caches.open(CACHE);
  const shell = await cache.match(SHELL);
  if (shell) return shell;
  // The cache was cleared under us (storage pressure): the network is the
  // only way left.
  return fetch(SHELL);
}

// Another app shared a contacts file with the installed app (the manifest's
// share_target): keep it, then open the Data screen, which imports it with
// the usual preview. The file is handed out once and then forgotten.
const SHARED = "rapport-shared";
const SHARED_FILE = "/shared-contacts-file";

async function receiveShare(request) {
  try {
    const form = await request.formData();
    const file = form.getAll("file").find((f) => typeof f !== "string");
    if (file) {
      const cache = await caches.open(SHARED);
      await cache.put(SHARED_FILE, new Response(file, { headers: { "content-type": file.type || "text/plain" } }));
    }
  } catch {
    // Nothing readable was shared: the Data screen opens all the same.
  }
  return Response.redirect("/data?shared=1#import", 303);
}

async function handOutShared() {
  const cache = await caches.open(SHARED);
  const kept = await cache.match(SHARED_FILE);
  await cache.delete(SHARED_FILE);
  return kept || new Response("", { status: 404 });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/share-target") {
    event.respondWith(receiveShare(request));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname === SHARED_FILE) {
    event.respondWith(handOutShared());
    return;
  }

  // A path with a file extension (an icon opened in a tab, say) is a file,
  // not a screen of the app.
  if (request.mode === "navigate" && !/\.[a-z0-9]+$/i.test(url.pathname)) {
    event.respondWith(openApp());
    event.waitUntil(self.registration.update().catch(() => {}));
    return;
  }

  event.respondWith(
    caches.match(request).then((hit) => hit || fetch(request)),
  );
});
