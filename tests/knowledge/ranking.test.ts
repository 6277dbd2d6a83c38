import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KnowledgeBase } from "../../src/knowledge/kb.ts";
import { ANSWER_TYPES, CANONICAL, DIALECT, EXPANSIONS, QUERY_REWRITES, STOPWORDS } from "../../src/knowledge/lexicon.ts";
import { chineseNumeralsToDigits, searchForm, toSimplified } from "../../src/knowledge/normalize.ts";
import { conditionTokens, QUANTITY, satisfiedConditions, statedQuantities } from "../../src/knowledge/quantities.ts";
import { extractiveAnswer, quoteQuery, refusal } from "../../src/knowledge/answer.ts";
import { ingestText } from "../../src/knowledge/ingest.ts";
import { LexicalIndex } from "../../src/knowledge/retrieve.ts";
import { citesOtherDocument, foreignWords, scopeDecision, textHolds, type ScopeReason } from "../../src/knowledge/scope.ts";
import { addTerms, analyseQuery, expansionWords, fromDialect, isWeakWord, rewritten, segment, textTerms, tokenizeDocument } from "../../src/knowledge/segment.ts";
import { soundTable, TypoCorrector } from "../../src/knowledge/typos.ts";
import { evaluateFile, expectAnswered, makeKb, RAW_FILE } from "./helpers.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE_DIRS = [path.join(here, "../fixtures/ranking"), path.join(here, "../fixtures/knowledge")];

describe("quantities in every written form", () => {
  const conditionsOf = (text: string) => conditionTokens(searchForm(text));
  const satisfiedBy = (text: string, known: string[]) => satisfiedConditions(searchForm(text), known);

  it("recognises amounts, rates, fractions, multiples and counts as answers", () => {
    for (const text of ["工资总额的百分之二", "三分之一以上职工代表", "支付二倍的工资", "过半数通过", "职工二百人以上", "25人以上", "创建1－2个典型", "提前三十日", "百分之零点五", "3%", "不得超过用人单位提供的培训费用", "不得低于当地最低工资标准"]) {
      expect(QUANTITY.test(searchForm(text)), text).toBe(true);
    }
    for (const text of ["统一考核制度", "一是理顺管理体制", "依照本条例第十条", "进一步畅通渠道"]) expect(QUANTITY.test(searchForm(text)), text).toBe(false);
  });

  it("reads the conditions documents state and the case a question states", () => {
    expect(conditionsOf("会员二十五人以上的，应当建立；不足二十五人的，可以联合建立")).toEqual(["#cond:人:25:Infinity", "#cond:人:0:25"]);
    expect(conditionsOf("劳动合同期限一年以上不满三年的")).toEqual(["#cond:月:12:36"]);
    expect(conditionsOf("累计工作已满一年不满十年的")).toEqual(["#cond:月:12:120"]);
    expect(statedQuantities(searchForm("不到25人的小公司")).map((q) => q.value)).toEqual([24]);
    expect(statedQuantities(searchForm("一百多人的厂"))[0].value).toBeGreaterThan(100);
    expect(statedQuantities(searchForm("半年的合同"))).toEqual([{ dim: "月", value: 6 }]);
    const known = ["#cond:人:25:Infinity", "#cond:人:0:25", "#cond:月:12:36"];
    expect(satisfiedBy("厂里有30个员工", known)).toEqual(["#cond:人:25:Infinity"]);
    expect(satisfiedBy("一百多人的厂", [...known, "#cond:人:100:Infinity"])).toEqual(["#cond:人:100:Infinity", "#cond:人:25:Infinity"]);
    expect(satisfiedBy("没满25人的企业", known)).toEqual(["#cond:人:0:25"]);
    expect(satisfiedBy("两年的劳动合同", known)).toEqual(["#cond:月:12:36"]);
  });

  it("reads one period a count asked for is per (一年最少培训几次, 一年每人最多发多少) as no case, and a period the case lasted as one", () => {
    for (const q of ["工人安全培训一年最少要搞几次", "工会一年每人最多能发多少钱", "一个月最多加多少个钟"]) expect(statedQuantities(searchForm(q)), q).toEqual([]);
    for (const q of ["干了一年能拿多少补偿", "工作满一年能休几天年假", "入职一个月能不能请假", "签了一年的合同"]) expect(statedQuantities(searchForm(q)).length, q).toBeGreaterThan(0);
  });

  it("reads 个人/号人, about (80来个人), a little above (三十几个人), almost (快一个月) and a period within (一个月内)", () => {
    expect(statedQuantities(searchForm("我们厂一共80来个人")).map((q) => q.value)).toEqual([80]);
    expect(statedQuantities(searchForm("单位500来号人")).map((q) => q.value)).toEqual([500]);
    expect(statedQuantities(searchForm("三十几个人"))[0].value).toBeGreaterThan(30);
    expect(statedQuantities(searchForm("入职快一个月"))[0].value).toBeLessThan(1);
    expect(conditionsOf("自用工之日起一个月内")).toEqual(["#cond:月:0:1"]);
    const known = ["#cond:人:100:Infinity", "#cond:人:0:100", "#cond:月:0:1", "#cond:月:1:12"];
    expect(satisfiedBy("我们单位才60来个人", known)).toEqual(["#cond:人:0:100"]);
    expect(satisfiedBy("新员工入职快一个月", known)).toEqual(["#cond:月:0:1"]);
  });

  it("reads a quantity inside what a yes/no question asks about as asked for nothing (能不能约定工资至少涨多少)", () => {
    const asks = (q: string) => analyseQuery(q).terms.some((t) => t.term === "#qty");
    expect(asks("行业工会能不能约定全行业工资每年至少涨多少")).toBe(false);
    expect(asks("公司要不要公布社保交了多少")).toBe(false);
    expect(asks("行业工资每年至少涨多少")).toBe(true);
    expect(asks("能不能告诉我会费交多少")).toBe(true);
    expect(asks("能不能派代表？最多派几个")).toBe(true);
    // Nor does its quote look for a sentence stating one.
    expect(quoteQuery("行业工会能不能约定工资每年至少涨多少", []).wants).toEqual([]);
    expect(quoteQuery("行业工资每年至少涨多少", []).wants.length).toBeGreaterThan(0);
    expectReasons(
      "青岚市集体合同规定\n第一条　为了规范集体协商，制定本规定。\n第二条　行业工会可以与行业协会进行集体协商，协商内容包括本行业工资调整的最低幅度。\n第三条　本规定自公布之日起施行。",
      { "行业工会能不能跟行业协会约定工资每年至少涨多少": "", "行业工会跟行业协会约定的工资每年至少涨多少": "no-answer-type" },
    );
  });

  it("keeps 一次性 (one-off) a word, not a count of times before 性能", () => {
    expect(chineseNumeralsToDigits("一次性伤残补助金")).toBe("一次性伤残补助金");
    expect(chineseNumeralsToDigits("每一次都扣钱")).toBe("每1次都扣钱");
    const content = analyseQuery("鉴定是十级，一次性能补几个月工资").content;
    expect(content).toContain("一次性");
    expect(content).not.toContain("性能");
  });

  it("takes an interrogative share (百分之几, 千分之多少) as the question's form, not a word of its topic", () => {
    for (const q of ["社保个人那部分要扣百分之几", "滞纳金按千分之多少收"]) expect(analyseQuery(q).content.filter((w) => /分之/.test(w)), q).toEqual([]);
    expect(analyseQuery("社保个人那部分要扣百分之几").content).toContain("个人");
  });

  it("reads a number with 月 alone as a month of the year (7月才入职), and leaves the days a question tells out of its words", () => {
    expect(statedQuantities(searchForm("七月才入职新厂"))).toEqual([]);
    expect(statedQuantities(searchForm("调了半个多月")).map((q) => q.dim)).toEqual(["月"]);
    expect(conditionsOf("每年9月底前开展一次摸底排查")).toEqual([]);
    expect(analyseQuery("我7月1号刚跳到新公司，今年年假怎么算").content).not.toContain("号");
  });

  it("takes a vague amount (十几年, 二十多个人) as meeting a condition only over its whole range", () => {
    const known = ["#cond:月:180:Infinity", "#cond:月:120:Infinity", "#cond:人:25:Infinity", "#cond:人:10:Infinity", "#cond:人:100:Infinity"];
    expect(satisfiedBy("交了十几年养老保险", known)).toEqual(["#cond:月:120:Infinity"]);
    expect(satisfiedBy("二十多个人被拖了工资", known)).toEqual(["#cond:人:10:Infinity"]);
    expect(satisfiedBy("三十几个工友", known)).toEqual(["#cond:人:25:Infinity", "#cond:人:10:Infinity"]);
    expect(satisfiedBy("一百五十多人的厂", known)).toEqual(["#cond:人:100:Infinity", "#cond:人:25:Infinity", "#cond:人:10:Infinity"]);
    expect(statedQuantities(searchForm("一百五十多人的厂"))[0].value).toBe(155);
  });

  it("reads spoken numerals (俩月, 仨人) and compound periods (一年半, 三个半月, 四年零八个月) with the part past whole units", () => {
    const values = (text: string) => statedQuantities(searchForm(text)).map((q) => `${q.dim}${q.value}`);
    expect(values("刚开业俩月")).toEqual(["月2"]);
    expect(values("我们仨人一起去")).toEqual(["人3"]);
    expect(values("咱俩商量一下")).toEqual([]);
    expect(values("干了一年半")).toEqual(["月6", "月18"]);
    expect(values("做了三个半月")).toEqual(["月0.5", "月3.5"]);
    expect(values("干了四年零八个月")).toEqual(["月8", "月56"]);
    // The months past the last full year meet 六个月以上不满一年的 (经济补偿 counts them as a year).
    expect(satisfiedBy("干了三年零八个月被裁了", ["#cond:月:6:12", "#cond:月:0:6", "#cond:月:36:Infinity"])).toEqual(["#cond:月:6:12", "#cond:月:36:Infinity"]);
  });

  it("counts people by any word the vocabulary has for workers (二十来个工友, 三个同事) or members (工会会员)", () => {
    expect(statedQuantities(searchForm("我们二十来个工友被欠了工资"))).toEqual([{ dim: "人", value: 20 }]);
    expect(statedQuantities(searchForm("十几个农民工"))[0]).toMatchObject({ dim: "人" });
    // Union members are people too (30来个工会会员), not 来个 left as a word.
    expect(statedQuantities(searchForm("我们公司有30来个工会会员"))).toEqual([{ dim: "人", value: 30 }]);
    expect(analyseQuery("我们公司有30来个工会会员，要成立工会委员会吗").content).not.toContain("来个");
    const content = analyseQuery("我们二十来个工友一起去申请仲裁").content;
    expect(content).toContain("工友");
    expect(content).not.toContain("来个");
  });

  it("reads 一个多月 and 半个多月 as a little over the amount, taken out of the question's words", () => {
    expect(statedQuantities(searchForm("干了一个多月"))).toEqual([{ dim: "月", value: 1.5, range: [1.01, 1.99] }]);
    expect(statedQuantities(searchForm("调解了半个多月"))).toMatchObject([{ dim: "月", value: 0.75 }]);
    expect(satisfiedBy("调解了半个多月", ["#cond:月:0.5:Infinity", "#cond:月:1:Infinity"])).toEqual(["#cond:月:0.5:Infinity"]);
    expect(analyseQuery("在镇里调解了半个多月，能不能直接申请仲裁").content).not.toContain("多月");
  });

  it("drops an A-not-A question whole, 可不可以 with its 以 (no 以拿回 left behind)", () => {
    for (const q of ["离职了可不可以拿回押金", "离职了能不能拿回押金"]) expect(analyseQuery(q).content, q).toEqual(["离职", "拿", "回", "押金"]);
  });

  it("takes 十几年, 二十几天 as stated amounts, not a question for the unit", () => {
    const units = (q: string) => analyseQuery(q).terms.filter((t) => t.term.startsWith("#qty:")).map((t) => t.term);
    expect(units("交了十几年养老保险，退休能领多少")).not.toContain("#qty:年");
    expect(units("干了二十几天就被辞退，要赔多少")).not.toContain("#qty:日");
    expect(units("养老保险要交几年")).toContain("#qty:年");
  });

  it("reads ages, 未满 ranges and a period after which something holds (N年后)", () => {
    expect(conditionsOf("不得招用不满十六周岁的未成年人")).toEqual(["#cond:岁:0:16"]);
    expect(conditionsOf("年满十六周岁未满十八周岁的劳动者")).toEqual(["#cond:岁:16:18"]);
    expect(conditionsOf("自鉴定结论作出之日起一年后")).toEqual(["#cond:月:12:Infinity"]);
    // 不满六个月 is below six months, not also “满六个月”.
    expect(conditionsOf("不满六个月的")).toEqual(["#cond:月:0:6"]);
    const known = ["#cond:岁:0:16", "#cond:岁:16:18", "#cond:月:12:Infinity"];
    expect(satisfiedBy("才十五岁的学徒", known)).toEqual(["#cond:岁:0:16"]);
    expect(satisfiedBy("鉴定完过了一年多", known)).toEqual(["#cond:月:12:Infinity"]);
  });

  it("reads a time limit that lapsed (十五日内未达成…的, 二年内未被发现的) as holding once that time has passed", () => {
    expect(conditionsOf("自收到调解申请之日起十五日内未达成调解协议的")).toEqual(["#cond:月:0.5:Infinity"]);
    expect(conditionsOf("违法行为在二年内未被发现的")).toEqual(["#cond:月:24:Infinity"]);
    expect(conditionsOf("一个月内没有答复的")).toEqual(["#cond:月:1:Infinity"]);
    // Within a period, as before: 二年内 is below two years.
    expect(conditionsOf("应当在二年内办结")).toEqual(["#cond:月:0:24"]);
    const known = ["#cond:月:0.5:Infinity", "#cond:月:24:Infinity", "#cond:月:0:24"];
    expect(satisfiedBy("调解了半个多月还没谈拢", known)).toEqual(["#cond:月:0.5:Infinity", "#cond:月:0:24"]);
    expect(satisfiedBy("三年前的加班费", known)).toEqual(["#cond:月:24:Infinity", "#cond:月:0.5:Infinity"]);
  });

  it("ranks the article on a lapsed time limit first for a case past it (两年多以前的事还查不查)", () => {
    const index = lawIndex("岭南市劳动监察条例\n第一条　劳动监察机构对用人单位遵守劳动法律的情况实施监察。\n第二条　用人单位违反劳动法律的行为在二年内未被劳动监察机构发现，也未被举报、投诉的，劳动监察机构不再查处。\n第三条　劳动监察机构接到举报、投诉后，应当在二年内查处完毕，并将查处结果告知举报人、投诉人。");
    expect(topPlace(index, "两年多以前的事，现在举报还查处吗")).toBe("第二条");
  });

  it("reads a verb–object term of the vocabulary written with a short word between (延长劳动者工作时间, 解除职工劳动合同), not across 的 or a conjunction", () => {
    expect(textTerms("用人单位违反劳动保障法律延长劳动者工作时间的，由劳动保障行政部门给予警告")).toContain("延长工作时间");
    expect(textTerms("用人单位单方面解除职工劳动合同时，应当事先将理由通知工会")).toContain("解除劳动合同");
    expect(textTerms("延长休假的工作时间安排")).not.toContain("延长工作时间");
    expect(textTerms("解除或者终止劳动合同")).not.toContain("解除劳动合同");
    const index = lawIndex("岭南市劳动监察条例\n第一条　实施劳动监察，坚持教育与处罚相结合，接受社会监督。\n第二条　用人单位违反劳动法律延长劳动者工作时间的，由劳动保障行政部门给予警告，并可以按照受侵害的劳动者每人100元以上500元以下的标准计算，处以罚款。\n第三条　本条例自公布之日起施行。");
    expect(topPlace(index, "厂里超时加班被劳动监察查到会怎么罚")).toBe("第二条");
  });

  it("weighs a share the question states (只给七成, 打八折, 按70%, 工资的一半) against the shares clauses state, not as a word of its own", () => {
    const index = lawIndex("岭南市劳动合同条例\n第一条　为了规范劳动合同，制定本条例。\n第二条　劳动合同期限三个月以上不满一年的，试用期不得超过一个月。\n第三条　劳动者在试用期的工资不得低于劳动合同约定工资的百分之八十。\n第四条　用人单位违反本条例规定与劳动者约定试用期的，由劳动行政部门责令改正；违法约定的试用期已经履行的，由用人单位以劳动者试用期满月工资为标准，按已经履行的超过法定试用期的期间向劳动者支付赔偿金。\n第五条　本条例自公布之日起施行。");
    for (const q of ["试用期老板只给正式工资的七成，合法吗", "试用期工资打八折行不行", "试用期工资按70%发违法吗", "试用期公司只按转正工资的一半发，这样合法吗"]) expect(topPlace(index, q), q).toBe("第三条");
    expect(analyseQuery("试用期老板只给正式工资的七成，合法吗").content).not.toContain("七成");
  });
});

