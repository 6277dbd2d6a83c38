import type { Db } from "../db/client.ts";
import type { DialogRecord } from "./types.ts";

/**
 * Keys that have a stored dialog, per database client, loaded once: most messages come from
 * people with no dialog, and this spares the router a query for each of them.
 */
const known = new WeakMap<Db, Promise<Set<string>>>();

function keysOf(db: Db): Promise<Set<string>> {
  let keys = known.get(db);
  if (!keys) {
    keys = db.dialogSession.findMany({ select: { key: true } }).then((rows) => new Set(rows.map((r) => r.key)));
    known.set(db, keys);
  }
  return keys;
}

/** Dialog key for (room or private, sender). */
export function dialogKey(roomId: string | null, userId: string): string {
  return `${roomId ?? "private"}:${userId}`;
}

function toRecord(row: { key: string; kind: string; roomId: string | null; userId: string; state: string; status: string; updatedAt: Date }): DialogRecord {
  return { key: row.key, kind: row.kind, roomId: row.roomId, userId: row.userId, state: JSON.parse(row.state), status: row.status as DialogRecord["status"], updatedAt: row.updatedAt };
}

/** The dialog stored under `key` (active or paused), or null. */
export async function getDialog(db: Db, key: string): Promise<DialogRecord | null> {
  if (!(await keysOf(db)).has(key)) return null;
  const row = await db.dialogSession.findUnique({ where: { key } });
  return row ? toRecord(row) : null;
}

/** Creates or replaces the dialog under its key; call after every answer so nothing is lost on a crash. */
export async function saveDialog(db: Db, rec: Omit<DialogRecord, "updatedAt">, now: Date): Promise<void> {
  const data = { kind: rec.kind, roomId: rec.roomId, userId: rec.userId, state: JSON.stringify(rec.state), status: rec.status, updatedAt: now };
  await db.dialogSession.upsert({ where: { key: rec.key }, create: { key: rec.key, createdAt: now, ...data }, update: data });
  (await keysOf(db)).add(rec.key);
}

/** Removes the dialog (finished or cancelled). */
export async function endDialog(db: Db, key: string): Promise<void> {
  await db.dialogSession.deleteMany({ where: { key } });
  (await keysOf(db)).delete(key);
}

/** The earliest update time among active dialogs of a kind (for the virtual clock). */
export async function oldestActiveDialog(db: Db, kind: string): Promise<Date | null> {
  const row = await db.dialogSession.findFirst({ where: { kind, status: "active" }, orderBy: { updatedAt: "asc" }, select: { updatedAt: true } });
  return row?.updatedAt ?? null;
}
