import { useEffect, useRef } from "preact/hooks";
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { shortTime, type Me } from "../api.ts";
import { Pending, useGet } from "../ui.tsx";

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface Row {
  township: string;
  reported: number;
  targetsLeft: number;
  focusLeft: number;
  targetOnly: number;
  established: number;
  established25: number;
  coverage: number | null;
  reportedThisWeek: number;
}
/** A deadline from the policy calendar: its date (YYYY-MM-DD) and whole days left. */
interface Deadline {
  date: string;
  daysLeft: number;
}

interface Stats {
  now: string;
  townships: Row[];
  deadlines: { survey: Deadline | null; yearEnd: Deadline | null };
  recent: { orgName: string; township: string; version: number; reportedAt: string; reportedBy: string }[];
}

/** 2026-09-30 → 9月30日. */
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

function Chart({ rows }: { rows: Row[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: "canvas" });
    const list = [...rows].reverse();
    const option = {
      animation: false,
      textStyle: { fontFamily: getComputedStyle(document.documentElement).fontFamily },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, textStyle: { fontSize: 12 } },
      grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: list.map((r) => r.township), axisLabel: { fontSize: 12 } },
      series: [
        { name: "已建工会", type: "bar", stack: "s", color: "#2e7d32", data: list.map((r) => r.established) },
        { name: "25–99人未建", type: "bar", stack: "s", color: "#f9a825", data: list.map((r) => r.targetOnly) },
        { name: "100人以上未建", type: "bar", stack: "s", color: "#c62828", data: list.map((r) => r.focusLeft) },
        { name: "25人以下未建", type: "bar", stack: "s", color: "#90a4ae", data: list.map((r) => r.reported - r.established - r.targetsLeft) },
      ],
    };
    chart.setOption(option);
    // Canvas text does not wait for web fonts: once the bundled font has the labels' characters, draw again
    // (only matters where the system has no Chinese font).
    const labels = `${list.map((r) => r.township).join("")}已建工会人以上下未建0123456789`;
    void document.fonts?.load(`12px "Noto Sans SC"`, labels).then(() => !chart.isDisposed() && chart.setOption(option, true));
    const resize = () => chart.resize();
    addEventListener("resize", resize);
    return () => {
      removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [rows]);
  return <div ref={el} class="chart" data-testid="chart" style={{ height: `${Math.max(240, rows.length * 34 + 70)}px` }} />;
}

export function Overview({ me }: { me: Me }) {
  const { data: stats, error } = useGet<Stats>("/api/stats");
  if (!stats) return <Pending error={error} data={stats} />;
  const rows = stats.townships.filter((r) => r.township !== "合计");
  const total = stats.townships.find((r) => r.township === "合计") ?? stats.townships[0];
  const { survey, yearEnd } = stats.deadlines;
  return (
    <div class="page">
      <section class="kpis">
        <div class="kpi"><b>{total?.reported ?? 0}</b><span>已填报单位</span></div>
        <div class="kpi"><b>{total?.established ?? 0}</b><span>已建工会</span></div>
        <div class="kpi warn"><b>{total?.targetOnly ?? 0}</b><span>25–99人未建</span></div>
        <div class="kpi bad"><b>{total?.focusLeft ?? 0}</b><span>100人以上未建</span></div>
      </section>
      <section class="card">
        <h2>进度</h2>
        <p>
          摸底排查{survey && <>截至 <b>{monthDay(survey.date)}</b>：还有 <b>{survey.daysLeft}</b> 天</>}，已填报 {total?.reported ?? 0} 家，本周新增 {total?.reportedThisWeek ?? 0} 家。
        </p>
        <p>
          应建尽建{yearEnd && <>（{yearEnd.date.slice(0, 4)}年{monthDay(yearEnd.date)}，还有 <b>{yearEnd.daysLeft}</b> 天）</>}：25人以上单位建会率 <b>{pct(total?.coverage ?? null)}</b>，尚有 {total?.targetsLeft ?? 0} 家未建。
        </p>
        <div class="progress" title="25人以上单位建会率"><div style={{ width: pct(total?.coverage ?? 0) }} /></div>
      </section>
      <section class="card">
        <h2>各乡镇（园区）情况</h2>
        <Chart rows={rows} />
        <div class="table-wrap">
          <table class="grid">
            <thead>
              <tr><th>乡镇（园区）</th><th>已填报</th><th>25–99人未建</th><th>100人以上未建</th><th>已建工会</th><th>建会率(25人以上)</th></tr>
            </thead>
            <tbody>
              {stats.townships.map((r) => (
                <tr class={r.township === "合计" ? "total" : ""}>
                  <td>{r.township}</td><td>{r.reported}</td><td>{r.targetOnly}</td><td>{r.focusLeft}</td><td>{r.established}</td><td>{pct(r.coverage)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card">
        <h2>最近一周的变化</h2>
        {stats.recent.length === 0 ? (
          <p class="muted">最近一周没有新的填报或修改。</p>
        ) : (
          <ul class="list">
            {stats.recent.slice(0, 10).map((r) => (
              <li>
                <a href={`#/ledger?name=${encodeURIComponent(r.orgName)}`}>{r.orgName}</a>
                <span class="muted"> · {r.township} · {r.version === 1 ? "新填报" : `第${r.version}版`} · {r.reportedBy} · {shortTime(r.reportedAt)}</span>
              </li>
            ))}
          </ul>
        )}
        {stats.recent.length > 10 && <a href="#/ledger">共 {stats.recent.length} 条，到台账查看全部（按更新时间排列）</a>}
      </section>
      {me.townships && <p class="muted">您是乡镇干部，只显示所在群绑定的乡镇：{me.townships.join("、") || "（还没有绑定乡镇的群）"}。</p>}
    </div>
  );
}
