import { useEffect, useState } from "preact/hooks";
import { get } from "./api.ts";

/** Data of a GET, reloaded when `path` changes or on `reload()`; `error` holds the Chinese message of a failure. */
export function useGet<T>(path: string): { data: T | null; error: string; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState("");
  const [tick, setTick] = useState(0);
  useEffect(() => {
    get<T>(path).then(
      (d) => {
        setData(d);
        setError("");
      },
      (e: Error) => setError(e.message),
    );
  }, [path, tick]);
  return { data, error, reload: () => setTick((n) => n + 1) };
}

/** What a page shows while its data is missing: the error, or a loading line; null once there is data. */
export function Pending({ error, data }: { error: string; data: unknown }) {
  if (error) return <p class="error">{error}</p>;
  if (data === null) return <p class="muted">正在加载……</p>;
  return null;
}

/** Runs a write; on failure shows its message. Returns true when it succeeded. */
export async function attempt(fn: () => Promise<unknown>, onError: (message: string) => void): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    onError((e as Error).message);
    return false;
  }
}

/** 上一页 / 下一页 with the page number. */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  return (
    <div class="pager">
      <button disabled={page <= 1} onClick={() => onPage(page - 1)}>上一页</button>
      <span>第 {page} / {pages} 页</span>
      <button disabled={page >= pages} onClick={() => onPage(page + 1)}>下一页</button>
    </div>
  );
}
