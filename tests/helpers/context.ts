import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { VirtualClock } from "../../src/clock.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { openDb, type Db } from "../../src/db/client.ts";
import { createServices } from "../../src/services.ts";
import type { Context, DialogRecord, IncomingMessage, OutgoingMessage, Role, RoomInfo, Services } from "../../src/chat/types.ts";

/** A temporary database file in its own folder. */
export function tempDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-test-"));
  return path.join(dir, "test.db");
}

export interface TestServices {
  services: Services;
  db: Db;
  clock: VirtualClock;
  config: Config;
  /** Messages the code under test queued for sending, read back from the outbox table. */
  sent(): Promise<OutgoingMessage[]>;
  close(): Promise<void>;
}

/** Real services on a fresh SQLite file, a virtual clock and a silent logger. */
export async function makeServices(opts: { start?: Date; env?: Record<string, string>; dbFile?: string } = {}): Promise<TestServices> {
  const config = loadConfig({ ...opts.env }, null);
  const dbFile = opts.dbFile ?? tempDbFile();
  const db = await openDb(dbFile);
  const clock = new VirtualClock(opts.start ?? new Date("2026-09-01T01:00:00Z"));
  const services = createServices({ config, db, clock, log: pino({ level: "silent" }) });
  return {
    services,
    db,
    clock,
    config,
    async sent() {
      const rows = await db.outboxMessage.findMany({ orderBy: { id: "asc" } });
      return rows.map((r) => ({
        roomId: r.roomId,
        toId: r.toId,
        text: r.text,
        mentions: JSON.parse(r.mentions) as string[],
        file: r.filePath ? { path: r.filePath, name: r.fileName ?? "" } : undefined,
      }));
    },
    close: () => db.$disconnect(),
  };
}

/**
 * A hand-made Context for unit tests of a feature (the real router builds these in the app).
 * `reply` and `replyPrivate` go through services.send like the router's.
 */
export function makeContext(
  services: Services,
  msg: Partial<IncomingMessage> & { text: string },
  extra: { role?: Role; room?: RoomInfo | null; dialog?: DialogRecord | null; mentioned?: boolean } = {},
): Context {
  const full: IncomingMessage = {
    id: msg.id ?? `m-${Math.random().toString(36).slice(2)}`,
    roomId: msg.roomId ?? null,
    senderId: msg.senderId ?? "user1",
    senderName: msg.senderName ?? "测试用户",
    text: msg.text,
    kind: msg.kind ?? "text",
    mentionIds: msg.mentionIds ?? [],
    self: false,
    file: msg.file,
  };
  const room = extra.room ?? (full.roomId ? { id: full.roomId, topic: "", township: null } : null);
  return {
    msg: full,
    text: full.text,
    mentioned: extra.mentioned ?? true,
    isPrivate: !full.roomId,
    role: extra.role ?? "contact",
    room,
    dialogKey: `${full.roomId ?? "private"}:${full.senderId}`,
    dialog: extra.dialog ?? null,
    services,
    reply: (text, opts) =>
      services.send({ roomId: full.roomId, toId: full.roomId ? null : full.senderId, text, mentions: full.roomId ? [full.senderId] : [], file: opts?.file, dedupeKey: opts?.dedupeKey }),
    replyPrivate: (text, opts) => services.send({ roomId: null, toId: full.senderId, text, file: opts?.file }),
  };
}
