import type { Summary } from "../stats.js";
import { GAP_FLOOR } from "../trace.js";

/** How the reports write numbers: the same in the terminal, Markdown and HTML. */

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < 1e-3) return `${(seconds * 1e6).toFixed(seconds < 1e-5 ? 1 : 0)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toFixed(seconds < 0.01 ? 2 : 1)} ms`;
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}

export function formatBytesPerSecond(bytes: number): string {
  return `${(bytes / 1e9).toFixed(2)} GB/s`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}

/** A relative gap: "3.2e-9", or "< 1e-16" at the rounding floor. */
export function formatGap(gap: number | null): string {
  if (gap === null || Number.isNaN(gap)) return "—";
  if (gap < GAP_FLOOR) return `< ${GAP_FLOOR.toExponential(0)}`;
  return gap.toExponential(1);
}

/** "×2.31" style speed ratios; "≥ " marks a lower bound. */
export function formatRatio(ratio: { ratio: number | null; bound: "exact" | "at-least" | "none" }): string {
  if (ratio.ratio === null) return "n/a";
  const value =
    ratio.ratio < 1
      ? ratio.ratio.toPrecision(2)
      : ratio.ratio.toFixed(ratio.ratio < 10 ? 2 : ratio.ratio < 100 ? 1 : 0);
  return `${ratio.bound === "at-least" ? "≥ " : ""}${value}×`;
}

/** "12.3 ms [11.9–13.0]": the median with the min and max, when there was more than one run. */
export function formatSecondsSummary(summary: (Summary & { reached?: number }) | null): string {
  if (summary === null || !Number.isFinite(summary.median)) {
    if (summary !== null && summary.reached !== undefined)
      return `not reached (${summary.reached}/${summary.count})`;
    return "not reached";
  }
  const partial =
    summary.reached !== undefined && summary.reached < summary.count
      ? ` (${summary.reached}/${summary.count})`
      : "";
  if (summary.count === 1 || summary.min === summary.max) return `${formatSeconds(summary.median)}${partial}`;
  return `${formatSeconds(summary.median)} [${formatSeconds(summary.min)}–${formatSeconds(summary.max)}]${partial}`;
}

/** Passes to a target: "123" or "123.5" for minibatch fractions. */
export function formatPasses(summary: (Summary & { reached?: number }) | null): string {
  if (summary === null || !Number.isFinite(summary.median)) return "—";
  const value = summary.median;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function formatSettings(settings: Readonly<Record<string, string | number | boolean>>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${typeof value === "number" ? formatNumber(value) : String(value)}`)
    .join(", ");
}

export function formatNumber(value: number): string {
  if (value === 0 || (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e5))
    return String(Number(value.toPrecision(4)));
  return value.toExponential(2);
}

export function formatPercent(fraction: number | null): string {
  return fraction === null ? "—" : `${(100 * fraction).toFixed(1)} %`;
}
