import type { Db } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { Members } from "../admin/members.ts";
import type { Rooms } from "../admin/rooms.ts";

/** Roles, from most to least privileged. */
export const ROLES = ["admin", "leader", "cadre", "contact"] as const;
export type Role = (typeof ROLES)[number];

/** Chinese names of the roles, as users type and read them. */
export const ROLE_NAMES: Record<Role, string> = {
  admin: "管理员",
  leader: "领导",
  cadre: "乡镇干部",
  contact: "企业联系人",
};

/** `enter`: someone opened a private chat with the bot (WeCom's enter_chat event); the bot greets them. */
export type MessageKind = "text" | "image" | "voice" | "file" | "enter" | "other";

/** A message as it arrives from any transport. */
export interface IncomingMessage {
  id: string;
  /** Room id, or null for a private chat with the bot. */
  roomId: string | null;
  roomTopic?: string;
  senderId: string;
  senderName: string;
  text: string;
  kind: MessageKind;
  /** Ids the transport reports as @mentioned (often incomplete: see the text fallback). */
  mentionIds: string[];
  /** True when the bot itself sent it. */
  self: boolean;
  /** The received file when `kind === "file"`: its name and a loader for its bytes. */
  file?: { name: string; load(): Promise<Buffer> };
  /** The channel (transport name) it came through, set by the channel set (src/transports/channels.ts). */
  channel?: string;
}

/** An attachment to send. */
export interface OutgoingFile {
  path: string;
  name: string;
  /** A file made for this message (a chart): deleted once sent. */
  temporary?: boolean;
}

/** A message the bot wants to send, before it enters the outbox. */
export interface OutgoingMessage {
  roomId: string | null;
  /** Recipient of a private message (null in rooms). */
  toId: string | null;
  text: string;
  mentions?: string[];
  file?: OutgoingFile;
  /** Idempotency key: a second enqueue with the same key is ignored. */
  dedupeKey?: string;
  /** The channel to send on (replies); absent: the room's or person's remembered channel. */
  channel?: string;
  /** Id of the inbound message this answers, so a channel can reply on it rather than push. */
  replyTo?: string;
}

/** What a transport can do; the router and outbox adapt to it. */
export interface TransportCapabilities {
  canReceive: boolean;
  canMention: boolean;
  canSendFiles: boolean;
  /** Longest text one message may carry (characters). */
  maxTextLength: number;
  /** The platform's own sending limit per minute, if stricter than OUTBOX_PER_MINUTE. */
  sendsPerMinute?: number;
}

/** One message handed to a transport to deliver. */
export interface TransportSend {
  roomId: string | null;
  toId: string | null;
  text: string;
  mentions: string[];
  file?: OutgoingFile;
  /** The channel to send on, when the message answers one that came through it. */
  channel?: string;
  /** Id of the inbound message this answers. */
  replyTo?: string;
}

/** A chat platform behind one interface (Wechaty, console, simulation, webhook robots). */
export interface Transport {
  readonly name: string;
  readonly capabilities: TransportCapabilities;
  /** Starts receiving; resolves once the transport is logged in and ready. */
  start(onMessage: (msg: IncomingMessage) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  /** The bot's own id and display name on this platform. */
  self(): { id: string; name: string };
  send(msg: TransportSend): Promise<void>;
}

/** A room as the bot stores it. */
export interface RoomInfo {
  id: string;
  topic: string;
  township: string | null;
}

/** Persistent multi-step dialog, keyed by (room or private, sender). */
export interface DialogRecord {
  key: string;
  kind: string;
  roomId: string | null;
  userId: string;
  state: unknown;
  status: "active" | "paused";
  updatedAt: Date;
}

/** Shared services every feature may use. */
export interface Services {
  config: Config;
  clock: Clock;
  db: Db;
  log: Logger;
  /** Queue messages for paced, persistent delivery (many at once in one write). */
  send(msgs: OutgoingMessage | OutgoingMessage[]): Promise<void>;
  /** The transport's capabilities (file sending, length). */
  capabilities: TransportCapabilities;
  /** The bot's display name. */
  botName(): string;
  /** The bot's own id on the transport. */
  botId(): string;
  /** Roles of people. */
  members: Members;
  /** Rooms and their township bindings. */
  rooms: Rooms;
}

/** Everything a handler knows about one inbound message. */
export interface Context {
  msg: IncomingMessage;
  /** Text with the leading @bot mention removed, trimmed, full-width spaces normalised. */
  text: string;
  mentioned: boolean;
  isPrivate: boolean;
  role: Role;
  room: RoomInfo | null;
  /** Dialog key for this (room or private, sender). */
  dialogKey: string;
  /** The sender's active dialog, if any. */
  dialog: DialogRecord | null;
  services: Services;
  /** Replies where the message came from; in a room the sender is @mentioned. */
  reply(text: string, opts?: { file?: OutgoingFile; dedupeKey?: string }): Promise<void>;
  /** Sends to the sender in private chat. */
  replyPrivate(text: string, opts?: { file?: OutgoingFile }): Promise<void>;
}

export type Next = () => Promise<void>;
export type Middleware = (ctx: Context, next: Next) => Promise<void>;

/** A Chinese command with aliases, e.g. 帮助 / help / 菜单. */
export interface Command {
  name: string;
  aliases?: string[];
  /** One line for 帮助. */
  summary: string;
  /** Usage example shown in 帮助 and on bad arguments. */
  usage?: string;
  /** Who may run it; absent means everyone. */
  roles?: Role[];
  /** Left out of 帮助 (e.g. the one-time admin claim). */
  hidden?: boolean;
  run(ctx: Context, args: string): Promise<void>;
}

/** Handles messages while a dialog of its kind is active. Returns false to let the router go on. */
export interface DialogHandler {
  kind: string;
  handle(ctx: Context, dialog: DialogRecord): Promise<boolean>;
  /** Identifies the question the dialog is asking in this state (one answer to it skips the rate limits); default: the whole state. */
  question?(state: unknown): string;
}

/** A feature module: commands, dialogs, a fallback for free text, and timed work. */
export interface Feature {
  name: string;
  commands?: Command[];
  dialogs?: DialogHandler[];
  /** Called for @mentioned (or private) text that no command or dialog took. Return true if handled. */
  fallback?: (ctx: Context) => Promise<boolean>;
  /** Called for a file sent to the bot in private chat (`msg.file` set). Return true if handled. */
  onFile?: (ctx: Context) => Promise<boolean>;
  /** Sees room messages that do not @mention the bot (e.g. a plain 收到). Return true if handled. */
  passive?: (ctx: Context) => Promise<boolean>;
  /** Called once the app is ready (after catch-up work is safe to do). */
  start?(services: Services): Promise<void>;
  /** Timed work at the given instant (reminders due, dialogs to pause). */
  tick?(now: Date): Promise<void>;
  /** The next instant this feature has timed work, for the virtual clock. */
  nextDue?(now: Date): Promise<Date | null>;
}
