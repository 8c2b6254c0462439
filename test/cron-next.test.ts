// When a cron expression fires next, table-driven: each row is an expression, a moment and the next firing.
import { describe, expect, it } from "vitest";
import { nextCronTime } from "../server/schedule/cron-next";

describe("cron-next: the next time an expression fires on any clock", () => {
  const at = (iso: string) => new Date(iso).getTime();
  it.each<[string, string, string, string]>([
    ["every 40 minutes, from 10:05 -> 10:40", "*/40 * * * *", "2026-03-02T10:05:00", "2026-03-02T10:40:00"],
    [
      "every 40 minutes, from 10:41 -> 11:00 (cron counts from the hour, not the last run)",
      "*/40 * * * *",
      "2026-03-02T10:41:00",
      "2026-03-02T11:00:00",
    ],
    [
      "every second -> the next whole second",
      "* * * * * *",
      "2026-03-02T10:00:00.200",
      "2026-03-02T10:00:01",
    ],
    ["daily at 02:00, from 03:00 -> tomorrow", "0 2 * * *", "2026-03-02T03:00:00", "2026-03-03T02:00:00"],
    [
      "Mondays at 09:00, from a Tuesday -> next Monday",
      "0 9 * * 1",
      "2026-03-03T10:00:00",
      "2026-03-09T09:00:00",
    ],
  ])("%s", (_name, expression, from, next) => {
    expect(nextCronTime(expression, at(from))).toBe(at(next));
  });
});
