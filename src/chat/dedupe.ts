import type { Db } from "../db/client.ts";
import { sqlDate } from "../db/sql.ts";

/**
 * Remembers handled message ids in the database (so a redelivery after a restart is
 * still recognised) with an in-memory front for the common case.
 */
export class MessageDeduper {
  private readonly recent = new Set<string>();

  constructor(private readonly db: Db, private readonly maxRecent = 10_000) {}

  /** True the first time an id is seen, false for a duplicate. */
  async firstTime(id: string, now: Date): Promise<boolean> {
    if (this.recent.has(id)) return false;
    this.remember(id);
    const inserted = await this.db.$executeRaw`INSERT OR IGNORE INTO "ProcessedMessage" ("id", "seenAt") VALUES (${id}, ${sqlDate(now)})`;
    return inserted === 1;
  }

  /** Forgets ids older than `before` (kept a week by the app); returns how many. */
  async prune(before: Date): Promise<number> {
    return (await this.db.processedMessage.deleteMany({ where: { seenAt: { lt: before } } })).count;
  }

  private remember(id: string): void {
    this.recent.add(id);
    if (this.recent.size > this.maxRecent) {
      const first = this.recent.values().next().value;
      if (first !== undefined) this.recent.delete(first);
    }
  }
}
