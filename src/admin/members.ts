import type { Db } from "../db/client.ts";
import { ROLES, type Role } from "../chat/types.ts";

const ROLE_WORDS: Record<string, Role> = {
  管理员: "admin",
  admin: "admin",
  领导: "leader",
  leader: "leader",
  乡镇干部: "cadre",
  干部: "cadre",
  cadre: "cadre",
  企业联系人: "contact",
  联系人: "contact",
  contact: "contact",
  普通成员: "contact",
};

/** Parses a role as users type it (管理员/领导/乡镇干部/企业联系人 or the English code). */
export function parseRole(word: string): Role | null {
  return ROLE_WORDS[word.trim().toLowerCase()] ?? null;
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/**
 * Member store with a small cache: the role of every sender is needed on every message.
 * Ids listed in ADMIN_IDS are admins whatever the table says.
 */
export class Members {
  private readonly cache = new Map<string, { name: string; role: Role }>();

  constructor(private readonly db: Db, private readonly adminIds: string[]) {}

  /** The member's role, recording the sender's display name when new or changed. */
  async seen(id: string, name: string): Promise<Role> {
    let entry = this.cache.get(id);
    if (!entry) {
      const row = await this.db.member.findUnique({ where: { id } });
      entry = { name: row?.name ?? "", role: row && isRole(row.role) ? row.role : "contact" };
      this.cache.set(id, entry);
    }
    if (name && entry.name !== name) {
      entry.name = name;
      await this.db.member.upsert({ where: { id }, create: { id, name, role: entry.role }, update: { name } });
    }
    return this.adminIds.includes(id) ? "admin" : entry.role;
  }

  async setRole(id: string, role: Role, grantedBy: string | null, name?: string): Promise<void> {
    await this.db.member.upsert({
      where: { id },
      create: { id, name: name ?? "", role, grantedBy },
      update: { role, grantedBy, ...(name ? { name } : {}) },
    });
    this.cache.delete(id);
  }

  async findByName(name: string): Promise<{ id: string; name: string }[]> {
    return this.db.member.findMany({ where: { name }, select: { id: true, name: true } });
  }

  async list(): Promise<{ id: string; name: string; role: Role }[]> {
    const rows = await this.db.member.findMany({ where: { OR: [{ role: { not: "contact" } }, { id: { in: this.adminIds } }] }, orderBy: [{ role: "asc" }, { name: "asc" }] });
    const listed = rows.map((r) => ({ id: r.id, name: r.name, role: (this.adminIds.includes(r.id) ? "admin" : isRole(r.role) ? r.role : "contact") as Role }));
    for (const id of this.adminIds) if (!listed.some((m) => m.id === id)) listed.push({ id, name: id, role: "admin" });
    return listed;
  }

  async hasAdmin(): Promise<boolean> {
    return this.adminIds.length > 0 || (await this.db.member.count({ where: { role: "admin" } })) > 0;
  }
}
