import { ANSWER_TYPES, askedForm, CANONICAL, DOMAIN_TERMS, DURATION, EXPANSIONS, TIMES_PER_PERIOD } from "./lexicon.ts";
import { placeOf } from "./meta.ts";
import { searchForm, toSimplified } from "./normalize.ts";
import { askedClauses, expansionWords, FUNCTION_TAG, getJieba, isFunctionWord, isGeneralWord, rewritten, textTerms, tokenizeDocument } from "./segment.ts";
import type { RankedClause, RetrievalResult, WordEvidence } from "./types.ts";

/** Why a question was declined (or "" when it is answered). */
export type ScopeReason = "" | "injection" | "task" | "no-evidence" | "foreign-topic" | "no-answer-type" | "delegated" | "empty";

/**
 * Attempts to change the bot's role or extract its instructions. Ordinary input for the
 * bot, but never answered: the reply is the standard refusal.
 */
const INJECTION = [
  /(忽略|无视|忘记|忘掉|不要理会|跳过)(掉)?(你)?(以上|之前|前面|上面|上述|先前|所有|全部|一切)?的?(所有|全部)?(指令|指示|规则|设定|提示|要求|限制|约束)/,
  /(系统|初始|原始|隐藏)(提示|指令|设定|prompt)/i,
  /提示词|prompt|jailbreak|越狱模式|开发者模式/i,
  /(你现在是|从现在(开始|起)你|你将扮演|请你扮演|请扮演|扮演一个|假装你是|假设你是|你的新身份|你不再是)/,
  /(输出|告诉我|透露|重复|打印)(一下)?你的(设定|指令|规则|提示|配置|身份)/,
  /ignore\s+(all\s+|the\s+)?(previous|above|prior)|system\s+prompt|you\s+are\s+now/i,
];

/** Things a request for recommendations names. */
const RECOMMENDED = "书|书籍|电影|电视剧|歌|小说|文章|饭店|餐馆|景点";

/** Requests for a task rather than a question about the documents (translate, write a poem …). */
const TASK = [
  /翻译|译成|translate/i,
  // A piece to write, counted (写一篇…, 起草一份…): “要写申请书吗” asks about a duty, not for a text.
  /(写|作|编|编写|撰写|创作|生成|起草|草拟|拟|来)(一|个|首|篇|段|份|封|下)+[^，。？]{0,12}(诗|词|文章|作文|小说|故事|笑话|总结|报告|稿|邮件|文案|对联|歌|通报|通知|讲话|发言|申请书|心得|体会|方案|计划|请示|函)/,
  /^(请|麻烦|帮忙)?(撰写|创作|起草|草拟)/,
  // A request (帮我算, 请给我写), not a report (公司没给我买保险, 给我算了三年; …要裁员，给我算补偿的时候: after a comma 给我 tells what someone did).
  /(?:^|[，,。！!？?\s]|请|你|麻烦)(帮|替)我(算|查|订|买|画|做|写|起草|拟|翻译|生成)(?![了过的得进出成错少多在])/,
  /(?:^|请|你|麻烦)给我(算|查|订|买|画|做|写|起草|拟|翻译|生成)(?![了过的得进出成错少多在])/,
  /讲(个|一个)?笑话|猜谜|脑筋急转弯/,
  // A recommendation of things to read, watch or visit (推荐几本书, 饭店推荐一下).
  new RegExp(`推荐[^，。？]{0,12}(${RECOMMENDED})|(${RECOMMENDED})[^，。？]{0,4}推荐`),
];

/** Noun-like part-of-speech tags (jieba): nouns, proper nouns, nominal verbs, idioms, time words, foreign words. */
const NOUNISH = /^(n|nz|nr|ns|nt|vn|l|t|eng)/;

/** A determiner or numeral followed by one character (a classifier): 那笔, 每个, 这项, 六个, 哪级. */
const DETERMINER_PHRASE = /^[这那每各哪几该此本某一二两三四五六七八九十半\d][\u4e00-\u9fff]$/;

/**
 * A named document (《…》, or a name ending in 法, 条例, 规定, 办法, 细则, 章程) and what it
 * provides: 第三条, 关于…, 对…, …中, …规定. The name must not be a document of the base.
 */
