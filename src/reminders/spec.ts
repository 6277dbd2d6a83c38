import { z } from "zod";
import type { Schedule } from "./schedule.ts";

/** Who receives a reminder: its room, its person, every room bound to a township, or every leader. */
export const AUDIENCES = ["room", "person", "bound-rooms", "leaders"] as const;
export type Audience = (typeof AUDIENCES)[number];

/** What a fire does: post the text, post a deadline notice with township progress, or send the leaders' digest. */
export type ReminderAction = "text" | "deadline" | "digest";

/** Calendar details kept on a reminder that came from the policy calendar. */
export interface CalendarInfo {
  key: string;
  title: string;
  clause: string;
  quote: string;
  /** Deadline entries: MM-DD and how many days before this reminder fires. */
  deadline?: string;
  daysBefore?: number;
  /** Which township numbers a deadline notice carries. */
  progress?: "survey" | "targets";
  /** Set by an admin command (联席会议); the data file's schedule then no longer applies. */
  adminSet?: { by: string; at: string; text: string };
}

/** The JSON stored in Reminder.spec. */
export interface ReminderSpec {
  schedule: Schedule;
  audience: Audience[];
  action: ReminderAction;
  /** How the schedule was written (提醒列表 shows it). */
  label: string;
  calendar?: CalendarInfo;
}

const scheduleSchema = z.union([
  z.object({ kind: z.literal("once"), at: z.string() }),
  z.object({ kind: z.literal("cron"), cron: z.string(), label: z.string() }),
  z.object({ kind: z.literal("workday"), hour: z.number().int(), minute: z.number().int(), label: z.string() }),
  z.object({ kind: z.literal("yearly"), event: z.string(), offsetDays: z.number().int(), hour: z.number().int(), minute: z.number().int(), label: z.string() }),
]);

const specSchema = z.object({
  schedule: scheduleSchema,
  audience: z.array(z.enum(AUDIENCES)).min(1),
  action: z.enum(["text", "deadline", "digest"]).default("text"),
  label: z.string().default(""),
  calendar: z
    .object({
      key: z.string(),
      title: z.string(),
      clause: z.string(),
      quote: z.string().default(""),
      deadline: z.string().optional(),
      daysBefore: z.number().optional(),
      progress: z.enum(["survey", "targets"]).optional(),
      adminSet: z.object({ by: z.string(), at: z.string(), text: z.string() }).optional(),
    })
    .optional(),
});

/** Reads Reminder.spec; throws on a malformed value. */
export function parseSpec(json: string): ReminderSpec {
  return specSchema.parse(JSON.parse(json)) as ReminderSpec;
}

/** Writes Reminder.spec with a stable key order (so equal specs compare equal as strings). */
export function serialiseSpec(spec: ReminderSpec): string {
  return JSON.stringify({ schedule: spec.schedule, audience: spec.audience, action: spec.action, label: spec.label, ...(spec.calendar ? { calendar: spec.calendar } : {}) });
}