describe("answer types", () => {
  it("ranks a clause naming a day of the month first for 几号 (每月十五日前), not one on a monthly rate", () => {
    const index = lawIndex("岭南市工会经费条例\n第一条　为了保障工会经费，制定本条例。\n第二条　工会经费的来源：\n（一）会员每月缴纳的会费；\n（二）用人单位每月按全部职工工资总额的百分之二向工会拨缴的工会经费；\n（三）工会经费的其他收入。\n第三条　用人单位应当于每月十五日前拨缴。\n第四条　本条例自公布之日起施行。");
    expect(index.search("工会经费每个月几号之前要拨给工会", { k: 2 }).clauses[0].chunk.section).toBe("第三条");
  });

  it("takes no general noun after 什么 (什么比例, 啥程序) as the kind of answer: a clause merely naming it does not outrank the rule", () => {
    const index = lawIndex("岭南市工会经费条例\n第一条　为了保障工会经费，制定本条例。\n第二条　用人单位应当按每月全部职工工资总额的百分之二向工会拨缴经费。\n第三条　工会经费用于职工活动的比例，由工会委员会按程序确定。\n第四条　本条例自公布之日起施行。");
    for (const q of ["工会经费按啥比例拨给工会", "拨缴工会经费要走什么程序"]) expect(topPlace(index, q), q).toBe("第二条");
  });

  it("reads 每日 and 每天 as one word, in questions and documents alike", () => {
    expect(segment(searchForm("用人单位应当在每天的劳动时间内安排哺乳时间")).words).toContain("每日");
    expect(analyseQuery("每天能给多久时间喂奶").content).toContain("每日");
  });

  it("reads 第几条 as asking which article, not for a number", () => {
    const qty = ANSWER_TYPES.filter((t) => t.token.startsWith("#qty")).map((t) => t.token);
    const asked = (q: string) => analyseQuery(q).terms.map((t) => t.term).filter((t) => qty.includes(t));
    expect(asked("劳动法第几条管这个")).toEqual([]);
    expect(asked("一共有几条规定")).toContain("#qty");
  });

  it("asks for a count with 几 and any measure word (几份文本, 几张表, 几台设备), and ranks the clause stating it first", () => {
    const asked = (q: string) => analyseQuery(q).terms.some((t) => t.term === "#qty");
    for (const q of ["合同签好要交几份文本", "要填几张表", "要配几台灭火器", "每层楼要有几个出口"]) expect(asked(q), q).toBe(true);
    expect(asked("这份合同有效吗")).toBe(false);
    const index = lawIndex("岭南市集体合同规定\n第一条　为了规范集体合同，制定本规定。\n第二条　集体合同签订后，用人单位应当将集体合同文本报送劳动行政部门审查。\n第三条　集体合同文本一式三份，报送劳动行政部门一份。\n第四条　本规定自公布之日起施行。");
    expect(topPlace(index, "集体合同签好以后要报送几份文本给劳动行政部门")).toBe("第三条");
  });

  it("reads 从哪里来 as asking the source (来源, 由…构成, 筹集) and 拿来干嘛 as asking the use (用于)", () => {
    const index = lawIndex("岭南市职工互助基金办法\n第一条　为了帮扶困难职工，设立职工互助基金。\n第二条　职工互助基金由会员缴纳的互助金、上级工会补助和社会捐赠构成。\n第三条　职工互助基金用于会员的困难帮扶和医疗救助。\n第四条　职工互助基金的资金由工会委员会管理，每年向会员公布收支情况。\n第五条　本办法自公布之日起施行。");
    expect(topPlace(index, "互助基金的钱都是从哪里来的")).toBe("第二条");
    expect(topPlace(index, "互助基金的钱拿来干嘛的")).toBe("第三条");
  });

  it("reads a period written in digits with 个 (12个月, 8小时) as a time", () => {
    const time = ANSWER_TYPES.find((t) => t.token === "#time")!;
    for (const text of ["停工留薪期一般不超过12个月", "每日工作不超过8小时", "三个月"]) expect(time.text.test(searchForm(text)), text).toBe(true);
    expect(time.text.test(searchForm("工会经费的来源"))).toBe(false);
  });

  it("asks for a quantity with 几天, not with 那几天 (those days)", () => {
    const asks = (q: string) => ANSWER_TYPES.filter((t) => t.token.startsWith("#qty") && t.question.test(searchForm(q))).map((t) => t.token);
    expect(asks("婚假有几天")).toEqual(["#qty", "#qty:日"]);
    expect(asks("婚假那几天公司会扣工资吗")).toEqual([]);
  });

  it("asks for a sum of money with 罚多少钱 or 赔多少, answered by an amount in 元, a multiple, months of a wage or a share of a wage, not by an age, a count of days or a share of people", () => {
    const money = ANSWER_TYPES.find((t) => t.token === "#qty:元")!;
    for (const q of ["被查到要罚多少钱", "公司要赔多少", "一个月能领多少"]) expect(money.question.test(searchForm(q)), q).toBe(true);
    for (const q of ["婚假有几天", "要罚多少天的工资", "能休多少天"]) expect(money.question.test(searchForm(q)), q).toBe(false);
    for (const t of ["每使用一名童工每月处5000元罚款", "处2万元以上5万元以下的罚款", "支付一千元", "按所欠工资的1至5倍支付劳动者赔偿金", "支付6个月的本人工资", "不得超过当月工资的百分之二十", "按照其日工资收入的300%支付"]) expect(money.text.test(searchForm(t)), t).toBe(true);
    for (const t of ["不满16周岁的未成年人", "每月不超过三个工作日", "经三分之一以上的会员提议"]) expect(money.text.test(searchForm(t)), t).toBe(false);
    // A multiple of the wages owed is a sum: the clause stating one ranks above a rule that names no amount (赔多少).
    const index = lawIndex("岭南市工资支付规定\n第一条　为了保障工资支付，制定本规定。\n第二条　用人单位拖欠劳动者工资的，应当向劳动者支付赔偿金。\n第三条　违反前条规定的，由劳动保障行政部门责令其按所欠工资的1至5倍支付赔偿金。\n第四条　本规定自公布之日起施行。");
    expect(topPlace(index, "老板拖欠工资要赔多少")).toBe("第三条");
  });

  it("ranks a document's entry into force (本规定自…起实施) below its rules unless the question asks when", () => {
    const index = lawIndex("岭南市最低工资规定\n第一条　为了维护劳动者取得劳动报酬的合法权益，制定本规定。\n第二条　用人单位支付劳动者的工资不得低于当地最低工资标准。\n第三条　违反本规定第二条规定的，由劳动保障行政部门责令其限期补发所欠劳动者工资。\n第四条　本规定自2004年3月1日起实施。1993年原劳动部发布的《企业最低工资规定》同时废止。");
    expect(topPlace(index, "企业最低工资有什么规定")).not.toBe("第四条");
    expect(topPlace(index, "最低工资规定什么时候开始实施")).toBe("第四条");
  });

  it("ranks for 多久 a clause stating a period (最长为十二个月) above one only speaking of a time (在领取失业保险金期间)", () => {
    const index = lawIndex("岭南市失业保险条例\n第一条　为了保障失业人员基本生活，制定本条例。\n第二条　失业人员在领取失业保险金期间有下列情形之一的，停止领取失业保险金，并同时停止享受其他失业保险待遇：\n（一）重新就业的；\n（二）应征服兵役的；\n（三）移居境外的。\n第三条　失业人员失业前用人单位和本人累计缴费满一年的，领取失业保险金的期限最长为十二个月。\n第四条　本条例自公布之日起施行。");
    expect(topPlace(index, "失业金能领多久？")).toBe("第三条");
    expect(ANSWER_TYPES.find((t) => t.token === "#period")!.text.test(searchForm("在领取失业保险金期间"))).toBe(false);
  });

  it("ranks a law's adoption note (…现予公布，自…起施行。部长…) below its rules for 多久, a period rather than a date", () => {
    const index = lawIndex("岭南市最低工资规定\n岭南市劳动和社会保障局令 第5号\n《岭南市最低工资规定》已于2003年12月30日经局务会议通过，现予公布，自2004年3月1日起施行。\n局长　李某\n二○○四年一月二十日\n岭南市最低工资规定\n第一条　为了维护劳动者取得劳动报酬的合法权益，制定本规定。\n第二条　用人单位支付劳动者的工资不得低于当地最低工资标准。\n第三条　最低工资标准发布实施后，如相关因素发生变化，应当适时调整。最低工资标准每两年至少调整一次。");
    const places = index.search("最低工资多久调一次", { k: 4 }).clauses.map((c) => c.chunk.section);
    expect(places[0]).toBe("第三条");
    expect(places.indexOf("前言")).toBeGreaterThan(places.indexOf("第二条"));
    expect(topPlace(index, "最低工资规定什么时候开始施行")).toBe("前言");
  });

  it("declines 多少钱 when the matching sentences hold no sum: an amount in 元, a multiple, or months of a wage (not a period: 前12个月的平均工资)", () => {
    const money = ANSWER_TYPES.find((t) => t.token === "#qty:钱")!;
    for (const t of ["处2万元以上5万元以下的罚款", "人均可支配收入的20倍", "十级伤残为6个月的本人工资", "按每人每月200元发放"]) expect(money.text.test(searchForm(t)), t).toBe(true);
    // A day after a month is a date (9月30日前), not a number of days.
    const days = ANSWER_TYPES.find((t) => t.token === "#qty:日")!;
    expect(days.text.test(searchForm("9月30日前完成"))).toBe(false);
    expect(days.text.test(searchForm("在30日内办结"))).toBe(true);
    for (const t of ["按照劳动者在劳动合同解除前12个月的平均工资计算", "每月不超过三个工作日"]) expect(money.text.test(searchForm(t)), t).toBe(false);
    const reason = reasonOf(lawIndex("岭南市工资条例\n第一条　为了保障工资支付，制定本条例。\n第二条　劳动者的月工资低于当地最低工资标准的，按照当地最低工资标准计算，计算期间为解除劳动合同前12个月。\n第三条　用人单位违反本条例规定解除劳动合同的，应当支付相当于6个月的本人工资的赔偿。"));
    expect(reason("当地最低工资标准一个月是多少钱")).toBe("no-answer-type");
    expect(reason("违反规定解除劳动合同要赔多少钱")).toBe("");
  });

  it("declines a quantity asked of a thing no paragraph states one for (婚假 only in a list of paid leave; no share beside 病假) when the best clause does not name it, not one some paragraph states (年休假5天, 300%)", () => {
    const reason = reasonOf(lawIndex("岭南市职工休假条例\n第一条　为了保障职工休息休假的权利，制定本条例。\n第二条　职工累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，年休假10天。\n第三条　职工依法享受年休假、探亲假、婚假、丧假期间，用人单位应当按照劳动合同规定的标准支付工资。\n第四条　用人单位安排职工集中休假3天以上的，应当提前5日通知职工；不按规定安排的，职工可以向劳动保障行政部门投诉，用人单位的做法不合法。\n第五条　女职工生育享受98天产假。\n第六条　职工请病假累计2个月以上的，不享受当年的年休假。\n第七条　单位安排职工在年休假期间工作的，应当按照职工日工资收入的300%支付年休假工资报酬。"));
    expect(reason("婚假有几天？公司只给3天合不合法")).toBe("no-answer-type");
    // A share asked (几成) needs a share beside the thing, not any number (病假累计2个月).
    expect(reason("病假期间工资按几成发")).toBe("no-answer-type");
    expect(reason("年休假期间叫我上班，工资按几倍发")).toBe("");
    expect(reason("探亲假有多少日？厂里只给3天合法吗")).toBe("no-answer-type");
    expect(reason("年休假有几天？公司只给3天合不合法")).toBe("");
    expect(reason("产假有多少天？公司只给3天合不合法")).toBe("");
  });

  it("declines how long a named period lasts (医疗期多长, 婚假休多久) when no paragraph states a period beside it, not one some paragraph states (试用期不得超过六个月)", () => {
    expectReasons("岭南市劳动合同条例\n第一条　为了规范劳动合同，制定本条例。\n第二条　劳动合同期限一年以上的，试用期不得超过六个月。\n第三条　劳动者患病或者非因工负伤，医疗期满后不能从事原工作的，用人单位可以解除劳动合同。\n第四条　劳动者在医疗期内的，用人单位不得解除劳动合同。\n第五条　劳动争议申请仲裁的时效期间为一年。\n第六条　职工依法享受年休假、婚假、丧假期间，用人单位应当支付工资。\n第七条　女职工生育享受98天产假。", {
      "我腰不好要休养，医疗期应该是多长？": "no-answer-type",
      婚假可以休多久: "no-answer-type",
      产假可以休多久: "",
      签一年合同试用期最长多久: "",
      申请仲裁的时效是多久: "",
    });
  });

  it("checks a word the documents write as written (会费, not its related 工会经费), and declines when the part answering best does not name it (the item on 拨缴 beside the one on 会费)", () => {
    const reason = reasonOf(lawIndex("岭南市工会经费条例\n第一条　为了保障工会经费，制定本条例。\n第二条　工会经费的来源：\n（一）工会会员缴纳的会费；\n（二）建立工会组织的用人单位按每月全部职工工资总额的百分之二向工会拨缴的经费；\n（三）人民政府的补助。\n第三条　建立工会的企业应当于每月十五日前按照上月全部职工工资总额的百分之二向工会拨缴当月的工会经费。"));
    expect(reason("入了工会，会费每个月按工资百分之几交？")).toBe("no-answer-type");
    expect(reason("单位每个月按工资总额的百分之几拨缴经费")).toBe("");
  });

  it("answers a question for a kind of thing (要准备啥材料) with the list introducing it, whole, and cites that paragraph", async () => {
    const law = "岭南市工伤认定办法\n第一条　为了规范工伤认定，制定本办法。\n第二条　提出工伤认定申请应当提交下列材料：\n（一）工伤认定申请表；\n（二）与用人单位存在劳动关系的证明材料；\n（三）医疗诊断证明。\n工伤认定申请人提供材料不完整的，社会保险行政部门应当一次性书面告知工伤认定申请人需要补正的全部材料。\n第三条　本办法自公布之日起施行。";
    await withLawKb(law, async (kb) => {
      const a = await kb.ask("申请工伤认定要准备啥材料");
      expect(a.answer).toContain("提交下列材料：（一）工伤认定申请表；（二）与用人单位存在劳动关系的证明材料；（三）医疗诊断证明。");
      expect(a.citations[0].place).toBe("第二条第一款");
      // A list of something else (…的标准计算，…：) is no list of the kind asked for.
      expect((await kb.ask("工伤认定材料不完整怎么办")).answer).toContain("一次性书面告知");
    });
  });

  it("quotes an element of a list run into its paragraph (…社会活动包括：…；…的时间；) with the words opening the list", async () => {
    const law = "岭南市工资支付规定\n第一条　为了规范工资支付，制定本规定。\n第二条　劳动者在法定工作时间内依法参加社会活动期间，用人单位应视同其提供了正常劳动而支付工资。社会活动包括：依法行使选举权或被选举权；出任人民法庭证明人；出席劳动模范、先进工作者大会；不脱产工会基层委员会委员因工作活动占用的生产或工作时间；其它依法参加的社会活动。\n第三条　本规定自公布之日起施行。";
    await withLawKb(law, async (kb) => {
      const a = await kb.ask("我是不脱产的工会委员，开工会会议占了上班时间，老板要扣我工资，可以吗？");
      expect(a.answer).toContain("用人单位应视同其提供了正常劳动而支付工资。社会活动包括：……不脱产工会基层委员会委员因工作活动占用的生产或工作时间；");
    });
  });

  it("keeps the sentence stating the period asked (台账应当至少保存两年) in the quote rather than make room for a close rival clause", () => {
    const law = "岭南省劳动保障监察条例\n第一条　为了规范劳动保障监察，制定本条例。\n第二条　用人单位应当建立以下用工管理台账，真实、准确记录各种用工信息：\n（一）职工名册。包括劳动者的姓名、性别、身份证号码、户籍地址等基本情况。\n（二）工时台账。包括打卡记录或者考勤表等上下班时间和加班时间的记录。\n（三）工资台账。包括正常工作时间工资、加班工资及其他劳动报酬的发放情况。\n用工管理台账应当至少保存两年，职工名册、录用登记应当至少保存至劳动者离职后两年，工资台账中的工资支付凭证、银行代发工资凭证以及劳动者签名确认的工资清单应当一并保存，以备劳动保障行政部门依法进行监督检查。\n第三条　用人单位招用实习、见习人员的，应当建立以下管理台账：\n（一）实习、见习人员名册。\n（二）实习、见习时间台账。包括打卡记录或者考勤表等实习、见习工作时间的记录。\n第四条　本条例自公布之日起施行。";
    const doc = ingestText("law.txt", law);
    const index = lawIndex(law);
    const result = index.search("上下班考勤表这些工时台账要留多久？", { k: 3 });
    expect(result.clauses.map((c) => c.chunk.section).slice(0, 2)).toEqual(["第二条", "第三条"]);
    // The rival on 实习 台账 ranks close behind.
    result.clauses[1] = { ...result.clauses[1], score: result.clauses[0].score * 0.9 };
    const { answer } = extractiveAnswer(result, index, [{ ...doc, id: 0 }]);
    expect(answer).toContain("用工管理台账应当至少保存两年");
    expect(answer).toContain("工时台账");
  });

  it("quotes first the sentence of a paragraph whose condition the asker's case satisfies (交了七年: 满五年不足十年的), not one scoring a little higher on words alone", () => {
    const index = lawIndex("岭南市失业保险条例\n第一条　为了保障失业人员基本生活，制定本条例。\n第二条　失业人员失业前累计缴费满一年不足五年的，领取失业保险金的期限最长为十二个月；累计缴费满五年不足十年的，领取失业保险金的期限最长为十八个月；累计缴费十年以上的，领取失业保险金的期限最长为二十四个月。重新就业后，再次失业的，缴费时间重新计算，领取失业保险金的期限与前次失业应当领取而尚未领取的失业保险金的期限合并计算，最长不超过二十四个月。\n第三条　职工累计工作满五年不足十年的，年休假十天。\n第四条　职工累计工作满五年不足十年的，医疗期为六个月。\n第五条　职工累计工作满五年不足十年的，探亲假为二十天。\n第六条　本条例自公布之日起施行。");
    const top = index.search("失业金能领多久？我交了差不多七年失业保险", { k: 3 }).clauses[0];
    expect(top.chunk.section).toBe("第二条");
    expect(top.sentences[0].text).toContain("累计缴费满五年不足十年的");
  });

  it("takes a standard named as prescribed (规定的最低小时工资标准) as a quantity, not as the period a question asks for (多久要结一次钱)", () => {
    const reason = reasonOf(lawIndex("岭南市非全日制用工规定\n第一条　为了规范非全日制用工，制定本规定。\n第二条　非全日制用工小时计酬标准不得低于用人单位所在地人民政府规定的最低小时工资标准。\n非全日制用工劳动报酬结算支付周期最长不得超过十五日。\n第三条　劳动者在规定的医疗期内的，用人单位不得解除劳动合同。"));
    expect(reason("钟点工按小时算工资，最长多久要结一次钱？")).toBe("");
    expect(reason("医疗期有多长")).toBe("delegated");
  });

  it("declines a figure of a thing the best part names only as what another figure is compared with (不得低于…最低工资标准), not a figure of it", () => {
    const reason = reasonOf(lawIndex("岭南市劳动合同条例\n第一条　为了规范劳动合同，制定本条例。\n第二条　劳动者在试用期的工资不得低于劳动合同约定工资的百分之八十，并不得低于用人单位所在地的最低工资标准。\n第三条　新招用的从业人员，岗前安全培训时间不得少于二十四学时。\n第四条　本条例自公布之日起施行。"));
    expect(reason("我们这边最低工资标准一个月是多少钱？")).toBe("no-answer-type");
    // The figure compared is the answer when it is of the thing asked (试用期工资) or stands between (少于二十四学时).
    expect(reason("试用期工资最少能给多少？")).toBe("");
    expect(reason("新员工上岗前的安全培训最少要多少学时？")).toBe("");
  });

  it("reads 个税 as 个人所得税, and 专项附加扣除 as a term of its own the documents must hold", () => {
    const index = lawIndex("岭南市工资支付规定\n第一条　为了保障工资支付，制定本规定。\n第二条　用人单位不得克扣劳动者工资。有下列情况之一的，用人单位可以代扣劳动者工资：\n（一）用人单位代扣代缴的个人所得税；\n（二）用人单位代扣代缴的应由劳动者个人负担的各项社会保险费用。\n第三条　因劳动者本人原因给用人单位造成经济损失的，可从劳动者本人的工资中扣除，但每月扣除的部分不得超过劳动者当月工资的百分之二十。");
    const reason = reasonOf(index);
    expect(topPlace(index, "个税可以直接从工资里代扣吗")).toBe("第二条");
    expect(reason("个税可以直接从工资里代扣吗")).toBe("");
    expect(reason("个税专项附加扣除，每个月能扣多少？")).toBe("foreign-topic");
  });

  it("reads who pays in 体检费要自己掏吗 and 体检的钱是公司出还是自己出 (掏, 钱…出 → 承担, 支付)", () => {
    const index = lawIndex("岭南市职业病防治条例\n第一条　本条例所称职业病，是指劳动者在职业活动中因接触粉尘等因素而引起的疾病。\n第二条　对从事接触职业病危害作业的劳动者，用人单位应当组织上岗前、在岗期间和离岗时的职业健康检查，并将检查结果书面告知劳动者。职业健康检查费用由用人单位承担。\n第三条　用人单位应当对粉尘作业岗位的劳动者进行职业病防治培训，调整岗位的，重新培训。\n第四条　粉尘作业场所的职业病危害因素强度应当符合国家职业卫生标准。");
    for (const q of ["厂里粉尘岗位要做职业病体检，体检费要自己掏吗", "粉尘岗位上岗前体检的钱要自己出，对吗", "做职业病体检，这个钱是公司出还是工人自己出？"]) expect(topPlace(index, q), q).toBe("第二条");
  });

  it("takes the names of things the documents may lack (夜班补贴, 会员证, 育儿补贴, 职业伤害保障) as topics of their own, not as their parts", () => {
    const index = lawIndex("青岚市职工权益保障规定\n第一条　为了保障职工权益，制定本规定。\n第二条　工会会员享有选举权、被选举权和表决权，遗失证件的，由基层工会补发。\n第三条　用人单位安排职工上夜班的，应当发给补贴。\n第四条　职工生育的，享受生育保险待遇；职工因工作遭受职业伤害的，享受工伤保险待遇。");
    const unknown = (q: string, term: string) => index.search(q).words.find((w) => w.word === term)?.known;
    expect(unknown("夜班补贴有没有规定给多少？", "夜班补贴")).toBe(false);
    expect(unknown("工会会员证丢了怎么补办？", "会员证")).toBe(false);
    expect(unknown("生二胎的育儿补贴一年能领多少？", "育儿补贴")).toBe(false);
    expect(unknown("跑外卖的骑手，职业伤害保障在哪里参保？", "职业伤害保障")).toBe(false);
  });

  it("reads 一年…几次 as how often: a clause saying 每年 or a term (期限一般为一至三年) answers it, one naming neither does not", () => {
    const qty = ANSWER_TYPES.find((t) => t.token === "#qty")!;
    // The search form writes 一年 as 1年.
    for (const q of ["一年要专门研究几次", "1年要专门研究几次", "每个月开几次会"]) expect(qty.question.test(q), q).toBe(false);
    const reason = reasonOf(lawIndex("青岚市职工工作规定\n第一条　为了做好职工工作，制定本规定。\n第二条　乡镇要建立联席会议制度，定期听取工作汇报，每年进行专题研究。\n第三条　乡镇工会要组织职工开展劳动竞赛。\n第四条　本规定自公布之日起施行。"));
    expect(reason("乡镇联席会议一年要专门研究几次？")).toBe("");
    expect(reason("劳动竞赛一年要搞几次？")).toBe("no-answer-type");
    // A term (期限一般为一至三年) answers how many years a thing lasts before it is renewed (几年签一次).
    const contract = reasonOf(lawIndex("青岚市集体合同规定\n第一条　为了规范集体合同，制定本规定。\n第二条　集体合同期限一般为一至三年。期满或者双方约定的终止条件出现，即行终止。\n第三条　集体合同应当报送劳动行政部门审查。"));
    expect(contract("集体合同一般签几年一次？")).toBe("");
  });

  it("reads where the asker is (县城, 城里) as the scene and 办证, 有着落, 上门女婿, 分红 as the words the rules write", () => {
    const reason = reasonOf(lawIndex("青岚市残疾人和职工保障规定\n第一条　为了保障残疾人和职工的权益，制定本规定。\n第二条　盲人持有效证件免费乘坐市内公共汽车。\n第三条　残疾人从事个体经营的，依法给予税收优惠，有关部门应当免收管理类、登记类和证照类的行政事业性收费。\n第四条　用人单位发生分立、合并、解散、破产等情形的，应当优先支付患职业病的劳动者的补偿费用。\n第五条　因结婚男方到女方住所落户的，男方和子女享有与所在地农村集体经济组织成员平等的权益。"));
    for (const q of ["我父亲是盲人，坐县城的公交车要不要给钱？", "我腿脚有残疾，想自己开个小卖部，办证那些行政收费能不能免？", "厂子破产了，我得了职业病，补偿还有着落吗？", "我做上门女婿，户口迁到老婆村里了，村里分红我和孩子有没有份？"]) expect(reason(q), q).toBe("");
  });

  it("reads the fine set in the same paragraph (…责令限期改正；逾期未改正的，处…罚款) as the answer to 会罚多少", () => {
    const reason = reasonOf(lawIndex("青岚市应急管理规定\n第一条　为了做好生产安全事故应急工作，制定本规定。\n第二条　生产经营单位应当制定生产安全事故应急救援预案，报送有关部门备案，并建立应急值班制度。\n第三条　生产经营单位未将生产安全事故应急救援预案报送备案、未建立应急值班制度或者配备应急值班人员的，由负有安全生产监督管理职责的部门责令限期改正；逾期仍不改正的，处3万元以上5万元以下的罚款。\n第四条　本规定自公布之日起施行。"));
    expect(reason("我是厂里的安全员，我们是建筑施工单位，应急救援预案一直没报送安监部门备案，也没建立应急值班制度，没配值班人员，被查到会罚多少？")).toBe("");
    // A payment asked (不是罚款) is not answered by the fine.
    expect(reason("应急值班人员的补贴每个月发多少钱？")).not.toBe("");
  });

  it("takes where to go from a close rival on the asked topic, whatever the story before the question (家里失火了…去哪里申请临时救助)", () => {
    const reason = reasonOf(lawIndex("青岚市社会救助办法\n第一条　为了保障公民的基本生活，制定本办法。\n第二条　因火灾等意外事件导致基本生活暂时出现严重困难的家庭，给予临时救助。\n第三条　申请临时救助的，应当向乡镇人民政府、街道办事处提出，经审核、公示后，由县级人民政府民政部门审批。\n第四条　本办法自公布之日起施行。"));
    expect(reason("厂里有个职工家里失火了，生活一下子很困难，可以去哪里申请临时救助？")).toBe("");
  });

  it("answers a figure or a period the documents leave to another body (具体标准由省人民政府规定, 规定的医疗期) by saying so and quoting that sentence, not with another item's figures", async () => {
    const law = "岭南市工伤待遇办法\n第一条　为了保障工伤职工的待遇，制定本办法。\n第二条　职工因工致残被鉴定为七级至十级伤残的，享受以下待遇：\n（一）从工伤保险基金支付一次性伤残补助金，标准为：七级伤残为13个月的本人工资，八级伤残为11个月的本人工资；\n（二）劳动合同期满终止，或者职工本人提出解除劳动合同的，由工伤保险基金支付一次性工伤医疗补助金，由用人单位支付一次性伤残就业补助金。一次性工伤医疗补助金和一次性伤残就业补助金的具体标准由省人民政府规定。\n第三条　本办法自公布之日起施行。";
    // The sentence naming the payment matches best; the next one of its item leaves the amount to the province.
    expectReasons(law, { 一次性伤残就业补助金是几个月工资: "delegated", "解除劳动合同，由用人单位支付的一次性伤残就业补助金是几个月工资": "delegated", 七级伤残的一次性伤残补助金是几个月工资: "" });
    await withLawKb(law, async (kb) => {
      const a = await kb.ask("辞职了，一次性伤残就业补助金是几个月工资");
      expect(a.grounded).toBe(false);
      expect(a.answer).toBe("文件没有写出具体数字。根据《岭南市工伤待遇办法》第二条：“（二）劳动合同期满终止，或者职工本人提出解除劳动合同的，由工伤保险基金支付一次性工伤医疗补助金，由用人单位支付一次性伤残就业补助金。一次性工伤医疗补助金和一次性伤残就业补助金的具体标准由省人民政府规定。”");
      expect(a.citations.map((c) => c.place)).toEqual(["第二条第（二）项"]);
    });
    // A period asked for (多久, 多长) that the best sentence names as prescribed elsewhere (在规定的医疗期内); a period stated is answered,
    // and a prescribed thing that is not the one asked about (国家规定的假期 for 停工留薪期) declines nothing.
    expectReasons("岭南市劳动关系条例\n第一条　为了规范劳动关系，制定本条例。\n第二条　劳动者患病或者非因工负伤，在规定的医疗期内的，用人单位不得解除劳动合同。\n第三条　停工留薪期一般不超过12个月。\n第四条　职工依法享受的婚丧假等国家规定的假期以及停工留薪期间不计入年休假假期。", {
      生病住院了医疗期最长有多久: "delegated",
      停工留薪期一般有多长: "",
    });
  });

  it("ranks a clause setting a penalty first for 会怎么样 or 有什么后果 after an act (吊销…罚款), not the rule against the act", () => {
    const index = lawIndex("岭南市用工条例\n第一条　为了规范用工，制定本条例。\n第二条　职业中介机构不得为不满十六周岁的未成年人介绍就业，不得为不满十六周岁的未成年人办理求职登记。\n第三条　职业中介机构为不满十六周岁的未成年人介绍就业的，吊销其许可证，并处五千元罚款。");
    for (const q of ["中介给十五岁的孩子介绍工作，会怎么样", "中介给十五岁的孩子介绍工作，有什么后果"]) expect(topPlace(index, q), q).toBe("第三条");
  });

  it("asks for a list with 哪些, 哪一项, not with 哪一天 (a date)", () => {
    const list = ANSWER_TYPES.find((t) => t.token === "#list")!;
    for (const q of ["包括哪些", "是哪一项", "有哪几条"]) expect(list.question.test(q), q).toBe(true);
    for (const q of ["从哪一天开始算", "是哪年施行的"]) expect(list.question.test(q), q).toBe(false);
  });

  it("asks for the kinds a thing is divided into with 分几个档, 分几种, and ranks the clause dividing it (分为A、B和C) first", () => {
    const list = ANSWER_TYPES.find((t) => t.token === "#list")!;
    const qty = ANSWER_TYPES.find((t) => t.token === "#qty")!;
    for (const q of ["年度考核分几个档", "处分分几种", "分成几类"]) {
      expect(list.question.test(q), q).toBe(true);
      expect(qty.question.test(q), q).toBe(false);
    }
    expect(qty.question.test("要开几次会")).toBe(true);
    const index = lawIndex("青岚市事业单位人事规定\n第一条　为了规范事业单位人事管理，制定本规定。\n第二条　事业单位工作人员年度考核不合格且不同意调整工作岗位，或者连续两年年度考核不合格的，事业单位提前30日书面通知，可以解除聘用合同。\n第三条　考核分为平时考核、年度考核和聘期考核。年度考核的结果可以分为优秀、合格、基本合格和不合格等档次。\n第四条　本规定自公布之日起施行。");
    for (const q of ["事业单位年度考核分几个档？", "事业单位年度考核一般分哪几个等次？"]) expect(topPlace(index, q), q).toBe("第三条");
  });
});