const PROVISION_OF = /(?:《([^》]{2,40})》|([\u4e00-\u9fa5]{2,24}(?:法|条例|规定|办法|细则|章程)))(?:的)?(?:第[\d一二三四五六七八九十百零]+条|关于|对|中|里|里面|规定|怎么(?:规定|说)|咋(?:规定|说)|如何规定)/;

const ARTICLE_OF = /《?([\u4e00-\u9fa5]{2,30}(法|条例|规定|办法|细则|章程|意见|方案))》?(的)?第[\d一二三四五六七八九十百零]+条/;

/**
 * True when the question asks for an article of a named document that is not in the
 * knowledge base (工会法第三条): quoting whatever mentions its name would mislead.
 * `documents` holds the titles and short names of the loaded documents.
 */
export function citesOtherDocument(question: string, documents: string[]): boolean {
  const text = toSimplified(question);
  const provision = PROVISION_OF.exec(text);
  // A name, not a phrase with an interrogative (有什么办法对…) nor a bare 做法/说法.
  const names = [ARTICLE_OF.exec(text)?.[1], provision?.[1] ?? provision?.[2]].filter((n): n is string => n !== undefined && n.length >= 3 && !/什么|啥|哪|怎|如何|咋|这|那/.test(n));
  return names.some((name) => !documents.some((d) => d.includes(name) || name.includes(d) || placeShortens(name, d)));
}

/**
 * True when a name is a document's place and kind with words of its title in between, as people shorten it:
 * 上海条例, 上海的规定, 上海工会条例 for 上海市工会条例 (规定 stands for any kind of rules).
 */
function placeShortens(name: string, title: string): boolean {
  const place = placeOf(title);
  const kind = /(?:条例|规定|办法|细则)$/.exec(title)?.[0];
  const typed = name.replace(/的/g, "");
  if (!place || !kind || !typed.startsWith(place) || !(typed.endsWith(kind) || typed.endsWith("规定"))) return false;
  // The words between the place and the kind (two characters) are the title's, in order.
  let at = title.indexOf(place) + place.length;
  for (const ch of typed.slice(place.length, -2)) if ((at = title.indexOf(ch, at) + 1) === 0) return false;
  return true;
}

/** Thresholds of the out-of-scope decision (shares of the question's weighted content). */
const SCOPE_THRESHOLDS = {
  /** Below this coverage of the question by the best clause, the documents say nothing to it. */
  minCoverage: 0.34,
  /** A topic word the documents lack (rare noun) declines the question unless coverage reaches this. */
  foreignCoverage: 0.75,
  /** How rare (general idf) an unknown noun or verb must be to count as a foreign topic. */
  foreignIdf: 5.5,
  /** Clauses scoring at least this share of the best one may supply the date or number asked for. */
  typeRival: 0.8,
  /** Sentences of the best one's paragraph scoring at least this share of it may supply it too. */
  sameParagraph: 0.6,
  /** How much more topic weight than one unknown word the best clause must match for it to pass as a paraphrase… */
  paraphraseRatio: 2,
  /** …and the coverage it must reach. */
  paraphraseCoverage: 0.6,
  /** How much more weight than the unknown words two topic words or more, written as typed, must have. */
  paraphraseRatioMany: 1.5,
  /** How rare an unknown word of another kind must be. */
  foreignOtherIdf: 8,
};

/**
 * Words of the question that name a topic the knowledge base does not contain: nouns and
 * time words of some rarity (电话, 会费, 明天), verbs naming an act (申请, 认定, 退休), rare
 * words of other kinds, and words outside the general dictionary (断缴). Weak words —
 * aspect nouns (效果, 要求), light verbs (达到, 起到), colloquial verb forms (要建, 融到) —
 * ask about the topic and never count; nor do place names (东莞) and nouns of a modifier and a
 * vocabulary word (新厂).
 */
