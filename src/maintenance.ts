import fs from "node:fs";
import path from "node:path";
import type { Services } from "./chat/types.ts";
import type { Router } from "./chat/router.ts";
import { CHART_DIR } from "./reminders/digest.ts";
import { exportDir } from "./survey/feature.ts";

const DAY_MS = 86_400_000;
/** How often the housekeeping runs. */
export const MAINTENANCE_EVERY_MS = 3_600_000;
/** Sent (or given up) outbox rows are kept this long, for diagnosis; reminders look back 14 days at most. */
const OUTBOX_KEEP_DAYS = 90;
/** Chart files not sent within a day (their message was a duplicate, or the bot stopped) are leftovers. */
const CHART_KEEP_DAYS = 1;

/**
 * Housekeeping so that nothing only grows: handled message ids older than a week, finished
 * outbox rows older than 90 days, chat exports older than EXPORT_KEEP_DAYS and leftover chart
 * files. A file an unsent message still needs is kept. Returns what was removed.
 */
export async function maintain(services: Services, router: Router, now: Date): Promise<{ messageIds: number; outbox: number; files: number }> {
  const messageIds = await router.prune(now);
  const outbox = (
    await services.db.outboxMessage.deleteMany({ where: { status: { in: ["sent", "failed", "unknown"] }, createdAt: { lt: new Date(now.getTime() - OUTBOX_KEEP_DAYS * DAY_MS) } } })
  ).count;
  const needed = new Set(
    (await services.db.outboxMessage.findMany({ where: { status: { in: ["pending", "sending"] }, filePath: { not: null } }, select: { filePath: true } })).map((r) => path.resolve(r.filePath!)),
  );
  const files =
    removeOldFiles(exportDir(services), now.getTime() - services.config.EXPORT_KEEP_DAYS * DAY_MS, needed) +
    removeOldFiles(CHART_DIR, now.getTime() - CHART_KEEP_DAYS * DAY_MS, needed);
  if (messageIds || outbox || files) services.log.info({ messageIds, outbox, files }, "例行清理：已删除过期的消息记录、已发送消息和文件");
  return { messageIds, outbox, files };
}

/** Deletes the files directly in `dir` last modified before `before` (ms), except `keep`; returns how many. */
function removeOldFiles(dir: string, before: number, keep: Set<string>): number {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let removed = 0;
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = path.resolve(dir, e.name);
    if (keep.has(file) || fs.statSync(file).mtimeMs >= before) continue;
    fs.rmSync(file, { force: true });
    removed++;
  }
  return removed;
}
