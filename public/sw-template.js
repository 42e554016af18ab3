// Rapport's service worker. scripts/gen-sw.mjs fills in the version and the
// list of files of this build.
const VERSION = "__VERSION__";
const CACHE = `rapport-${VERSION}`;
const PRECACHE = __PRECACHE__;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith("rapport-") && n !== CACHE).map((n) => caches.delete(n)),
      );
      // Control the page that installed us, so it works offline from now on.
      await self.clients.claim();
    })(),
  );
});

// The page asks for this when the user taps "Update now".
self.addEventListener("message", (event) => {
  if (event.data === "skipWaiting") self.skipWaiting();
});

const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    // Fresh page when online; the cached app shell when not.
    event.respondWith(
      fetch(request).catch(async () => {
        const cache = await caches.open(CACHE);
        return (await cache.match("/index.html")) || Response.error();
      }),
    );
    return;
  }

  if (HASHED.test(url.pathname)) {
    // A hashed name never changes content: the cache is always right.
    event.respondWith(
      caches.match(request).then((hit) => hit || fetch(request)),
    );
    return;
  }

  event.respondWith(
    caches.match(request).then(
      (hit) =>
        hit ||
        fetch(request).catch(() => Response.error()),
    ),
  );
});
