/**
 * The vocabulary data files, read once: `vocab/general.json` (general Chinese: question words,
 * stop words, aspect words, light verbs, Cantonese and colloquial → standard forms) and `vocab/labour.json`
 * (the trade-union and labour domain). Entries hold in general; none names a phrase of one
 * document. lexicon.ts builds the retrieval tables on them; quantities.ts its words for people.
 */
import general from "./vocab/general.json" with { type: "json" };
import labour from "./vocab/labour.json" with { type: "json" };

/** One vocabulary file. */
interface Vocabulary {
  terms?: string[];
  equivalents?: string[][];
  related?: string[][];
  colloquial?: Record<string, string[]>;
  dialect?: string[][];
  rewrites?: string[][];
  stopwords?: string[];
  aspectWords?: string[];
  lightVerbs?: string[];
  genericNouns?: string[];
}

export const VOCABULARY: Vocabulary[] = [general, labour];
