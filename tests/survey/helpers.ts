import { afterEach } from "vitest";
import { dialogKey, getDialog } from "../../src/chat/dialogs.ts";
import { ROLE_NAMES, type Feature, type OutgoingMessage, type Role, type RoomInfo } from "../../src/chat/types.ts";
import { surveyFeature } from "../../src/survey/feature.ts";
import { makeContext, makeServices, type TestServices } from "../helpers/context.ts";

/** A small stand-in for the router: active dialog first, then commands by name or alias. */
export class Harness {
  feature: Feature;
  private seen = 0;
  constructor(public t: TestServices) {
    this.feature = surveyFeature(t.services);
  }

  static async create(opts: { dbFile?: string; start?: Date; env?: Record<string, string> } = {}): Promise<Harness> {
    return new Harness(await makeServices(opts));
  }

  /** One message; returns the messages it caused. */
  async say(from: string, text: string, opts: { room?: RoomInfo | null; role?: Role; name?: string } = {}): Promise<OutgoingMessage[]> {
    const room = opts.room ?? null;
    const mentioned = /^@工会助手/.test(text);
    const body = text.replace(/^@工会助手\s*/, "").trim();
    const stored = await getDialog(this.t.db, dialogKey(room?.id ?? null, from));
    const active = stored?.status === "active" ? stored : null;
    if (room && !mentioned && !active) return this.fresh();
    const ctx = makeContext(this.t.services, { text: body, roomId: room?.id ?? null, senderId: from, senderName: opts.name ?? from }, { role: opts.role ?? "contact", room, dialog: active, mentioned });
    let done = false;
    if (active) {
      const h = this.feature.dialogs?.find((d) => d.kind === active.kind);
      done = Boolean(h && (await h.handle(ctx, active)));
    }
    if (!done) {
      for (const c of this.feature.commands ?? []) {
        const words = [c.name, ...(c.aliases ?? [])].sort((a, b) => b.length - a.length);
        const w = words.find((x) => body === x || body.startsWith(`${x} `) || (c.usage && body.startsWith(x)));
        if (!w) continue;
        if (c.roles && !c.roles.includes(ctx.role)) {
          await ctx.reply(`抱歉，「${c.name}」仅限${c.roles.map((r) => ROLE_NAMES[r]).join("、")}使用。如需开通，请联系县总工会管理员。`);
        } else {
          await c.run(ctx, body.slice(w.length).trim());
        }
        done = true;
        break;
      }
    }
    if (!done && this.feature.fallback && (mentioned || !room)) done = await this.feature.fallback(ctx);
    if (!done) await ctx.reply("(fallback)");
    return this.fresh();
  }

  /** Messages sent since the last call. */
  async fresh(): Promise<OutgoingMessage[]> {
    const all = await this.t.sent();
    const out = all.slice(this.seen);
    this.seen = all.length;
    return out;
  }

  /** Says each answer in turn, returns the last reply's text. */
  async answers(from: string, list: string[], opts: { room?: RoomInfo | null; role?: Role } = {}): Promise<string> {
    let last = "";
    for (const a of list) {
      const out = await this.say(from, a, opts);
      last = out.map((m) => m.text).join("\n");
    }
    return last;
  }
}

/** A maker of harnesses for one test file: every harness it made is closed after each test. */
export function harnesses(): (opts?: Parameters<typeof Harness.create>[0]) => Promise<Harness> {
  let open: Harness[] = [];
  afterEach(async () => {
    for (const h of open) await h.t.close();
    open = [];
  });
  return async (opts = {}) => {
    const h = await Harness.create(opts);
    open.push(h);
    return h;
  };
}

/** The texts of some messages, one per line. */
export const texts = (ms: { text: string }[]) => ms.map((m) => m.text).join("\n");

export const TAIPING: RoomInfo = { id: "taiping", topic: "太平镇工会工作群", township: "太平镇" };
export const UNBOUND: RoomInfo = { id: "misc", topic: "企业群", township: null };

/** A full set of answers for a bound room (item 2 skipped). */
export const ROOM_ANSWERS = ["始兴县某某食品有限公司", "公司", "一百二十人", "还没有", "有", "5", "李明", "138 1234 5678"];
/** A full set for private chat (item 2 asked). */
export const PRIVATE_ANSWERS = ["始兴县顺达五金厂", "顿岗", "企业", "３０", "已建", "28", "否", "0", "王芳", "0751-3321234"];
