// The portal's service worker: pages always come from the network (they are personal and change), and when
// the network is gone the cached offline page answers instead. Nothing personal is ever cached.
const CACHE = "tamkeen-portal-v1";
const SCOPE = new URL(self.registration.scope).pathname;
const OFFLINE = SCOPE + "offline/";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(new Request(OFFLINE, { cache: "reload" }))));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
  );
  self.clients.claim();
});

self.addEventListener("fetch", (event) => {
  if (event.request.mode !== "navigate") {
    return;
  }
  event.respondWith(fetch(event.request).catch(() => caches.match(OFFLINE)));
});