describe("the unit a quantity question asks for", () => {
  it("tags amounts by unit, not dates nor years of a date", () => {
    const units = (text: string) => ANSWER_TYPES.filter((t) => t.token.startsWith("#qty:") && t.text.test(searchForm(text))).map((t) => t.token);
    expect(units("收到申请之日起五日内")).toEqual(["#qty:日"]);
    // Months have no unit type of their own: over the question sets it lost more questions than it won (好几个月 in a story asks nothing).
    expect(units("病假累计三个月以上")).toEqual([]);
    expect(units("工作满十年的")).toEqual(["#qty:年"]);
    // A share of a wage is a share and a sum of money.
    expect(units("支付百分之一百五十的工资")).toEqual(["#qty:元", "#qty:钱", "#qty:比"]);
    expect(units("本条例自2008年1月1日起施行")).toEqual([]);
  });

  it("reads 百分之几 and 千分之多少 as questions for a proportion", () => {
    const asked = (q: string) => analyseQuery(q).terms.map((t) => t.term).filter((t) => t.startsWith("#qty"));
    for (const q of ["工会经费按工资总额的百分之几拨缴", "滞纳金每天千分之多少"]) expect(asked(q), q).toEqual(["#qty", "#qty:比"]);
    const index = lawIndex("岭南市工会经费条例\n第一条　为了保障工会经费，制定本条例。\n第二条　工会经费主要用于为职工服务和工会活动。工会经费的使用和管理，由工会经费审查委员会监督。\n第三条　用人单位按全部职工工资总额的百分之二拨缴工会经费。");
    expect(topPlace(index, "工会经费占百分之几")).toBe("第三条");
  });

  it("ranks the clause with an amount in the asked unit first (几天: days, not months)", () => {
    const index = lawIndex("岭南市休假条例\n第一条　为了保障职工休假，制定本条例。\n第二条　职工工作满十年的，请病假累计三个月以上的，不享受当年的探亲假；已经享受探亲假的，不再安排探亲假。\n第三条　职工工作满十年的，探亲假为二十天。\n第四条　探亲假期间工资照发。");
    const r = index.search("工作满十年探亲假几天", { k: 2 });
    expect(r.clauses.map((c) => c.chunk.section)).toEqual(["第三条", "第二条"]);
  });
});

describe("the case a question states", () => {
  it("is a word of the question: a clause using the name a document defines for it (未成年工 for 十七岁) covers it", () => {
    const index = lawIndex("岭南市劳动保护条例\n第一条　为了保护劳动者的安全和健康，制定本条例。\n第二条　未成年工是指年满十六周岁未满十八周岁的劳动者。\n第三条　不得安排未成年工从事矿山井下、有毒有害的劳动。\n第四条　用人单位应当对未成年工定期进行健康检查。");
    const r = index.search("十七岁的学徒要定期体检吗", { k: 3 });
    expect(r.clauses[0].chunk.section).toBe("第四条");
    // 学徒 is unknown; with the stated age the clause covers enough of the question for it to pass as a paraphrase.
    expect(r.words.find((w) => w.word.startsWith("#cond:"))).toMatchObject({ inTop: 1, known: true });
    expect(scopeDecision("十七岁的学徒要定期体检吗", r)).toBe("");
  });
});

describe("a clause about the question's topic", () => {
  it("ranks a clause opening with the topic word (经济补偿按…) above one mentioning it at the end, other things nearly equal", () => {
    const index = lawIndex("岭南市劳动合同条例\n第一条　为了规范劳动合同，制定本条例。\n第二条　用人单位解除劳动合同时，应当向劳动者支付经济补偿。\n第三条　经济补偿按劳动者在本单位的工作年限，按本人月工资计发。");
    expect(topPlace(index, "经济补偿怎么算")).toBe("第三条");
    // A question on what the other clause opens with (用人单位解除劳动合同时) finds that one.
    expect(topPlace(index, "用人单位解除劳动合同时要给经济补偿吗")).toBe("第二条");
  });
});

describe("documents a question names", () => {
  it("takes a document's place and kind, shortened as people do (上海条例, 上海的规定, 上海职代会条例), as a document of the base", () => {
    const documents = ["上海市工会条例", "上海市职工代表大会条例", "工伤保险条例"];
    for (const q of ["上海条例里调动工会主席要征求上级工会意见吗", "上海的规定里管理层能占多少", "上海职代会条例里怎么说"]) expect(citesOtherDocument(q, documents), q).toBe(false);
    for (const q of ["北京条例里怎么说", "上海劳动合同条例里怎么说", "广东的规定里怎么说"]) expect(citesOtherDocument(q, documents), q).toBe(true);
  });
});

describe("jurisdiction", () => {
  it("prefers the document of the jurisdiction a question refers to (县里是怎么要求的 → the county's notice)", () => {
    const index = docsIndex({
      "city.txt": "岭南市工会条例\n第一条　为了保障工会组织建设，制定本条例。\n第二条　尚未建立工会组织的企业，应当在开业后六个月内建立工会组织，上级工会应当给予指导和帮助。\n第三条　本条例自公布之日起施行。",
      "county.txt": "关于加强企业建会工作的通知\n一、全县职工100人以上的企业要开展集中攻坚，推动工会组建。\n二、各乡镇要加强对建会工作的指导。",
    });
    expect(index.search("没建立工会组织的企业，县里是怎么要求的", { k: 2 }).clauses[0].chunk.source).toBe("county.txt");
    expect(index.search("没建立工会组织的企业是怎么要求的", { k: 2 }).clauses[0].chunk.source).toBe("city.txt");
  });
});

describe("another place's documents", () => {
  const files = {
    "national.txt": "中华人民共和国职工组织法\n第一条　为了保障职工组织依法活动，制定本法。\n第二条　职工组织主席、副主席任期未满时，不得随意调动其工作。因工作需要调动时，应当征得本级职工组织委员会和上一级职工组织的同意。\n第三条　职工组织的经费由会员缴纳的会费构成。",
    "local.txt": "岭南市职工组织条例\n第一条　结合本市实际，制定本条例。\n第二条　企业调动职工组织主席到外地工作的，应当事先征求上一级职工组织的意见。\n第三条　市总工会每年表彰优秀职工组织。",
  };
  const q = "调动职工组织主席的工作要经过上一级职工组织吗";
  const top = (index: LexicalIndex, question: string) => index.search(question, { k: 2 }).clauses[0].chunk.source;

  it("answer askers elsewhere from the national law first: another place's rule applies there", () => {
    expect(top(docsIndex(files), q)).toBe("local.txt");
    expect(top(docsIndex(files, "广东省韶关市始兴县"), q)).toBe("national.txt");
  });

  it("keep their rule first when the question names their place, or the askers are there", () => {
    expect(top(docsIndex(files, "广东省韶关市始兴县"), `在岭南，${q}`)).toBe("local.txt");
    expect(top(docsIndex(files, "岭南市青山县"), q)).toBe("local.txt");
  });
});

describe("what the documents say to a question", () => {
  it("counts the coverage of a close rival: the best clause on 未成年工 in general, the next on their 健康检查", () => {
    const index = lawIndex(
      "岭南省未成年工保护规定\n第一条　为了保护未成年工，制定本规定。\n第二条　国家对未成年工实行特殊劳动保护。未成年工是指年满十六周岁未满十八周岁的劳动者。\n第三条　用人单位应当对未成年工定期进行健康检查。\n第四条　用人单位招用人员，应当核查身份证。\n第五条　本规定自公布之日起施行。",
    );
    const q = "厂里招了几个17岁的，需不需要给他们做体检？";
    expect(index.search(q, { k: 3 }).clauses.map((c) => c.chunk.section).slice(0, 2)).toEqual(["第二条", "第三条"]);
    expect(reasonOf(index)(q)).toBe("");
  });
});

describe("the same rule at two levels", () => {
  const files = {
    "national.txt": "中华人民共和国职工组织法\n第一条　为了保障职工组织依法活动，制定本法。\n第二条　职工组织的兼职委员占用生产或者工作时间从事组织工作，每月不超过三个工作日，其工资照发，其他待遇不受影响。\n第三条　职工组织的经费由会员缴纳的会费构成。",
    "local.txt": "岭南市职工组织条例\n第一条　为了实施职工组织法，结合本市实际，制定本条例。\n第二条　职工组织的兼职委员占用生产时间从事组织工作，每月不超过三个工作日，其工资照发，其他待遇不受影响。\n第三条　市总工会每年表彰优秀职工组织。",
  };
  const index = docsIndex(files);

  it("cites both documents' clauses when a local regulation repeats the law", () => {
    expect(topClauses(index, "兼职委员每个月能占几天生产时间，其他待遇受不受影响", 2).sort()).toEqual(["local.txt 第二条", "national.txt 第二条"]);
  });

  it("keeps the regulation of the askers' own region first: it states the rule where they are, another region's gives way", () => {
    const q = "兼职委员每个月能占几天生产时间，其他待遇受不受影响";
    expect(docsIndex(files, "岭南市青山县").search(q, { k: 3 }).clauses[0].chunk.source).toBe("local.txt");
    expect(docsIndex(files, "广东省韶关市始兴县").search(q, { k: 3 }).clauses[0].chunk.source).toBe("national.txt");
    // The region's rule in more words than the law's: still first where it applies; the law first for askers elsewhere.
    const worded = { ...files, "local.txt": files["local.txt"].replace("第二条　职工组织的兼职委员占用生产时间从事组织工作，每月不超过", "第二条　职工组织的兼职委员，经单位同意，可以占用生产或者工作时间参加会议或者从事组织工作，每月一般不超过") };
    expect(worded["local.txt"]).not.toBe(files["local.txt"]);
    expect(docsIndex(worded, "岭南市青山县").search(q, { k: 3 }).clauses[0].chunk.source).toBe("local.txt");
    expect(docsIndex(worded).search(q, { k: 3 }).clauses[0].chunk.source).toBe("national.txt");
  });

  it("keeps the local regulation first when the question names its place, and for what only it says", () => {
    expect(index.search("在岭南，兼职委员每个月能占几天生产时间，其他待遇受不受影响", { k: 3 }).clauses[0].chunk.source).toBe("local.txt");
    expect(index.search("每年表彰优秀的职工组织吗", { k: 3 }).clauses[0].chunk.source).toBe("local.txt");
  });
});

describe("everyday words for a document's terms", () => {
  it("reads 老师 as 教师, 男的 and 老公 as 男方, 礼拜六 as 周六 (beside 休息日), 瑶族 as 少数民族, 日子 as 日期, 后生仔 as 青年, 五四青年节 as 青年节, 补返一日假 as 补假: the question is answered, not declined as foreign", () => {
    const law = "岭南市节日放假办法\n第一条　为统一本市节日假期，制定本办法。\n第二条　全体职工放假的节日，如果适逢周六、周日，应当在工作日补假。\n第三条　教师节、护士节等节日，照常工作，不放假。\n第四条　女方在怀孕期间，男方不得提出解除婚约。\n第五条　职工每日工作时间不超过八小时。\n第六条　少数民族习惯的节日，由当地人民政府规定放假日期。\n第七条　青年节，十四周岁以上的青年放假半天。";
    expectReasons(law, { 老师过教师节放不放假: "", 老婆怀孕男的能不能提出解除婚约: "", 老婆怀紧孕老公可唔可以提解除婚约: "", 瑶族过节放不放假谁来定日子: "", 五四青年节后生仔有冇假放: "" });
    const index = lawIndex(law);
    expect(topPlace(index, "老师过教师节放不放假")).toBe("第三条");
    expect(topPlace(index, "元旦撞正礼拜六，要不要补假")).toBe("第二条");
    expect(topPlace(index, "瑶族过节放不放假谁来定日子")).toBe("第六条");
    expect(topPlace(index, "五四青年节后生仔有冇假放")).toBe("第七条");
    expect(rewritten(fromDialect("今年元旦撞正礼拜六，可唔可以补返一日假"))).toContain("补假");
    expect(topPlace(index, "今年元旦撞正礼拜六，可唔可以补返一日假")).toBe("第二条");
  });
});

describe("everyday words for soldiers, dust, buildings and personal data", () => {
  it("reads 当兵 as 服现役/入伍, 灰尘 as 粉尘, 完工 as 竣工, 保费 as 保险费, 删掉 as 删除, 个人资料 as 个人信息, 物价 as 价格: answered from the clause, not declined", () => {
    const law =
      "岭南市职工保障办法\n第一条　为了保障职工权益，制定本办法。\n第二条　职工入伍前和退出现役后参加养老保险的，服现役年限与缴费年限合并计算。\n第三条　作业场所粉尘浓度超标的，职工有权拒绝操作。\n第四条　施工单位不得在尚未竣工的建筑物内设置员工集体宿舍。\n第五条　军人伤亡保险所需资金由国家承担，个人不缴纳保险费。\n第六条　求职者有权要求人力资源服务机构删除其个人信息。\n第七条　工资集体协商应当考虑当地居民消费价格指数。";
    const asked = {
      "当兵那几年能不能算进养老保险的缴费年限": "第二条",
      "车间灰尘大得看不清人，工人可以不干吗": "第三条",
      "施工单位叫我们住在还没完工的楼里面可以吗": "第四条",
      "伤亡保险要当兵的自己交保费吗": "第五条",
      "招聘网站乱用我的资料，可以叫他们删掉吗": "第六条",
      "中介那里留了个人资料，可以要求删掉吗": "第六条",
      "物价涨得厉害，谈工资要不要考虑": "第七条",
    };
    expectReasons(law, Object.fromEntries(Object.keys(asked).map((q) => [q, ""])));
    const index = lawIndex(law);
    for (const [q, place] of Object.entries(asked)) expect(topPlace(index, q), q).toBe(place);
  });
});

describe("everyday words for legal aid, dispatch, injury assessment and escape routes", () => {
  it("reads 免费律师 as 法律援助, 派遣员工 as 被派遣劳动者, 伤残鉴定 as 劳动能力鉴定, 走火通道 as 疏散通道: answered from the clause", () => {
    const law =
      "岭南市职工权益保障办法\n第一条　为了保障职工权益，制定本办法。\n第二条　经济困难的职工申请法律援助的，法律援助机构应当及时审查。\n第三条　用工单位应当按照同工同酬原则，对被派遣劳动者与本单位同类岗位的劳动者实行相同的劳动报酬分配办法。\n第四条　职工发生工伤，影响劳动能力的，应当进行劳动能力鉴定。\n第五条　任何单位不得锁闭、封堵疏散通道和安全出口。";
    const asked = { "打工的没钱，能不能找免费律师": "第二条", "派遣员工和正式工的工资要一样吗": "第三条", "工伤以后要不要做伤残鉴定": "第四条", "厂里把走火通道锁起来合法吗": "第五条" };
    expectReasons(law, Object.fromEntries(Object.keys(asked).map((q) => [q, ""])));
    const index = lawIndex(law);
    for (const [q, place] of Object.entries(asked)) expect(topPlace(index, q), q).toBe(place);
  });
});

describe("everyday words for being out of work, a waiver and a contract not renewed", () => {
  const law =
    "岭南市就业和安全条例\n第一条　为了促进就业，保障安全，制定本条例。\n第二条　家庭人员均处于失业状况的城市居民家庭，可以向住所地街道公共就业服务机构申请就业援助。\n第三条　用人单位与从业人员订立协议，免除其对从业人员因生产安全事故伤亡依法应承担的责任的，该协议无效。\n第四条　劳动合同期满，女职工在孕期的，劳动合同应当续延至孕期结束时终止。\n第五条　用人单位应当按月支付工资。";

  it("reads 冇工开 as 失业 and 帮手 as 援助, 生死状 and 出事自己负责 as a waiver of 责任, 唔续 as a contract ending: answered from the clause, not declined", () => {
    expect(rewritten(fromDialect("屋企两公婆都冇工开"))).toContain("失业");
    expect(rewritten(fromDialect("签咗协议，出事自己负责"))).toContain("免除 责任");
    expectReasons(law, { "两口子都没工开，可以去哪里申请帮手": "", "我怀着孕，合同下个月到期，老板说不续，行不行": "" });
    const index = lawIndex(law);
    expect(topPlace(index, "两口子都没工开，可以去哪里申请帮手")).toBe("第二条");
    expect(topPlace(index, "入职老板叫签生死状，有效吗")).toBe("第三条");
    expect(topPlace(index, "入职老板叫签协议，写明出事自己负责，有效吗")).toBe("第三条");
    expect(topPlace(index, "我怀着孕，合同下个月到期，老板说不续，行不行")).toBe("第四条");
  });
});

describe("everyday words for working time and paying back", () => {
  it("reads 随便 as 擅自, 加长 as 延长, 轮休 as rest days arranged in turn, 一次过还 as 一次性, 退返 as 退回, 没开工 as 无工作", () => {
    const law =
      "岭南市工作时间办法\n第一条　为了保障职工休息，制定本办法。\n第二条　任何单位不得擅自延长职工工作时间。\n第三条　企业可以根据实际情况灵活安排周休息日。\n第四条　多领取的社会保险待遇应当退回，难以一次性退回的，可以签订还款协议分期退回。\n第五条　被派遣劳动者退回后在无工作期间，派遣单位应当按月支付报酬。\n第六条　职工每日工作8小时。";
    expectReasons(law, { 老板随便加长上班时间允许吗: "", 企业可不可以安排员工轮休: "" });
    const index = lawIndex(law);
    expect(topPlace(index, "老板随便加长上班时间，允许吗")).toBe("第二条");
    expect(topPlace(index, "企业可不可以安排员工轮休")).toBe("第三条");
    expect(rewritten(fromDialect("社保局话我多领咗待遇要退返，一次过还唔起点算"))).toMatch(/退回.*一次性/);
    expect(topPlace(index, rewritten(fromDialect("社保局话我多领咗待遇要退返，一次过还唔起点算")))).toBe("第四条");
    expect(rewritten(fromDialect("冇开工嗰段时间有冇人工"))).toContain("无工作");
  });
});

describe("a share per thousand and the words for levies", () => {
  const law =
    "岭南市残疾人就业办法\n第一条　为了促进残疾人就业，制定本办法。\n第二条　用人单位未按照规定缴纳残疾人就业保障金的，由财政部门责令限期缴纳；逾期仍不缴纳的，按日加收5‰的滞纳金。\n第三条　缴费单位因不可抗力无力缴纳社会保险费的，可以申请缓缴，缓缴期最长为一年。\n第四条　参保人员在异地就医的，可以持票据申请报销。\n第五条　用人单位安排残疾人就业的比例不得低于本单位在职职工总数的1.5%；未达到规定比例的，应当缴纳残疾人就业保障金。";

  it("reads 5‰ as a share (千分之5): the clause states the late fee asked for", () => {
    expect(searchForm("按日加收5‰的滞纳金")).toBe("按日加收千分之5的滞纳金");
    expectReasons(law, { 残疾人就业保障金拖着没交滞纳金按日收多少: "" });
  });

  it("reads 残保金 as 残疾人就业保障金, 缓交 as 缓缴, 外地 as 异地, 够数 as meeting a figure and 点算 at a clause's end as 怎么办", () => {
    expectReasons(law, { 残保金逾期不缴纳会怎样: "", "公司困难，社保可以缓交吗？最长多久": "", 在外地看病怎么报销: "", "公司要请多少残疾人先够数？比例是多少": "" });
    expect(fromDialect("一次过还唔起点算")).toContain("怎么办");
    expect(fromDialect("起点喺边度")).toContain("起点");
  });
});

describe("everyday words for relief, disability and mines", () => {
  it("reads 低保 as 最低生活保障, 村委 as 村民委员会, 升职 as 晋职, 公交车 as 公共交通工具, 阿爸 as 父亲 and 落井 as 下井 (井下)", () => {
    const law =
      "岭南市社会救助办法\n第一条　为了保障基本生活，制定本办法。\n第二条　申请最低生活保障，由共同生活的家庭成员向户籍所在地的乡镇人民政府提出书面申请；家庭成员申请有困难的，可以委托村民委员会代为提出申请。\n第三条　在晋职、晋级、职称评定等方面，不得歧视残疾人。\n第四条　盲人持有效证件免费乘坐市内公共交通工具。\n第五条　不得分配女职工从事矿山井下劳动。";
    expectReasons(law, { "想帮家里申请低保，去哪里申请？村委可不可以代交": "", 残疾员工升职标准可以不一样吗: "", 盲人坐公交车是不是免费的: "", 女工可不可以下井干活: "" });
    const index = lawIndex(law);
    expect(topPlace(index, "想帮家里申请低保，去哪里申请？村委可不可以代交")).toBe("第二条");
    expect(topPlace(index, "残疾员工升职标准可以不一样吗")).toBe("第三条");
    expect(fromDialect("我阿爸落矿井做嘢")).toContain("父亲下井");
  });
});

describe("a phrase with a bracketed alternative", () => {
  it("holds the phrase read without it: 劳动（聘用）合同 holds 劳动合同, 录（聘）用 录用", () => {
    expect(tokenizeDocument("劳动（聘用）合同期满的，期限自动延续。").terms).toContain("劳动合同");
    expect(tokenizeDocument("用人单位在录（聘）用女职工时").terms).toContain("录用");
    const index = lawIndex("岭南市女职工权益条例\n第一条　为了保护女职工权益，制定本条例。\n第二条　劳动（聘用）合同期满的，期限自动延续至产假结束。\n第三条　服务协议期满的，应当重新签订。");
    expect(topPlace(index, "劳动合同期满怎么办")).toBe("第二条");
  });
});

describe("a number to dial", () => {
  it("declines 服务热线是多少号 when the clause only names a hotline, not when it gives the number", () => {
    expectReasons("岭南市职工权益保障条例\n第一条　为了保障职工权益，制定本条例。\n第二条　市人民政府应当开通职工权益保护服务热线。\n第三条　用人单位应当按时足额支付工资。", {
      职工权益保护服务热线是多少号: "no-answer-type",
    });
    expectReasons("岭南市职工权益保障条例\n第一条　为了保障职工权益，制定本条例。\n第二条　市人民政府应当开通职工权益保护服务热线12351。\n第三条　用人单位应当按时足额支付工资。", {
      职工权益保护服务热线是多少号: "",
    });
  });
});

describe("a fine asked for a benefit", () => {
  it("declines 失业金每个月发多少钱 when the only sum is a fine (处…倍的罚款); answers 骗取失业金罚多少钱 with it", () => {
    expectReasons("岭南市失业保险办法\n第一条　为了保障失业人员基本生活，制定本办法。\n第二条　失业保险金按月发放，标准由省人民政府确定。\n第三条　骗取失业保险金的，由经办机构责令退还，并处骗取金额1倍以上3倍以下的罚款。", {
      失业保险金每个月发多少钱: "no-answer-type",
      骗取失业保险金罚多少钱: "",
    });
  });
});

describe("how often", () => {
  it("declines 多久做一次 when the clause only names the act, not when it states a frequency", () => {
    const law = (rule: string) => "岭南市职业健康条例\n第一条　为了保护劳动者健康，制定本条例。\n第二条　" + rule + "\n第三条　用人单位应当按时足额支付工资。";
    expectReasons(law("用人单位应当组织接触粉尘作业的劳动者进行上岗前、在岗期间和离岗时的职业健康检查。"), { 粉尘岗位在岗期间的职业健康检查多久做一次: "no-answer-type" });
    expectReasons(law("用人单位应当组织接触粉尘作业的劳动者每年进行一次在岗期间的职业健康检查。"), { 粉尘岗位在岗期间的职业健康检查多久做一次: "" });
  });
});

