/**
 * The vocabulary of retrieval, built on the data files (vocabulary.ts). Question grammar (answer
 * types) stays in code below.
 */
import { amountIn, QUANTITY } from "./quantities.ts";
import { VOCABULARY as FILES } from "./vocabulary.ts";

/** Equivalent forms → their canonical form (the first of each group), for documents and questions alike. */
export const CANONICAL: Record<string, string> = Object.fromEntries(FILES.flatMap((f) => (f.equivalents ?? []).flatMap(([head, ...rest]) => rest.map((w) => [w, head]))));

/** The domain's own terms (jieba keeps them whole) and their equivalent forms (育儿假, 工会联合会, 工联会), not colloquial keys (偷东西). */
export const DOMAIN_TERMS = new Set([...FILES.flatMap((f) => f.terms ?? []), ...Object.keys(CANONICAL), ...Object.values(CANONICAL)]);

/**
 * Question words → standard terms added at a lower weight: colloquial words and, for each
 * group of related terms, every member → the others.
 */
export const EXPANSIONS: Record<string, string[]> = {};
for (const f of FILES) {
  for (const [w, to] of Object.entries(f.colloquial ?? {})) EXPANSIONS[w] = [...new Set([...(EXPANSIONS[w] ?? []), ...to])];
  for (const group of f.related ?? []) for (const w of group) EXPANSIONS[w] = [...new Set([...(EXPANSIONS[w] ?? []), ...group.filter((x) => x !== w)])];
}

/** Colloquial words (keys of `colloquial`, not of a group of related standard terms): documents seldom write them. */
const RELATED = new Set(FILES.flatMap((f) => (f.related ?? []).flat()));
export const COLLOQUIAL = new Set(FILES.flatMap((f) => Object.keys(f.colloquial ?? {})).filter((w) => !RELATED.has(w)));

/** Regular expressions of a vocabulary list with their replacements. */
const patterns = (key: "dialect" | "rewrites"): Array<[RegExp, string]> =>
  FILES.flatMap((f) => (f[key] ?? []).map(([re, to]) => [new RegExp(re, "g"), to] as [RegExp, string]));

/** Cantonese as people type it (冇, 唔, 佢哋, 几耐) → standard Mandarin, in order. */
export const DIALECT = patterns("dialect");

/** Colloquial phrases rewritten in the question before segmentation. */
export const QUERY_REWRITES = patterns("rewrites");

/** Words that carry no content in a question (interrogatives, fillers, pronouns). */
export const STOPWORDS = new Set(FILES.flatMap((f) => f.stopwords ?? []));

/** Aspect words (效果, 要求, 标准): ask about a property of the topic; never a topic, weak in coverage. */
export const ASPECT_WORDS = new Set(FILES.flatMap((f) => f.aspectWords ?? []));

/** Light verbs (达到, 起到, 处理): carry the aspect, not the topic; weak in coverage. */
export const LIGHT_VERBS = new Set(FILES.flatMap((f) => f.lightVerbs ?? []));

/** Nouns too general to name what an answer is (工作, 问题, 内容): 啥内容 asks for no kind of thing. */
export const GENERIC_NOUNS = new Set(FILES.flatMap((f) => f.genericNouns ?? []));

/**
 * Resultative and directional complements of colloquial verbs (融到, 建成, 选出来, 放在):
 * the verb form names no topic of its own.
 */
export const VERB_COMPLEMENT = /^[\u4e00-\u9fff]{1,2}(到|够|在|成|出|出来|起来|进|进来|进去|回|回来|过来|下来|上来|上|下|来|去|完|好|起|得|了|过|着)$/;

/** Interrogative words of any shape (哪类, 啥样, 干嘛, 多少钱 …): the question's form, not its topic. */
export const QUESTION_WORD = /^(哪|啥|什么|怎|咋|多少|几|谁|由谁|为啥|为何|如何|是否|干嘛|干啥|干什么|做啥|有啥|有何|何(种|时|地|处|人|在|方|以))|^(样子|模样|意思|区别)$|^[百千万]分之(几|多少)?$/;

/** A sum of money: an amount in 元, a multiple of one (1至5倍), or months of a wage (6个月的本人工资; not 前12个月的平均工资, a period). */
const SUM = `${amountIn("万?元").source}|倍|(?<![前\\d])\\d+个月的?[^,。;]{0,15}工资`;
/** A sum of money: a sum, or a share of money (工资总额的百分之二, 日工资收入的300%; not 三分之一以上的会员). */
const MONEY = new RegExp(`${SUM}|(?:工资|经费|费用?|报酬|收入|金额|基数|款)[^，,。；;]{0,12}(?:分之|\\d%)|(?:分之|%)[^，,。；;]{0,8}(?:工资|经费|费|报酬|收入|金额|款)`);

