/** Prints every row's outcome as JSON (run by time-expressions.test.ts in a child process under another TZ). */
import { HELD_OUT } from "./time-heldout.ts";
import { evaluate, TIME_TABLE } from "./time-table.ts";

const rows = [...Object.values(TIME_TABLE).flat(), ...HELD_OUT];
process.stdout.write(JSON.stringify({ offset: new Date("2027-01-15T12:00:00Z").getTimezoneOffset(), outcomes: rows.map(([now, expr]) => evaluate(now, expr)) }));
