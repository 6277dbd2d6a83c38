import type { OpenAIEmbeddings } from "@langchain/openai";
import type { LlmConfig } from "./kb.ts";

/** Computes embeddings for texts; `model` names the vectors it makes. */
export interface Embedder {
  model: string;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/**
 * The embedder of an OpenAI-compatible endpoint (OPENAI_EMBEDDING_MODEL, OPENAI_BASE_URL,
 * OPENAI_API_KEY), or null when no embedding model is configured.
 */
export function embedderFromConfig(config: LlmConfig): Embedder | null {
  if (!config.OPENAI_EMBEDDING_MODEL) return null;
  const model = config.OPENAI_EMBEDDING_MODEL;
  let client: OpenAIEmbeddings | null = null;
  const get = async () =>
    (client ??= new (await import("@langchain/openai")).OpenAIEmbeddings({
      model,
      apiKey: config.OPENAI_API_KEY ?? "none",
      configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : undefined,
      maxRetries: 1,
      timeout: config.LLM_TIMEOUT_MS,
      batchSize: 64,
    }));
  return {
    model,
    embedDocuments: async (texts) => (await get()).embedDocuments(texts),
    embedQuery: async (text) => (await get()).embedQuery(text),
  };
}
