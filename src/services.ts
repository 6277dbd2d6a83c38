import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db/client.ts";
import type { Logger } from "./logger.ts";
import { enqueue } from "./chat/outbox-store.ts";
import { answering, limitAnswer } from "./chat/scope.ts";
import { storageFailure } from "./db/storage.ts";
import { Members } from "./admin/members.ts";
import { Rooms } from "./admin/rooms.ts";
import type { OutgoingMessage, Services, TransportCapabilities } from "./chat/types.ts";

/** Capabilities assumed when no transport is attached (CLI): files and mentions allowed. */
export const DEFAULT_CAPABILITIES: TransportCapabilities = { canReceive: false, canMention: true, canSendFiles: true, maxTextLength: 2000 };

/**
 * Builds the shared services. `send` persists to the outbox; `onEnqueued` lets the
 * running app wake its sender. While an inbound message is handled, what is sent is an
 * answer: limited in parts and quotes (chat/scope.ts) and sent before bulk pushes. When the
 * database cannot store a message, `onUnsaved` (the running app's outbox) keeps it in memory.
 */
export function createServices(opts: {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  capabilities?: TransportCapabilities;
  botName?: () => string;
  botId?: () => string;
  onEnqueued?: (answer: boolean) => void;
  onUnsaved?: (msgs: OutgoingMessage[]) => void;
}): Services {
  const capabilities = opts.capabilities ?? DEFAULT_CAPABILITIES;
  return {
    config: opts.config,
    db: opts.db,
    clock: opts.clock,
    log: opts.log,
    capabilities,
    botName: opts.botName ?? (() => opts.config.BOT_NAME),
    botId: opts.botId ?? (() => "bot"),
    members: new Members(opts.db, opts.config.ADMIN_IDS),
    rooms: new Rooms(opts.db),
    async send(msgs: OutgoingMessage | OutgoingMessage[]) {
      const all = Array.isArray(msgs) ? msgs : [msgs];
      const answer = answering();
      const list = limitAnswer(all, capabilities.maxTextLength);
      if (list.length < all.length) opts.log.warn({ dropped: all.length - list.length }, "一次回答的条数已达上限：多余的消息未发送");
      try {
        const added = await enqueue(opts.db, list, opts.clock.now(), { answer });
        if (added) opts.onEnqueued?.(answer);
      } catch (err) {
        const cause = storageFailure(err);
        if (!cause || !opts.onUnsaved || !answer) throw err;
        opts.log.error({ err, cause }, "发送队列无法保存回答：直接从内存发送");
        opts.onUnsaved(list);
        opts.onEnqueued?.(true);
      }
    },
  };
}
