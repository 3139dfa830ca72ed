// The app offline: every file of the build is cached when this worker installs, and served
// from that cache from then on — pages, the wasm, a deep link, after a browser restart, with or
// without a network. VERSION and FILES are written by the build (.ci/precache.mjs, a Trunk
// post-build hook): a new build is a new worker, which waits until the page asks for it
// ("new version — reload"), so nobody is switched mid-edit. The very first install takes over
// at once (there is nothing to switch from).
const VERSION = "dev";
const FILES = [];
// Named by the scope too: another copy of the app on the same host (staging beside
// production) keeps its own cache.
const SCOPE = new URL(self.registration.scope);
const PREFIX = "salesdesk-" + SCOPE.pathname + "-";
const CACHE = PREFIX + VERSION;
// The app shell: the one page (routes are in the hash).
const SHELL = SCOPE.href;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Straight from the server (not the HTTP cache), so the copy matches this build.
    await cache.addAll(["./", ...FILES].map((f) => new Request(f, { cache: "reload" })));
    if (!self.registration.active) await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    const old = (k) => (k.startsWith(PREFIX) && k !== CACHE) || k === "salesdesk-v1"; // v1: before the precache
    await Promise.all(keys.filter(old).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  else if (event.data === "version" && event.ports[0]) event.ports[0].postMessage(VERSION);
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const path = new URL(req.url).pathname;
    if (req.mode === "navigate" && path !== SCOPE.pathname && path !== SCOPE.pathname + "index.html") {
      // A file of the build opened by its address is that file; any other path in the scope
      // goes to the app (the page's relative URLs only work from the scope itself).
      const file = await cache.match(req, { ignoreSearch: true });
      if (file) return file;
      if (await cache.match(SHELL)) return Response.redirect(SHELL, 302);
    }
    const hit = req.mode === "navigate"
      ? await cache.match(SHELL)
      : await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    // Not part of the build (or a development build without a file list): the network, kept
    // for the next time it is missing.
    try {
      const res = await fetch(req);
      if (res.ok && res.type === "basic") await cache.put(req.mode === "navigate" ? SHELL : req, res.clone());
      return res;
    } catch (err) {
      const fallback = req.mode === "navigate" ? await caches.match(SHELL) : await caches.match(req, { ignoreSearch: true });
      if (fallback) return fallback;
      throw err;
    }
  })());
});