describe("a law's liability chapter", () => {
  const index = lawIndex(
    "岭南市生产安全条例\n第一章　总则\n第一条　为了保障生产安全，制定本条例。\n第二章　安全保障\n第二条　餐饮经营单位使用燃气的，应当安装可燃气体报警装置，并保障其正常使用。\n第三条　经营单位应当为从业人员提供劳动防护用品。\n第三章　法律责任\n第四条　餐饮经营单位使用燃气未安装可燃气体报警装置的，责令限期改正，处五万元以下的罚款；逾期未改正的，责令停产停业整顿。",
  );

  it("answers whether something may be done with the rule, not with the penalty restating it; what follows a breach with the penalty", () => {
    expect(topPlace(index, "餐饮单位使用燃气未安装报警装置行吗")).toBe("第二条");
    expect(topPlace(index, "餐饮单位使用燃气未安装报警装置会被罚吗")).toBe("第四条");
  });
});

/** An in-memory index of one made-up law. */
function lawIndex(text: string): LexicalIndex {
  return docsIndex({ "law.txt": text });
}

/** The place of the clause a question ranks first. */
function topPlace(index: LexicalIndex, q: string): string | undefined {
  return index.search(q, { k: 3 }).clauses[0]?.chunk.section;
}

/** The scope decision on each question over an index (its best three clauses). */
function reasonOf(index: LexicalIndex): (q: string) => ScopeReason {
  return (q) => scopeDecision(q, index.search(q, { k: 3 }));
}

/** The scope decision on each question over a made-up law, as a table (question → reason). */
function expectReasons(law: string, expected: Record<string, ScopeReason>): void {
  const reason = reasonOf(lawIndex(law));
  for (const [q, r] of Object.entries(expected)) expect(reason(q), q).toBe(r);
}

/** The document and place of the clause a question ranks first. */
function topClause(index: LexicalIndex, q: string): string | undefined {
  return topClauses(index, q, 1)[0];
}

/** The documents and places of the `n` clauses a question ranks first. */
function topClauses(index: LexicalIndex, q: string, n: number): string[] {
  return index.search(q, { k: n }).clauses.map((c) => `${c.chunk.source} ${c.chunk.section}`);
}

/** An in-memory index of made-up documents, by file name, for askers in `region` when given. */
function docsIndex(files: Record<string, string>, region?: string): LexicalIndex {
  const docs = Object.entries(files).map(([name, text]) => ingestText(name, text));
  const chunks = docs.flatMap((d) => d.chunks.map((c) => ({ ...c, source: d.source })));
  return new LexicalIndex(chunks.map((c, i) => ({ ...c, id: i })), docs.map((d) => ({ source: d.source, title: d.title })), undefined, region);
}

describe("a meeting notice: bare titles each over one paragraph", () => {
  const index = docsIndex({
    "meeting.txt": [
      "关于召开全县工会工作推进会的通知",
      "各镇（街）总工会：",
      "经研究，定于近期召开全县工会工作推进会。现将有关事项通知如下：",
      "一、会议时间",
      "2026年12月18日上午9:30，会期半天。",
      "二、会议地点",
      "县行政服务中心四楼第二会议室。",
      "三、参会人员",
      "各镇（街）总工会主席；县直各单位工会主席。",
    ].join("\n"),
  });

  it("answers from the paragraph under the title the question matches, not with the title alone", () => {
    const top = index.search("会议什么时间开始", { k: 3 }).clauses[0];
    expect(`${top.chunk.section} ${top.chunk.kind}`).toBe("一 clause");
    expect(top.chunk.text).toContain("上午9:30");
    expect(index.search("参会人员有哪些", { k: 3 }).clauses[0].chunk.text).toContain("总工会主席");
  });

  it("ranks a list of attachments (附件：1．… 2．…) below the rule that shares its words, as a heading is", () => {
    const index = docsIndex({
      "relief.txt": [
        "关于开展“两节”送温暖活动的通知",
        "各镇（街）总工会：",
        "经研究，决定在全县开展“两节”送温暖活动。现将有关事项通知如下：",
        "一、活动时间",
        "2026年12月1日至2027年2月15日。",
        "二、慰问对象及标准",
        "（一）在档困难职工家庭。每户慰问金1000元，由县总工会统一发放。",
        "（二）因病因灾临时困难职工。每户慰问金500元。",
        "三、工作要求",
        "（一）各镇（街）总工会要于12月10日前将慰问对象名单报县总工会。",
        "（二）慰问金一律通过银行转账发放。",
        "附件：1.困难职工慰问对象汇总表",
        "2.“两节”送温暖活动回执",
      ].join("\n"),
    });
    // The list names the activity's 回执, the rules name the 慰问金: a question on the 慰问金 is not answered with the list.
    expect(topClause(index, "送温暖活动的慰问金标准")).not.toBe("relief.txt 附件");
    expect(topClause(index, "附件有哪些")).toBe("relief.txt 附件");
  });

  it("names the parts a refusal offers without doubling a title's own 关于", () => {
    const text = "职工服务驿站工作方案\n一、关于驿站建设\n各镇建成驿站两个。\n二、关于驿站管理\n驿站每天开放8小时。";
    const { title, shortName, issuer, date, family } = ingestText("station.txt", text);
    const answer = refusal("食堂几点开饭", docsIndex({ "station.txt": text }), [{ id: 1, source: "station.txt", title, shortName, issuer, date, family }]).answer;
    expect(answer).toContain("中关于驿站建设、驿站管理等方面");
  });

  it("reads 几点 as asking a time of day, answered by a clock time (上午9:30), not by 地点", () => {
    expect(topClause(index, "会议几点开始")).toBe("meeting.txt 一");
    expect(analyseQuery("有几点要求").terms.some((t) => t.term === "#time")).toBe(false);
  });
});

describe("the same rule in a national law and a local regulation", () => {
  it("answers a question naming a place from that place's rules, not from another place's that match more of its words", () => {
    const index = docsIndex(
      {
        "a.txt": "青岚市劳动保护条例\n第一条　为了保护劳动者，制定本条例。\n第二条　用人单位应当免费为劳动者提供手套、口罩等劳动防护用品，不得从劳动者工资中扣除劳动防护用品费用。",
        "b.txt": "岭南省安全生产条例\n第一条　为了加强安全生产，制定本条例。\n第二条　生产经营单位应当为从业人员免费提供符合标准的劳动防护用品，其费用不得从从业人员工资中扣除。",
      },
      "广东省韶关市始兴县",
    );
    expect(topClause(index, "在岭南的厂里上班，手套口罩这些劳保用品要从工资里扣钱，合理吗")).toBe("b.txt 第二条");
    expect(topClause(index, "在青岚的厂里上班，手套口罩这些劳保用品要从工资里扣钱，合理吗")).toBe("a.txt 第二条");
  });

  it("answers from the regulation of a place the question names (在岭南…), wherever the asker is", () => {
    const index = docsIndex(
      {
        "law.txt": "中华人民共和国劳动争议处理法\n第一条　为了公正及时解决劳动争议，制定本法。\n第二条　发生劳动争议的劳动者一方在十人以上，并有共同请求的，可以推举代表参加调解、仲裁或者诉讼活动。\n第三条　劳动争议申请仲裁的时效期间为一年。",
        "rules.txt": "岭南省劳动争议仲裁条例\n第一条　根据有关法律，结合本省实际，制定本条例。\n第二条　劳动者一方在十人以上并有共同请求的，可以推举三至五名代表人参加仲裁活动。\n第三条　仲裁委员会应当在乡镇设立派出仲裁庭。",
      },
      "广东省韶关市始兴县",
    );
    const source = (q: string) => index.search(q, { k: 3 }).clauses[0]?.chunk.source;
    expect(source("二十多个工友有劳动争议要一起申请仲裁，能推代表吗？")).toBe("law.txt");
    expect(source("在岭南，二十多个工友有劳动争议要一起申请仲裁，能推代表吗？")).toBe("rules.txt");
    expect(source("在岭南，二十多个工友一起打仲裁，能推代表参加吗？")).toBe("rules.txt");
  });

  it("keeps the regulation's clause first when it states the figure asked for and the law's does not (可以处以罚款 beside 每人100元以上500元以下)", () => {
    const index = docsIndex({
      "law.txt": "中华人民共和国劳动者保护法\n第一条　为了保护劳动者的合法权益，制定本法。\n第二条　用人单位违反本法规定，延长劳动者工作时间的，由劳动行政部门给予警告，责令改正，并可以处以罚款。",
      "rules.txt": "劳动者保护监察条例\n第一条　为了实施劳动者保护法，制定本条例。\n第二条　用人单位违反劳动保障法律延长劳动者工作时间的，由劳动保障行政部门给予警告，责令限期改正，并可以按照受侵害的劳动者每人100元以上500元以下的标准计算，处以罚款。",
    });
    expect(index.search("用人单位违反规定延长劳动者工作时间罚多少", { k: 3 }).clauses[0]?.chunk.source).toBe("rules.txt");
    expect(index.search("用人单位违反规定延长劳动者工作时间会怎么处理", { k: 3 }).clauses[0]?.chunk.source).toBe("law.txt");
    // 工作时间 names working hours: the question asks no date.
    const time = ANSWER_TYPES.find((t) => t.token === "#time")!;
    expect(time.question.test("违法延长工作时间会罚多少钱")).toBe(false);
    expect(time.question.test("申请仲裁有没有时间限制")).toBe(true);
  });

  it("cites both when the parts that match state the same rule (拨缴 in an article on the sources of funds)", () => {
    const index = docsIndex({
      "national.txt": "中华人民共和国职工组织法\n第一条　为了保障职工组织依法开展工作，制定本法。\n第二条　职工组织的经费来源：\n（一）会员缴纳的会费；\n（二）建立职工组织的用人单位按每月全部职工工资总额的百分之二向职工组织拨缴的经费；\n（三）人民政府的补助。\n第三条　职工组织的经费主要用于为职工服务。",
      "local.txt": "岭南市职工组织条例\n第一条　根据《中华人民共和国职工组织法》，制定本条例。\n第二条　建立职工组织的企业、事业单位、机关应当于每月十五日前按照上月全部职工工资总额的百分之二向职工组织拨缴当月的职工组织经费。工资总额按国家统计口径计算。\n第三条　职工组织应当建立经费审查制度。",
    });
    expect(topClauses(index, "我们企业上月刚建立职工组织，财务说当月就要交经费，每个月按工资总额的多少拨缴", 2).sort()).toEqual(["local.txt 第二条", "national.txt 第二条"]);
  });
});

describe("related words of the vocabulary", () => {
  it("reads 推举 and 推选 alike (a complaint's representatives)", () => {
    const index = docsIndex({
      "arbitration.txt": "岭南省劳动争议处理办法\n第一条　为了处理劳动争议，制定本办法。\n第二条　发生劳动争议的劳动者一方在十人以上，并有共同请求的，可以推举代表进行调解、仲裁。\n第三条　本办法自公布之日起施行。",
      "complaint.txt": "岭南省劳动监察办法\n第一条　为了规范劳动监察，制定本办法。\n第二条　因同一事由十人以上集体投诉的，投诉人可以推选出五名以下代表进行投诉，并提交全体投诉人签名的推选书。\n第三条　本办法自公布之日起施行。",
    });
    const q = "集体投诉可以推举几个代表";
    expect(topClause(index, q)).toBe("complaint.txt 第二条");
    // The clause writes 推选: it holds the word asked.
    expect(index.search(q, { k: 3 }).words.find((w) => w.word === "推举")?.inTop).toBe(1);
  });

  it("reads 车费 as 交通, 住宿费 as 食宿 and 送返 as 送回 (a child worker sent home)", () => {
    const reason = reasonOf(lawIndex("岭南市童工管理规定\n第一条　为了保护未成年人，制定本规定。\n第二条　用人单位使用童工的，劳动保障行政部门应当责令用人单位限期将童工送回原居住地交其父母，所需交通和食宿费用全部由用人单位承担。\n第三条　本规定自公布之日起施行。"));
    expect(reason("要把童工送返老家，车费住宿费谁出")).toBe("");
  });

  it("reads 结清 as 付清 and 离职证明 as the certificate of 解除/终止 (resigning)", () => {
    const index = lawIndex("岭南市工资支付规定\n第一条　为了规范工资支付，制定本规定。\n第二条　工资应当以法定货币支付，不得以实物及有价证券替代货币支付。\n第三条　劳动关系双方依法解除或终止劳动合同时，用人单位应在解除或终止劳动合同时一次付清劳动者工资。\n第四条　用人单位应当在解除或者终止劳动合同时出具解除或者终止劳动合同的证明，写明劳动合同期限、工作岗位和工作年限。\n第五条　工资应当按月支付，支付时应当向劳动者提供工资清单。\n第六条　劳动者辞职的，应当提前三十日以书面形式通知用人单位，用人单位应当告知其工资的计算方法。\n第七条　劳动者离职时，用人单位应当为其办理档案和社会保险关系转移手续，并开具相关材料。\n第八条　劳动者需要收入证明的，用人单位应当如实写明并出具证明。");
    expect(topPlace(index, "离职证明上面要写些什么")).toBe("第四条");
    expect(topPlace(index, "辞职了工资几时结清")).toBe("第三条");
  });
});

describe("colloquial words of the vocabulary", () => {
  it("reads 开始算 as 起算, not as any 之日起 (自公布之日起施行)", () => {
    const index = docsIndex({
      "law.txt": "岭南市劳动合同条例\n第一条　为了规范劳动合同，制定本条例。\n第二条　用人单位自用工之日起超过一个月未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。\n第三条　本条例自公布之日起施行。",
      "rules.txt": "岭南市劳动合同条例实施细则\n第一条　根据《岭南市劳动合同条例》，制定本细则。\n第二条　用人单位向劳动者每月支付二倍工资的起算时间为用工之日起满一个月的次日。\n第三条　本细则自公布之日起施行。",
    });
    expect(topClause(index, "双倍工资从哪天开始算")).toBe("rules.txt 第二条");
    // The law's clause (自用工之日起超过一个月…) says nothing of when the count starts.
    const r = index.search("没签合同的双倍工资从哪天开始算", { k: 3 });
    expect(`${r.clauses[0].chunk.source} ${r.clauses[0].chunk.section}`).toBe("law.txt 第二条");
    expect(r.words.find((w) => w.word === "开始算")?.inTop).toBe(0);
  });
});

describe("the same rule in a law and a regulation under it", () => {
  const index = docsIndex({
    "law.txt": "中华人民共和国职工组织法\n第一条　为了保障职工组织依法活动，制定本法。\n第二条　违反本法规定，有下列情形之一的，由劳动行政部门责令恢复其工作，并补发被解除劳动合同期间应得的报酬，或者责令给予本人年收入二倍的赔偿：\n（一）职工因参加职工组织活动而被解除劳动合同的；\n（二）职工组织工作人员因履行本法规定的职责而被解除劳动合同的。\n第三条　职工组织主席任职期间，劳动合同期限自动延长，但达到法定退休年龄的除外。",
    "reg.txt": "劳动监督条例\n第一条　为了实施劳动监督，制定本条例。\n第二条　用人单位违反《中华人民共和国职工组织法》，有下列行为之一的，由劳动监督部门责令改正：\n（一）阻挠劳动者依法参加和组织职工组织的；\n（二）劳动者因参加职工组织活动而被解除劳动合同的。\n第三条　劳动者达到法定退休年龄的，劳动合同终止。",
  });
  const top = (q: string) => topClause(index, q);

  it("cites the law's item and the regulation's that restates it (…因参加职工组织活动而被解除劳动合同的)", () => {
    expect(topClauses(index, "工友因为参加职工组织活动被老板解除劳动合同了，这种怎么处理", 2).sort()).toEqual(["law.txt 第二条", "reg.txt 第二条"]);
  });

  it("keeps the regulation's rule when the law's clause only shares some of its words (达到法定退休年龄, 劳动合同)", () => {
    expect(top("到了退休年龄，劳动合同是不是自动就结束了")).toBe("reg.txt 第三条");
  });
});

describe("a regulation and the rules applying it", () => {
  const index = docsIndex({
    "law.txt": "岭南市劳动合同条例\n第一条　为了规范劳动合同，制定本条例。\n第二条　用人单位自用工之日起超过一个月未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。\n第三条　劳动合同应当具备劳动报酬条款。",
    "rules.txt": "岭南市劳动合同条例实施细则\n第一条　根据岭南市劳动合同条例，制定本细则。\n第二条　用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当依照岭南市劳动合同条例第二条的规定向劳动者每月支付两倍的工资，并与劳动者补订书面劳动合同。\n前款规定的用人单位向劳动者每月支付两倍工资的起算时间为用工之日起满一个月的次日。",
  });
  const top = (q: string) => topClause(index, q);

  it("cites the regulation's article and the rules restating it (依照…第二条的规定), the rules' clause first where it adds what is asked", () => {
    expect(topClauses(index, "老板一直不跟我签书面劳动合同，听说可以要双倍工资，是真的吗", 2).sort()).toEqual(["law.txt 第二条", "rules.txt 第二条"]);
    expect(top("没签合同的两倍工资从哪天起算，起算时间是什么时候")).toMatch(/^rules\.txt 第二条/);
  });

  it("cites the article a clause applies beside it (依照…第二条的规定支付赔偿), not an article it only names (…第三条的规定支付经济补偿)", () => {
    const applied = docsIndex({
      "law.txt": "岭南市劳动合同条例\n第一条　为了规范劳动合同，制定本条例。\n第二条　用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。\n第三条　经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。六个月以上不满一年的，按一年计算。",
      "rules.txt": "岭南市劳动合同条例实施细则\n第一条　根据岭南市劳动合同条例，制定本细则。\n第二条　用人单位自用工之日起满一年未与劳动者订立书面劳动合同的，视为已与劳动者订立无固定期限劳动合同，并依照岭南市劳动合同条例第二条的规定支付赔偿。\n第三条　劳动者入职时，用人单位应当告知其劳动合同的订立办法。\n第四条　用人单位未与劳动者订立书面劳动合同的，劳动者可以要求补订，并要求赔偿损失。\n第五条　劳动者入职后经用人单位书面通知不与用人单位订立书面劳动合同的，用人单位应当书面通知劳动者终止劳动关系，无需依照岭南市劳动合同条例第三条的规定支付经济补偿。",
    });
    expect(topClauses(applied, "员工入职半年了公司一直没跟他签劳动合同，要赔什么吗", 3)).toEqual(expect.arrayContaining(["rules.txt 第二条", "law.txt 第二条"]));
    expect(topClause(applied, "员工不肯签合同被辞退，要给经济补偿吗")).toBe("rules.txt 第五条");
  });
});

describe("compounds written with related words", () => {
  const index = lawIndex("岭南市工会工作条例\n第一条　成立工会筹备组织的企业，应当自成立工会筹备组织之日起按月拨缴工会经费。\n第二条　职工依法组建工会，应当报上一级工会批准。\n第三条　工会主席的工资由所在单位支付。\n第四条　企业应当为工会办公提供必要的设施。\n第五条　用人单位为劳动者提供专项培训费用的，可以与该劳动者约定服务期。劳动者违反服务期约定的，应当支付违约金，违约金的数额不得超过用人单位提供的培训费用。");

  it("matches a typed compound to the document's compound of a related word (成立工会 → 组建工会)", () => {
    for (const q of ["成立工会要谁批准", "成立工会需要哪个部门同意"]) expect(index.search(q, { k: 2 }).clauses[0].chunk.section, q).toBe("第二条");
  });

  it("answers when two topic words match and outweigh several unknown colloquial words; a bound answers “多少”", () => {
    const q = "公司出钱送我去培训签了服务期，提前走要赔多少";
    const r = index.search(q, { k: 4 });
    expect(r.clauses[0].chunk.section).toBe("第五条");
    expect(scopeDecision(q, r)).toBe("");
    expect(scopeDecision("年终奖发购物卡顶替合法吗", index.search("年终奖发购物卡顶替合法吗", { k: 4 }))).not.toBe("");
  });
});