export function foreignWords(result: RetrievalResult): string[] {
  const jieba = getJieba();
  const foreign = result.words
    .filter((w) => !w.known && !w.weak && w.word.length >= 2 && w.weight >= SCOPE_THRESHOLDS.foreignIdf)
    // Numbers, and a determiner or numeral with a classifier (那笔, 每个, 这项, 六个), name no topic.
    .filter((w) => !/^[\d.]+$/.test(w.word) && !DETERMINER_PHRASE.test(w.word))
    .filter((w) => {
      if (!isGeneralWord(w.word)) return true;
      if (isFunctionWord(w.word)) return false;
      const tags = jieba.tag(w.word, false);
      // A place or a person (东莞, 湖南; 师傅) is where the asker is or who is involved, not a topic of its own.
      if (tags.length === 1 && (tags[0].tag === "ns" || tags[0].tag === "nr")) return false;
      // A phrase of single characters and function words (我爸, 真有, 不关, 换个) holds no word that could name a topic.
      if (tags.length > 1 && tags.every((t) => t.word.length === 1 || FUNCTION_TAG.test(t.tag))) return false;
      // A negated predicate (不通, 没份, 不胜任) says how things stand, not what they are about.
      if (/^[不没]/.test(w.word) && !tags.some((t) => t.tag.startsWith("n"))) return false;
      // A two-character noun of a modifier and a vocabulary word (新厂, 进厂: a kind of 厂) names that word's topic; 鞋厂 is a kind of its own.
      if (w.word.length === 2 && tags.length === 1 && tags[0].tag === "n" && (w.word[1] in EXPANSIONS || w.word[1] in CANONICAL) && !jieba.tag(w.word[0], false).some((t) => t.tag.startsWith("n"))) return false;
      if (tags.some((t) => NOUNISH.test(t.tag) || t.tag.startsWith("v"))) return true;
      return w.weight >= SCOPE_THRESHOLDS.foreignOtherIdf;
    });
  // Unknown words of the story alone (旺季赶货，…加多少个钟) name no topic; beside an unknown word the question asks about, they belong
  // to it; and a term of the domain's vocabulary the documents lack (听说有育儿假，每年能休几天) is a topic wherever it stands.
  return foreign.every((w) => w.story && !DOMAIN_TERMS.has(w.word)) ? [] : foreign.map((w) => w.word);
}

/** The summed rarity of the words. */
const weightOf = (words: WordEvidence[]) => words.reduce((a, w) => a + w.weight, 0);

/**
 * Unknown words in a question whose other words the best clause matches are more likely a paraphrase of the clause's
 * wording (谁兜底 for 保障, 出钱 … 赔 beside 培训 and 服务期) than a topic of their own when two topic words or more that the
 * clause writes as typed outweigh them (`paraphraseRatioMany` times), whatever share of the question they cover — unless an
 * unknown word is a noun or a time word of the asking clauses (职代会的提案表有没有统一模板, 调解员有没有办案补贴, 是初一到初几): a
 * thing asked about that the documents never name; or, for one unknown word, when the clause covers most of the question and
 * its matched topic words weigh `paraphraseRatio` times the unknown one. Words matched only through the lexicon (体检 →
 * 健康检查) are weaker evidence; a matched word hardly rarer than the unknown one (法律援助咋申请, 困难职工认定标准) is not evidence.
 */
function paraphraseLikely(result: RetrievalResult, foreign: string[]): boolean {
  // A term of the domain the documents lack (高温津贴, 病假工资) names a thing of its own: never a paraphrase.
  if (foreign.some((w) => DOMAIN_TERMS.has(w))) return false;
  const topic = result.words.filter((w) => !w.weak && w.inTop >= 1);
  const unknown = weightOf(result.words.filter((w) => foreign.includes(w.word)));
  const direct = topic.filter((w) => w.direct);
  // Nouns and time words (初一: a date the documents never name), not a verbal noun (申报 asks how an act of the documents is done).
  const nounAsked = result.words.some((w) => !w.story && foreign.includes(w.word) && getJieba().tag(w.word, false).every((t) => t.tag.startsWith("n") || t.tag === "t"));
  return (
    (!nounAsked && direct.length >= 2 && weightOf(direct) >= unknown * SCOPE_THRESHOLDS.paraphraseRatioMany) ||
    (foreign.length === 1 && topic.length >= 3 && weightOf(topic) >= unknown * SCOPE_THRESHOLDS.paraphraseRatioMany) ||
    (foreign.length === 1 && result.coverage >= SCOPE_THRESHOLDS.paraphraseCoverage && weightOf(topic) >= unknown * SCOPE_THRESHOLDS.paraphraseRatio)
  );
}

