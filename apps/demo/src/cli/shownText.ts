import type { Label } from "@descent/core";

/** How many characters of a value from the user's file a message or a report shows. */
export const SHOWN_CHARACTERS = 40;

/** `text` cut to SHOWN_CHARACTERS characters (whole code points), with "…" when something was cut. */
export function truncated(text: string, limit = SHOWN_CHARACTERS): string {
  // Only the start of a 10 MB cell is looked at: 2·limit + 2 code units hold more than `limit` code points
  // whenever the text goes on, and a surrogate pair split at that end falls beyond the points kept.
  const head = text.slice(0, 2 * limit + 2);
  const points = Array.from(head);
  if (head.length === text.length && points.length <= limit) return text;
  return `${points.slice(0, limit).join("")}…`;
}

/**
 * A cell, column name or label quoted for an error message: JSON-quoted (so spaces, commas and line breaks
 * show) and at most SHOWN_CHARACTERS characters, so a 10 MB cell does not make a 10 MB message.
 */
export function quoted(text: string): string {
  const shown = truncated(text);
  return shown === text ? JSON.stringify(text) : `${JSON.stringify(shown.slice(0, -1))}…`;
}

/** Text that reads unambiguously without quotes: no spaces, commas, quotes or brackets, and not a number. */
const PLAIN = /^[\p{L}\p{N}_.\-+/]+$/u;

/**
 * A class label as reports show it: numbers and booleans as they are (0, 1, true), strings bare when they
 * read unambiguously (benign) and quoted otherwise ("stage 2, late", or "1" when it is text), cut to
 * SHOWN_CHARACTERS characters.
 */
export function labelText(label: Label): string {
  if (typeof label !== "string") return String(label);
  const looksNumeric = label.trim() !== "" && Number.isFinite(Number(label));
  return PLAIN.test(label) && !looksNumeric && label.length <= SHOWN_CHARACTERS ? label : quoted(label);
}
