import { Lunar, Solar } from "lunar-typescript";
import cd from "chinese-days";
const l = Lunar.fromYmd(2027, 8, 15); console.log(l.getSolar().toYmd());
console.log(Lunar.fromYmd(2026, 12, 1).getSolar().toYmd(), Lunar.fromYmd(2027,1,1).getSolar().toYmd());
const t = Lunar.fromYmd(2027,1,1).getJieQiTable(); console.log(Object.keys(t).join(","), t["清明"].toYmd());
console.log(cd.isWorkday("2027-10-01"), cd.getDayDetail("2026-10-10"), cd.getSolarDateFromLunar("2027-08-15"));
console.log(Solar.fromYmd(2026,12,1).getLunar().toString(), Solar.fromYmd(2026,12,1).getLunar().getMonth());
