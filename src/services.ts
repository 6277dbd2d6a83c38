import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db/client.ts";
import type { Logger } from "./logger.ts";
import { enqueue } from "./chat/outbox-store.ts";
import { Members } from "./admin/members.ts";
import { Rooms } from "./admin/rooms.ts";
import type { OutgoingMessage, Services, TransportCapabilities } from "./chat/types.ts";

/** Capabilities assumed when no transport is attached (CLI): files and mentions allowed. */
export const DEFAULT_CAPABILITIES: TransportCapabilities = { canReceive: false, canMention: true, canSendFiles: true, maxTextLength: 2000 };

/**
 * Builds the shared services. `send` persists to the outbox; `onEnqueued` lets the
 * running app wake its sender.
 */
export function createServices(opts: {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  capabilities?: TransportCapabilities;
  botName?: () => string;
  botId?: () => string;
  onEnqueued?: () => void;
}): Services {
  return {
    config: opts.config,
    db: opts.db,
    clock: opts.clock,
    log: opts.log,
    capabilities: opts.capabilities ?? DEFAULT_CAPABILITIES,
    botName: opts.botName ?? (() => opts.config.BOT_NAME),
    botId: opts.botId ?? (() => "bot"),
    members: new Members(opts.db, opts.config.ADMIN_IDS),
    rooms: new Rooms(opts.db),
    async send(msgs: OutgoingMessage | OutgoingMessage[]) {
      const added = await enqueue(opts.db, msgs, opts.clock.now());
      if (added) opts.onEnqueued?.();
    },
  };
}
