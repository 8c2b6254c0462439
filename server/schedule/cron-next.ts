import { parse } from "node-cron";

/**
 * The next time at or after `from` (ms) that a cron expression matches, on any clock. node-cron parses and
 * validates the expression; the search runs here because node-cron only fires on the wall clock, and a demo's
 * simulated clock runs faster. Local time, like cron itself.
 */
export function nextCronTime(expression: string, from: number): number | null {
  const fields = parse(expression);
  const has = (list: Array<number | string>, value: number) => list.some((v) => Number(v) === value);
  const t = new Date(Math.ceil(from / 1000) * 1000);
  const limit = from + 4 * 366 * 24 * 3600 * 1000;
  while (t.getTime() <= limit) {
    if (!has(fields.month, t.getMonth() + 1)) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    if (!has(fields.dayOfMonth, t.getDate()) || !has(fields.dayOfWeek, t.getDay())) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    if (!has(fields.hour, t.getHours())) {
      t.setHours(t.getHours() + 1, 0, 0, 0);
      continue;
    }
    if (!has(fields.minute, t.getMinutes())) {
      t.setMinutes(t.getMinutes() + 1, 0, 0);
      continue;
    }
    if (!has(fields.second, t.getSeconds())) {
      t.setSeconds(t.getSeconds() + 1, 0);
      continue;
    }
    return t.getTime();
  }
  return null;
}
