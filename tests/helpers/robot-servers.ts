import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** One message a fake robot accepted. */
export interface RobotPost {
  kind: "wecom" | "dingtalk" | "feishu";
  body: Record<string, unknown>;
  at: number;
}

const FREQUENCY = { wecom: { errcode: 45009, errmsg: "api freq out of limit" }, dingtalk: { errcode: 130101, errmsg: "send too fast" }, feishu: { code: 11232, msg: "frequency limited" } } as const;

/**
 * Local stand-ins for the three send-only robots, on one HTTP server:
 * WeCom 群机器人 (`/cgi-bin/webhook/send?key=`), DingTalk custom robot (`/robot/send?access_token=`,
 * signed: timestamp + sign = base64 HMAC-SHA256(secret, "timestamp\nsecret")), Feishu custom bot
 * (`/open-apis/bot/v2/hook/<id>`, signed: base64 HMAC-SHA256(key "timestamp\nsecret", "")).
 * Each robot takes 20 messages a minute (by the test's clock) and answers with the platform's
 * frequency error beyond that; `throttleNext` makes it refuse the next message that way.
 */
export class FakeRobots {
  readonly posts: RobotPost[] = [];
  /** Messages refused because the sender exceeded 20 a minute (a correct sender never causes one). */
  overLimit = 0;
  readonly throttleNext = { wecom: 0, dingtalk: 0, feishu: 0 };
  private server!: http.Server;
  private readonly recent: Record<string, number[]> = { wecom: [], dingtalk: [], feishu: [] };

  constructor(
    private readonly now: () => number,
    readonly secrets = { wecomKey: "wkey", dingtalkToken: "dtoken", dingtalkSecret: "SECdingtalk", feishuHook: "fhook", feishuSecret: "fsecret" },
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const reply = this.handle(new URL(req.url ?? "/", "http://x"), JSON.parse(raw || "{}") as Record<string, unknown>);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", () => r()));
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private get base(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get urls() {
    return {
      wecom: `${this.base}/cgi-bin/webhook/send?key=${this.secrets.wecomKey}`,
      dingtalk: `${this.base}/robot/send?access_token=${this.secrets.dingtalkToken}`,
      feishu: `${this.base}/open-apis/bot/v2/hook/${this.secrets.feishuHook}`,
    };
  }

  private handle(url: URL, body: Record<string, unknown>): object {
    const now = this.now();
    if (url.pathname === "/cgi-bin/webhook/send") {
      if (url.searchParams.get("key") !== this.secrets.wecomKey) return { errcode: 93000, errmsg: "invalid webhook url" };
      return this.accept("wecom", body, now, { errcode: 0, errmsg: "ok" });
    }
    if (url.pathname === "/robot/send") {
      if (url.searchParams.get("access_token") !== this.secrets.dingtalkToken) return { errcode: 300001, errmsg: "token is not exist" };
      const ts = Number(url.searchParams.get("timestamp"));
      const expected = crypto.createHmac("sha256", this.secrets.dingtalkSecret).update(`${ts}\n${this.secrets.dingtalkSecret}`).digest("base64");
      if (Math.abs(now - ts) > 3600_000 || url.searchParams.get("sign") !== expected) return { errcode: 310000, errmsg: "sign not match" };
      return this.accept("dingtalk", body, now, { errcode: 0, errmsg: "ok" });
    }
    const hook = /^\/open-apis\/bot\/v2\/hook\/(.+)$/.exec(url.pathname);
    if (hook) {
      if (hook[1] !== this.secrets.feishuHook) return { code: 19001, msg: "param invalid: incoming webhook access token invalid" };
      const ts = Number(body.timestamp);
      const expected = crypto.createHmac("sha256", `${ts}\n${this.secrets.feishuSecret}`).update("").digest("base64");
      if (Math.abs(now / 1000 - ts) > 3600 || body.sign !== expected) return { code: 19021, msg: "sign match fail or timestamp is not within one hour from current time" };
      return this.accept("feishu", body, now, { code: 0, msg: "success", data: {} });
    }
    return { errcode: 404, errmsg: "not found" };
  }

  private accept(kind: RobotPost["kind"], body: Record<string, unknown>, now: number, ok: object): object {
    if (this.throttleNext[kind] > 0) {
      this.throttleNext[kind]--;
      return FREQUENCY[kind];
    }
    const recent = (this.recent[kind] = this.recent[kind].filter((t) => t > now - 60_000));
    if (recent.length >= 20) {
      this.overLimit++;
      return FREQUENCY[kind];
    }
    recent.push(now);
    this.posts.push({ kind, body, at: now });
    return ok;
  }
}
