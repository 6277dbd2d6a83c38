/** Small HTTP helpers shared by the console's routes. */
import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import type { Viewer } from "./auth.ts";

/** A refusal with its status and a Chinese message (and details, such as field errors). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The viewer of a request that passed the session check. */
export const viewerOf = (req: FastifyRequest): Viewer => req.viewer as Viewer;

/** The viewer, when they may change things (admins); 403 otherwise. */
export function requireWrite(req: FastifyRequest): Viewer {
  const v = viewerOf(req);
  if (!v.canWrite) throw new HttpError(403, "只有管理员可以修改，领导和乡镇干部可以查看");
  return v;
}

/** The townships a viewer sees: all configured ones, or a cadre's. */
export function scopeOf(v: Viewer, all: string[]): string[] {
  return v.townships ?? all;
}

/** The body checked against a schema; 400 with the problems otherwise. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(400, "请求内容不正确", r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  return r.data;
}
