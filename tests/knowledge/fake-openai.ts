import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake chat endpoint does with the next request. */
export type ChatBehaviour =
  | { kind: "reply"; content: string }
  | { kind: "slow"; ms: number; content: string }
  | { kind: "status"; status: number }
  | { kind: "raw"; body: string };

/** A real HTTP server on 127.0.0.1 speaking the OpenAI API shape, controlled by the test. */
export interface FakeOpenAI {
  baseURL: string;
  /** Behaviours for successive chat requests; the last one repeats. */
  chat: ChatBehaviour[];
  /** Chat request bodies received. */
  chatRequests: Array<{ model: string; messages: Array<{ role: string; content: string }> }>;
  embeddingRequests: number;
  /** Sets the behaviours and forgets earlier requests. */
  reset(chat: ChatBehaviour[]): void;
  close(): Promise<void>;
}

/** A deterministic embedding: character bigram hashing into 64 dimensions. */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(64).fill(0);
  const chars = [...text];
  for (let i = 0; i + 1 < chars.length; i++) {
    let h = 0;
    for (const c of chars[i] + chars[i + 1]) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    v[h % 64] += 1;
  }
  return v;
}

/** Starts the fake server on an ephemeral port. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const state: Omit<FakeOpenAI, "baseURL" | "close" | "reset"> = { chat: [{ kind: "status", status: 500 }], chatRequests: [], embeddingRequests: 0 };
  let served = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const send = (status: number, data: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(typeof data === "string" ? data : JSON.stringify(data));
      };
      const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      if (req.url?.endsWith("/embeddings")) {
        state.embeddingRequests++;
        const input = Array.isArray(json.input) ? (json.input as string[]) : [String(json.input)];
        const base64 = json.encoding_format === "base64";
        send(200, {
          object: "list",
          model: json.model,
          data: input.map((t, index) => {
            const v = fakeEmbedding(t);
            return { object: "embedding", index, embedding: base64 ? Buffer.from(Float32Array.from(v).buffer).toString("base64") : v };
          }),
          usage: { prompt_tokens: 1, total_tokens: 1 },
        });
        return;
      }
      if (req.url?.endsWith("/chat/completions")) {
        state.chatRequests.push(json as FakeOpenAI["chatRequests"][number]);
        const b = state.chat[Math.min(served, state.chat.length - 1)];
        served++;
        const completion = (content: string) => ({
          id: "chatcmpl-test",
          object: "chat.completion",
          created: 0,
          model: json.model,
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        });
        if (b.kind === "reply") send(200, completion(b.content));
        else if (b.kind === "slow") setTimeout(() => send(200, completion(b.content)), b.ms);
        else if (b.kind === "status") send(b.status, { error: { message: "fake failure", type: "server_error" } });
        else send(200, b.body);
        return;
      }
      send(404, { error: { message: "not found" } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const fake = state as FakeOpenAI;
  fake.baseURL = `http://127.0.0.1:${port}/v1`;
  fake.reset = (chat) => {
    fake.chat = chat;
    fake.chatRequests = [];
    served = 0;
  };
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
