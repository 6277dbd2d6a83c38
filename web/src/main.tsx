import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, get, setCsrf, type Me } from "./api.ts";
import { Overview } from "./pages/overview.tsx";
import { Ledger } from "./pages/ledger.tsx";
import { Reminders } from "./pages/reminders.tsx";
import { Knowledge } from "./pages/knowledge.tsx";
import { Members } from "./pages/members.tsx";
import { Audit } from "./pages/audit.tsx";
import "@fontsource/noto-sans-sc/400.css";
import "./style.css";

const PAGES = { overview: Overview, ledger: Ledger, reminders: Reminders, knowledge: Knowledge, members: Members, audit: Audit } as const;
type PageName = keyof typeof PAGES;

function pageFromHash(): PageName {
  const name = location.hash.replace(/^#\/?/, "").split("?")[0];
  return name in PAGES ? (name as PageName) : "overview";
}

function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState<PageName>(pageFromHash());

  useEffect(() => {
    get<Me>("/api/me").then(
      (m) => {
        setCsrf(m.csrf);
        setMe(m);
        const who = document.getElementById("who");
        if (who) who.textContent = `${m.name}（${m.roleName}${m.townships ? `：${m.townships.join("、") || "未绑定乡镇"}` : ""}）`;
        const logout = document.getElementById("logout");
        if (logout) {
          logout.hidden = false;
          logout.onclick = () =>
            void api("/api/logout", { method: "POST", body: {} }).finally(() => {
              if (who) who.textContent = "";
              logout.hidden = true;
              setError("login");
            });
        }
      },
      (e: unknown) => setError(e instanceof ApiError && e.status === 401 ? "login" : String((e as Error).message)),
    );
    const onHash = () => setPage(pageFromHash());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);

  useEffect(() => {
    for (const a of document.querySelectorAll<HTMLAnchorElement>("#tabs a")) a.classList.toggle("active", a.dataset.page === page);
    const audit = document.querySelector<HTMLAnchorElement>('#tabs a[data-page="audit"]');
    if (audit && me) audit.hidden = me.role === "cadre";
  }, [page, me]);

  if (error === "login") {
    return (
      <section class="card login">
        <h2>请先登录</h2>
        <p>在微信里私聊机器人，发送“后台”（或“网页”“控制台”），点开收到的链接即可登录。链接只能使用一次，10 分钟内有效；登录后 12 小时不操作会自动退出。</p>
      </section>
    );
  }
  if (error) return <p class="error">{error}</p>;
  if (!me) return <p class="muted">正在加载……</p>;
  const Page = PAGES[page];
  return <Page me={me} />;
}

render(<App />, document.getElementById("app") as HTMLElement);
