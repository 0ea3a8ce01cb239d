// The app shell works offline: a service worker (client/public/sw.js, served at /sw.js)
// keeps the page and its assets, so a reload without network still opens the workbook
// from IndexedDB.
export function registerOfflineShell(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(async () => {
      const reg = await navigator.serviceWorker.ready;
      // The page loaded before the worker existed: hand it what to keep.
      const urls = [location.pathname, ...performance.getEntriesByType('resource').map((e) => e.name)].filter((u) => {
        const url = new URL(u, location.href);
        return url.origin === location.origin && (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/w/'));
      });
      reg.active?.postMessage({ type: 'cache', urls });
    })
    .catch((e) => console.warn('offline shell unavailable:', e));
}
