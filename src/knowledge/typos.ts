/**
 * Typo and homophone tolerance: a piece of a question that is no word (住席, 党圆, 年架, 设保) but
 * sounds like a term of the knowledge base or a colloquial word or term of the vocabulary and shares
 * a character with it in place, other than a pronoun or a negation (主席, 党员, 年假, 社保; not 我刚 → 我国), is read as that word; so is a word of three characters or more that the knowledge
 * base lacks (使用期 → 试用期), and words that together sound like a longer term (公 + 基金 → 公积金, also when jieba joined the
 * typo's first character to the word before: 交公 + 基金 → 交 + 公积金, or glued a typo to a character: 社宝交 → 社保 + 交); and a token that is no word and one character off the only
 * indexed term of its shape, the two characters rhyming (仲栽 → 仲裁). Pinyin from pinyin-pro.
 */
import { createRequire } from "node:module";
import type * as PinyinPro from "pinyin-pro";
import { pushTo } from "../collections.ts";
import { EXPANSIONS, STOPWORDS } from "./lexicon.ts";

const CJK = /^[\u4e00-\u9fff]+$/;
/** True for a number written in characters (零, 一半, 三十): typed as meant, never a term's sounds. */
export const isNumeral = (word: string): boolean => /^[零一二两三四五六七八九十百千万几半]+$/.test(word);
/** Longest window (characters) read as one term. */
const MAX_WINDOW = 5;

/** pinyin-pro, loaded on first use: about 40 ms, paid when a question has a piece to hear (the index's sounds are stored). */
function pinyin(): typeof PinyinPro.pinyin {
  pinyinPro ??= createRequire(import.meta.url)("pinyin-pro") as typeof PinyinPro;
  return pinyinPro.pinyin;
}
let pinyinPro: typeof PinyinPro | null = null;

/** Toneless pinyin of a word, syllables joined by spaces. */
function soundOf(word: string): string {
  let sound = SOUNDS.get(word);
  if (sound === undefined) {
    sound = pinyin()(word, { toneType: "none", type: "array" }).join(" ");
    if (SOUNDS.size > 100_000) SOUNDS.clear();
    SOUNDS.set(word, sound);
  }
  return sound;
}
const SOUNDS = new Map<string, string>();

/** True when two characters share the initial or the final of their sound (裁 cai, 栽 zai). */
function rhymes(a: string, b: string): boolean {
  const part = (c: string, pattern: "initial" | "final") => pinyin()(c, { pattern, toneType: "none" });
  return (part(a, "initial") !== "" && part(a, "initial") === part(b, "initial")) || part(a, "final") === part(b, "final");
}

/** A pronoun or a negation: a word typed beside it (我刚, 不续) is read as typed, never as a term that only shares it (我国, 不需). */
const PRONOUN_OR_NEGATION = /[我你您他她它咱俺不没别未]/;

/** True when two words of equal length share a character at the same position, other than a pronoun or a negation. */
function sharesPlace(a: string, b: string): boolean {
  return a.split("").some((c, i) => c === b[i] && !PRONOUN_OR_NEGATION.test(c));
}

/** True when a term differs from the parts joined in exactly one character, and that character is in a part of two or more. */
function oneCharOffInWord(term: string, parts: string[]): boolean {
  const off: number[] = [];
  let at = 0;
  for (const p of parts) {
    for (let k = 0; k < p.length; k++) if (term[at + k] !== p[k]) off.push(p.length);
    at += p.length;
  }
  return off.length === 1 && off[0] >= 2;
}

/** Toneless pinyin → the indexed terms sounding so, in index order (stored with the index analysis). */
export type SoundTable = Array<[sound: string, terms: string[]]>;

/** The sound table of indexed terms (words of two to five Chinese characters are used). */
export function soundTable(terms: Iterable<string>): SoundTable {
  const bySound = new Map<string, string[]>();
  for (const t of terms) if (t.length >= 2 && t.length <= MAX_WINDOW && CJK.test(t)) pushTo(bySound, soundOf(t), t);
  return [...bySound];
}

/** Corrects question pieces to indexed terms that sound the same. */
export class TypoCorrector {
  private readonly bySound: Map<string, string[]>;
  /** Each character of the indexed terms with its position ("0主"). */
  private readonly places = new Set<string>();

  /** `sounds`: the sound table of the indexed terms (soundTable). */
  constructor(sounds: SoundTable) {
    this.bySound = new Map(sounds);
    for (const [, terms] of sounds) for (const t of terms) for (let k = 0; k < t.length; k++) this.places.add(k + t[k]);
  }

  /** Indexed terms by shape: each term with one character left open (仲? → 仲裁), built on first use. */
  private shapes: Map<string, string[]> | null = null;

  /**
   * The indexed term a non-word is one character off (仲栽 → 仲裁): the only term of that shape,
   * and the two characters share an initial or a final (栽 zai, 裁 cai), if there is one.
   */
  private oneOff(word: string): string | undefined {
    const shape = (w: string, k: number) => `${w.slice(0, k)}?${w.slice(k + 1)}`;
    if (!this.shapes) {
      this.shapes = new Map();
      for (const [, terms] of this.bySound) for (const t of terms) for (let k = 0; k < t.length; k++) pushTo(this.shapes, shape(t, k), t);
    }
    const found = new Map<string, number>();
    for (let k = 0; k < word.length; k++) for (const t of this.shapes.get(shape(word, k)) ?? []) found.set(t, k);
    if (found.size !== 1) return undefined;
    const [[term, k]] = found;
    return rhymes(term[k], word[k]) && sharesPlace(term, word) ? term : undefined;
  }

