import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Clock } from "../clock.ts";
import { SendLaterError } from "../chat/outbox.ts";

/** The send-only group robots the bot can push through. */
export type RobotKind = "wecom" | "dingtalk" | "feishu";

export const ROBOT_NAMES: Record<RobotKind, string> = { wecom: "企业微信群机器人", dingtalk: "钉钉自定义机器人", feishu: "飞书自定义机器人" };

/** Every platform allows 20 messages a minute per robot (WeCom and DingTalk say so; Feishu allows more). */
export const ROBOT_PER_MINUTE = 20;
/** Longest text one robot message carries: WeCom's markdown takes 4,096 bytes (about 1,300 Chinese characters). */
export const ROBOT_MAX_TEXT = 1300;

/** A robot as bound to a room: its webhook address and, for signed robots, the signing secret. */
export interface RobotTarget {
  url: string;
  secret?: string | null;
}

/**
 * Recognises a robot's webhook address by its path (the same on private deployments such as
 * 政务微信): WeCom `/cgi-bin/webhook/send?key=`, DingTalk `/robot/send?access_token=`,
 * Feishu/Lark `/open-apis/bot/v2/hook/<id>`. Returns a Chinese explanation when it is none of them.
 */
export function parseRobotUrl(raw: string): { kind: RobotKind; url: string } | { error: string } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { error: "推送地址不是有效的网址，例如：https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xxxx" };
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return { error: "推送地址必须以 https:// 开头" };
  if (u.pathname.endsWith("/cgi-bin/webhook/send") && u.searchParams.get("key")) return { kind: "wecom", url: u.toString() };
  if (u.pathname.endsWith("/robot/send") && u.searchParams.get("access_token")) return { kind: "dingtalk", url: u.toString() };
  if (/\/open-apis\/bot\/v2\/hook\/[\w-]+$/.test(u.pathname)) return { kind: "feishu", url: u.toString() };
  return { error: "无法识别的推送地址。支持企业微信群机器人（…/cgi-bin/webhook/send?key=…）、钉钉自定义机器人（…/robot/send?access_token=…）和飞书自定义机器人（…/open-apis/bot/v2/hook/…）的 Webhook 地址。" };
}

/** DingTalk's signature: base64(HMAC-SHA256(secret, `${timestampMs}\n${secret}`)). */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return crypto.createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

/** Feishu's signature: base64(HMAC-SHA256(key = `${timestampSeconds}\n${secret}`, empty message)). */
export function feishuSign(timestampSec: number, secret: string): string {
  return crypto.createHmac("sha256", `${timestampSec}\n${secret}`).update("").digest("base64");
}

/** One message for a robot: text, people to @ by mobile, or an image file. */
export interface RobotMessage {
  text: string;
  mobiles: string[];
  file?: { path: string; name: string };
}

/** Error codes the platforms return when a robot sends too often, and how long to hold off. */
const FREQUENCY_ERRORS: Record<RobotKind, { codes: number[]; waitMs: number }> = {
  // 45009: api freq out of limit.
  wecom: { codes: [45009], waitMs: 60_000 },
  // 130101: send too fast; DingTalk then refuses the robot for ten minutes.
  dingtalk: { codes: [130101, 410100], waitMs: 10 * 60_000 },
  // 9499 / 11232: too many requests / frequency limited.
  feishu: { codes: [9499, 11232], waitMs: 60_000 },
};

/**
 * Posts to send-only group robots. Paced at ROBOT_PER_MINUTE per robot: a message over the
 * limit, or refused by the platform for frequency, raises SendLaterError so the outbox holds it
 * until the robot may send again (without using up a retry).
 */
export class RobotSender {
  private readonly sent = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly clock: Clock, private readonly fetchImpl: typeof fetch = fetch) {}

  async send(target: RobotTarget, msg: RobotMessage): Promise<void> {
    const parsed = parseRobotUrl(target.url);
    if ("error" in parsed) throw new Error(parsed.error);
    const now = this.clock.now().getTime();
    const blocked = this.blockedUntil.get(parsed.url) ?? 0;
    if (blocked > now) throw new SendLaterError(new Date(blocked), `${ROBOT_NAMES[parsed.kind]}发送过于频繁，稍后再发`);
    const window = (this.sent.get(parsed.url) ?? []).filter((t) => t > now - 60_000);
    this.sent.set(parsed.url, window);
    if (window.length >= ROBOT_PER_MINUTE) throw new SendLaterError(new Date(window[0] + 60_000), `${ROBOT_NAMES[parsed.kind]}每分钟最多 ${ROBOT_PER_MINUTE} 条`);
    const body = await this.body(parsed.kind, target.secret ?? null, msg);
    const url = parsed.kind === "dingtalk" && target.secret ? signedDingtalkUrl(parsed.url, now, target.secret) : parsed.url;
    window.push(now);
    const res = await this.fetchImpl(url, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
    const reply = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string; code?: number; msg?: string; StatusCode?: number };
    const code = reply.errcode ?? reply.code ?? reply.StatusCode ?? (res.ok ? 0 : res.status);
    if (res.status === 429 || FREQUENCY_ERRORS[parsed.kind].codes.includes(code)) {
      const until = now + FREQUENCY_ERRORS[parsed.kind].waitMs;
      this.blockedUntil.set(parsed.url, until);
      throw new SendLaterError(new Date(until), `${ROBOT_NAMES[parsed.kind]}限流（${code}）`);
    }
    if (!res.ok || code !== 0) throw new Error(`${ROBOT_NAMES[parsed.kind]}发送失败：HTTP ${res.status}，${code} ${reply.errmsg ?? reply.msg ?? ""}`.trim());
  }

  /** The platform's JSON body for one message. */
  private async body(kind: RobotKind, secret: string | null, msg: RobotMessage): Promise<object> {
    if (kind === "wecom") {
      const image = msg.file && /\.(png|jpe?g)$/i.test(msg.file.name) ? await fs.promises.readFile(msg.file.path) : null;
      if (image) return { msgtype: "image", image: { base64: image.toString("base64"), md5: crypto.createHash("md5").update(image).digest("hex") } };
      const text = msg.file ? fileNote(msg.file.name) : msg.text;
      // Only a text message (at most 2,048 bytes) can @ by mobile; longer ones go as markdown (4,096 bytes).
      const mentionable = msg.mobiles.length > 0 && Buffer.byteLength(text) <= 2048;
      return mentionable ? { msgtype: "text", text: { content: text, mentioned_mobile_list: msg.mobiles } } : { msgtype: "markdown", markdown: { content: text } };
    }
    const text = msg.file ? fileNote(msg.file.name) : msg.text;
    // The numbers go only into the at-list: written into the text, DingTalk would show them in the group.
    if (kind === "dingtalk") return { msgtype: "text", text: { content: text }, at: { atMobiles: msg.mobiles, isAtAll: false } };
    if (!secret) return { msg_type: "text", content: { text } };
    const ts = Math.floor(this.clock.now().getTime() / 1000);
    return { timestamp: String(ts), sign: feishuSign(ts, secret), msg_type: "text", content: { text } };
  }
}

function signedDingtalkUrl(url: string, timestampMs: number, secret: string): string {
  const u = new URL(url);
  u.searchParams.set("timestamp", String(timestampMs));
  u.searchParams.set("sign", dingtalkSign(timestampMs, secret));
  return u.toString();
}

/** What a robot that cannot carry the file says instead. */
function fileNote(name: string): string {
  return `（附件「${path.basename(name)}」无法通过推送机器人发送，请私聊机器人获取。）`;
}
