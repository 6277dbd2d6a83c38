import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import { Document } from "@langchain/core/documents";
import type { KnowledgeBase } from "./kb.ts";

/** LangChain namespace of the retriever. */
export const RETRIEVER_NAMESPACE = ["gonghui", "knowledge", "retriever"];

/** Options of the retriever. */
interface KnowledgeRetrieverInput extends BaseRetrieverInput {
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
    const { clauses } = await this.input.kb.retrieve(query, this.input.k ?? 4);
    return clauses.map(({ chunk: c, score }) => new Document({ pageContent: c.text, metadata: { section: c.section, title: c.title, headings: c.headings, source: c.source, score } }));
  }
}
