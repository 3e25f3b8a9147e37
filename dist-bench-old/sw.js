// The offline cache. scripts/sw-precache.mjs (a Trunk post-build hook) writes the real
// version and asset list into the copy in dist/, from the files the build produced.
//
// A new version installs in the background and then waits: the page offers "A new version
// is ready" and only a click lets it take over (so code never changes under an open
// draft). The old cache is deleted once the new version is active.
const VERSION = "c9828651cf008b27";
const ASSETS = ["./","./app-8d199a0193287890.css","./boot.js","./favicon-2373c92063c930b.svg","./favicon.svg","./index.html","./manifest.webmanifest","./report-editor-6548a7f2007d13b2.js","./report-editor-6548a7f2007d13b2_bg.wasm"];
const CACHE = `report-editor-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("report-editor-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      if (request.mode === "navigate") {
        const page = await cache.match("./");
        if (page) return page;
      }
      return fetch(request);
    }),
  );
});
