/**
 * Fixed-window counters per key (an address, a token hash). Bounded: when the table is full the
 * oldest windows are dropped first, so a flood of distinct keys cannot grow memory without limit.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Count one attempt; false when the key is over its limit for this window. */
  take(key: string): boolean {
    return this.check(key) === "allowed";
  }

  /**
   * Count one attempt. `refused_first` is the first refusal of this key in its window: callers audit
   * that one only, so a flood costs one audit row per key and window, not one per request.
   */
  check(key: string): "allowed" | "refused_first" | "refused" {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      if (w) this.windows.delete(key);
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      this.evict(t);
    }
    w.count += 1;
    if (w.count <= this.limit) return "allowed";
    return w.count === this.limit + 1 ? "refused_first" : "refused";
  }

  private evict(t: number): void {
    if (this.windows.size <= this.maxKeys) return;
    for (const [key, w] of this.windows) {
      if (this.windows.size <= this.maxKeys * 0.9 && t - w.start < this.windowMs) break;
      this.windows.delete(key);
    }
  }
}
