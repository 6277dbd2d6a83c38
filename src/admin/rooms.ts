import type { Db } from "../db/client.ts";
import type { RoomInfo } from "../chat/types.ts";

/** Room store with a cache; a room's township binding decides survey defaults and progress. */
export class Rooms {
  private readonly cache = new Map<string, RoomInfo>();
  private readonly members = new Set<string>();

  constructor(private readonly db: Db) {}

  /**
   * The room, recorded (or its topic refreshed) on first sight; with `memberId`, that
   * person is recorded as a member of the room (once per process).
   */
  async seen(id: string, topic: string, memberId?: string): Promise<RoomInfo> {
    if (memberId && !this.members.has(`${id}\n${memberId}`)) {
      this.members.add(`${id}\n${memberId}`);
      const seenAt = new Date();
      await this.db.roomMember.upsert({ where: { roomId_userId: { roomId: id, userId: memberId } }, create: { roomId: id, userId: memberId, seenAt }, update: { seenAt } });
    }
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

  /** Removes a room's township binding. */
  async unbind(id: string, by: string): Promise<void> {
    await this.db.room.update({ where: { id }, data: { township: null, boundBy: by } });
    this.cache.delete(id);
  }

  /** The townships of the bound rooms a person has been seen in (a cadre's townships). */
  async townshipsOf(userId: string): Promise<string[]> {
    const memberOf = await this.db.roomMember.findMany({ where: { userId }, select: { roomId: true } });
    const rows = await this.db.room.findMany({ where: { id: { in: memberOf.map((m) => m.roomId) }, township: { not: null } }, select: { township: true } });
    return [...new Set(rows.map((r) => r.township as string))].sort();
  }

  async bound(): Promise<RoomInfo[]> {
    const rows = await this.db.room.findMany({ where: { township: { not: null } }, orderBy: { township: "asc" } });
    return rows.map((r) => ({ id: r.id, topic: r.topic, township: r.township }));
  }
}
