import { firesBetween, nextFire, occurrenceKey, type Fire, type Schedule } from "./schedule.ts";

/** A fire is “late” (sent marked 【补发】) when it goes out more than this after its time. */
export const LATE_MS = 5 * 60_000;
/** At most this many past fires are examined for one reminder in one pass. */
const MAX_FIRES = 500;

/** What to do with one fire of a reminder that has fallen due. */
export interface FirePlan {
  fire: Fire;
  key: string;
  action: "send" | "skip";
  late: boolean;
  reason?: "beyond-grace" | "superseded";
}

/**
 * Decides, purely, what happens to the fires of reminder `id` from `from` (its stored
 * nextAt) up to `now`: those within the grace window are sent (marked late when more
 * than LATE_MS behind); older ones are skipped; of several missed occurrences of a
 * recurring reminder only the latest is sent, and a heads-up whose occurrence has
 * itself come is dropped. Returns the plans and the next fire after `now`.
 */
export function planFires(
  id: number,
  schedule: Schedule,
  leadMinutes: number,
  from: Date,
  now: Date,
  graceMs: number,
): { plans: FirePlan[]; next: Fire | null } {
  const fires = firesBetween(schedule, leadMinutes, from, now, MAX_FIRES);
  const t = now.getTime();
  const plans: FirePlan[] = fires.map((fire) => {
    const age = t - fire.at.getTime();
    const plan: FirePlan = { fire, key: occurrenceKey(id, fire), action: "send", late: age > LATE_MS };
    if (age > graceMs) return { ...plan, action: "skip", reason: "beyond-grace" };
    if (fire.lead && fire.due.getTime() <= t) return { ...plan, action: "skip", reason: "superseded" };
    return plan;
  });
  for (const lead of [false, true]) {
    const sendable = plans.filter((p) => p.action === "send" && p.fire.lead === lead);
    for (const p of sendable.slice(0, -1)) {
      p.action = "skip";
      p.reason = "superseded";
    }
  }
  return { plans, next: nextFire(schedule, leadMinutes, new Date(t + 1)) };
}
