/** A chunk as produced by ingestion, before storage. */
export interface ChunkDraft {
  /** Order within the document. */
  ord: number;
  /** Place string (三（二）2). */
  section: string;
  title: string;
  headings: string[];
  /** Verbatim text. */
  text: string;
  kind: "heading" | "clause" | "sentence";
  /** For sentences: the ord of their clause in the same source. */
  parent: number | null;
}

/** A chunk as loaded from the index (any kind), with what retrieval and answers need. */
export interface KbChunkRecord extends ChunkDraft {
  /** Stable id (database id, or ord-based for in-memory indexes). */
  id: number;
  source: string;
  /** Embedding vector when one was computed. */
  embedding?: Float32Array | null;
}

/** A document's identity as cited. */
export interface KbDocInfo {
  source: string;
  title: string;
  shortName: string;
}

/** One cited clause, as the CLI prints it. */
export interface Citation {
  section: string;
  title: string;
  text: string;
  source: string;
}

/** A ranked clause with the evidence behind its rank. */
export interface RankedClause {
  chunk: KbChunkRecord;
  score: number;
  /** Sentences of the clause with their own scores, best first (the clause itself when short). */
  sentences: Array<{ text: string; score: number }>;
}

/** How one content word of a question is supported by the knowledge base. */
export interface WordEvidence {
  word: string;
  /** Rarity in general Chinese (jieba idf). */
  weight: number;
  /** 0–1: found in the best clause (partial credit for the sub-words of a compound). */
  inTop: number;
  /** Found anywhere in the knowledge base (directly, through the lexicon, or all its sub-words). */
  known: boolean;
  /** A colloquial word the lexicon maps to document terms. */
  lexicon: boolean;
  /** An aspect or form word (效果, 达到, 要建): never foreign, weak in coverage. */
  weak: boolean;
  /** In most clauses of the knowledge base (工会): names the domain, not a topic. */
  common?: boolean;
}

/** What retrieval found for a question. */
export interface RetrievalResult {
  question: string;
  clauses: RankedClause[];
  /** Share (0–1) of the question's content (weighted by rarity) found in the best clause. */
  coverage: number;
  /** Share (0–1) of the question's content that appears nowhere in the knowledge base or lexicon. */
  unknown: number;
  /** Content words of the question. */
  content: string[];
  /** Evidence per content word. */
  words: WordEvidence[];
  /** True when a structural reference (第三部分第二条) resolved to a place. */
  structural: boolean;
}

/** The bot's answer to one question. */
export interface AnswerResult {
  question: string;
  answer: string;
  grounded: boolean;
  mode: "extractive" | "llm";
  citations: Citation[];
}
