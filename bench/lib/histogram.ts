/**
 * A mergeable latency histogram with logarithmic buckets (1 % relative precision), so every sample
 * of a long run is kept without storing it, and workers' histograms add up exactly. Values are
 * milliseconds; the bucket of a value covers [1.01^i, 1.01^(i+1)) microseconds.
 */
const BASE = Math.log(1.01);
const BUCKETS = 2000; // up to 1.01^2000 µs ≈ 4e8 s: nothing overflows

export interface HistogramData {
  /** Sparse [bucket, count] pairs. */
  buckets: [number, number][];
  count: number;
  sum: number;
  max: number;
  min: number;
}

export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  sum = 0;
  max = 0;
  min = Number.POSITIVE_INFINITY;

  record(ms: number): void {
    const us = ms * 1000;
    const i = us <= 1 ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log(us) / BASE));
    this.counts[i]! += 1;
    this.count += 1;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
    if (ms < this.min) this.min = ms;
  }

  /** The value at quantile q (0..1), as the middle of its bucket; the exact maximum for q = 1. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    if (q >= 1) return this.max;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, 1.01 ** (i + 0.5) / 1000));
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      p50: round(this.quantile(0.5)),
      p95: round(this.quantile(0.95)),
      p99: round(this.quantile(0.99)),
      max: round(this.max),
      mean: round(this.count ? this.sum / this.count : Number.NaN),
    };
  }

  toJSON(): HistogramData {
    const buckets: [number, number][] = [];
    this.counts.forEach((c, i) => {
      if (c > 0) buckets.push([i, c]);
    });
    return { buckets, count: this.count, sum: this.sum, max: this.max, min: this.min };
  }

  add(data: HistogramData): void {
    for (const [i, c] of data.buckets) this.counts[i]! += c;
    this.count += data.count;
    this.sum += data.sum;
    if (data.count > 0) {
      this.max = Math.max(this.max, data.max);
      this.min = Math.min(this.min, data.min);
    }
  }

  static merge(all: HistogramData[]): Histogram {
    const h = new Histogram();
    for (const d of all) h.add(d);
    return h;
  }
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 100) / 100 : Number.NaN;
}