/** Answers whose absence from the best clause means the documents do not say: a quantity (a number, an amount), a rate (几个点), where to go, a name, a telephone number, an age, the papers to hand in, the steps to take, the conditions of a benefit. */
const DECLINED_TYPES: Array<{ token: string; question: RegExp; text: RegExp; wholeClause?: boolean }> = [
  ...ANSWER_TYPES.filter((t) => ["#qty", "#qty:比", "#qty:钱", "#venue", "#name", "#contact"].includes(t.token)),
  // A number to dial (热线电话是多少号): a clause only naming a hotline (开通…服务热线) does not give it.
  { token: "#phone", question: /(?:电话|手机|热线)(?:号码?)?(?:是|系)?(?:多少|几多)|号码(?:是|系)?(?:多少|几多|什么|啥)/, text: /\d{5,}/ },
  // How often (多久做一次, 一年几次, 几年签一次): a clause stating a frequency (每年, 每两年至少一次, 定期) or a term (期限一般为一至三年,
  // 每届任期五年) answers it, not one only naming the act.
  { token: "#frequency", question: new RegExp(`(?:多久|多长时间|几(?:年|个月|天|周))[^，。？?]{0,4}一次|${TIMES_PER_PERIOD.source}`), text: /每[\d一二两三四五六七八九十半]*个?(?:年|月|季度?|周|星期|天|日)|[\d一二两三四五六七八九十]+个?(?:年|月|周|天|日)[^，。；]{0,4}一次|(?:年|月|周|天|日)(?:至少)?[\d一二两三四五六七八九十]次|定期|周期|(?:期限|任期|每届)[^。；，]{0,6}[\d一二两三四五六七八九十]+(?:至[\d一二两三四五六七八九十]+)?个?(?:年|月)/ },
  // An age (多少岁退休, 多大年纪, 50岁退休还是55岁): a clause stating one (未满16周岁) answers it.
  { token: "#age", question: /(?:多少|几)周?岁|多大(?:年纪|岁数|年龄)|(?:年纪|岁数|年龄)(?:有)?多大|\d+周?岁[^,。?]{0,4}(?:还是|或者?)\d+周?岁/, text: /\d+周?岁/ },
  // The papers to hand in (要准备哪些材料, 要带什么证件): a clause naming papers (提交下列材料, 诊断证明, 身份证) answers it.
  { token: "#papers", question: /(?:什么|啥|哪些|哪几样|乜|咩)(?:材料|资料|证件|证明)|(?:材料|资料|证件)(?:有|是|要)(?:哪些|什么|啥)|(?:填|交)(?:什么|啥|哪些|哪几张?)表/, text: /材料|资料|证明|证件|身份证|复印件|申请表|提交|提供/ },
  // The steps to take (要走什么流程, 办什么手续, 怎么申请): a clause naming a procedure (依照法定程序, 向…提出申请, 经…批准) answers it,
  // read whole: its paragraphs are the steps (…必须报上一级工会批准。上级工会可以…指导…组建工会).
  { token: "#procedure", wholeClause: true, question: /(?:什么|啥|哪些|乜|咩)(?:流程|手续|程序)|(?:流程|手续|程序)(?:(?:是|有)(?:什么|啥|哪些)|(?:怎么|怎样|如何)(?:办|走|弄))|(?:怎么|怎样|如何|点样)(?:申请|报名|办理|加入|入会)/, text: /程序|流程|手续|申请|提出|提交|办理|登记|报名|报送|报告|备案|审核|审批|批准|同意|选举|通知|听取/ },
  // The conditions of a benefit or a right (要满足什么条件才能申请): a clause stating one (…的，可以申请; 符合…条件; 连续工作1年以上的) answers it.
  {
    token: "#condition",
    question: /(?:什么|啥|哪些|哪几个|乜|咩)(?:样的?)?(?:条件|资格)|条件(?:是|有)(?:什么|啥|哪些)|(?:满足|符合|具备)(?:什么|啥|哪些)/,
    text: /条件|资格|符合|具备|满足|[的者][,，](?:可以|可|应当|方可|才能?|享受|有权|经)|以上的|方可/,
  },
];

/** The answer type of a penalty asked (会被罚吗, 罚多少). */
const PENALTY = ANSWER_TYPES.find((t) => t.token === "#penalty")!;

/** A sentence (paragraph, item) of a ranked clause. */
type Part = RankedClause["sentences"][number];
/** An item of a list (（一）…): a part of its own. */
const isItem = (s: Part) => s.place?.endsWith("项") ?? false;
/** A sentence introducing the items after it (有下列情形之一的，…：). */
const isListLead = (s: Part) => /[：:]\s*$/.test(s.text);

