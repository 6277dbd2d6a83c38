import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import { Document } from "@langchain/core/documents";
import type { KnowledgeBase } from "./kb.ts";

/** LangChain namespace of the retriever. */
export const RETRIEVER_NAMESPACE = ["gonghui", "knowledge", "retriever"];

/** Options of the retriever. */
export interface KnowledgeRetrieverInput extends BaseRetrieverInput {
  kb: KnowledgeBase;
  /** Clauses returned per query. */
  k?: number;
}

/**
 * The knowledge base as a LangChain retriever: one Document per ranked clause, its
 * verbatim text as content and place, title, source and score as metadata.
 */
export class KnowledgeRetriever extends BaseRetriever {
  override lc_namespace = RETRIEVER_NAMESPACE;

  constructor(private readonly input: KnowledgeRetrieverInput) {
    super(input);
  }

  /** Ranked clauses for the query as Documents. */
  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const result = await this.input.kb.retrieve(query, this.input.k ?? 4);
    return result.clauses.map(
      (c) =>
        new Document({
          pageContent: c.chunk.text,
          metadata: { section: c.chunk.section, title: c.chunk.title, headings: c.chunk.headings, source: c.chunk.source, score: c.score },
        }),
    );
  }
}
