// Many customers' per-day series carved from one buffer allocated at once. Typed arrays live
// outside the V8 heap (which bounds a browser tab), but V8 counts that memory as it grows
// and Node 20's V8 starts a full collection every ~64 MB of it: allocated customer by
// customer (~2.4 KB each), 100,000 customers' series started a full collection of a 7 GB
// heap every few seconds of the derivation (docs/performance.md). One allocation starts at
// most one.

/** One customer's per-day series, as CustomerDays and the engine's health history hold them. */
export interface DaySlot {
  active: Uint8Array;
  intensity: Float64Array;
  /** NaN where not active. */
  partial: Float64Array;
  weight: Float64Array;
  /** The customer's health per day (NaN = none), written by the finish. */
  hist: Float64Array;
}

const F64_SERIES = 4; // intensity, partial, weight, hist

export class DaySeries {
  private readonly buffer: ArrayBuffer;
  private taken = 0;

  /** Room for `customers` slots of `days` days; more slots than that are allocated one by one. */
  constructor(private readonly customers: number, private readonly days: number) {
    // The doubles first (8-byte aligned), then the active flags.
    this.buffer = new ArrayBuffer(customers * days * (F64_SERIES * 8 + 1));
  }

  /** A fresh slot: zeros, and NaN in `partial`. */
  take(): DaySlot {
    const n = this.days;
    if (this.taken >= this.customers) return DaySeries.single(n);
    const k = this.taken++;
    const f64 = (series: number) => new Float64Array(this.buffer, ((series * this.customers + k) * n) * 8, n);
    const slot: DaySlot = {
      intensity: f64(0),
      partial: f64(1).fill(NaN),
      weight: f64(2),
      hist: f64(3),
      active: new Uint8Array(this.buffer, this.customers * n * F64_SERIES * 8 + k * n, n),
    };
    return slot;
  }

  /** A slot of its own (a customer outside any batch: one edited, one asked about). */
  static single(days: number): DaySlot {
    return {
      active: new Uint8Array(days),
      intensity: new Float64Array(days),
      partial: new Float64Array(days).fill(NaN),
      weight: new Float64Array(days),
      hist: new Float64Array(days),
    };
  }
}