describe("long colloquial questions: paraphrase, not a foreign topic", () => {
  const index = lawIndex("岭南市劳动用工条例\n第一条　为了规范劳动用工，制定本条例。\n第二条　用人单位应当自用工之日起三十日内为其职工申请办理社会保险登记。\n第三条　劳动者每日工作时间不超过八小时。\n第四条　工资应当以货币形式按月支付给劳动者本人。\n第五条　用人单位安排加班的，应当支付加班费。\n第六条　劳动合同期满的，劳动合同终止。\n第七条　职工应当按时缴纳基本养老保险费。\n第八条　职工享受带薪年休假。\n第九条　本条例自公布之日起施行。");
  const decide = (q: string) => {
    const r = index.search(q, { k: 3 });
    return { place: r.clauses[0]?.chunk.section, reason: scopeDecision(q, r) };
  };

  it("answers when three topic words match and the one unknown word weighs less (进厂 beside 员工, 公司, 社保)", () => {
    expect(decide("新员工进厂，公司多长时间内要给他办社保")).toEqual({ place: "第二条", reason: "" });
  });

  it("reads a two-character form opening with a stop word as its characters (没交 → 没 + 交 → 缴纳)", () => {
    expect(analyseQuery("养老保险费一直没交", undefined, (w) => w !== "没交").content).toContain("交");
    expect(analyseQuery("养老保险费一直没交", undefined, (w) => w === "没交").content).toContain("没交");
    expect(decide("养老保险费一直没交，要负什么责任")).toEqual({ place: "第七条", reason: "" });
  });

  it("takes a place name the documents lack (东莞) as where the asker is, not a foreign topic", () => {
    expect(decide("在深圳干活，加班费怎么给")).toEqual({ place: "第五条", reason: "" });
    expect(decide("从湖南去东莞打工，之前交的养老保险费会不会白交")).toEqual({ place: "第七条", reason: "" });
    expect(decide("东莞的房价多少钱一平").reason).not.toBe("");
  });

  it("takes a noun of a modifier and a vocabulary word (新厂: a kind of 厂) as that topic, not one of two nouns (鞋厂)", () => {
    expect(decide("新厂有没有年休假")).toEqual({ place: "第八条", reason: "" });
    expect(decide("车间有没有年休假").reason).not.toBe("");
    expect(decide("鞋厂有没有年休假").reason).not.toBe("");
  });

  it("takes unknown words of the story around a question (旺季赶货，…) as the scene, not a foreign topic", () => {
    // The same words in the asking clause name a topic the documents lack.
    expect(decide("旺季赶货，每天最多工作几个小时")).toEqual({ place: "第三条", reason: "" });
    expect(decide("旺季赶货每天最多工作几个小时").reason).toBe("foreign-topic");
    // A clause ending in 不 asks (这合法不, 这正常不), so the clauses before it are its story; 都不 and 也不 state.
    expect(decide("旺季赶货，每天要工作十二个小时，这正常不")).toEqual({ place: "第三条", reason: "" });
    expect(analyseQuery("旺季赶货，老板一分钱加班费都不给，每天最多工作几个小时").story).toEqual(expect.arrayContaining(["加班费"]));
    // The story's words as segmented and rewritten (工联会 → 工会联合会, 没建 → 未建立), not only as typed.
    expect(analyseQuery("我是镇上工联会的，厂里三十几个工人没建工会，县里有没有要求？").story).toEqual(expect.arrayContaining(["工会联合会", "未", "建立"]));
    // 那几天 points at days, and 我们几个, 请了几个, 好几年, 十几个 count loosely: none asks.
    expect(decide("国庆那几天厂里赶货，加班费怎么给")).toEqual({ place: "第五条", reason: "" });
    for (const q of ["旺季我们几个赶货，每天最多工作几个小时", "旺季请了几个帮手赶货，每天最多工作几个小时", "旺季赶货好几个月，每天最多工作几个小时", "旺季十几个人赶货，每天最多工作几个小时"]) expect(decide(q), q).toEqual({ place: "第三条", reason: "" });
    expect(isWeakWord("招进来")).toBe(true);
    // 够 completes a verb too (买够, 交够: paid enough), as 到 and 完 do.
    expect(isWeakWord("买够")).toBe(true);
    // A dictionary word is light only when it splits into light pieces themselves (来源于), not into fragments (所得税 is no 所 + 得税).
    expect(isWeakWord("来源于")).toBe(true);
    for (const w of ["所得税", "个人所得税"]) expect(isWeakWord(w), w).toBe(false);
    // A term of the domain's vocabulary the documents lack names a topic even in the story (育儿假 is a term; 偷东西 a colloquial key).
    expect(decide("听说厂里有育儿假，职工休假怎么安排").reason).toBe("foreign-topic");
    expect(decide("公司不给交住房公积金，这个是必须交的吗").reason).toBe("foreign-topic");
    // Beside an unknown word the question asks about, the story's unknown words belong to that topic.
    expect(decide("周六想去打乒乓球，怎么预约场地").reason).not.toBe("");
  });

  it("declines a question for where to go (去哪里领) when no close clause names to whom one applies or who provides it", () => {
    expectReasons("岭南市社会保险条例\n第一条　为了规范社会保险经办，制定本条例。\n第二条　社会保障卡是参保人员享受社会保险待遇的凭证，参保人员应当妥善保管。\n第三条　参保人员可以向社会保险经办机构申请查询本人的缴费记录。\n第四条　失业保险金由社会保险经办机构按月发放。", {
      社会保障卡去哪里领: "no-answer-type",
      参保人员去哪里查缴费记录: "",
      失业保险金去哪里领: "",
      社会保障卡要妥善保管吗: "",
      // Where one can go (镇上哪里可以领), and an address (在哪条街), are asked the same way.
      社会保障卡镇上哪里可以领: "no-answer-type",
      "社会保障卡在哪条街？": "no-answer-type",
      参保人员镇上哪里可以查缴费记录: "",
    });
  });

  it("declines a question for an age (多少岁退休, 多大年纪, 50岁还是55岁) when the clause that matches states none, only other numbers", () => {
    expectReasons("岭南省劳动保护规定\n第一条　为了保护劳动者，制定本规定。\n第二条　用人单位不得招用未满16周岁的未成年人。\n第三条　职工达到法定退休年龄、累计缴费满十五年的，按月领取养老金。\n第四条　本规定自公布之日起施行。\n第五条　县总工会主席每年带队到一到两个乡镇开展调研。", {
      职工多少岁可以退休领养老金: "no-answer-type",
      职工是50岁退休还是55岁退休: "no-answer-type",
      "县总工会的王主席是哪里人，多大年纪了？": "no-answer-type",
      "招的未成年人年纪多大才行": "",
      "用人单位招用未成年人，最少要满几岁": "",
    });
  });

  it("takes the figure a story's asking clause asks from the sentence holding its own words (…被开除了，能赔多少: the sentence on 赔偿, not the one the story matches)", () => {
    expectReasons(
      "岭南省职工组织条例\n第一条　为了保障职工组织依法活动，制定本条例。\n第二条　职工因要求建立职工组织、参加职工组织活动而被解除劳动合同的，由劳动行政部门责令所在单位恢复其工作，补发被解除劳动合同期间应得的报酬；本人不愿意恢复工作的，单位应当依法支付经济补偿金，并给予本人年收入两倍的赔偿。\n第三条　职工组织的经费由会员缴纳的会费构成。",
      { "我要求建立职工组织、参加职工组织活动，被厂里解除劳动合同了，我不想回去了，能赔多少？": "", "我要求建立职工组织、参加职工组织活动，被厂里解除劳动合同了，我想回去，补发的报酬按几个月算？": "no-answer-type" },
    );
  });

  it("reads a sentence of the best one's paragraph with it for the number asked (…工资中扣除。但每月扣除的部分不得超过…), not another item of a list", () => {
    expectReasons(
      "岭南省工资支付规定\n第一条　为了规范工资支付，制定本规定。\n第二条　因劳动者本人原因给用人单位造成经济损失的，用人单位可以按照劳动合同的约定要求其赔偿经济损失。经济损失的赔偿，可以从劳动者本人的工资中扣除。但每月扣除的部分不得超过劳动者当月工资的百分之二十。若扣除后的剩余工资低于当地月最低工资标准，则按最低工资标准支付。\n第三条　工会经费的来源：\n（一）工会会员缴纳的会费；\n（二）用人单位按每月全部职工工资总额的百分之二向工会拨缴的经费。",
      { "员工弄坏机器要赔钱，每个月可以从工资里扣多少": "", "入了工会，会员每个月交多少会费": "no-answer-type" },
    );
  });

  it("takes the number asked from a close rival only when it speaks of what is asked (女职工几岁退休: not the 1周岁 of a 哺乳 clause)", () => {
    expectReasons("岭南省女职工保护规定\n第一条　为了保护职工，制定本规定。\n第二条　女职工比较多的用人单位应当建立女职工休息室。\n第三条　对哺乳未满1周岁婴儿的女职工，用人单位不得安排该女职工夜班劳动。\n第四条　会员退休后，可以保留会籍。\n第五条　退休职工可以参加工会活动。\n第六条　职工退休时，用人单位应当办理退休手续。", {
      女职工现在几岁退休: "no-answer-type",
      "哺乳的女职工，婴儿几岁之前不能上夜班": "",
    });
  });

  it("finds an asked word in a text that writes its standard form in several words (最多: 不得超过), as ranking does", () => {
    const text = "使用的被派遣劳动者数量不得超过其用工总量的10%。";
    expect(textHolds(text, "最多")).toBe(true);
    expect(textHolds(text, "最少")).toBe(false);
  });

  it("declines a question for the conditions of a benefit when the clause that matches states none (…的，享受 does)", () => {
    expectReasons(
      "岭南省职工服务办法\n第一条　为了做好职工服务，制定本办法。\n第二条　各级工会要加强困难职工帮扶站点建设，着力为困难职工排忧解难。\n第三条　职工连续工作满12个月以上的，享受带薪年休假。\n第四条　本办法自公布之日起施行。",
      { 申请困难职工帮扶要满足什么条件: "no-answer-type", "带薪年休假要符合什么条件才能休？": "", 困难职工帮扶站点谁来建: "" },
    );
  });

  it("declines a question for the papers to hand in or the steps to take when the clause that matches names none (应当提交下列材料, 提出申请 do)", () => {
    expectReasons(
      "岭南省职工服务办法\n第一条　为了做好职工服务，制定本办法。\n第二条　各级工会要加强困难职工帮扶站点建设，着力为困难职工排忧解难。\n第三条　申请工伤认定，应当提交下列材料：\n（一）工伤认定申请表；\n（二）医疗诊断证明。\n第四条　基层工会的建立，必须报上一级工会批准。\n上级工会可以派员帮助和指导企业职工组建工会。\n第五条　本办法自公布之日起施行。",
      {
        申请困难职工帮扶要准备哪些材料: "no-answer-type",
        困难职工帮扶要带什么证件: "no-answer-type",
        申请工伤认定要交什么材料: "",
        困难职工帮扶要走什么流程: "no-answer-type",
        困难职工帮扶怎么申请: "no-answer-type",
        工伤认定怎么申请: "",
        // The steps are read in the whole clause: the paragraph on 批准, not only the one naming 组建工会.
        组建工会要走什么程序: "",
        // 手续怎么办 asks the steps, 要填什么表 the papers.
        困难职工帮扶手续怎么办: "no-answer-type",
        困难职工帮扶要填什么表: "no-answer-type",
        工伤认定要填什么表: "",
      },
    );
  });

  it("keeps 交多少钱 a question for a sum (not rewritten to 交钱, whether a fee is paid at all)", () => {
    expect(rewritten(searchForm("灵活就业每个月最低要交多少钱"))).toContain("多少钱");
    expect(rewritten(searchForm("入职要交什么费用"))).toContain("交钱");
    expectReasons("岭南市社会保险条例\n第一条　为了规范社会保险关系，制定本条例。\n第二条　灵活就业人员可以直接向社会保险费征收机构缴纳社会保险费。\n第三条　本条例自公布之日起施行。", {
      灵活就业自己交社保每个月最低要交多少钱: "no-answer-type",
    });
  });

  it("declines a telephone number asked when the clause that matches gives none (联系电话：… does)", () => {
    const notice = "岭南县总工会关于开展职工服务的通知\n一、工作要求\n（一）县总工会负责全县职工服务工作的统筹协调，各乡镇工会联合会具体落实。\n（二）各单位于每年12月底前报送工作总结。";
    expectReasons(notice, { 县总工会的电话是多少: "no-answer-type", 怎么联系县总工会: "no-answer-type", 职工服务工作由谁统筹协调: "" });
    const contact = `${notice}\n二、联系方式\n县总工会职工服务部，联系人：张某，联系电话：0751-1234567。`;
    expectReasons(contact, { 县总工会的电话是多少: "", 怎么联系县总工会: "" });
    // The clause giving it ranks first, though another names 县总工会 as often; a telephone number is no quantity (多少).
    expect(topPlace(lawIndex(contact), "县总工会的电话是多少")).toBe("二");
  });

  it("takes no number of a worked example (举例：某地区…210元, 该地区…360元—540元) as the amount asked", () => {
    expectReasons(
      "岭南省困难职工生活补助规定\n第一条　为了保障困难职工基本生活，制定本规定。\n第二条　困难职工生活补助标准由市人民政府确定，每年调整一次。\n第三条　本规定自公布之日起施行。\n附件：生活补助标准测算方法\n一、测算因素\n确定生活补助标准一般考虑城镇居民生活费用支出、职工平均工资等因素。\n二、测算方法\n举例：某地区最低收入组人均每月生活费支出为210元，赡养系数为1.87，则该地区月生活补助标准为393元。\n另，按照一般做法，该地区月生活补助标准范围应在360元—540元之间。",
      { 困难职工生活补助标准每个月多少钱: "no-answer-type", 困难职工生活补助标准每年调整几次: "" },
    );
  });

  it("drops the fillers of a chat message (请教各位, …的话, 大概, 到时候): no words of the topic", () => {
    const content = analyseQuery("请教各位，正常来讲申请仲裁的话到时候大概要交钱吗").content;
    for (const w of ["请教", "各位", "来讲", "的话", "到时候", "大概"]) expect(content, w).not.toContain(w);
    expect(content).toContain("仲裁");
  });

  it("drops 法律上 (法律上说的, 法律上是): it names where the answer stands, not a topic", () => {
    expect(analyseQuery("法律上说的未成年工是几岁到几岁").content).not.toContain("法律");
    expect(analyseQuery("他这个年纪在法律上算什么工").content).not.toContain("法律");
    expect(analyseQuery("法律援助去哪里申请").content).toContain("法律援助");
  });

  it("drops the asking of the group (谁知道, 有没有人知道) whole: no stray 道", () => {
    expect(analyseQuery("群里谁知道社保断缴了怎么办").content).not.toContain("道");
    expect(analyseQuery("有没有人知道社保断缴了怎么办").content).not.toContain("知道");
  });

  it("asks the sentences that match for the number, not the whole clause (the item on 会费 has no rate; the 百分之二 item is another)", () => {
    expectReasons("岭南市工会经费办法\n第一条　为了管好工会经费，制定本办法。\n第二条　工会经费的来源：\n（一）会员缴纳的会费；\n（二）用人单位按每月全部职工工资总额的百分之二向工会拨缴的经费；\n（三）人民政府的补助。", {
      会员每个月要交多少会费: "no-answer-type",
      用人单位按工资总额的多少拨缴经费: "",
      // Where several sentences ask, each is answered by the parts holding its own words: the rate is of 拨缴, not of 会费.
      "入会以后每个月要交多少会费？是按工资的百分之几扣？": "no-answer-type",
      "会员要交会费吗？用人单位按工资总额的百分之几拨缴经费？": "",
      // Clauses of one sentence that each ask a number ask them both (the comma does not end the first question).
      "加入工会以后会费每个月交多少，按工资百分之几扣": "no-answer-type",
    });
    // An asking sentence's own words count in their standard form too (每个月 is 每月): the 百分之二 item holds them.
    expectReasons("岭南市工会经费办法\n第一条　为了管好工会经费，制定本办法。\n第二条　工会经费的来源：\n（一）工会会员缴纳的会费；\n（二）建立工会组织的用人单位按每月全部职工工资总额的百分之二向工会拨缴的经费；\n（三）人民政府的补助。\n工会经费主要用于为职工服务和工会活动。", {
      "建了工会以后，公司每个月要拨多少工会经费？按什么算": "",
    });
    // No part states a figure beside 会费, and the item that matches best names it without one: the rate of the item beside it is of 拨缴.
    expectReasons("岭南市工会经费办法\n第一条　为了管好工会经费，制定本办法。\n第二条　工会经费的来源：\n（一）工会会员缴纳的会费；\n（二）建立工会组织的用人单位按每月全部职工工资总额的百分之二向工会拨缴的经费；\n（三）人民政府的补助。\n工会经费主要用于为职工服务和工会活动。\n第三条　工会会员享有选举权和被选举权。\n第四条　会员应当遵守工会章程，按时缴纳会费。\n第五条　工会应当维护职工的合法权益。", {
      工会会员每个月按工资交多少会费: "no-answer-type",
      用人单位每个月按工资总额交多少经费: "",
    });
    // A share named before a procedure asked (想降低缴存比例，要经过什么程序) asks no number: the clause giving the procedure answers.
    expectReasons("岭南市公积金办法\n第一条　为了管好住房公积金，制定本办法。\n第二条　单位缴存住房公积金确有困难的，经本单位职工代表大会讨论通过，并经管理中心审核，报管理委员会批准后，可以降低缴存比例。\n第三条　职工个人缴存的住房公积金，由所在单位每月从其工资中代扣代缴。", {
      "厂里效益差，想降低公积金缴存比例，要经过什么程序": "",
      "厂里效益差，想降低公积金缴存比例，最低降到百分之几": "no-answer-type",
    });
    // A word that only names the answer asked for (有比例限制吗: 比例) is no word of its topic: the paragraph on computing the 比例 is not the one asked.
    expectReasons("岭南市劳务派遣办法\n第一条　为了规范劳务派遣，制定本办法。\n第二条　用工单位使用的被派遣劳动者数量不得超过其用工总量的10%。\n计算劳务派遣用工比例的用工单位，是指可以订立劳动合同的用人单位。", {
      "最多能用多少派遣工？有比例限制吗": "",
    });
  });

  it("reads an item that matches with the sentence introducing the items, when that sentence names what is asked (赔多少: 年收入二倍的赔偿)", () => {
    const reason = reasonOf(lawIndex("岭南市工会保障条例\n第一条　为了保障工会活动，制定本条例。\n第二条　违反本条例规定，有下列情形之一的，由劳动行政部门责令给予本人年收入二倍的赔偿：\n（一）职工因参加工会活动而被解除劳动合同的；\n（二）工会工作人员因履行职责而被解除劳动合同的。\n第三条　有下列情形之一的，用人单位提前三十日以书面形式通知劳动者本人，可以解除劳动合同：\n（一）劳动者患病，在规定的医疗期满后不能从事原工作的；\n（二）劳动者不能胜任工作的。"));
    expect(reason("参加工会活动被解除劳动合同，能赔多少")).toBe("");
    // The sentence introducing 第三条's items is on notice, not on the 医疗期 asked about: its 三十日 is no answer; the item
    // names the 医疗期 as prescribed elsewhere (在规定的医疗期满后).
    expect(reason("生病了，医疗期能有多少天")).toBe("delegated");
    // Nor is it the 医疗期's figure where the item does not call the period prescribed; it answers the notice asked about.
    expectReasons("岭南市劳动关系条例\n第一条　为了规范劳动关系，制定本条例。\n第二条　有下列情形之一的，用人单位提前三十日以书面形式通知劳动者本人，可以解除劳动合同：\n（一）劳动者患病，医疗期满后不能从事原工作的；\n（二）劳动者不能胜任工作的。", {
      "员工生病住院，公司要给几个月医疗期？": "no-answer-type",
      "医疗期满了还干不了原来的活，辞退要提前几天通知": "",
    });
  });

  it("takes a share as a sum of money only when it is a share of money (工资总额的百分之二, not 三分之一以上的会员)", () => {
    expectReasons("岭南市工会工作条例\n第一条　为了规范工会工作，制定本条例。\n第二条　经三分之一以上的工会会员提议，工会可以向会员发放节日慰问品。\n第三条　用人单位按每月全部职工工资总额的百分之二向工会拨缴经费。", {
      工会给会员发节日慰问品每人最多发多少钱: "no-answer-type",
      用人单位每个月要向工会拨缴多少钱经费: "",
    });
  });

  it("reads 受不受理 as the decision between the two, as laws write it (作出受理或者不予受理的决定), not any clause on 受理", () => {
    const index = lawIndex("岭南市工伤认定办法\n第一条　为了规范工伤认定，制定本办法。\n第二条　社会保险行政部门应当自受理工伤认定申请之日起60日内作出工伤认定决定，并书面通知提出工伤认定申请的职工。\n第三条　社会保险行政部门收到工伤认定申请后，应当在15日内对申请人提交的材料进行审核，材料完整的，作出受理或者不予受理的决定。\n第四条　社会保险行政部门对于事实清楚的工伤认定申请，应当自受理工伤认定申请之日起15日内作出工伤认定决定。");
    expect(topPlace(index, "工伤认定申请交上去了，几天内决定受不受理？")).toBe("第三条");
  });

  it("takes a share of a wage as a sum (日工资收入的300%): it answers 补多少钱, and its clause ranks first", () => {
    const law = "岭南市年休假办法\n第一条　为了规范年休假，制定本办法。\n第二条　用人单位根据生产、工作的具体情况，统筹安排年休假。用人单位确因工作需要不能安排职工年休假的，应征得职工本人同意。\n第三条　用人单位经职工同意不安排年休假的，应当按照其日工资收入的300%支付未休年休假工资报酬。\n第四条　本办法自公布之日起施行。";
    expectReasons(law, { "公司忙不给休年假，要补多少钱": "" });
    expect(topPlace(lawIndex(law), "公司忙不给休年假，要补多少钱")).toBe("第三条");
  });

  it("reads another paragraph of the best clause at the share the quote takes (…十五日内予以答复 beside …还应当征得上一级工会的同意), beside an item too", () => {
    expectReasons("岭南市工会条例\n第一条　为了保障工会工作，制定本条例。\n第二条　工会主席、副主席、委员任期未满的，不得随意调动其工会工作岗位，因工作需要调动的，应当事先征得本单位工会委员会的同意；工会主席、副主席的调动，还应当征得上一级工会的同意。\n调动工会筹建负责人的工作，应当事先征求上一级工会的意见。\n征求上一级工会的意见应当采取书面形式。上一级工会应当在接到书面意见之日起十五日内予以答复，逾期未答复的，视为同意。\n第三条　工会经费按月拨缴。", {
      "调动工会主席要征得上级工会同意，上级工会几天内回复": "",
    });
    // The paragraph after a list states the rule on what the list holds (…台账应当至少保存两年), beside the item that matches best.
    expectReasons("岭南省劳动保障监察条例\n第一条　为了规范劳动保障监察，制定本条例。\n第二条　用人单位应当建立以下用工管理台账：\n（一）职工名册。\n（二）工资台账。包括工资的发放情况、支付日期。\n（三）工时台账。包括打卡记录或者考勤表等上下班时间和加班时间的记录。\n用工管理台账应当至少保存两年。\n第三条　劳动保障监察由劳动保障行政部门实施。", {
      "打卡记录、考勤表要留几年": "",
    });
  });

  it("takes a term of the domain the documents lack (高温津贴) as a topic of its own, never as a paraphrase of the clause's words", () => {
    expectReasons("岭南市劳动保护规定\n第一条　为了保护劳动者，制定本规定。\n第二条　用人单位在车间使用童工的，按照每使用一名童工每月处5000元罚款的标准给予处罚。\n第三条　本规定自公布之日起施行。", {
      "车间高温津贴每个月发多少钱，老板不给": "foreign-topic",
    });
  });

  it("declines a question for a rate (几个点, 百分之几) when the sentences that match hold no share or multiple, only other numbers", () => {
    expectReasons("岭南市养老保险办法\n第一条　基本养老保险费由用人单位和职工共同缴纳。\n第二条　参加基本养老保险的个人，累计缴费满十五年的，按月领取基本养老金。\n第三条　用人单位按每月全部职工工资总额的百分之二向工会拨缴经费。", {
      "养老保险单位交几个点，个人交几个点": "no-answer-type",
      // 多少个点 (Cantonese 几多个点 as read) asks a rate all the same.
      养老保险个人部分是多少个点: "no-answer-type",
      用人单位按工资总额的几个点拨缴经费: "",
    });
  });

  it("takes a time word the documents lack as a thing asked about, like a noun (春节…是初一到初几): not a paraphrase of the clause", () => {
    const law = lawIndex("岭南省工资支付规定\n第一条　为了规范工资支付，制定本规定。\n第二条　用人单位安排劳动者延长工作时间的，按照不低于劳动者本人小时工资标准的150%支付加班工资。\n第三条　春节期间，工会应当开展送温暖活动。\n第四条　本规定自公布之日起施行。");
    const q = "春节加班给三倍工资，是初一到初几？";
    expect(scopeDecision(q, law.search(q, { k: 3 }))).toBe("foreign-topic");
    const asked = "加班工资按工资的百分之几发？";
    expect(scopeDecision(asked, law.search(asked, { k: 3 }))).toBe("");
  });

  it("reads a figure the question states and asks about (还要给300%吗) as a yes-or-no question, not as a number asked", () => {
    expectReasons(
      "岭南省年休假办法\n第一条　为了保障职工休息，制定本办法。\n第二条　用人单位不安排职工休年休假的，应当按照其日工资收入的300%支付未休年休假工资报酬。\n用人单位安排职工休年休假，但是职工因本人原因且书面提出不休年休假的，用人单位可以只支付其正常工作期间的工资收入。\n第三条　本办法自公布之日起施行。",
      { "职工自己写申请不休年假，单位还要给300%吗": "", "单位不安排职工休年假，要按日工资的百分之几给": "" },
    );
  });

  it("takes a term of the domain the documents lack as the topic even in the story, in coverage too (没交住房公积金，这个是不是强制要交的)", () => {
    const law = lawIndex("岭南市工会经费办法\n第一条　用人单位应当按时交工会经费；拒不交的，工会可以申请人民法院强制执行。\n第二条　工会经费用于职工服务。");
    expect(scopeDecision("厂里没交住房公积金，这个是不是强制要交的", law.search("厂里没交住房公积金，这个是不是强制要交的", { k: 3 }))).not.toBe("");
  });

  it("declines a question for a name (主席叫什么名字) when no close clause names a person, and answers who serves (由谁兼任)", () => {
    const notice = lawIndex("岭南县工会工作通知\n一、县总工会主席由县委常委兼任，负责全县工会工作。\n二、各镇工会联系人：王小明，负责报送材料。");
    const reason = reasonOf(notice);
    expect(reason("县总工会主席叫什么名字")).toBe("no-answer-type");
    expect(reason("县总工会主席由谁兼任")).toBe("");
    expect(reason("镇工会联系人叫什么名字")).toBe("");
  });

  it("asks for a number only when an asking sentence does (之前交了几年…，还算不算), its colloquial phrases rewritten", () => {
    expect(decide("之前交了几年养老保险费，后来换了单位，以前交的还算不算").reason).toBe("");
    expect(decide("养老保险费每年交几次").reason).toBe("no-answer-type");
    // Every sentence ending in a question mark asks, not only the last.
    expect(decide("养老保险费每年交几次？是从工资里扣吗？").reason).toBe("no-answer-type");
    // 没几个钱 is not much money, not a question for a number.
    expect(decide("养老保险费要交吗？我身上没几个钱了").reason).toBe("");
  });

  it("knows a term of the domain only as a whole, not through its parts (高温 and 津贴 do not make 高温津贴)", () => {
    const index = lawIndex("岭南市劳动保护条例\n第一条　用人单位不得安排孕期女职工从事高温作业。\n第二条　工资包括计时工资、奖金、津贴和补贴。\n第三条　职工在夏季可以享受高温季节的防暑降温措施。");
    const word = (q: string, w: string) => index.search(q, { k: 2 }).words.find((x) => x.word === w);
    // 高温补贴 is read as its standard form 高温津贴.
    expect(word("高温补贴每个月发多少", "高温津贴")?.known).toBe(false);
    expect(scopeDecision("高温补贴每个月发多少", index.search("高温补贴每个月发多少", { k: 2 }))).not.toBe("");
    // A word of no domain is known through its parts (高温作业 → 高温, 作业).
    expect(word("孕期能不能安排高温作业", "高温作业")?.known).toBe(true);
  });

  it("knows a word through a standard form only when the documents hold the whole form (公积金 → 住房公积金, not 住房 alone)", () => {
    const index = lawIndex("岭南市职工福利条例\n第一条　用人单位可以为职工提供住房补贴。\n第二条　用人单位应当按月缴纳社会保险费。");
    const word = (q: string, w: string) => index.search(q, { k: 2 }).words.find((x) => x.word === w);
    expect(word("公积金每月交多少", "公积金")?.known).toBe(false);
    expect(word("社保每月交多少", "社会保险")?.known).toBe(true);
  });

  it("weighs a story word the best clause lacks at half in coverage", () => {
    const story = index.search("我们在木材厂上班，加班费怎么给", { k: 3 });
    const asked = index.search("我们在木材厂上班加班费怎么给", { k: 3 });
    expect(story.words.find((w) => w.word.includes("木材"))?.story).toBe(true);
    expect(asked.words.find((w) => w.word.includes("木材"))?.story).toBeFalsy();
    expect(story.coverage).toBeGreaterThan(asked.coverage);
  });

  it("reads a negated verb the documents lack (没去, 不干) as the negation and the verb", () => {
    const knows = (w: string) => ["仲裁", "闹"].includes(w);
    const content = analyseQuery("去年被厂里炒了，当时没去闹，还能去仲裁吗", undefined, knows).content;
    expect(content).not.toContain("没去");
    expect(content).toContain("闹");
  });

  it("takes people, phrases of single characters and negated predicates as no topic (师傅, 我爸, 不关)", () => {
    for (const q of ["老师傅加班费怎么给", "我爸的养老保险费真有必要交吗", "加班费不关工资的事吗"]) expect(decide(q).reason, q).toBe("");
  });

  it("takes a report of what someone did for me (公司没给我买社保) as a question, a request (帮我算) as a task", () => {
    expect(decide("公司没给我买社保，能不能先从基金里出").reason).not.toBe("task");
    expect(decide("上个月加班30个小时，给我算了20个小时的加班费，对吗").reason).not.toBe("task");
    expect(decide("公司说要裁员，给我算加班费的时候只按基本工资，对吗").reason).not.toBe("task");
    expect(decide("给我写一首诗").reason).toBe("task");
    expect(decide("帮我算下个税").reason).toBe("task");
    expect(decide("推荐几本适合职工看的书").reason).toBe("task");
    expect(decide("附近有什么好吃的饭店推荐一下").reason).toBe("task");
  });
});