/** The sentences of the part (paragraph, item) whose sentence matches best: 由用人单位支付一次性伤残就业补助金。…具体标准由…规定。 */
export function answeringUnit(clause: RankedClause): string {
  const top = clause.sentences[0];
  return top ? clause.sentences.filter((s) => s.place === top.place).map((s) => s.text.trim()).join("") : clause.chunk.text;
}

/** A figure left to another body: 具体标准由省、自治区、直辖市人民政府规定, 按照国家规定缴纳. */
const DELEGATED = /(?:标准|办法|数额|比例|费率|幅度)[^。；]{0,10}由[^。；]{2,30}(?:规定|确定|制定)|按照?国家(?:有关)?规定(?:的|缴纳|执行|支付)/;
/** A period or standard named as set elsewhere (在规定的医疗期内): delegated when it is the thing asked about. */
const PRESCRIBED = /规定的([^。；，]{0,6}(?:期|标准|数额|比例|费率))/;
/** A word naming a period of time (医疗期, 试用期, 婚假, 产假). */
const PERIOD_NOUN = /.[期假]$/;
/** A figure stated: digits, or a Chinese numeral with a unit (十二个月, 每年调整一次, 百分之二; not 一次性). */
const FIGURE = /\d|[一二两三四五六七八九十百千万半]+(?:个月|日|天|年|倍|元|人|周岁|岁|次(?!性))|分之/;

/** A sentence of a worked example (举例：某地区…210元, 则该地区月最低工资标准…360元): it illustrates a rule, its numbers answer no question. */
const EXAMPLE_SENTENCE = /(?:举例|例如|比如)[：:]|某(?:地区|单位|企业|公司|职工|劳动者)|该地区/;
const withoutExamples = (text: string) => text.split(/(?<=[。；;\n])/).filter((s) => !EXAMPLE_SENTENCE.test(s)).join("");

/** A comparison whose object a word is, in the same phrase and with no figure between (不得低于当地, 高于城市居民; not 不得少于24学时): a benchmark, not what a figure quantifies. */
const COMPARED = /(?:低于|高于|超过|少于|多于|不足|相当于)[^，,。；;：:、\d一二两三四五六七八九十百千万半]{0,12}$/;

/** True when the text holds the word and every occurrence is the object of a comparison (…不得低于用人单位所在地的最低工资标准). */
function onlyCompared(text: string, word: string): boolean {
  const before = text.split(word).slice(0, -1);
  return before.length > 0 && before.every((b) => COMPARED.test(b));
}

/** True when a document's text holds the word as typed or one of its standard forms (every word of it: 最多 → 不得 超过). */
export function textHolds(text: string, word: string): boolean {
  const tokens = textTerms(text);
  return tokens.has(word) || (EXPANSIONS[word] ?? []).some((e) => expansionWords(e).every((x) => tokens.has(x)));
}

/**
 * "no-answer-type" when a question asks for a quantity (how many, how much money), where to go (去哪里申请) or the
 * conditions of a benefit (要满足什么条件) and the sentences that match in its best clause (or in a close rival) hold
 * none: “职代会每年开几次” finds the clause on 职代会, but no number in it; "delegated" when the part that matches best
 * leaves the figure or the period asked to another body. Dates are not checked: documents write them too loosely (时间,
 * 截止, 前).
 */