/**
 * A question's form for the answer types it asks: a quantity inside what a yes/no question asks about (能不能约定工资至少涨多少,
 * 要不要公布社保交了多少) is not asked for; a request to be told one (能不能告诉我要交多少) still asks.
 */
const YES_NO_QUANTITY = /((?:能不能|要不要|可不可以|可以不可以|能否|是否|会不会)(?!告诉|说|讲|问|查|帮|算)[^,，;；。?？!！]*?)(?:多少|几)/g;
export const askedForm = (form: string): string => form.replace(YES_NO_QUANTITY, "$1某");

/** A period asked for (多久, 多长时间), not a date: `#time` too, but the date a document comes into force does not answer it. */
export const DURATION = /多久|多长/;

/** A period a count of times is asked for (一年…几次, 每个月…几回: how often; the search form writes 一年 as 1年). */
const PER_PERIOD = String.raw`[1一每]个?(?:年|月|周|星期|季度?)[^，。？?,]{0,8}`;
/** How often asked by a count per period (一年要专门研究几次); 一年…几回 is not a count asked either (#qty). */
export const TIMES_PER_PERIOD = new RegExp(`${PER_PERIOD}几次`);

/**
 * Answer types: a question of this kind adds a feature token, and document text matching
 * the pattern carries the same token. `#qty` is a quantity in any written form (百分之二,
 * 三分之一, 二倍, 半数, 二百人, 1－2个, 三十日); `#time` a date or a period.
 */