describe("cross-references inside a law", () => {
  it("reads a clause with the place it refers to (依照本条例第二条第一项 → 劳动合同期满)", () => {
    const index = lawIndex("岭南市劳动合同条例\n第一条　为了规范劳动合同，制定本条例。\n第二条　有下列情形之一的，劳动合同终止：\n（一）劳动合同期满的；\n（二）劳动者开始依法享受基本养老保险待遇的。\n第三条　依照本条例第二条第一项规定终止固定期限劳动合同的，用人单位应当向劳动者支付经济补偿。\n第四条　用人单位解除劳动合同，应当向劳动者说明理由。\n第五条　经济补偿按劳动者在本单位工作的年限计算。");
    expect(topPlace(index, "合同期满了给不给补偿")).toBe("第三条");
  });

  it("reads a place of another loaded document it names (依照岭南市劳动用工条例第五条 → 不能胜任工作)", () => {
    const index = docsIndex({
      "law.txt": "岭南市劳动用工条例\n第一条　为了规范劳动用工，制定本条例。\n第五条　劳动者不能胜任工作，经过培训仍不能胜任的，用人单位提前三十日书面通知劳动者本人后，可以解除劳动合同。\n第六条　劳动者每月工资不得低于最低工资标准。",
      "rules.txt": "岭南市劳动用工条例实施细则\n第一条　根据岭南市劳动用工条例，制定本细则。\n第二条　用人单位依照岭南市劳动用工条例第五条的规定额外支付的，按照上一个月的标准确定。\n第三条　用人单位应当按月支付工资。",
    });
    const top = index.search("不能胜任工作提前通知，额外支付按什么确定", { k: 2 }).clauses[0].chunk;
    expect([top.source, top.section]).toEqual(["rules.txt", "第二条"]);
  });

  it("reads 送到…手上 as 送达: the clause on serving a decision answers, not the one on making it", () => {
    const index = lawIndex("岭南市工伤认定办法\n第一条　为了规范工伤认定，制定本办法。\n第二条　社会保险行政部门应当自受理申请之日起六十日内作出工伤认定决定，出具认定工伤决定书。\n第三条　社会保险行政部门应当自工伤认定决定作出之日起二十日内，将认定工伤决定书送达受伤害职工和用人单位。");
    expect(topPlace(index, "认定工伤的决定书做出来后多久会送到我手上")).toBe("第三条");
  });

  it("reads 前款 as the paragraph before: the paragraph on 会籍 answers for a 终止 unit", () => {
    const index = lawIndex("岭南市工会条例\n第一条　为了保障工会依法开展工作，制定本条例。\n第二条　任何单位不得随意撤销工会组织。\n基层工会所在的用人单位终止或者被撤销，该工会组织相应撤销。\n依照前款规定被撤销的工会，其会员的会籍可以继续保留。\n第三条　工会会员按月缴纳会费。\n第四条　会员大会每年至少召开一次。");
    expect(index.search("单位终止了会籍还在吗", { k: 3 }).clauses[0].sentences[0].place).toBe("第二条第三款");
    // 工会撤了: 撤销 (as well as 罢免); 会员身份: 会籍.
    const terms = analyseQuery("厂子关门了，工会也跟着撤了，我的会员身份还算数吗").terms.map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(["撤销", "罢免", "会籍"]));
  });
});

describe("colloquial ways of paying and charging", () => {
  const index = lawIndex("岭南市劳动报酬条例\n第一条　为了保障劳动报酬，制定本条例。\n第二条　工资应当以货币形式按月支付给劳动者本人，不得以实物替代货币支付。\n第三条　用人单位应当按时缴纳工伤保险费。职工个人不缴纳工伤保险费。\n第四条　用人单位应当按月支付工资，不得克扣或者无故拖欠。\n第五条　劳动争议仲裁不收费。\n第六条　劳动争议申请仲裁的时效期间为一年。\n第七条　用人单位应当在规定期限内缴纳社会保险费。\n第八条　用人单位招用劳动者，不得收取押金或者其他费用。\n第九条　因劳动者本人原因给用人单位造成经济损失的，经济损失的赔偿可从劳动者本人的工资中扣除，但每月扣除的部分不得超过劳动者当月工资的百分之二十。");

  it("reads paying wages with goods (拿…抵工资) as in kind, deducting insurance from wages as the worker paying, another deduction as one from wages (工资中扣除), and 交多少钱 as a charge", () => {
    expect(topPlace(index, "老板说这个月拿厂里生产的电饭锅抵工资，可以吗")).toBe("第二条");
    expect(topPlace(index, "工伤保险是不是要从我工资里扣")).toBe("第三条");
    expect(topPlace(index, "员工操作失误搞坏了设备，能不能从工资里面扣？一个月最多扣多少")).toBe("第九条");
    expect(topPlace(index, "去劳动仲裁要交多少钱")).toBe("第五条");
    expect(topPlace(index, "劳动仲裁收钱吗")).toBe("第五条");
    expect(topPlace(index, "申请劳动仲裁要钱吗")).toBe("第五条");
    expect(analyseQuery("工钱没着落，能找谁要钱").content).not.toContain("收钱");
  });

  it("reads 来得及, 过期, 过时间 and 还能申请仲裁 as asking about a time limit", () => {
    expect(topPlace(index, "都过了一年多了，现在去仲裁还来得及吗")).toBe("第六条");
    expect(topPlace(index, "被辞退快两年了，现在去仲裁会不会过期")).toBe("第六条");
    expect(topPlace(index, "去年三月份被厂里辞退的，一直没去闹，现在还能申请仲裁吗")).toBe("第六条");
    expect(analyseQuery("补偿拖着没给，到现在十个多月了，是不是过时间了").terms.map((t) => t.term)).toContain("#limit");
    expect(analyseQuery("被炒鱿鱼一年多了，现在还能去申请劳动仲裁吗").terms.map((t) => t.term)).toContain("#limit");
  });
});

describe("colloquial phrases", () => {
  it("read as the documents' words: 一天最多 → 每日, 写张纸 → 书面, 转社保 → 转移, 结数 → 结算, 还没退休人就走了 → 死亡, 多少人到 → 出席, 去隔壁厂帮忙 → 借调", () => {
    const terms = (q: string) => analyseQuery(fromDialect(q)).terms.map((t) => t.term);
    // Each question, the words it is read as, and words it must not be read as.
    const reads: Array<[question: string, read: string[], notRead?: string[]]> = [
      ["钟点工一天最多做几个钟", ["每日"]],
      ["主管叫我写张纸签名，说不想休年假", ["书面"]],
      ["辞工之后厂里几耐要帮我转社保", ["转移"]],
      ["钟点工几耐结一次数", ["结算"]],
      ["他还没退休人就走了，个人账户的钱能拿吗", ["死亡"]],
      ["职代会要到多少代表才能开", ["出席"]],
      ["职代会几多人到先开得", ["出席"]],
      ["厂长让我去隔壁兄弟厂帮忙半个月，在那边受了伤，算哪个厂的工伤", ["借调"]],
      ["二十几个工友一起去仲裁，是不是每个人都要到场？", ["推举"]],
      ["伤残等级评低了，能再鉴定吗", ["再次", "不服"]],
      ["老板调我去另一间公司，不是我自己要求的，之前的工龄算不算", ["非因", "本人"]],
      ["我自己写了张纸说不放年假，还有三倍工资吗", ["书面", "休"]],
      ["我被选上人大代表，去开会老板要扣工钱，有没有道理", ["社会活动", "合法"]],
      ["仲裁还没判，能不能先让老板给一部分钱", ["先予执行"]],
      ["老板叫我去隔壁他朋友的厂里帮忙，受了伤算哪个厂的", ["借调"]],
      ["公司把我借调到合作单位，受了伤算谁的", ["借调"]],
      ["我文化低写不来字，申请调解一定要交申请书吗", ["口头"]],
      ["厂里扣我社保，我有没有权知道交了多少", ["告知"]],
      ["职代会表决要多少票才算过？要不要写名字投？", ["通过", "记名投票"]],
      ["年假放唔晒，可唔可以留到下年", ["跨年度"]],
      ["年休假可以拖到明年再休吗", ["跨年度"]],
      ["二十几个工友一齐去投诉欠薪，要全部人都去吗", ["集体", "投诉"]],
      ["老板把加班费和夜班补贴都算进最低工资，对吗", ["延长工作时间", "津贴"]],
      ["镇工联会人手不够，有什么办法", ["力量", "不足"]],
      ["招工的时候要查验什么证件", ["核查"]],
      ["我写不了投诉书，去劳动监察怎么投诉", ["口头"]],
      ["医院那边要开什么证明", ["医疗机构"]],
      ["工伤了能随便找个诊所看吗", ["医疗机构"]],
      ["人在这边上班，公司注册在广州，去哪里仲裁", ["管辖", "所在地"]],
      ["厂里说我这不算工伤，要我自己拿证据，对吗", ["举证责任"]],
      ["镇里调解了半个多月还谈不拢，能直接去仲裁吗", ["未", "达成", "协议"]],
      ["我是自己辞职不干的，能去领失业金吗", ["本人", "意愿"]],
      ["老板拖着不帮我报工商，我自己能去申请吗", ["工伤", "认定"]],
      ["讨工钱等着吃饭，仲裁能先把钱判给我吗", ["先予执行"]],
      ["会员对工会主席意见很大，想把他换下来，要走什么程序", ["罢免"]],
      ["闻到煤气味，工会能不能让大家先撤出来", ["撤离"]],
      ["第一轮要在什么时候之前弄完", ["完成"]],
      ["主管啥理由都不说，直接叫我明天不用来了，能陪多少", ["解除劳动合同", "赔偿金", "赔"]],
      ["赶货一个多月，一天都没歇过，这合法吗", ["每周", "休息"]],
      ["打卡记录全在厂里电脑上，拿什么证明加过班", ["掌握"]],
      ["最低工资标准到底是谁定的", ["规定"]],
      // 省里, 就行 say where and how much, not what about.
      ["仲裁已经立案了，一般多久能出结果", ["结束", "完成", "决定"]],
      ["我离职了，剩下的工钱老板说要过段时间再发", ["解除劳动合同", "付清"]],
      ["我老婆生咗个仔，产假有几多日", ["生育", "产假"]],
      ["劳动局叫老板限期发工资，过了期限他还是不发，会怎样", ["逾期", "支付"]],
      ["老板说这两个月工资先拿厂里做的电饭锅抵", ["实物", "货币"]],
      ["用了一批派遣工顶临时岗，最长多久", [], ["实物"]],
      ["之前在东莞交了五年社保，现在回韶关这边的厂上班，以前交的还算不算数", ["跨", "统筹", "就业"]],
      ["老师傅干了16年，再过4年就退休了，厂里裁人能裁他吗", ["距"]],
      ["工会这届还有两年才满，合同到期能不续吗", [], ["距"]],
      ["阿叔过了六十岁还在做，他的合同是不是自动没了", ["退休年龄", "终止"]],
      ["签了两次三年的合同，想签个长期的合同，老板能不同意吗", ["连续", "二次", "无固定期限"]],
      ["之前在别的厂干了九年，年假按几年算", ["不同", "用人单位", "期间"]],
      ["员工来了三个多月，一直没顾上签合同，有什么风险", ["未", "订立", "#penalty"]],
      ["在厂里切到手，医生开了三个月休假，老板说休息期间没工资", ["停工留薪期"]],
      ["我感冒了，医生开了三天病假，工资怎么算", [], ["停工留薪期"]],
      ["工友带头张罗建工会，被老板找借口炒了，可以要求回去上班吗", ["恢复", "工作"]],
      ["产假休完了，下个月回去上班，工资怎么算", [], ["恢复"]],
      // Quitting of one's own will is 本人意愿 where unemployment pay is asked about, not where wages owed are (自己辞工…还能要补偿吗).
      ["厂里三个月没发工钱，我想自己辞工不干，还能要补偿吗", [], ["意愿"]],
      ["老板把我借给他朋友的厂帮几天忙，在那边受了伤算哪个厂的", ["借调"]],
      ["主管叫我去做电焊，说不用考证", ["未", "取得", "资格"]],
      ["组长说请假去产检要扣钱", ["劳动", "时间"]],
      ["车间一个月三十天都要上，一天休息都没有", ["每周", "休息"]],
      ["这次要辞掉十五个人，要先跟工会通气吗", ["裁减人员", "通知"]],
      ["投诉欠薪已经立案了，他们多长时间要查完", ["之日起"]],
      ["公司二百五十多人，能不能弄个全职的工会主席", ["专职"]],
      ["厂里开职代会，到会的人要够多少才能开", ["出席"]],
      ["今年家里有事请了一个多月假，年假还有没有", ["事假"]],
      ["想告老板但是没钱请律师，县总工会会不会帮", ["法律", "援助"]],
      ["离职证明公司必须写清楚哪些内容", ["写明"]],
      ["同事上班时突然倒在车间里，算不算工伤", ["突发", "疾病"]],
      // 调 alone (借调, 调岗) and an act not the asker's own (老板让我辞职) are left alone.
      ["公司把我借调到合作单位没成，工资怎么算", [], ["协议"]],
      ["老板逼我辞职，能领失业金吗", [], ["意愿"]],
      ["打劳动仲裁要花钱吗", ["收费"]],
      ["厂里扣我社保，但从来没告诉我交了多少", ["告知"]],
      ["工会主席可以专门做工会吗", ["专职"]],
      ["主管说产检要算请假，还要扣钱，这样对吗", ["劳动", "时间"]],
      ["仲裁还没判，可以叫厂里先把钱给我吗", ["先予执行"]],
      // Goods given for wages are 实物; a worker put on a post (顶岗) or leave set against leave (拿年假来抵) are not.
      ["老板拿仓库的米和油抵一部分工资", ["实物"]],
      ["用了一批派遣工顶临时岗，最长多久", [], ["实物"]],
      ["请了婚假，人事说要拿年假来抵", [], ["实物"]],
      // Moved to the boss's other company, do the years before count: 安排到新用人单位, 工作年限合并计算; another department is no new employer.
      ["在A公司做了五年，老板叫我转去他另一间B公司，以后辞退我前面五年算不算", ["安排", "新", "工作", "年限", "合并"]],
      ["想把工会副主席调去别的部门", [], ["新"]],
      // Paying for a procedure is a fee; a month with two rest days is a question of weekly rest; leave with a deduction, of work time.
      ["去劳动仲裁使唔使畀钱？", ["收费"]],
      ["老细一个月得两日休息得唔得", ["每周", "休息"]],
      ["厂里整月不放假，合法吗", ["每周", "休息"]],
      ["老板一个月只让休两天，合法吗", ["每周", "休息"]],
      ["产检请假要扣钱吗", ["劳动", "时间"]],
      // Which month's wage counts (按边个月计) asks for the standard; how much insurance was deducted, for the details.
      ["话补多一个月人工，呢个月人工按边个月计", ["额外", "支付", "标准"]],
      ["社保扣几多要通知我咩", ["明细"]],
      // What the worker or the employer pays (个人扣几多, 单位交几多) asks the rate, not the details of what was paid.
      ["失业保险个人扣几多？单位又要交几多", ["缴纳"], ["明细"]],
      // A certificate of leaving is no transfer of files (转移手续).
      ["离职证明要写些什么", ["写明"], ["转移"]],
      // A new owner calling the old contracts void asks whether they stay in force; fired for starting a union, about union activity.
      ["新老板讲以前签的合同全部作废", ["继续", "有效"]],
      ["我因为带头搞工会俾老细炒咗", ["参加", "活动", "组建工会"]],
      ["工友因为带头搞工会活动被炒", [], ["组建工会"]],
      // Just joined (才进的厂): a new hire; never told how much was paid: the details; what is left in an account: the balance.
      ["我今年7月1号才进的这个厂，年假咋算", ["新进"]],
      ["我7月份才转到这家厂，今年的年假怎么算", ["新进"]],
      ["上班搬货闪了腰，休息期间工资咋算", ["扭伤"]],
      ["厂里从来没跟我说交了多少社保", ["告知", "明细"]],
      ["个人账户里剩下的钱家里人能拿吗", ["余额"]],
      ["我们就十来个人，单独建工会不现实", ["具备"]],
      ["分包老板跑路了，工钱没人发，总包说跟他们没关系", ["拖欠", "责任"]],
      // Reaching 60 or "the age" is reaching the statutory retirement age; not yet reaching it is not.
      ["我到60岁了，合同是不是自动终止", ["退休年龄"]],
      ["单位说我到年纪了合同自动结束", ["退休年龄"]],
      ["还没到60岁能退休吗", [], ["达到"]],
      ["进厂半年多老板不签合同，能要啥赔偿", ["未", "订立", "书面劳动合同"]],
      ["手指被机器压伤在家养着，工资要照发吗", ["停工留薪期"]],
      ["工伤喺屋企养紧伤，厂里仲使唔使照出粮", ["停工留薪期"]],
      ["老板说工资年底一次性结，合法吗", ["按", "月", "支付"]],
      ["去举报老板，他会不会知道是我举报的", ["保密"]],
      ["举报老细会唔会漏咗我个名", ["保密"]],
      ["老板把我借去他朋友的厂帮手半个月", ["借调"]],
      ["组长说产检得请事假，还要扣钱", ["劳动"]],
      ["人事话要扣住我张身份证", ["扣押"]],
      ["老板把我借给他朋友的厂帮忙一个月", ["借调"]],
      ["我们二十几个人都没拿到加班费，是不是要个个人自己去申请仲裁？", ["推举"]],
      ["去到新厂工龄是不是由零计起", ["工作", "年限", "合并"]],
      ["伤残评了十级，我觉得评低了，不服可以怎么做", ["鉴定结论"]],
      ["厂方要不要负责医药费", ["用人单位"]],
      // Collapsing at work and dying after a day of rescue: 突发疾病, 抢救无效.
      ["老师傅返工时突然晕倒，送去医院抢救了一天多都没救回来，算不算工伤", ["突发", "疾病", "抢救", "无效"]],
      ["新招的工人死活不肯签合同，能不能直接让他走", ["未", "订立", "终止"]],
      ["扣了社保个人部分，但是到底交了多少我一直不清楚", ["明细"]],
      ["人事说离职了年假就作废，不会补钱", ["未", "休", "年休假", "报酬"]],
      ["老板的亲弟弟想当工会委员", ["近亲属"]],
      ["招工启事写只招男工，这样行不", ["性别", "妇女"]],
      ["组长叫我去揸铲车顶班，我冇考过证", ["特种", "作业", "未", "取得", "资格"]],
      ["班长叫我冇证去开吊车", ["未", "取得", "资格"]],
      ["佢养老保险个人账户入面仲有啲钱，屋企人可唔可以攞返", ["余额", "继承"]],
      ["15岁的小孩在作坊打工，被机器压伤了手", ["受伤"]],
      ["阿爸过咗身，个人账户入面啲钱，屋企人攞唔攞得返", ["死亡", "继承"]],
      ["单位代扣我的社保，每个月要不要告诉我扣了多少", ["明细"]],
      ["仲裁还没裁，有没有办法先让厂里把钱拿出来", ["先予执行"]],
      ["镇上几十家饭店，能不能整个镇的饮食行业统一签", ["区域性", "行业性", "集体合同"]],
      ["出车送货遇到山洪，到现在人还没找到", ["下落不明"]],
      ["撞甩咗两只门牙，装假牙啲钱工伤保险包唔包", ["辅助", "器具"]],
      ["人事说合同到期就不续了", ["期满", "续订"]],
      ["表姐的女儿刚满15，我帮她介绍进厂会不会犯法", ["介绍", "就业"]],
      ["职代会表决，举手还是投票？要多少票才算通过", ["无记名", "赞成票"]],
      ["孩子还在吃奶，上班能抽空回去吗", ["哺乳"], ["抽空"]],
      ["新招的司机多少天内要给他把社保办下来", ["劳动者", "登记"]],
      ["工会主席能随便调去外地吗", ["随意"]],
      ["7月刚换工作，今年年假咋算", ["新进"]],
      ["15号发工资刚好碰上国庆，老板说等过完节再发", ["节假日"], ["完节"]],
      ["投诉去劳动监察，查实咗会点罚厂里", ["查处"]],
      ["受了工伤在家养着，厂里说养伤这段时间只发最低工资", ["停工留薪期", "福利待遇"], ["最低工资"]],
      ["公司出钱送我去考了电工证，签了个干满五年的协议", ["培训", "服务期"]],
      ["在厂里干了16年，离退休还差4年，厂里要裁我", ["退休年龄"], ["离退休"]],
      ["我7月1号才进的现在这家公司，今年的年假怎么算", ["新进"]],
      ["厂里从来没给我们买过社保，我想不干了", ["缴纳", "辞职"]],
      ["生完宝宝回厂里上班了，还在喂奶", ["哺乳"], ["统筹", "地区"]],
      ["厂里不认工伤，这种扯皮到底该谁拿证据出来", ["纠纷", "举证责任"]],
      ["十几个人被拖了工资，能不能推一两个人出来去办", ["推举", "代表"]],
      ["仲裁还没出结果，能不能先让老板把欠的工钱付一部分", ["先予执行"]],
      ["合同里写着干不满两年走人要赔公司五千块，这条算数不", ["违约金"]],
      ["医生说要在家养三四个月，老板说不上班就没有工资，这段时间到底有没有工资", ["养伤", "福利待遇"], ["段时间"]],
      ["被拖了工资，要去仲裁的话是不是每个人都要自己去跑一趟", ["推举", "代表"]],
      ["我是兼职工会委员，去开会占了两天班要扣工资吗", ["非专职"]],
      ["招工的时候身份证资料要不要留底", ["保存"]],
      ["我还没到退休年龄，厂里能不能不要我", ["达到", "退休年龄"], ["未达"]],
      ["社保交不够年限，是不是就领不到退休金了", ["退休金"], ["退休年龄"]],
    ];
    for (const [q, read, notRead = []] of reads) {
      const t = terms(q);
      expect(t, q).toEqual(expect.arrayContaining(read));
      for (const w of notRead) expect(t, q).not.toContain(w);
    }
    expect(analyseQuery("是县里定还是省里定，选一个组织员就行").content).not.toEqual(expect.arrayContaining(["省里"]));
    expect(analyseQuery("选一个组织员就行").content).not.toContain("就行");
    expect(fromDialect("拖咗一年几先想去告，仲嚟唔嚟得切？")).toContain("来得及");
    expect(fromDialect("查实咗会点罚厂里？有点补贴吗")).toBe("查实了会怎么罚厂里？有点补贴吗");
    // 点 before paying or leave asks how (工资点发, 年假点休), not after a number (八点发工资, 几个点交).
    expect(fromDialect("停产放假一个多月，工资点发？年假点休？")).toBe("停产放假一个多月，工资怎么发？年假怎么休？");
    expect(fromDialect("八点发工资，会费按几个点交")).toBe("八点发工资，会费按几个点交");
    expect(fromDialect("医疗期有几长")).toBe("医疗期有多长");
    // A limit on a share is written as a bound (不得超过…10%); papers to check (证件) are an ID card or a certificate.
    expect(analyseQuery("派遣工有没有比例限制").terms.map((t) => t.term)).toEqual(expect.arrayContaining(["不得", "超过"]));
    expect(analyseQuery("招人要查什么证件").terms.map((t) => t.term)).toContain("身份证");
    // A factory without orders stops work (没订单 → 停工, 停产), like one without work (没活干).
    expect(analyseQuery("厂里没订单放假一个多月，工资怎么发").terms.map((t) => t.term)).toEqual(expect.arrayContaining(["停工", "停产"]));
    // 有没有具体数字 asks for a figure: 数字 is an aspect of the topic, not a topic of its own.
    expect(isWeakWord("数字")).toBe(true);
    // A rule written with 一个月 matches the question's search form, which writes it 1个月 at a clause's start.
    expect(searchForm("一个月就放两天假")).toContain("1个月");
    expect(rewritten(searchForm("一个月就放两天假"))).toContain("每周");
    expect(rewritten(searchForm("赶货，干了一个月就放两天假"))).toContain("每周");
    // Not a day of leave not taken (年假一天都没休): that is annual leave, not the weekly rest day.
    expect(rewritten(searchForm("厂里赶货一天都没休过"))).toContain("每周");
    // Also when the rest is not given or to be had (一天都不给休, 成个月没得休息, 一个月都不给放一天假).
    for (const q of ["一个月30天天天上班，一天都不给休", "赶货成个月没得休息", "一个月都不给放一天假"]) expect(rewritten(searchForm(q)), q).toContain("每周 休息");
    expect(rewritten(searchForm("今年的年假一天都没休"))).not.toContain("每周");
    // A two-character verb asked A-not-A (受不受理, 同不同意) is that verb, not its last character.
    for (const [q, w] of [["多久决定受不受理", "受理"], ["上级工会同不同意", "同意"], ["这样扣钱合不合理", "合理"]]) expect(analyseQuery(q).content, q).toContain(w);
    // An employer not letting one take annual leave does not arrange it (不能安排职工休年休假).
    for (const q of ["公司忙不给休年假", fromDialect("公司忙唔俾放年假"), "老板不批年假"]) expect(rewritten(searchForm(q)), q).toMatch(/不能安排 +年假/);
    // Every potential complement of failing to set one up (建不起来, 建不了, 建不到, 建唔到 once read as Mandarin) says the same.
    for (const q of ["单独建工会建不起来", "单独建不了工会", "自己建不到工会", fromDialect("自己建唔到工会")]) expect(rewritten(searchForm(q)), q).toContain("不具备 独立 建立工会");
  });
});

