/** word-extractor ships no types: the part the knowledge base uses. */
declare module "word-extractor" {
  export default class WordExtractor {
    extract(input: Buffer | string): Promise<{ getBody(options?: { filterUnicode?: boolean }): string }>;
  }
}
