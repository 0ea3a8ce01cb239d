// Offline app shell for Pulso. Pages (/w/<id>) are network-first with the cached shell as
// fallback; hashed assets (/assets/) are cache-first. The sync socket and IndexedDB are
// untouched: the data itself lives in IndexedDB, this only keeps the code reachable.
const CACHE = 'pulso-shell-v1';
const SHELL = '/w/__shell__';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

self.addEventListener('message', (e) => {
  if (!e.data || e.data.type !== 'cache' || !Array.isArray(e.data.urls)) return;
  e.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      for (const u of e.data.urls) {
        try {
          const url = new URL(u, self.location.origin);
          const res = await fetch(url, { cache: 'no-cache' });
          if (!res.ok) continue;
          await cache.put(url.pathname.startsWith('/w/') ? SHELL : url.pathname, res);
        } catch (_) {
          /* offline already: keep what we have */
        }
      }
    }),
  );
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' && url.pathname.startsWith('/w/')) {
    e.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(CACHE).then((c) => c.put(SHELL, copy));
          }
          return res;
        })
        .catch(() => caches.open(CACHE).then((c) => c.match(SHELL)).then((r) => r || Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    e.respondWith(
      caches.open(CACHE).then(async (c) => {
        const hit = await c.match(url.pathname);
        if (hit) return hit;
        const res = await fetch(req);
        if (res.ok) c.put(url.pathname, res.clone());
        return res;
      }),
    );
  }
});