describe("fillers of several characters", () => {
  it("are cut whole and dropped (后生仔, not 后 + 生仔)", () => {
    const content = analyseQuery("厂里招了几个后生仔做包装，不用体检吗").content;
    expect(content).not.toContain("生仔");
    expect(content).not.toContain("后生仔");
    expect(content).toContain("体检");
  });
});

describe("Cantonese as people type it", () => {
  it("is read as standard Mandarin, leaving Mandarin words with the same characters alone (仲裁, 关系, 这边, 电话)", () => {
    expect(fromDialect("厂里要裁人，我老婆冇工作，屋企有老有细，可唔可以优先留低我？")).toBe("厂里要裁人，我老婆没工作，家里上有老下有小，可不可以优先留下我？");
    expect(fromDialect("入职要交300蚊押金，咁样合唔合法？")).toBe("入职要交300元押金，这样合不合法？");
    expect(fromDialect("四季歌系指边四样？")).toBe("四季歌是指哪四样？");
    expect(fromDialect("老细唔俾佢哋入工会点算？")).toBe("老细不让他们入工会怎么办？");
    expect(fromDialect("劳动仲裁要等几耐？")).toBe("劳动仲裁要等多久？");
    expect(fromDialect("奖金同埋补贴计唔计埋入去？")).toBe("奖金和补贴算不算进去？");
    expect(fromDialect("日日做三个钟，老细话补多一个月人工")).toBe("每日做三个钟，老细话多补一个月工资");
    expect(fromDialect("喺厂度整伤咗脚")).toBe("在厂里弄伤了脚");
    expect(fromDialect("招咗几个学生仔")).toBe("招了几个学生");
    expect(fromDialect("嗰边嘅厂扣咗我人工")).toBe("那边的厂扣了我工资");
    expect(fromDialect("国庆返工，人工应该点计？主管话冇人工")).toBe("国庆返工，工资应该怎么算？主管说没工资");
    expect(fromDialect("到退休攞唔攞到长粮？一次过可以赔几多个月人工？")).toBe("到退休拿不拿到养老金？一次性可以赔多少个月工资？");
    expect(fromDialect("公司话我做唔掂，包工头又走咗佬")).toBe("公司说我不能胜任工作，包工头又走佬");
    expect(fromDialect("人工智能")).toBe("人工智能");
    expect(fromDialect("呢一个月按边个月的工资计？工会可以点做？")).toBe("这一个月按哪个月的工资计？工会可以怎么做？");
    expect(fromDialect("老细成日叫我哋开OT，佢呃我签咗合同")).toBe("老细经常叫我们加班，他骗我签了合同");
    expect(fromDialect("放工路上俾车撞亲，算唔算工伤？俾钱我")).toBe("上下班途中被车撞伤，算不算工伤？给钱我");
    expect(fromDialect("啲女工都好唔开心，工会可以点帮手？")).toBe("那些女工都好不开心，工会可以怎么帮手？");
    // 早点, 快点 are a little earlier, faster: no 怎么.
    expect(fromDialect("可唔可以早点去申请？快点搞掂")).toBe("可不可以早点去申请？快点搞掂");
    // 点解 is why, but 点解决 is how to solve.
    expect(fromDialect("点解唔俾我放假？文件有冇讲点解决人手问题")).toBe("为什么不让我放假？文件有没有讲怎么解决人手问题");
    expect(fromDialect("养紧伤使唔使照出粮？午休计唔计工时？一个月得两日休息得唔得？咁合理咩？先畀住一部分")).toBe(
      "养着伤要不要照出粮？午休算不算工时？一个月只有两日休息行不行？这么合理吗？先给一部分",
    );
    const mandarin = "这边三个人的联系电话，关系到谁负责，他的话就是这样；村边几家小作坊，不系安全带上高空";
    expect(fromDialect(mandarin)).toBe(mandarin);
  });

  it("reads a separable verb around a quantity (加几个钟的班) as the verb (加班)", () => {
    const content = analyseQuery("一个月最多能加几个钟的班").content;
    expect(content).toContain("加班");
    expect(content).not.toContain("班");
  });

  it("reads 加 before a number of hours (最多加几个钟, 加了80个钟, 加了五十多个钟) as 加班: hours added are overtime", () => {
    expect(analyseQuery("一个月最多加几个钟").content).toContain("加班");
    expect(analyseQuery("这个月加了80个钟").content).toContain("加班");
    // A number with 多 (五十多个钟: more than fifty hours) too.
    expect(analyseQuery("这个月加了五十多个钟的班").content).toEqual(expect.arrayContaining(["加班", "小时"]));
    expect(analyseQuery("这个月加了五十多个钟的班").content).not.toContain("钟");
    expect(analyseQuery("增加两个小时的培训").content).not.toContain("加班");
  });
});

describe("expansions", () => {
  it("are cut into words the way documents are (新进 stays one word, as in 职工新进用人单位)", () => {
    expect(expansionWords("新进")).toEqual(["新进"]);
    expect(segment("职工新进用人单位").words).toContain("新进");
  });

  it("keep the interrogative 多少 whole (按多少发 is 按/多少/发, not 按多/少发; 多少钱 stays one word)", () => {
    expect(segment("病假工资按多少发").words).toEqual(expect.arrayContaining(["多少", "发"]));
    expect(segment("病假工资按多少发").words).not.toContain("少发");
    expect(segment("最多能发多少钱").words).toContain("多少钱");
  });

  it("cut a degree adverb from a state the documents lack (太忙 → 太 + 忙: how things stand, no topic)", () => {
    expect(segment("主管说最近太忙", { splitUnknown: true, knows: () => false }).words).toEqual(expect.arrayContaining(["太", "忙"]));
    expect(segment("主管说最近太忙", { splitUnknown: true, knows: (w) => w === "太忙" }).words).toContain("太忙");
  });

  it("keep 几个点, 这个月, 多久内, 还是, 最少, 最多, 怎么 and 咋 whole: the word the next character would make with their last is no word of the question (点拨, 月光, 内能, 发还, 少发, 怎么办 + 理)", () => {
    for (const q of ["会员证怎么办理", "会员证咋办理"]) expect(segment(q).words, q).toEqual(expect.arrayContaining(["办理"]));
    expect(segment("病假工资最少发多少").words).toEqual(expect.arrayContaining(["最少", "发", "多少"]));
    expect(segment("病假工资最少发多少").words).not.toContain("少发");
    expect(segment("工会经费按几个点拨").words).toContain("拨");
    expect(segment("工会经费按几个点拨").words).not.toContain("点拨");
    expect(segment("这个月光加班就加了八十个钟").words).not.toContain("月光");
    expect(segment("这个月光加班就加了八十个钟").words).toContain("加班");
    expect(segment("厂里不报工伤我自己多久内能报").words).not.toContain("内能");
    // 还是 stays whole too, and 推后 is a word: 提前发还是推后发 is no 发还 (to return) nor 后发.
    expect(segment("工资应该提前发还是推后发").words).toEqual(expect.arrayContaining(["还是", "推后"]));
    expect(segment("工资应该提前发还是推后发").words).not.toContain("发还");
  });

  it("keep the premiums of each insurance whole (工伤保险费, not 工伤 + 保险费)", () => {
    for (const w of ["工伤保险费", "基本养老保险费", "失业保险费", "社会保险费"]) expect(segment(`职工个人不缴纳${w}`).words, w).toContain(w);
  });

  it("keep a pension whole (养老金领 → 养老金 + 领, not 金领)", () => {
    expect(segment("交够十五年，退休才有养老金领").words).toEqual(expect.arrayContaining(["养老金", "领"]));
  });

  it("keep the wage of a day and of a month whole (日工资, 月工资: terms of the domain, not 日 + 工资)", () => {
    expect(segment("没休年假折钱，日工资按月工资怎么算").words).toEqual(expect.arrayContaining(["日工资", "月工资"]));
  });
});

describe("time limits", () => {
  it("reads 三年前的事…还管不管 as asking about a time limit: the clause setting one answers", () => {
    const index = lawIndex("岭南市劳动监察条例\n第一条　为了规范劳动监察，制定本条例。\n第二条　劳动者可以向劳动保障行政部门投诉。\n第三条　违法行为在2年内未被劳动保障行政部门发现，也未被投诉的，不再查处。\n第四条　劳动保障行政部门应当公布投诉电话。");
    for (const q of ["三年前的事，现在去投诉还管不管", "过了好几年了，现在投诉还来得及吗"]) expect(topPlace(index, q), q).toBe("第三条");
  });

  it("ranks a clause setting a limit above one on the same topic without a limit", () => {
    const index = lawIndex("岭南市劳动监察条例\n第一条　为了规范劳动监察，制定本条例。\n第二条　劳动监察以日常巡视检查和接受举报投诉等形式进行。\n第三条　用人单位拖欠加班费的，由劳动行政部门责令限期支付加班费。\n第四条　违法行为在2年内未被劳动保障行政部门发现，也未被举报、投诉的，不再查处。\n第五条　劳动保障行政部门应当公布投诉电话。");
    const places = index.search("厂里三年前少算了我的加班费，现在去劳动监察那边投诉还管不管", { k: 5 }).clauses.map((c) => c.chunk.section);
    expect(places.indexOf("第四条")).toBeLessThan(places.indexOf("第二条"));
  });
});

describe("paraphrase evidence", () => {
  it("lets one unknown word pass when the clause covers most of the question, even if the words it writes as typed weigh too little alone", () => {
    const index = lawIndex("岭南市劳动争议条例\n第一条　为了处理劳动争议，制定本条例。\n第二条　劳动者离职后申请劳动争议仲裁的时效期间为一年，拖欠工资的，劳动关系终止后一年内提出。");
    const q = "欠薪的事过了一年多，现在去申请劳动仲裁还赶趟吗";
    const r = index.search(q, { k: 3 });
    expect(foreignWords(r)).toEqual(["赶趟"]);
    expect(scopeDecision(q, r)).toBe("");
  });
});

describe("a thing asked about that the documents never name", () => {
  it("declines a question whose asking clause names an unknown noun, however well its other words match", () => {
    const index = lawIndex("岭南市职工代表大会条例\n第一条　为了规范职工代表大会，制定本条例。\n第二条　职工代表大会提案的征集、审查和办理，由职工代表大会提案委员会负责。\n第三条　职工代表大会每年至少召开一次。");
    const q = "职代会的提案有没有统一模板";
    const r = index.search(q, { k: 3 });
    expect(r.clauses[0].chunk.section).toBe("第二条");
    expect(foreignWords(r)).toEqual(["模板"]);
    expect(scopeDecision(q, r)).toBe("foreign-topic");
  });
});

describe("whether the worker pays", () => {
  it("reads 个人要交吗 / 我自己要出钱吗 as the worker's own contribution", () => {
    const index = lawIndex("岭南市工伤保险条例\n第一条　为了保障工伤职工，制定本条例。\n第二条　工伤保险基金由用人单位缴纳的工伤保险费、工伤保险基金的利息和其他资金构成。\n第三条　用人单位应当按时缴纳工伤保险费。职工个人不缴纳工伤保险费。\n第四条　工伤保险费根据以支定收、收支平衡的原则，确定费率。\n第五条　职工因工作遭受事故伤害的，享受工伤保险待遇。");
    for (const q of ["工伤保险个人要交吗", "工伤险我自己要出钱吗", "工伤保险是不是我自己也要交", "工伤保险要扣我工资吗"]) expect(topPlace(index, q), q).toBe("第三条");
  });
});

describe("a worker lent to another employer", () => {
  it("reads 被借到别的单位 as 借调", () => {
    const index = lawIndex("岭南市工伤保险条例\n第一条　为了保障工伤职工，制定本条例。\n第二条　职工因工作遭受事故伤害的，用人单位应当自事故伤害发生之日起30日内提出工伤认定申请。\n第三条　职工被借调期间受到工伤事故伤害的，由原用人单位承担工伤保险责任。\n第四条　用人单位分立、合并的，承继单位应当承担原用人单位的工伤保险责任。");
    expect(topPlace(index, "我被公司借到兄弟单位帮忙，在那边干活受了伤，工伤找哪家")).toBe("第三条");
  });
});

describe("colloquial ways of telling a death and an inheritance", () => {
  it("reads 老公去年走了 as a death, 账户里还有钱 as its balance and 家里人能拿 as inheriting it", () => {
    const index = lawIndex("岭南市养老保险条例\n第一条　为了规范养老保险，制定本条例。\n第二条　基本养老保险实行社会统筹与个人账户相结合。\n第三条　基本养老金由统筹养老金和个人账户养老金组成。\n第四条　个人账户不得提前支取。个人死亡的，个人账户余额可以继承。\n第五条　参加基本养老保险的个人，达到法定退休年龄时累计缴费满十五年的，按月领取基本养老金。");
    for (const q of ["我老公去年走了，他养老保险个人账户里还有钱，家里人能拿吗", "亲戚突然走了，他养老保险个人账户里还有几万块，家里人能拿吗"]) expect(topPlace(index, q), q).toBe("第四条");
  });
});

describe("names a document defines", () => {
  it("reads a bracketed name (…，以下统称使用童工) as the phrase it stands for, conditions included", () => {
    const index = lawIndex("岭南市未成年人用工规定\n第一条　为了保护未成年人，制定本规定。\n第二条　国家机关、社会团体、企业事业单位、民办非企业单位或者个体工商户均不得招用不满16周岁的未成年人（招用不满16周岁的未成年人，以下统称使用童工）。禁止任何单位或者个人为不满16周岁的未成年人介绍就业。\n第三条　用人单位使用童工的，按照每使用一名童工每月处5000元罚款的标准给予处罚。\n第四条　单位或者个人为不满16周岁的未成年人介绍就业的，按照每介绍一人处5000元罚款的标准给予处罚。");
    expect(topPlace(index, "招了个15岁的小工，被查到一个月罚多少")).toBe("第三条");
  });

  it("reads a descriptive name given to the phrase before the brackets (…福利性单位（以下统称集中使用残疾人的用人单位）) as that phrase", () => {
    const index = lawIndex("岭南市残疾人就业办法\n第一条　为了促进残疾人就业，制定本办法。\n第二条　依法兴办的残疾人福利企业、盲人按摩机构和其他福利性单位（以下统称集中使用残疾人的用人单位），应当集中安排残疾人就业。\n第三条　集中使用残疾人的用人单位中从事全日制工作的残疾人职工，应当占本单位在职职工总数的25%以上。\n第四条　企业不得在晋职、晋级、生活福利等方面歧视残疾人职工。");
    expect(topPlace(index, "福利企业里残疾职工至少要占多少")).toBe("第三条");
    expect(topPlace(index, "福利企业的残疾员工起码要占几成")).toBe("第三条");
  });

  it("reads a question stating the case of a defined phrase (a hire, under 16, a child) as asking about its name", () => {
    const index = lawIndex("岭南市未成年人用工规定\n第一条　为了保护未成年人，制定本规定。\n第二条　任何单位均不得招用不满16周岁的未成年人（招用不满16周岁的未成年人，以下统称使用童工）。\n第三条　用人单位使用童工的，按照每使用一名童工每月处5000元罚款的标准给予处罚。\n第四条　单位或者个人为不满16周岁的未成年人介绍就业的，按照每介绍一人处5000元罚款的标准给予处罚。");
    for (const q of ["隔壁厂偷偷用了两个十五岁的小孩，被查到的话要罚多少", "有个作坊雇了两个十五岁的小孩，会罚多少钱"]) {
      const result = index.search(q, { k: 3 });
      expect(result.clauses[0]?.chunk.section, q).toBe("第三条");
      // The clause using the name holds the phrase's words: the child the question tells of is covered.
      expect(result.words.find((w) => w.word === "小孩")?.inTop, q).toBe(1);
    }
  });
});

describe("names a document defines by 是指", () => {
  it("reads a question stating an age the definition's band holds (17岁) as asking about the defined name", () => {
    const index = lawIndex("岭南市学徒保护条例\n第一条　为了保护学徒，制定本条例。\n第二条　国家对女职工和学徒工实行特殊保护。学徒工是指年满十六周岁未满十八周岁的劳动者。\n第三条　用人单位应当对学徒工定期进行健康检查。\n第四条　用人单位招用职工，应当进行岗前培训和健康检查，费用由用人单位承担。\n第五条　不得安排学徒工从事矿山井下、有毒有害的劳动。\n第六条　用人单位应当按月以货币形式支付学徒工的工资。\n第七条　女职工在孕期的，用人单位不得安排其延长工作时间。\n第八条　本条例自公布之日起施行。");
    const order = (q: string) => index.search(q, { k: 8 }).clauses.map((c) => c.chunk.section).filter((p) => p === "第三条" || p === "第四条");
    // The rule for the defined name (学徒工: 16 to 18) before the rule for any new hire…
    for (const q of ["我们招了个17岁的小伙子，体检有什么要求", "新来的工人才十七岁，体检有什么规定"]) expect(order(q), q).toEqual(["第三条", "第四条"]);
    // …but not for an age outside the band.
    expect(order("新来的工人二十岁，体检有什么规定")).toEqual(["第四条", "第三条"]);
  });
});

describe("前款所称", () => {
  it("reads a paragraph defining a word of the one before (前款所称月工资是指…) without that paragraph's words", () => {
    const index = lawIndex("岭南市工资支付条例\n第一条　为了规范工资支付，制定本条例。\n第二条　计算职工日工资收入，按照职工本人的月工资除以月计薪天数折算。\n前款所称月工资是指职工前12个月剔除加班工资后的月平均工资。\n第三条　安排职工延长工作时间的，支付不低于工资的百分之一百五十的加班工资。");
    expect(topPlace(index, "加班费按月工资的多少算")).toBe("第三条");
  });
});

