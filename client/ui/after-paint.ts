// Work that must not hold the next frame: runs once the browser has painted (rAF, then a
// task). Used where a page opens over the app: what it paints first is what the person
// waits for; the rest (focus moves, making the covered view inert) follows a frame later.

/** Calls `fn` after the next paint; the returned function cancels it. */
export function afterPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => { timer = setTimeout(fn, 0); });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
