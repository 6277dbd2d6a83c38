import type { Db } from "../db/client.ts";
import type { RoomInfo } from "../chat/types.ts";

/** Room store with a cache; a room's township binding decides survey defaults and progress. */
export class Rooms {
  private readonly cache = new Map<string, RoomInfo>();

  constructor(private readonly db: Db) {}

  /** The room, recorded (or its topic refreshed) on first sight. */
  async seen(id: string, topic: string): Promise<RoomInfo> {
    let room = this.cache.get(id);
    if (!room) {
      const row = await this.db.room.findUnique({ where: { id } });
      room = { id, topic: row?.topic ?? "", township: row?.township ?? null };
      if (!row) await this.db.room.upsert({ where: { id }, create: { id, topic }, update: {} });
      this.cache.set(id, room);
    }
    if (topic && room.topic !== topic) {
      room.topic = topic;
      await this.db.room.update({ where: { id }, data: { topic } });
    }
    return room;
  }

  async bind(id: string, township: string, by: string): Promise<void> {
    await this.db.room.upsert({ where: { id }, create: { id, township, boundBy: by }, update: { township, boundBy: by } });
    this.cache.delete(id);
  }

  /** Binds (or with a null url, unbinds) the send-only robot that carries the room's pushes. */
  async setPushRobot(id: string, url: string | null, secret: string | null): Promise<void> {
    const data = { pushWebhook: url, pushSecret: url ? secret : null };
    await this.db.room.upsert({ where: { id }, create: { id, ...data }, update: data });
  }

  /** Every known room with its township, channel and push robot. */
  async list(): Promise<Array<RoomInfo & { channel: string | null; pushWebhook: string | null }>> {
    const rows = await this.db.room.findMany({ orderBy: [{ township: "asc" }, { id: "asc" }] });
    return rows.map((r) => ({ id: r.id, topic: r.topic, township: r.township, channel: r.channel, pushWebhook: r.pushWebhook }));
  }

  async bound(): Promise<RoomInfo[]> {
    const rows = await this.db.room.findMany({ where: { township: { not: null } }, orderBy: { township: "asc" } });
    return rows.map((r) => ({ id: r.id, topic: r.topic, township: r.township }));
  }
}