describe("typo and homophone tolerance", () => {
  const typos = new TypoCorrector(soundTable(["主席", "党员", "工会", "会员"]));
  const isWord = (w: string) => ["工联会", "不是", "怎么办", "主席", "党员", "工会", "会员"].includes(w);

  it("reads a non-word that sounds like an indexed term and shares a character with it as that term", () => {
    expect(typos.correct(["工联会", "住席", "不是", "党圆", "怎么办"], isWord)).toEqual(["工联会", "主席", "不是", "党员", "怎么办"]);
    expect(typos.correct(["党", "圆"], isWord)).toEqual(["党员"]);
  });

  it("leaves words and unrelated sounds alone", () => {
    expect(typos.correct(["工会", "会员"], isWord)).toEqual(["工会", "会员"]);
    expect(typos.correct(["猪", "洗"], isWord)).toEqual(["猪", "洗"]);
  });

  it("reads a long word the index lacks as the indexed term it sounds like (使用期 → 试用期), and hears terms of five characters (停工留薪期)", () => {
    const terms = ["试用期", "停工留薪期", "公示"];
    const corrector = new TypoCorrector(soundTable(terms));
    const dictionary = (w: string) => ["使用期", "使用", "停工", "公式"].includes(w) || terms.includes(w);
    const indexed = (w: string) => terms.includes(w);
    expect(corrector.correct(["使用期", "最长", "几个月"], dictionary, indexed)).toEqual(["试用期", "最长", "几个月"]);
    expect(corrector.correct(["停工", "流薪期", "多久"], dictionary, indexed)).toEqual(["停工留薪期", "多久"]);
    // A word of two characters stays a word (公式 beside 公示); without the index's words, a dictionary word stays too.
    expect(corrector.correct(["公式"], dictionary, indexed)).toEqual(["公式"]);
    expect(corrector.correct(["使用期"], dictionary)).toEqual(["使用期"]);
  });

  it("leaves a question phrase alone (具体指 is not 具 + 体制, though 体指 sounds like the indexed 体制)", () => {
    const corrector = new TypoCorrector(soundTable(["体制", "四季歌"]));
    const indexed = (w: string) => ["体制", "四季歌"].includes(w);
    expect(corrector.correct(["四季歌", "具体指", "啥"], indexed, indexed)).toEqual(["四季歌", "具体指", "啥"]);
    expect(corrector.correct(["四季歌", "具", "体指", "啥"], indexed, indexed)).toEqual(["四季歌", "具", "体制", "啥"]);
  });

  it("reads a non-word one character off the only indexed term of its shape as that term when the two characters rhyme (仲栽 → 仲裁)", () => {
    const corrector = new TypoCorrector(soundTable(["仲裁", "时效", "回避", "双方", "双倍"]));
    const isWord = (w: string) => ["仲裁", "时效", "多久", "回避", "双方", "双倍", "工资"].includes(w);
    expect(corrector.correct(["仲栽", "时效", "多久"], isWord)).toEqual(["仲裁", "时效", "多久"]);
    // 厂 (chang) and 避 (bi) share no sound; 双陪 is one off two terms (双方, 双倍).
    expect(corrector.correct(["回厂", "多久"], isWord)).toEqual(["回厂", "多久"]);
    expect(corrector.correct(["双陪", "工资"], isWord)).toEqual(["双陪", "工资"]);
  });

  it("hears the vocabulary's colloquial words and terms as well as the indexed terms (年架 → 年假 → 年休假, 设保 → 社保)", () => {
    const law = lawIndex("岭南市休假办法\n第一条　职工连续工作满十年不满二十年的，年休假十天。\n第二条　职工探亲的，按照国家规定执行。");
    const result = law.search("打工十二年了，一年应该给我几天年架", { k: 2 });
    expect(result.words.map((w) => w.word)).toContain("年假");
    expect(result.clauses[0]?.chunk.section).toBe("第一条");
    const insurance = lawIndex("岭南市社会保险条例\n第一条　用人单位应当自用工之日起三十日内为职工办理社会保险登记。\n第二条　职工应当参加培训。");
    expect(insurance.search("新招的人几天内要买设保", { k: 2 }).words.map((w) => w.word)).toContain("社会保险");
  });

  it("reads words that together sound exactly like a longer indexed term, one character of a longer word off it, as that term (公 + 基金 → 公积金, 交公 + 基金 → 交 + 公积金, 适用 + 期 → 试用期; not 抵 + 工资 → 低工资)", () => {
    const corrector = new TypoCorrector(soundTable(["公积金", "低工资", "试用期"]));
    const isWord = (w: string) => ["公", "基金", "抵", "工资", "适用", "期", "最少"].includes(w);
    expect(corrector.correct(["公", "基金", "最少"], isWord)).toEqual(["公积金", "最少"]);
    expect(corrector.correct(["适用", "期"], isWord)).toEqual(["试用期"]);
    expect(corrector.correct(["抵", "工资"], isWord)).toEqual(["抵", "工资"]);
    // jieba may join the typo's first character to the word before it (交公 + 基金): read without that character (交 + 公积金).
    const joinedBefore = (w: string) => ["交公", "办公", "基金", "经费"].includes(w);
    expect(corrector.correct(["交公", "基金"], joinedBefore)).toEqual(["交", "公积金"]);
    expect(corrector.correct(["办公", "经费"], joinedBefore)).toEqual(["办公", "经费"]);
  });

  it("hears a typo inside a piece jieba glued from typed characters (社宝交 → 社保 + 交)", () => {
    const corrector = new TypoCorrector(soundTable(["社保", "公布", "交涉"]));
    const isWord = (w: string) => ["公布", "了", "交", "宝"].includes(w);
    expect(corrector.correct(["公布", "社宝交", "了"], isWord)).toEqual(["公布", "社保", "交", "了"]);
    // Read either way (交涉 + 宝, 交 + 社保), the reading leaving a character the vocabulary reads (交 → 缴纳) is taken.
    expect(corrector.correct(["帮", "交社宝"], isWord)).toEqual(["帮", "交", "社保"]);
    // A glued piece that holds none is left as typed.
    expect(corrector.correct(["公布", "有家厂"], isWord).join("")).toBe("公布有家厂");
  });

  it("reads a word typed beside a pronoun or a negation as typed, never as a term sharing only that character (我刚 → 我国, 不续 → 不需)", () => {
    const corrector = new TypoCorrector(soundTable(["我国", "不需", "仲裁"]));
    const isWord = (w: string) => ["怀孕", "仲裁"].includes(w);
    expect(corrector.correct(["我刚", "怀孕"], isWord)).toEqual(["我刚", "怀孕"]);
    expect(corrector.correct(["不续"], isWord)).toEqual(["不续"]);
    expect(corrector.correct(["仲栽"], isWord)).toEqual(["仲裁"]);
  });

  it("reads no term into single characters that include a function word or a numeral (都要请事假, 一年零三个月)", () => {
    const corrector = new TypoCorrector(soundTable(["邀请", "年龄", "赔偿"]));
    const isWord = (w: string) => ["事假", "三个月"].includes(w);
    expect(corrector.correct(["都", "要", "请", "事假"], isWord)).toEqual(["都", "要", "请", "事假"]);
    expect(corrector.correct(["一", "年", "零", "三个月"], isWord)).toEqual(["一", "年", "零", "三个月"]);
    // A typo of content characters is still read: 赔尝 → 赔偿.
    expect(corrector.correct(["赔", "尝"], isWord)).toEqual(["赔偿"]);
  });

  it("reads the words a declined question is declined for as the terms they sound exactly like, and says so (实效 → 时效)", async () => {
    await withLawKb(
      "岭南市劳动争议条例\n第一条　为了处理劳动争议，制定本条例。\n第二条　劳动争议申请仲裁的时效期间为一年。\n第三条　当事人应当提供书证、物证、人证等证据。\n第四条　退休人员领取养老金，每年应当进行一次资格人证。",
      async (law) => {
        const a = await law.ask("仲裁实效是几年");
        expect(a.grounded).toBe(true);
        expect(a.answer).toContain("（“实效”按“时效”理解）");
        expect(a.answer).toContain("时效期间为一年");
        // 认证 sounds like 人证 (第四条), but 手机 still names a topic the documents lack: declined as before.
        expect((await law.ask("养老金资格认证在手机上怎么弄")).grounded).toBe(false);
      },
    );
  });

  it("answers an article several documents have from the one a mistyped name before it means, and says so (工伤保险条列第三条)", async () => {
    await withLawKb(
      {
        "injury.txt": "岭南市工伤保险条例\n第一条　为了保障工伤职工，制定本条例。\n第二条　用人单位应当参加工伤保险。\n第三条　停工留薪期一般不超过12个月。",
        "wages.txt": "岭南市工资支付条例\n第一条　为了保障工资支付，制定本条例。\n第二条　工资应当以货币形式支付。\n第三条　工资至少每月支付一次。",
      },
      async (kb) => {
        const a = await kb.ask("工伤保险条列第三条，停工留薪期多久");
        expect(a.answer).toContain("（“工伤保险条列”按《岭南市工伤保险条例》理解）");
        expect(a.citations[0].text).toContain("停工留薪期一般不超过12个月");
        // No name before the article: which document is asked.
        expect((await kb.ask("第三条讲的啥")).answer).toContain("有 2 个文件都有这一处");
      },
    );
  });

  it("reads a word the documents hold as its homophone where they write that beside the same word, and says so (工商认定 → 工伤认定)", async () => {
    await withLawKb(
      "岭南市工伤保险条例\n第一条　为了保障因工作遭受事故伤害的职工，制定本条例。\n第二条　职工发生事故伤害，用人单位应当自事故伤害发生之日起30日内，向社会保险行政部门提出工伤认定申请。\n第三条　用人单位未在规定时限内提交工伤认定申请，工伤职工可以在1年内直接提出工伤认定申请。\n第四条　个体工商户的雇工，依照本条例享受工伤保险待遇。\n第五条　工伤认定申请应当提交劳动关系证明和医疗诊断证明。\n第六条　用人单位应当自领取工商营业执照之日起30日内，申请办理工商登记后的社会保险登记。",
      async (law) => {
        // As typed, 工商 leads to 第六条 (工商营业执照); read as 工伤, the question is 第二条's.
        const a = await law.ask("单位的工商认定要在多少天内申请");
        expect(a.grounded).toBe(true);
        expect(a.answer).toContain("（“工商”按“工伤”理解）");
        expect(a.citations[0].text).toContain("30日内");
        // A word typed as meant stays: 个体工商户 is answered from 第四条, read as written.
        const b = await law.ask("个体工商户的雇工有没有工伤保险待遇");
        expect(b.answer).not.toContain("理解）");
        expect(b.citations[0].text).toContain("个体工商户");
      },
    );
  });
});

describe("a question telling its story first", () => {
  it("is answered by the clause holding every word its asking clause asks (日工资 … 折算), before one matching the story better", () => {
    const index = lawIndex("岭南市年休假办法\n第一条　为了实施年休假制度，制定本办法。\n第二条　单位不安排职工休年休假的，对职工应休未休的年休假天数，单位应当按照该职工日工资收入的百分之三百支付年休假工资报酬。\n第三条　计算未休年休假工资报酬的日工资收入按照职工本人的月工资除以月计薪天数进行折算。\n第四条　职工在年休假期间享受与正常工作期间相同的工资收入。");
    expect(topPlace(index, "算没休年假的钱，日工资是怎么折算的")).toBe("第三条");
  });
});

describe("the sentence a notice's clause answers with", () => {
  it("is the one holding the words asked beyond the clause's title (人手 … 解决), not the one repeating the title's (工联会)", async () => {
    await withLawKb(
      {
        "notice.txt": "岭南县总工会关于加强乡镇工会建设的意见\n一、主要措施\n1、抓好乡镇工联会的队伍建设。各乡镇要选派能力强的干部进入工联会队伍，对所辖区域的工联会，也要增强工联会的代表性，使所辖区域多数基层工会主席进入工联会委员会，工联会每年向乡镇党委报告工作。在县总工会选派工会工作者的基础上，各乡镇可以招聘社会工作者和志愿者，解决工作人手不足的问题。\n2、抓好乡镇工联会的阵地建设。各乡镇要为工联会提供办公场所。",
      },
      async (kb) => {
        const a = await kb.ask("镇工联会就两三个人，忙不过来，文件有冇讲点解决人手问题");
        expect(a.citations[0].section).toBe("一1");
        expect(a.answer).toContain("招聘社会工作者和志愿者，解决工作人手不足的问题");
      },
    );
  });
});

describe("colloquial words as typed", () => {
  it("weigh less than the standard forms they stand for (劳动仲裁 below 仲裁, 劳动争议); a standard word keeps its weight", () => {
    const weight = (q: string, w: string) => analyseQuery(q).terms.find((t) => t.term === w)?.weight ?? 0;
    expect(weight("申请劳动仲裁要交钱吗", "劳动仲裁")).toBeLessThan(weight("申请劳动仲裁要交钱吗", "仲裁"));
    expect(weight("劳动争议仲裁要交钱吗", "劳动争议")).toBeGreaterThan(weight("申请劳动仲裁要交钱吗", "劳动争议"));
  });

  it("lead to the words the rules write (名声 → 名誉, 消掉 → 解除, 验孕 → 妊娠测试, 着火 → 火灾, 公交 → 公共汽车, 洗澡间 → 淋浴间, 帮工 → 雇工, 多领 → 多享受, 一下子 → 一次性, 不负责 → 免除责任, 算数 → 有效或无效, 抓人 → 拘留, 锁在…里 → 拘禁)", () => {
    // Each made-up rule with the questions it answers first, in the questions' colloquial words.
    const cases: Array<[law: string, asked: Record<string, string>]> = [
      [
        "青岚市事业单位人事规定\n第一条　为了规范事业单位人事管理，制定本规定。\n第二条　处分分为警告、记过和开除。给予工作人员处分，处分决定应当书面送达本人，本人对处分不服的，可以申请复核。\n第三条　处分期满后，由单位解除处分并通知本人。\n第四条　单位作出处理决定，应当听取工作人员本人的陈述。\n第五条　造成工作人员名誉损害的，单位应当赔礼道歉、恢复名誉。\n第六条　本规定自公布之日起施行。",
        { "单位乱处理我，搞得我名声都臭了，能要求单位做什么": "第五条", "记过处分怎么消掉": "第三条" },
      ],
      [
        "青岚市职工权益保障规定\n第一条　为了保障职工权益，制定本规定。\n第二条　用人单位招用人员，应当组织入职体检，体检费用由用人单位承担。\n第三条　用人单位不得将妊娠测试作为女职工入职体检项目。\n第四条　职工家庭因火灾等意外事件导致基本生活严重困难的，工会应当给予帮扶。\n第五条　职工家庭生活困难的，可以向工会申请困难帮扶。\n第六条　本规定自公布之日起施行。",
        { "进厂体检要验孕，这个合法吗": "第三条", "工友家里着火了，工会管不管": "第四条" },
      ],
      [
        "青岚市残疾人和职工保护规定\n第一条　为了保护残疾人和职工，制定本规定。\n第二条　盲人持有效证件免费乘坐市内公共汽车。\n第三条　盲人按摩机构应当取得许可。\n第四条　使用有毒物品的用人单位应当设置淋浴间和更衣室。\n第五条　使用有毒物品的用人单位应当设置警示标识。\n第六条　本规定自公布之日起施行。",
        { "盲人坐公交要不要买票": "第二条", "用有毒物品的厂要不要设洗澡间和换衣服的地方": "第四条" },
      ],
      [
        "青岚市职工养老保险规定\n第一条　为了规范职工养老保险，制定本规定。\n第二条　个体工商户的雇工参加基本养老保险，由雇工缴纳百分之八，雇主缴纳百分之十二。\n第三条　个体工商户本人参加基本养老保险，按照上一年度平均工资的百分之二十缴纳。\n第四条　本规定自公布之日起施行。",
        { "我开个体店请了个帮工，她的养老保险我出多少？": "第二条" },
      ],
      [
        "青岚市安全生产规定\n第一条　为了加强安全生产工作，制定本规定。\n第二条　用人单位与劳动者订立的协议，应当载明工作内容、劳动保护和发生安全事故时的处理办法。\n第三条　生产经营单位与从业人员订立协议，免除或者减轻其对从业人员因生产安全事故伤亡依法应承担的责任的，该协议无效。\n第四条　本规定自公布之日起施行。",
        { "进厂时让我签了个协议，写着出了安全事故厂里概不负责，这种协议算数吗": "第三条" },
      ],
      [
        "青岚市劳动保护规定\n第一条　为了保护劳动者的合法权益，制定本规定。\n第二条　用人单位违反本规定，侵害劳动者合法权益，造成损害的，应当承担赔偿责任。\n第三条　用人单位的管理人员侮辱、体罚、殴打、非法搜查或者拘禁劳动者的，由公安机关对责任人员处以十五日以下拘留、罚款或者警告。\n第四条　本规定自公布之日起施行。",
        { "车间主管动手打了工人，除了赔钱，公安会不会抓人？": "第三条", "主管把我锁在仓库里不让走，除了赔钱还会怎样？": "第三条" },
      ],
    ];
    for (const [law, asked] of cases) {
      const index = lawIndex(law);
      for (const [q, place] of Object.entries(asked)) expect(topPlace(index, q), q).toBe(place);
    }
    expect(analyseQuery("个体户的帮工，养老保险各出几成？").terms.map((t) => t.term)).toContain("雇工");
    expect(analyseQuery("多领了几个月养老金要退回，一下子拿不出这么多钱怎么办").terms.map((t) => t.term)).toEqual(expect.arrayContaining(["享受", "一次性"]));
  });
});

describe("the terms of a document's text", () => {
  it("are read again once a document adds a word to the dictionary (a name it defines: “青岚驿家”)", () => {
    const text = "各镇要在青岚驿家设立服务点";
    expect(textTerms(text).has("青岚驿家")).toBe(false);
    expect(expansionWords("青岚驿家")).not.toEqual(["青岚驿家"]);
    addTerms(["青岚驿家"]);
    expect(textTerms(text).has("青岚驿家")).toBe(true);
    expect(expansionWords("青岚驿家")).toEqual(["青岚驿家"]);
  });
});

describe("vocabulary data", () => {
  it("is well formed: non-empty words, expansions to other words, rewrites that compile", () => {
    for (const [w, to] of Object.entries(EXPANSIONS)) {
      expect(w.length, w).toBeGreaterThan(0);
      expect(to.length, w).toBeGreaterThan(0);
      for (const t of to) expect(t.trim(), w).toBe(t);
    }
    for (const [w, c] of Object.entries(CANONICAL)) expect(w, c).not.toBe(c);
    expect(QUERY_REWRITES.every(([re]) => re instanceof RegExp)).toBe(true);
    // A replacement's $1 … name groups of its pattern (one naming none would be written out as typed).
    for (const [re, to] of [...QUERY_REWRITES, ...DIALECT]) {
      const groups = new RegExp(`${re.source}|`).exec("")!.length - 1;
      for (const [, n] of to.matchAll(/\$(\d+)/g)) expect(Number(n), `${to} for ${re.source}`).toBeLessThanOrEqual(groups);
    }
    expect(STOPWORDS.has("咋办")).toBe(true);
  });

  it("writes rewrites for the search form, whose punctuation is folded (， → ,): a full-width mark could never match", () => {
    for (const [re] of QUERY_REWRITES) expect(re.source, re.source).not.toMatch(/[，？！；：]/);
    expect(rewritten(searchForm("是不是每个人都要到场，还是可以选几个人去？"))).toMatch(/推举 ?代表/);
  });

  it("writes rewrites in the search form: a lone numeral before a measure word both ways, (?:一|1)天 (一天 alone could never match)", () => {
    for (const [re] of QUERY_REWRITES) {
      const words = re.source.replace(/\[[^\]]*\]/g, " ").match(/[\u4e00-\u9fff]+/g) ?? [];
      for (const w of words) expect(searchForm(w), `${w} in ${re.source}`).toBe(w);
    }
  });

  it("keeps the particle 么 (OpenCC alone reads a lone 么 as 幺: 行么 → 行幺); 麼 is 么", () => {
    expect(searchForm("这样做行么？")).toBe("这样做行么?");
    expect(searchForm("可以這麼做麼")).toBe("可以这么做么");
  });

  it("has no colloquial word or stop word the dialect table rewrites first (it could never match)", () => {
    for (const w of [...Object.keys(EXPANSIONS), ...STOPWORDS]) expect(fromDialect(w), w).toBe(toSimplified(w));
  });

  it("has no rewrite written with words the dialect table rewrites first (冇, 咗, 屋企人: they could never match)", () => {
    for (const [re] of QUERY_REWRITES) {
      // The literal words of the pattern, outside character classes.
      const words = re.source.replace(/\[[^\]]*\]/g, " ").match(/[\u4e00-\u9fff]+/g) ?? [];
      for (const w of words) expect(fromDialect(w), `${w} in ${re.source}`).toBe(toSimplified(w));
    }
  });

  it("lists every colloquial word once per file (JSON keeps only the last of two)", () => {
    const vocab = path.join(here, "../../src/knowledge/vocab");
    for (const file of fs.readdirSync(vocab).filter((f) => f.endsWith(".json"))) {
      const text = fs.readFileSync(path.join(vocab, file), "utf8");
      const block = text.slice(text.indexOf('"colloquial"'), text.indexOf("}", text.indexOf('"colloquial"')));
      const keys = [...block.matchAll(/^\s*"([^"]+)":/gm)].map((m) => m[1]);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i), file).toEqual([]);
    }
  });
});

/** Runs `run` over a knowledge base of one law-shaped text (or of several, by file name). */
async function withLawKb(text: string | Record<string, string>, run: (kb: KnowledgeBase) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-kb-law-"));
  for (const [file, body] of Object.entries(typeof text === "string" ? { "law.txt": text } : text)) fs.writeFileSync(path.join(dir, file), body);
  const made = await makeKb({ dir });
  try {
    await made.kb.refresh();
    await run(made.kb);
  } finally {
    await made.close();
  }
}

let kb: KnowledgeBase;
let close: () => Promise<void>;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-kb-multi-"));
  fs.copyFileSync(RAW_FILE, path.join(dir, path.basename(RAW_FILE)));
  for (const d of FIXTURE_DIRS) for (const f of fs.readdirSync(d)) if (/\.(txt|md)$/.test(f)) fs.copyFileSync(path.join(d, f), path.join(dir, f));
  const made = await makeKb({ dir });
  kb = made.kb;
  close = made.close;
  await kb.refresh();
});
afterAll(() => close());

const evaluate = (file: string) => evaluateFile(kb, file);

describe("many documents: the opinions beside law-shaped and notice fixtures", () => {
  // qa-multi-dev was written before any ranking change and then tuned on; qa-multi-heldout
  // was written at the same time and never tuned on. Each is held at what it reaches.
  it("meets its figures on the tuned multi-document set", async () => {
    const r = await evaluate(path.join(here, "qa-multi-dev.jsonl"));
    expect(r.hit1).toBeGreaterThanOrEqual(0.92);
    expect(r.hit3).toBeGreaterThanOrEqual(0.98);
    expect(r.falseRefusals).toBe(0);
    expect(r.oosRejected).toBeGreaterThanOrEqual(0.9);
  });

  it("keeps its first figures on the held-out multi-document set", async () => {
    const r = await evaluate(path.join(here, "qa-multi-heldout.jsonl"));
    // 0.8 until the liability chapter ranked below the rules (round 22): 不交工会经费先发什么 is answered by a clause of a
    // 法律责任 chapter, now second; on the real laws that change gained 21 first places and lost 1.
    expect(r.hit1).toBeGreaterThanOrEqual(0.78);
    expect(r.hit3).toBeGreaterThanOrEqual(0.9);
    expect(r.falseRefusals).toBeLessThanOrEqual(2);
    expect(r.oosRejected).toBeGreaterThanOrEqual(0.9);
  });

  it("keeps its first figures on the second held-out multi-document set", async () => {
    // Written before the quote/vocabulary round, first run 0.694 / 0.816 / 1 / 5 false refusals.
    const r = await evaluate(path.join(here, "qa-multi-heldout-2.jsonl"));
    expect(r.hit1).toBeGreaterThanOrEqual(0.87);
    expect(r.hit3).toBeGreaterThanOrEqual(0.93);
    expect(r.falseRefusals).toBeLessThanOrEqual(2);
    expect(r.oosRejected).toBe(1);
  });

  it("quotes the part that answers: the items a list opening introduces, the number asked for, a short article whole", async () => {
    await expectAnswered(kb, [
      ["周末加班工资咋算", "百分之二百"],
      ["工资拖着不给要加赔多少", "百分之五十以上一倍以下"],
      ["老板不让员工入工会怎么处理", "阻挠职工依法参加和组织工会的"],
    ]);
  });

  it("answers everyday labour words instead of declining them as foreign", async () => {
    await expectAnswered(kb, [
      ["员工想辞职要提前多久说", "提前三十日"],
      ["员工打官司工会管不管", "提起诉讼"],
      ["单位交工会经费按工资总额几个点", "百分之二"],
      ["多少代表提议可以临时开职代会", "三分之一"],
      ["老板违法开除人要赔多少", "二倍"],
    ]);
  });

  it("answers questions typed in Cantonese like their Mandarin", async () => {
    await expectAnswered(kb, [
      ["今日去面试，人事话入职要交300蚊押金，仲要将身份证留低喺厂里。咁样合唔合法？", "不得扣押劳动者的居民身份证"],
      ["一个月最多加几多个钟班？", "每月不得超过三十六小时"],
    ]);
  });

  it("reads a typed question with homophone typos", async () => {
    const a = await kb.ask("工联会住席不是党圆怎么办");
    expect(a.grounded).toBe(true);
    expect(a.answer).toContain("不是党员的可由其它党员身份的副职兼任");
  });

  it("answers from a document named without its region (岭南劳动用工若干规定 for 岭南省…)", async () => {
    const a = await kb.ask("岭南劳动用工若干规定里产假几天");
    expect(a.grounded).toBe(true);
    expect(a.answer).toContain("九十八天");
  });

  it("matches a stated headcount or contract length to the condition it satisfies", async () => {
    expect((await kb.ask("没满25人的小企业咋办")).citations[0].text).toMatch(/不足二十五人|暂不具备独立建立工会组织/);
    expect((await kb.ask("一年的合同试用期最多多久")).answer).toContain("试用期不得超过二个月");
  });

  it("reads a Latin word as a name the documents may lack (工会APP) unless the vocabulary has it (boss), and ok as the question's form (…ok吗)", async () => {
    expect((await kb.ask("工会APP怎么注册会员？")).grounded).toBe(false);
    const a = await kb.ask("加班不给加班费ok吗");
    expect(a.grounded).toBe(true);
    expect(a.citations[0].cite).toContain("岭南省劳动用工若干规定");
    // A Latin word people use for a standard one is vocabulary (boss → 用人单位).
    expect((await kb.ask("boss唔俾加班费点算")).grounded).toBe(true);
  });
});
