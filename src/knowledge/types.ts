/** A chunk as produced by ingestion, before storage. */
export interface ChunkDraft {
  /** Order within the document. */
  ord: number;
  /**
   * Place string: 三（二）2 in an official document, 第十一条 for an article of a law. A
   * sentence chunk of an article carries the finer place it stands in: 第十一条第二款,
   * 第十一条第一款第（二）项, 第十六条第一款第（一）项第1目.
   */
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

/** The two families of Chinese official text the structure parser knows. */
export type DocFamily =
  /** 公文: 一、（一）1.（1）, 一是/二是, 附件. */
  | "official"
  /** Laws, regulations, rules and charters: 编/章/节/条, 款 (paragraphs), 项 （一）, 目 1. */
  | "law";

/** What the text of a document says about itself. */
export interface DocMeta {
  /** Full title (中华人民共和国工会法), or the file name when the text has none. */
  title: string;
  /** Name used in answers (工会法, 实施意见). */
  shortName: string;
  /** Issuing body where the text states it (青岚市总工会, …人民代表大会常务委员会). */
  issuer: string | null;
  /** Date the text states (signature date, or the latest adoption/revision), YYYY-MM-DD. */
  date: string | null;
  family: DocFamily;
}

/** A document's identity as cited. */
export interface KbDocInfo extends DocMeta {
  /** Stable id (what `知识库`, `删除文件 N` and `kb remove ID` use); 0 in in-memory indexes without a database. */
  id: number;
  /** File name relative to the knowledge folder. */
  source: string;
}

/** One cited clause, as the CLI prints it: the cited unit's place (`section`: 三（二）2, 第十一条), title, text and source, and: */
export interface Citation extends Pick<KbChunkRecord, "section" | "title" | "text" | "source"> {
  /** Finest place that answers (第十一条第一款第（二）项); equals `section` when the unit is not divided. */
  place: string;
  /** The full citation as people write it: 《青岚市职工权益保障条例》第十一条第一款第（二）项. */
  cite: string;
  /** The document it comes from (in `ask --json`). */
  document: Pick<KbDocInfo, "id" | "title" | "shortName" | "issuer" | "date" | "source">;
}

/** A ranked clause with the evidence behind its rank. */
export interface RankedClause {
  chunk: KbChunkRecord;
  score: number;
  /** Sentences of the clause with their own scores, best first (the clause itself when short); `place` is a sentence's finer place (第十一条第二款) when it has one. */
  sentences: Array<{ text: string; score: number; place?: string }>;
}

/** How one content word of a question is supported by the knowledge base. */
export interface WordEvidence {
  word: string;
  /** Rarity in general Chinese (jieba idf). */
  weight: number;
  /** 0–1: found in the best clause (partial credit for the sub-words of a compound). */
  inTop: number;
  /** The word itself (not an expansion of it) is in the best clause. */
  direct?: boolean;
  /** Found anywhere in the knowledge base (directly, through the lexicon, or all its sub-words). */
  known: boolean;
  /** An aspect or form word (效果, 达到, 要建): never foreign, weak in coverage. */
  weak: boolean;
  /** Only in the story around the question (a clause that does not ask): weak in coverage. */
  story?: boolean;
  /** With a quantity or a period asked: some paragraph or item of the knowledge base states one (a share for a share asked) beside this word. */
  quantified?: boolean;
}

/** What retrieval found for a question. */
export interface RetrievalResult {
  question: string;
  clauses: RankedClause[];
  /** Share (0–1) of the question's content (weighted by rarity) found in the best clause, or in a close rival that covers more. */
  coverage: number;
  /** Content words of the question. */
  content: string[];
  /** Evidence per content word, and for the case the question states (its closest satisfied condition, `#cond:…`). */
  words: WordEvidence[];
  /** True when a structural reference (第三部分第二条) resolved to a place. */
  structural: boolean;
  /** Documents in which the structural reference resolved (several: the question must name one). */
  hintSources?: string[];
}

/** The bot's answer to one question. */
export interface AnswerResult {
  question: string;
  answer: string;
  grounded: boolean;
  mode: "extractive" | "llm";
  citations: Citation[];
}
