// The grid worker's offline shell (issue 4 §9). Registered by the mobile pages only, with scope
// /grid: a worker who opens the app where there is no coverage still gets the pages, and reports
// go to the on-device queue as usual. The API is never cached: /api/ requests pass straight
// through, so nothing personal is stored here. Built files are content-hashed, so a cached asset
// never goes stale; the page itself is fetched fresh whenever there is a network.
const CACHE = 'fq-grid-shell-v1';
const SHELL = '/grid';

self.addEventListener('install', () => {
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== CACHE) {
          await caches.delete(key);
        }
      }
      await self.clients.claim();
    })(),
  );
});

/** The page tells which of its files to keep (those it loaded before this worker took over). */
self.addEventListener('message', (event) => {
  const data = event.data;
  if (data === null || typeof data !== 'object') {
    return;
  }
  if (data.type === 'precache' && Array.isArray(data.urls)) {
    const own = data.urls.filter(
      (u) =>
        typeof u === 'string' && new URL(u, self.location.origin).origin === self.location.origin,
    );
    event.waitUntil(
      (async () => {
        const cache = await caches.open(CACHE);
        for (const url of own) {
          const path = new URL(url, self.location.origin).pathname;
          if (path.startsWith('/api/') || (await cache.match(url)) !== undefined) {
            continue;
          }
          const res = await fetch(url).catch(() => null);
          if (res !== null && res.ok) {
            await cache.put(path === SHELL || path.startsWith(`${SHELL}/`) ? SHELL : url, res);
          }
        }
        event.source?.postMessage({ type: 'precached' });
      })(),
    );
  }
  if (data.type === 'clear') {
    event.waitUntil(caches.delete(CACHE));
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (
    req.method !== 'GET' ||
    url.origin !== self.location.origin ||
    url.pathname.startsWith('/api/')
  ) {
    return;
  }
  if (req.mode === 'navigate') {
    // network first: the newest page when online, the kept one when not
    event.respondWith(
      (async () => {
        try {
          const res = await fetch(req);
          if (res.ok) {
            const cache = await caches.open(CACHE);
            await cache.put(SHELL, res.clone());
          }
          return res;
        } catch {
          const kept = await caches.match(SHELL);
          return kept ?? Response.error();
        }
      })(),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // content-hashed files: the kept copy is always right
    event.respondWith(
      (async () => {
        const kept = await caches.match(req);
        if (kept !== undefined) {
          return kept;
        }
        const res = await fetch(req);
        if (res.ok) {
          const cache = await caches.open(CACHE);
          await cache.put(req, res.clone());
        }
        return res;
      })(),
    );
  }
});
