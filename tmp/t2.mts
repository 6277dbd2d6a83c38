import { Lunar } from "lunar-typescript";
for (const [y,m,d] of [[2027,5,5],[2028,5,5],[2027,7,7],[2027,5,22],[2026,12,8],[2026,12,23],[2027,1,8],[2027,1,15],[2027,9,9]]) console.log(y,m,d,Lunar.fromYmd(y,m,d).getSolar().toYmd());
console.log(Lunar.fromYmd(2027,1,1).getJieQiTable()["清明"].toYmd(), Lunar.fromYmd(2026,11,1).getJieQiTable()["冬至"].toYmd());
