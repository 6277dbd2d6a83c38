import type { IncomingMessage, Transport, TransportCapabilities, TransportSend } from "../chat/types.ts";

/**
 * An in-memory transport: records what is sent, can be told to fail, delivers messages on
 * demand. Used by tests and benchmarks to drive the real app without a chat platform.
 */
export class MemoryTransport implements Transport {
  readonly sent: TransportSend[] = [];
  /** Number of upcoming sends that throw. */
  failNext = 0;
  private handler: ((msg: IncomingMessage) => Promise<void>) | null = null;

  constructor(
    readonly capabilities: TransportCapabilities = { canReceive: true, canMention: true, canSendFiles: true, maxTextLength: 500 },
    readonly name = "memory",
    private readonly selfId = "bot",
  ) {}

  self() {
    return { id: this.selfId, name: "工会助手" };
  }
  async start(onMessage: (msg: IncomingMessage) => Promise<void>) {
    this.handler = onMessage;
  }
  async stop() {
    this.handler = null;
  }
  async send(msg: TransportSend) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("network down");
    }
    this.sent.push(msg);
  }
  /** Delivers an inbound message as the platform would. */
  async deliver(msg: IncomingMessage) {
    if (!this.handler) throw new Error("transport not started");
    await this.handler(msg);
  }
}

let seq = 0;
/** A text message from `senderId`, in `roomId` or private. */
export function textMessage(text: string, opts: Partial<IncomingMessage> = {}): IncomingMessage {
  return { id: `msg-${++seq}`, roomId: null, senderId: "li", senderName: "李经理", text, kind: "text", mentionIds: [], self: false, ...opts };
}