export const ANSWER_TYPES: Array<{ token: string; question: RegExp; text: RegExp }> = [
  {
    token: "#time",
    // 几点 asks a time of day (几点开始, 几点钟), not a number of points (有几点要求).
    question: /什么时候|啥时候|何时|几月|几号|哪天|哪个月|截止|哪年|施行|生效|多久|多长时间|(?<!工作|加班|休息|上班|下班)时间|(?<!有)几点(?:钟|(?=[开到前后上下出集签结截]))/,
    text: /\d{1,2}[:：]\d{2}|[上下]午\d|\d+个?月|\d+日|\d+号|\d+年|(?:\d+|[一二两三四五六七八九十]+)个?(?:月|日|天|年|工作日|小时)|年底|年初|年内|上半年|下半年|每年|每季度?|每月|每周|定期|之日|起施行|起执行|届满|到期|期间|以内|之前|前/,
  },
  {
    token: "#qty",
    // Not 哪几个 nor 分几个档 (a list), 一年…几次 (how often: 每年 answers it), 十几个人 (a headcount) nor 没几个钱 (not much);
    // nor a figure the question states (还要给300%吗: yes or no); nor a telephone number (电话是多少).
    question: new RegExp(String.raw`(?<![哪十那这第没分\d])几(?:个|家|所|项|名|位|条|届|批|轮|场|天|日|周|年|小时|倍|成|份|张|台|套|间|层|笔|块|辆|本|件)(?![人职员])|(?<!${PER_PERIOD})(?<![哪十那这第没\d])几(?:次|回)|几个点|(?<!(?:电话|手机|热线|号码)(?:号码?)?(?:是|系)?)多少|多大|多高|多低|比例|[百千]分之|百分比|几成|占多|金额`),
    text: QUANTITY,
  },
  // A period asked for (多久): a clause stating one (三十日, 六个月, 三年至五年) answers it, not one only speaking of a time (在…期间).
  { token: "#period", question: DURATION, text: /(?:\d+|[一二两三四五六七八九十百半]+)个?(?:月|日|天|年|周|星期|小时|工作日)/ },
  // A day of the month asked for (几号, 哪天): a clause naming one (每月15日前, 5号) answers it, not one on a month or a period.
  { token: "#time:日", question: /几号|哪一?天|几月几[日号]/, text: /月\d{1,2}[日号]|(?<![\d个])\d{1,2}[日号](?!内|起|以)/ },
  // The unit a quantity question asks for (几天, 几年, 几倍): a clause with an amount in that unit answers it.
  { token: "#qty:日", question: /(?<![那这十第\d])(?:几|多少)个?(?:天|日|工作日)/, text: amountIn("个?(?:工作日|天|日)", true) },
  { token: "#qty:年", question: /(?<![那这十第\d])(?:几|多少)年(?!级)/, text: /(?<![\d年])(?:\d{1,2}|[一二两三四五六七八九十]+|半)年(?!\d+月|度)/ },
  // A sum of money asked for (罚多少钱, 赔多少): a clause with a sum (500元, 1至5倍, 6个月的本人工资, 日工资收入的300%) ranks first,
  // not one with a count of people or days.
  { token: "#qty:元", question: /多少钱|(?:罚|赔|补|给|交|扣|发|领|拿)多少(?!天|日|个|年|次|人|倍)|几块钱|几千块|几万块/, text: MONEY },
  // 多少钱 in so many words: only a sum or a share of one answers it; a question whose matching sentences hold none is declined (scope.ts).
  { token: "#qty:钱", question: /多少钱|几块钱|几千块|几万块/, text: MONEY },
  { token: "#qty:比", question: /(?:几|多少)(?:倍|成)|(?:几|多少)个点|[百千]分之(?:几|多少)|比例|百分比|多少%/, text: /分之|%|倍/ },
  {
    token: "#list",
    question: /哪些|哪几|分(?:为|成)?几(?:个|种|类|档|级|等)|包括|包含|具体指|指哪|是指|指的|都有|有哪|是什么|指啥|是啥|是哪(?![一\d]?[天年月日号])|哪[\d一二两三四五六七八九十](?![天年月日号])|(啥|什么|哪些|具体)内容/,
    text: /（[^）]*、[^）]*）|”、“|包括|一是|：$/,
  },
  {
    // A time limit asked about (三年前的事现在还管不管, 过了一年多还能仲裁吗, 被辞退快一年，还能申请仲裁吗): a clause setting one (2年内, 时效) answers it.
    token: "#limit",
    question: /(?:\d+|[一二两三四五六七八九十几好]+|半)个?(?:年|月)多?(?:以)?前|过了(?:好)?(?:多久|这么久|\d+|[一二两三四五六七八九十几半]+)|这么久|太久|来得及|来不及|过期|时效|失效|追溯|过(?:了)?时间|还(?:能|可以)(?:去)?(?:申请|提起?)?(?:劳动)?(?:仲裁|告|起诉|打官司)/,
    text: /(?:\d+|[一二两三四五六七八九十]+)个?(?:年|月)(?:内|以内)|时效/,
  },
  {
    // The documents a text rests on (依据啥文件, 根据哪些规定): answered by a clause citing 《…》.
    token: "#basis",
    question: /(依据|根据|按照|依照)[^，。？]{0,6}(哪|啥|什么)|(哪|啥|什么)[^，。？]{0,4}(依据|根据)|(上级|哪些|哪几个)文件/,
    text: /《[^》]{4,}》/,
  },
  {
    // Where to go to do something (去哪里申请, 到哪儿投诉, 找哪个部门办): a clause naming to whom one applies (向…申请/投诉), who
    // provides it (由…办理/发放) or who hears it (管辖, 受理).
    token: "#venue",
    // Where to go (去哪里办, 镇上哪里可以办), or an address (在哪条街): the documents name bodies, not streets.
    question: /(?:(?:去|到|上|找)哪(?:里|儿|个部门|个单位)?|哪里|哪儿)(?:可以|能|才能|要)?(?:办|领|申请|投诉|举报|补办|挂失|报名|告|起诉|开通|查|考)|在哪(?:条街|条路|个位置)|地址(?:是|在)/,
    text: /向[^，。；]{2,24}?(?:申请|投诉|举报|申诉|提出|提起|报告|反映|起诉)|由[^，。；]{2,24}?(?:办理|发放|核发|负责)|管辖|受理|到[^，。；]{2,16}(?:办理|登记|申请)/,
  },
  {
    // What follows a breach (会被罚吗, 老板会受什么处罚, 要担什么责任): a clause setting a penalty or a liability answers it.
    token: "#penalty",
    question: /罚|处分|追究|法律责任|担责|坐牢|判刑|后果|风险|会怎么(?:样|处理|处置)/,
    text: /罚款|处罚|处分|责令|追究|吊销|赔偿责任|法律责任|承担责任/,
  },
  {
    // A proper name asked for (主席叫什么名字, 公众号叫啥名字): a clause naming a person (…同志, 联系人：…) answers it.
    token: "#name",
    question: /(?:叫|是)(?:什么|啥)名字|名字(?:是|叫)(?:什么|啥|谁)|姓(?:什么|啥)|叫啥名|全名/,
    text: /同志|联系人|[：:][\u4e00-\u9fff]{2,3}(?=[，,；;\s（(]|$)/,
  },
  // A telephone number or other contact (电话是多少, 怎么联系): a clause giving one (联系电话：…) answers it.
  { token: "#contact", question: /(?:电话|手机|热线|联系方式)(?:号码?)?(?:是|系)?(?:多少|几多|什么|啥)|(?:怎么|怎样|如何)联系/, text: /电话|热线|联系方式|\d{5,}/ },
];
