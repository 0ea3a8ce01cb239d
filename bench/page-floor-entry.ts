// The bare page's script for bench/page-floor.ts: Yjs alone, as `window.PulsoFloor`.
export * from 'yjs';
