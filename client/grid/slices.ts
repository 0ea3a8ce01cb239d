// Long jobs on the page's thread (ordering a million rows, searching them) cut into slices
// of a few milliseconds, so that typing, scrolling and painting go on between them. A job is
// a generator that yields often (every few thousand rows); the runner resumes it until its
// slice is spent, then hands the thread back through a message (not setTimeout, which
// browsers clamp to 4 ms once nested).

export interface SliceJob<T> {
  /** The job's result, or undefined when it was cancelled first. */
  readonly done: Promise<T | undefined>;
  /** Slices run so far. */
  readonly slices: number;
  cancel(): void;
}

const now = () => performance.now();

/**
 * How a slice waits its turn. 'background' work (counting a sheet's invalid cells) runs only
 * when no other slice is waiting: a sheet just switched to gets its rows before the passes
 * the sheets seen earlier still have going.
 */
export type SlicePriority = 'user' | 'background';

/** Runs `go` in a task of its own, after what the page has waiting (input, painting) and the waiting slices of higher priority. */
export const yieldToPage: (go: () => void, priority?: SlicePriority) => void =
  typeof MessageChannel === 'function'
    ? (() => {
        const channel = new MessageChannel();
        const waiting: Record<SlicePriority, (() => void)[]> = { user: [], background: [] };
        // One message per waiting slice: each message runs the first of the highest priority.
        channel.port1.onmessage = () => (waiting.user.shift() ?? waiting.background.shift())?.();
        // Node keeps a process alive for an open port: let it go (tests run this in Node).
        (channel.port1 as unknown as { unref?: () => void }).unref?.();
        return (go: () => void, priority: SlicePriority = 'user') => {
          waiting[priority].push(go);
          channel.port2.postMessage(0);
        };
      })()
    : (go) => setTimeout(go, 0);

/** Runs `steps` to its end in slices of about `sliceMs`; the first one at once unless `priority` is 'background'. */
export function runInSlices<T>(steps: Iterator<unknown, T>, sliceMs = 8, priority: SlicePriority = 'user'): SliceJob<T> {
  const state = { cancelled: false, slices: 0 };
  const done = new Promise<T | undefined>((resolve, reject) => {
    const slice = () => {
      if (state.cancelled) return resolve(undefined);
      state.slices++;
      const end = now() + sliceMs;
      try {
        for (;;) {
          const r = steps.next();
          if (r.done) return resolve(r.value);
          if (now() >= end) break;
        }
      } catch (e) {
        return reject(e);
      }
      yieldToPage(slice, priority);
    };
    if (priority === 'background') yieldToPage(slice, priority);
    else slice();
  });
  return {
    done,
    get slices() {
      return state.slices;
    },
    cancel() {
      state.cancelled = true;
    },
  };
}

/**
 * A stable merge sort of `order` (indexes) by `cmp`, one yield per few thousand
 * comparisons: a million rows sort in ~20 passes without one long task.
 */
export function* mergeSortSteps(order: Uint32Array, cmp: (a: number, b: number) => number, every = 4096): Generator<void, Uint32Array> {
  const n = order.length;
  let src: Uint32Array = order;
  let dst: Uint32Array = new Uint32Array(n);
  let work = 0;
  // Runs of 16 by insertion sort first: fewer passes, and fast on nearly sorted input.
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const x = src[i];
      let j = i - 1;
      while (j >= lo && cmp(src[j], x) > 0) {
        src[j + 1] = src[j];
        j--;
      }
      src[j + 1] = x;
    }
    if ((work += RUN * 4) >= every) {
      work = 0;
      yield;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo, j = mid, k = lo;
      // Already in order across the seam: copy the run as it is.
      if (mid >= hi || cmp(src[mid - 1], src[mid]) <= 0) {
        dst.set(src.subarray(lo, hi), lo);
        work += 1;
      } else {
        while (i < mid && j < hi) dst[k++] = cmp(src[i], src[j]) <= 0 ? src[i++] : src[j++];
        while (i < mid) dst[k++] = src[i++];
        while (j < hi) dst[k++] = src[j++];
        work += hi - lo;
      }
      if (work >= every) {
        work = 0;
        yield;
      }
    }
    [src, dst] = [dst, src];
  }
  if (src !== order) order.set(src);
  return order;
}