  /** The indexed term a word sounds exactly like, sharing a character in place with it (实效 → 时效), if one. */
  soundAlike(word: string): string | undefined {
    return this.soundAlikes(word)[0];
  }

  /** Every indexed term a word sounds exactly like, sharing a character in place with it (适用 → 使用, 试用). */
  soundAlikes(word: string): string[] {
    if (!CJK.test(word) || word.length > MAX_WINDOW) return [];
    return this.bySound.get(soundOf(word))?.filter((t) => t !== word && sharesPlace(t, word)) ?? [];
  }

  /** True when the word shares a character in place with some indexed term. */
  private placed(word: string): boolean {
    return [...word].some((ch, k) => this.places.has(k + ch));
  }

  /**
   * Words that together sound exactly like a longer indexed term, one character of a word of two or more off it (公 + 基金 →
   * 公积金); or do so without the first character, which jieba joined to the typo's first character (交公 + 基金 → 交 + 公积金).
   */
  private joinedReading(parts: string[]): string[] | undefined {
    const window = parts.join("");
    const whole = this.soundAlikes(window).find((t) => oneCharOffInWord(t, parts));
    if (whole) return [whole];
    const [head] = parts;
    if (head.length !== 2 || window.length < 4) return undefined;
    const late = this.soundAlikes(window.slice(1)).find((t) => oneCharOffInWord(t, [head.slice(1), ...parts.slice(1)]));
    return late ? [head[0], late] : undefined;
  }

  /**
   * The term a window sounds like; for a piece that is no word (`piece`), the term it is one character off (oneOff), or, a
   * piece of three characters or more that jieba's model glued from a typo and a character beside it (社宝交), that term and
   * the character (unglued).
   */
  private pieceReading(window: string, piece: boolean): string[] | undefined {
    const term = this.soundAlike(window) ?? (piece ? this.oneOff(window) : undefined);
    if (term) return [term];
    return piece && window.length >= 3 ? this.unglued(window) : undefined;
  }

  /**
   * A glued piece as a term and the character beside it (社宝交 → 社保, 交), when only one reading leaves a character the
   * vocabulary reads (交, not 宝 in 交涉 + 宝 for 交社宝) or a function word; else none (the piece stays as typed).
   */
  private unglued(piece: string): string[] | undefined {
    const readings = [
      { rest: piece.slice(0, -1), left: piece.slice(-1), first: false },
      { rest: piece.slice(1), left: piece[0], first: true },
    ].flatMap((r) => {
      const term = this.soundAlike(r.rest);
      return term ? [{ ...r, term }] : [];
    });
    const read = readings.length > 1 ? readings.filter((r) => STOPWORDS.has(r.left) || r.left in EXPANSIONS) : readings;
    if (read.length !== 1) return undefined;
    const [r] = read;
    return r.first ? [r.left, r.term] : [r.term, r.left];
  }

  /**
   * Rewrites a segmented question: runs of adjacent tokens (2–5 characters) that are not a
   * word themselves (`isWord`) and hold a token that is no word either, or only single
   * characters, become the indexed term that sounds the same and shares a character in place;
   * so do words that together sound exactly like a longer indexed term, one character of a longer word off it (公 + 基金);
   * so does a token of three characters or more the index lacks (`indexed`), word or not; a
   * token that is no word and sounds like no term becomes the term it is one character off (oneOff).
   */
  correct(tokens: string[], isWord: (w: string) => boolean, indexed?: (w: string) => boolean): string[] {
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      let replaced = false;
      for (let j = Math.min(tokens.length, i + MAX_WINDOW); j > i && !replaced; j--) {
        const parts = tokens.slice(i, j);
        const window = parts.join("");
        if (window.length < 2 || window.length > MAX_WINDOW || !CJK.test(window)) continue;
        // A window sharing no character in place with any indexed term cannot be read as one: known
        // without the dictionary or its pinyin (most questions then never load pinyin-pro). Read without its first
        // character (below), a window whose first piece has two characters or more is looked at from its second.
        if (!this.placed(window) && !(parts[0].length >= 2 && this.placed(window.slice(1)))) continue;
        // Words typed as words stay, unless one long word the index lacks (使用期 for 试用期); then a window that is a word itself
        // (looked up last: a word the dictionary lacks costs a scan of it).
        const homophone = parts.length === 1 && window.length >= 3 && indexed !== undefined && !indexed(window);
        // …or words that together sound exactly like a longer indexed term, one character of a word of two or more off it
        // (公 + 基金 → 公积金; not 抵 + 工资 → 低工资: a word of one character is typed as meant).
        const allWords = parts.every((p) => isWord(p));
        const joined = parts.length > 1 && window.length >= 3 && allWords;
        const single = parts.every((p) => p.length === 1);
        if (!homophone && !joined && !single && allWords) continue;
        // Function words are words as typed, not a term's sounds: a question phrase (具体指 is not 具 + 体制), and single characters
        // that include a function word or a numeral (都要请事假, 这算, 一年零三个月).
        if (parts.some((p) => p.length > 1 && STOPWORDS.has(p)) || (single && parts.length > 1 && parts.some((p) => STOPWORDS.has(p) || isNumeral(p)))) continue;
        if (!homophone && isWord(window)) continue;
        const read = joined ? this.joinedReading(parts) : this.pieceReading(window, parts.length === 1 && !isWord(window));
        if (read) {
          out.push(...read);
          i = j - 1;
          replaced = true;
        }
      }
      if (!replaced) out.push(tokens[i]);
    }
    return out;
  }
}
