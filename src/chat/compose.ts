import type { Context, Middleware, Next } from "./types.ts";

/** Composes middleware into one, grammY/Koa style: each calls `next()` to pass on. */
export function compose(middleware: Middleware[]): (ctx: Context) => Promise<void> {
  return (ctx) => {
    let index = -1;
    const dispatch = (i: number): Promise<void> => {
      if (i <= index) return Promise.reject(new Error("next() called twice"));
      index = i;
      const mw = middleware[i];
      if (!mw) return Promise.resolve();
      const next: Next = () => dispatch(i + 1);
      return mw(ctx, next);
    };
    return dispatch(0);
  };
}
