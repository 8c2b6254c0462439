import { useEffect, useState } from "react";
import type { ClockState } from "./api";

/** The simulated clock as last heard from the server, and when (in this browser's time) it was heard. */
export interface ClockReading {
  scale: number;
  /** Simulated epoch milliseconds at `at`. */
  simMs: number;
  /** Date.now() when the reading arrived. */
  at: number;
  /** Held still while a trainer step waits. */
  paused: boolean;
}

export function readingOf(state: Pick<ClockState, "scale" | "now" | "paused">): ClockReading {
  return { scale: state.scale, simMs: Date.parse(state.now), at: Date.now(), paused: state.paused === true };
}

/** The running simulated time: the last reading plus the real time elapsed since, times the scale. */
export function useSimulatedNow(reading: ClockReading | null, tickMs = 250): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);
  if (!reading) return null;
  if (reading.paused) return reading.simMs;
  return reading.simMs + Math.max(0, now - reading.at) * reading.scale;
}

/** A scale as a trainer says it: ×1 (real time), ×60 (a minute a second), ×3600 (an hour a second). */
export function describeScale(scale: number): string {
  if (scale === 1) return "real time";
  if (scale === 60) return "1 min / s";
  if (scale === 600) return "10 min / s";
  if (scale === 3600) return "1 h / s";
  if (scale === 86_400) return "1 day / s";
  return `×${scale}`;
}

export function formatScale(scale: number): string {
  return `×${Number.isInteger(scale) ? scale : scale.toFixed(3).replace(/0+$/, "")}`;
}

/** A simulated instant with its date, since a fast clock leaves today quickly. */
export function formatSimTime(ms: number): string {
  const parts = simTimeParts(ms);
  return parts ? `${parts.day} ${parts.time}` : "—";
}

// Made once: toLocaleDateString with options builds a new formatter on every call, and the header's clock asks
// four times a second, while a long list may be scrolling.
const DAY = new Intl.DateTimeFormat([], {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
});
const TIME = new Intl.DateTimeFormat([], {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

/** The day and the time apart, so a narrow header can show only the time. */
export function simTimeParts(ms: number): { day: string; time: string } | null {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return null;
  return { day: DAY.format(date), time: TIME.format(date) };
}
