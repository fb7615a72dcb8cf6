import { DescentError, describeValue } from "./errors.js";

/**
 * Refuses an options object that is not a plain object, or that names an option `where` does not have,
 * with INVALID_OPTION: a misspelt option (`learningrate`, `maxiter`) must not be silently ignored. The
 * message suggests the nearest known name (edit distance, case-insensitive) when one is close. Options whose
 * value is undefined count as absent, as everywhere in descent.
 */
export function checkOptionNames(where: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new DescentError(
      "INVALID_OPTION",
      `${where} takes an options object, got ${describeValue(options)}.`,
      {
        value: options,
      },
    );
  }
  for (const name of Object.keys(options)) {
    if (known.includes(name) || (options as Record<string, unknown>)[name] === undefined) continue;
    const nearest = nearestName(name, known);
    throw new DescentError(
      "INVALID_OPTION",
      `${where} has no option "${name}"${nearest === undefined ? "." : `; did you mean "${nearest}"?`} Its options are ${known.map((option) => `"${option}"`).join(", ")}.`,
      { value: name },
    );
  }
}

/** The known name closest to `name`, if it is close: at most a third of its letters edited. */
function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const wanted = name.toLowerCase();
  for (const candidate of known) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.ceil(name.length / 3)) ? best : undefined;
}

/** Levenshtein distance, with one row of the table. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