function lacksAskedAnswer(question: string, result: RetrievalResult): "" | "no-answer-type" | "delegated" {
  const best = result.clauses[0];
  // What its asking clauses ask (之前交了几年社保，…还算不算 asks no number), their colloquial phrases rewritten (第一时间 → 立即).
  const whole = askedForm(searchForm(question));
  const numberAsked = (clause: string) => DECLINED_TYPES.some((t) => t.token.startsWith("#qty") && t.question.test(clause));
  // An asking clause for a number, and the clauses before it in its sentence that ask for a number too (会费每个月交多少，按工资百分之几扣？;
  // not 想降低缴存比例，要经过什么程序: a share named before a procedure asked).
  const asking = askedClauses(whole).flatMap((clause) => {
    const read = rewritten(clause);
    if (!numberAsked(read)) return [read];
    const sentence = whole.split(/(?<=[。；;！!？?])/).find((s) => s.includes(clause)) ?? clause;
    return [...sentence.slice(0, sentence.indexOf(clause)).split(/(?<=[，,])/).map(rewritten).filter(numberAsked), read];
  });
  const askedTypes = DECLINED_TYPES.filter((t) => asking.some((form) => t.question.test(form)));
  // A period asked for (多久): declined when a sentence leaves it to another body, or when it is asked of a named period
  // (医疗期多长) no part states one for; other periods and dates are written too loosely to check.
  const periodAsked = asking.some((form) => DURATION.test(form));
  if (!askedTypes.length && !periodAsked) return "";
  // The part that answers best leaves the figure or the period to another body (具体标准由省、自治区、直辖市人民政府规定,
  // 在规定的医疗期内): the documents do not state it.
  const unit = searchForm(answeringUnit(best));
  const prescribed = PRESCRIBED.exec(unit)?.[1];
  // For a period asked (多久), only a period named as prescribed (规定的医疗期) is one: a standard (规定的最低小时工资标准) is a quantity.
  const named = prescribed && (askedTypes.length > 0 || prescribed.endsWith("期")) && result.words.some((w) => !w.weak && w.word.length >= 2 && prescribed.includes(w.word));
  if ((DELEGATED.test(unit) || named) && !FIGURE.test(unit)) return "delegated";
  // A period of a word naming one (医疗期, 婚假) asked in the same clause, when no paragraph or item states a period beside it
  // (医疗期 stands only in 医疗期满后 and 在规定的医疗期内): the documents do not say how long it lasts.
  const periodOf = (w: WordEvidence) => w.quantified === false && w.known && PERIOD_NOUN.test(w.word) && asking.some((form) => DURATION.test(form) && form.includes(w.word));
  if (!askedTypes.length) return result.words.some(periodOf) ? "no-answer-type" : "";
  // The thing a quantity is asked of (婚假有几天: its rarest noun, in the asking clauses), when no paragraph or item of the
  // documents states a figure beside it (婚假 stands only in lists of paid leave; 病假 only beside a count of months, for
  // 病假工资按几成发; 会费 only in an item beside the one on 拨缴 百分之二).
  const thing = result.words.filter((w) => !w.weak && !w.story && w.known).sort((a, b) => b.weight - a.weight)[0];
  const unquantified = thing?.quantified === false && asking.some((form) => form.includes(thing.word)) ? thing.word : undefined;
  // The part answering best does not name it: the documents do not say.
  if (unquantified && !textHolds(unit, unquantified) && getJieba().tag(unquantified, false).every((t) => t.tag.startsWith("n"))) return "no-answer-type";
  // It does, but only as what another figure is compared with (试用期的工资不得低于…80%，并不得低于…最低工资标准, for 最低工资标准是多少):
  // the part states no figure of it.
  if (thing && asking.some((form) => numberAsked(form) && form.includes(thing.word)) && onlyCompared(unit, thing.word)) return "no-answer-type";
  // It does: an item beside it (…工资总额的百分之二…拨缴的经费) or the sentence introducing the items (…提前三十日…通知：) that does
  // not name it does not state its figure.
  const ownFigure = (c: RankedClause) => {
    const named = unquantified && textHolds(c.sentences[0].text, unquantified) ? unquantified : undefined;
    return (s: Part) => !named || s === c.sentences[0] || !(isItem(s) || isListLead(s)) || textHolds(s.text, named);
  };
  const holding = (text: string, words: WordEvidence[]) => words.filter((w) => textHolds(text, w.word));
  // A rival supplies the answer only when it speaks of the same topic: it holds the rare words the best clause matched and the
  // words asked that the documents write (女职工几岁退休: 退休 too, not the 1周岁 of a 哺乳 clause on 女职工); the story's words tell
  // what happened and need not be there (家里失火了，生活很困难，去哪里申请临时救助: 申请临时救助的，应当向乡镇人民政府…提出).
  const topic = result.words.filter((w) => !w.weak && !w.story && (w.inTop >= 1 || w.known));
  const onTopic = (text: string) => !topic.length || weightOf(holding(text, topic)) >= weightOf(topic) * SCOPE_THRESHOLDS.typeRival;
  const clauses = result.clauses.filter((c, i) => i === 0 || (c.score >= best.score * SCOPE_THRESHOLDS.typeRival && onTopic(c.chunk.text)));
  // A fine (处…1倍以上3倍以下的罚款) states no figure of a benefit or a payment asked (失业金每个月发多少钱): it counts only when a
  // penalty is asked (罚多少, 会怎么处理).
  const penaltyAsked = PENALTY.question.test(whole);
  const withoutFines = (text: string) => (penaltyAsked ? text : text.replace(/处[^。；，]{0,30}罚款/g, ""));
  // The sentences that match, not the whole clause: in 第四十三条 (sources of funds) the item on 会费 has no rate. Where several
  // sentences ask (每个月要交多少会费？按工资的百分之几？), or a story comes first (…被厂里开除了，能赔多少: the story matches the sentence
  // on reinstatement, 赔 the one on 两倍的赔偿), each is answered by the parts holding most of its own words (its weak ones when it
  // has no other). An item that matches brings the sentence introducing the items when that names a word of the asking clauses
  // (…给予本人年收入二倍的赔偿：（一）… for 赔多少; not …提前三十日…通知： for a 医疗期 asked about).
  const askedWords = result.words.filter((w) => !w.story);
  const matching = (c: RankedClause, own: WordEvidence[] | null) => {
    if (!c.sentences.length) return c.chunk.text;
    const top = c.sentences[0].score;
    const held = own ? c.sentences.map((s) => weightOf(holding(s.text, own))) : [];
    const most = Math.max(0, ...held);
    // A sentence of a paragraph reads with the best one (…可从劳动者本人的工资中扣除。但每月扣除的部分不得超过…20%; the paragraph
    // after a list: …台账应当至少保存两年) at the share the quote takes; the items of a list (the sources of funds) are parts of their own.
    const parts = most > 0 ? c.sentences.filter((_, i) => held[i] === most) : c.sentences.filter((s) => s.score >= top * (isItem(s) ? SCOPE_THRESHOLDS.typeRival : SCOPE_THRESHOLDS.sameParagraph));
    const leads = parts.some(isItem) ? c.sentences.filter((s) => !parts.includes(s) && isListLead(s) && holding(s.text, askedWords).length) : [];
    // With a penalty asked (会罚多少), the sentences of the same paragraph setting one (…；逾期未改正的，处3万元以上5万元以下的罚款) are the answer.
    const fines = penaltyAsked ? c.sentences.filter((s) => !parts.includes(s) && s.place === parts[0]?.place && PENALTY.text.test(s.text)) : [];
    return [...parts, ...leads, ...fines].filter(ownFigure(c)).map((s) => s.text).join("");
  };
  const lacking = asking.some((form) => {
    const asked = DECLINED_TYPES.filter((t) => t.question.test(form));
    // Its words as typed or in their standard form (每个月 → 每月), but not one that only names the answer asked for (有比例限制吗: 比例).
    const typed = asking.length > 1 || result.words.some((w) => w.story) ? new Set(tokenizeDocument(form).terms) : null;
    const ownWords = typed ? result.words.filter((w) => (form.includes(w.word) || typed.has(w.word)) && !asked.some((t) => t.question.test(w.word))) : null;
    const own = ownWords && (ownWords.some((w) => !w.weak) ? ownWords.filter((w) => !w.weak) : ownWords);
    const texts = clauses.map((c) => withoutFines(searchForm(withoutExamples(matching(c, own)))));
    return asked.some((t) => !(t.wholeClause ? clauses.map((c) => searchForm(c.chunk.text)) : texts).some((x) => t.text.test(x)));
  });
  return lacking ? "no-answer-type" : "";
}

/**
 * Decides from retrieval evidence whether the documents cover a question: injection and
 * task requests are declined; otherwise the best clause must cover enough of the
 * question's content, and a rare topic word absent from the documents (会费, 任期, 产假 …)
 * needs near-complete coverage. A resolved structural reference (第三部分第二条) is in scope.
 */
export function scopeDecision(question: string, result: RetrievalResult, documents: string[] = []): ScopeReason {
  if (INJECTION.some((re) => re.test(question))) return "injection";
  if (TASK.some((re) => re.test(question))) return "task";
  if (citesOtherDocument(question, documents)) return "foreign-topic";
  if (result.structural && result.clauses.length) return "";
  if (!result.clauses.length) return result.content.length ? "no-evidence" : "empty";
  if (result.coverage < SCOPE_THRESHOLDS.minCoverage) return "no-evidence";
  const foreign = foreignWords(result);
  if (foreign.length && result.coverage < SCOPE_THRESHOLDS.foreignCoverage && !paraphraseLikely(result, foreign)) return "foreign-topic";
  // A question for a number, an amount or where to go that no close clause holds cannot be answered, however well its topic matches.
  return lacksAskedAnswer(question, result);
}
