/**
 * Sliding-window rate limiter: at most `limit` events per key per `windowMs`.
 * `hit` says whether the event is allowed and, when refused, whether this is the
 * first refusal in the current burst (so the caller sends one polite notice, not one per message).
 */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  private readonly noticed = new Map<string, number>();

  constructor(private readonly limit: number, private readonly windowMs = 60_000) {}

  hit(key: string, now: number): { allowed: boolean; notify: boolean } {
    const from = now - this.windowMs;
    const list = (this.events.get(key) ?? []).filter((t) => t > from);
    if (list.length < this.limit) {
      list.push(now);
      this.events.set(key, list);
      this.noticed.delete(key);
      return { allowed: true, notify: false };
    }
    this.events.set(key, list);
    const notify = !this.noticed.has(key);
    if (notify) this.noticed.set(key, now);
    return { allowed: false, notify };
  }

  /** Forgets keys with no event in the window (people who went quiet). */
  prune(now: number): void {
    for (const [key, list] of this.events) {
      if (!list.length || list[list.length - 1] <= now - this.windowMs) {
        this.events.delete(key);
        this.noticed.delete(key);
      }
    }
  }
}
