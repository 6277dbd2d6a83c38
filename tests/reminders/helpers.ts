import type { Feature } from "../../src/chat/types.ts";
import type { VirtualClock } from "../../src/clock.ts";
import type { Db } from "../../src/db/client.ts";

/** Advances the virtual clock to `until` the way the simulation does: to each nextDue, then tick. */
export async function runUntil(feature: Feature, clock: VirtualClock, until: Date): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    const due = await feature.nextDue!(clock.now());
    if (!due || due.getTime() > until.getTime()) break;
    clock.set(due);
    await feature.tick!(clock.now());
  }
  clock.set(until);
}

/** Outbox rows with their creation instant. */
export async function outbox(db: Db): Promise<Array<{ at: Date; roomId: string | null; toId: string | null; text: string; dedupeKey: string | null; fileName: string | null; filePath: string | null }>> {
  const rows = await db.outboxMessage.findMany({ orderBy: { id: "asc" } });
  return rows.map((r) => ({ at: r.createdAt, roomId: r.roomId, toId: r.toId, text: r.text, dedupeKey: r.dedupeKey, fileName: r.fileName, filePath: r.filePath }));
}

let seq = 0;
/** Adds an organisation to the ledger (only the fields progress counts matter). */
export async function addOrg(db: Db, township: string, headcount: number, hasUnion: boolean, reportedAt: Date): Promise<void> {
  seq++;
  const priority = hasUnion ? "established" : headcount >= 100 ? "focus" : headcount >= 25 ? "target" : "coverage";
  await db.organisation.create({
    data: {
      normName: `org-${seq}-${Math.random()}`,
      orgName: `测试单位${seq}`,
      township,
      orgType: "企业",
      headcount,
      hasUnion,
      unionMembers: hasUnion ? 3 : null,
      hasPartyOrg: false,
      partyMembers: null,
      contactName: "张三",
      contactPhone: "13800138000",
      priority,
      guidance: "[]",
      reportedAt,
      reportedBy: "li",
    },
  });
}

/** Binds a room to a township. */
export async function bindRoom(db: Db, id: string, topic: string, township: string | null): Promise<void> {
  await db.room.create({ data: { id, topic, township } });
}
