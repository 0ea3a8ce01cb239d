// Whether this browser keeps data: private windows and storage turned off refuse
// IndexedDB (an error, or an open that never answers).
export function indexedDBUsable(timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      resolve(ok);
    };
    try {
      // Not `pulso-<id>`, the name of a workbook's own database (a workbook may be called "probe").
      const req = indexedDB.open('pulso:probe');
      req.onsuccess = () => {
        req.result.close();
        done(true);
      };
      req.onerror = () => done(false);
    } catch {
      done(false);
    }
  });
}
