/**
 * Typo and homophone tolerance: a piece of a question that is no word (住席, 党圆) but
 * sounds like a term of the knowledge base and shares a character with it in place (主席,
 * 党员) is read as that term; so is a word of three characters or more that the knowledge
 * base lacks (使用期 → 试用期). Pinyin without tones, from pinyin-pro.
 */
import { createRequire } from "node:module";
import type * as PinyinPro from "pinyin-pro";

const CJK = /^[\u4e00-\u9fff]+$/;
/** Longest window (characters) read as one term. */
const MAX_WINDOW = 5;

/** Toneless pinyin of a word, syllables joined by spaces. */
export function soundOf(word: string): string {
  let sound = SOUNDS.get(word);
  if (sound === undefined) {
    // pinyin-pro takes about 40 ms to load: loaded when a question has a piece to hear (the index's sounds are stored).
    pinyinPro ??= createRequire(import.meta.url)("pinyin-pro") as typeof PinyinPro;
    sound = pinyinPro.pinyin(word, { toneType: "none", type: "array" }).join(" ");
    if (SOUNDS.size > 100_000) SOUNDS.clear();
    SOUNDS.set(word, sound);
  }
  return sound;
}
const SOUNDS = new Map<string, string>();
let pinyinPro: typeof PinyinPro | null = null;

/** True when two words of equal length share a character at the same position. */
function sharesPlace(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) return true;
  return false;
}

/** Toneless pinyin → the indexed terms sounding so, in index order (stored with the index analysis). */
export type SoundTable = Array<[sound: string, terms: string[]]>;

/** The sound table of indexed terms (words of two to five Chinese characters are used). */
export function soundTable(terms: Iterable<string>): SoundTable {
  const bySound = new Map<string, string[]>();
  for (const t of terms) {
    if (t.length < 2 || t.length > MAX_WINDOW || !CJK.test(t)) continue;
    const key = soundOf(t);
    const list = bySound.get(key);
    if (list) list.push(t);
    else bySound.set(key, [t]);
  }
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

  /**
   * Rewrites a segmented question: runs of adjacent tokens (2–5 characters) that are not a
   * word themselves (`isWord`) and hold a token that is no word either, or only single
   * characters, become the indexed term that sounds the same and shares a character in place;
   * so does a token of three characters or more the index lacks (`indexed`), word or not.
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
        // without the dictionary or its pinyin (most questions then never load pinyin-pro).
        if (![...window].some((ch, k) => this.places.has(k + ch))) continue;
        // Words typed as words stay, unless one long word the index lacks (使用期 for 试用期); then a window that is a word itself
        // (looked up last: a word the dictionary lacks costs a scan of it).
        const homophone = parts.length === 1 && window.length >= 3 && indexed !== undefined && !indexed(window);
        if (!homophone && !parts.every((p) => p.length === 1) && parts.every((p) => isWord(p))) continue;
        if (!homophone && isWord(window)) continue;
        const match = this.bySound.get(soundOf(window))?.find((t) => t !== window && sharesPlace(t, window));
        if (match) {
          out.push(match);
          i = j - 1;
          replaced = true;
        }
      }
      if (!replaced) out.push(tokens[i]);
    }
    return out;
  }
}
