/** Scales and ticks for the page's hand-drawn SVG plots: pure functions, tested on their own. */

/** The affine map taking domain[0] → range[0] and domain[1] → range[1] (either may decrease). */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  // A domain of one value has no width: put it in the middle of the range rather than divide by 0.
  if (d1 === d0) return () => (r0 + r1) / 2;
  const slope = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * slope;
}

/**
 * [min, max] widened by `fraction` of its width on each side, so that curves do not run along the frame;
 * a single value (all weights 0 at one strength, say) gets ±1 around it.
 */
export function paddedDomain(min: number, max: number, fraction: number): [number, number] {
  if (!(max > min)) return [min - 1, max + 1];
  const pad = (max - min) * fraction;
  return [min - pad, max + pad];
}

/**
 * Round tick values covering [min, max]: multiples of a step 1, 2 or 5 × 10^k chosen so that there are
 * about `approximateCount` of them (d3's ticks: the step is within a factor √2.5 of (max − min) / count, so
 * a count ≥ 2 always gives a tick). Each is rounded to the step's decimals, so that 0.3 is
 * 0.3 and not 0.30000000000000004.
 */
export function niceTicks(min: number, max: number, approximateCount: number): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max)) || max < min || approximateCount < 1) return [];
  if (max === min) return [min];
  const rough = (max - min) / approximateCount;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  // The nice step nearest the rough one (d3's thresholds, the geometric means of 1, 2, 5 and 10).
  const step =
    (fraction >= Math.sqrt(50) ? 10 : fraction >= Math.sqrt(10) ? 5 : fraction >= Math.sqrt(2) ? 2 : 1) *
    power;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step); k * step <= max + step * 1e-9; k++) {
    // Rounded to the step's decimals, then kept inside [min, max]: far from 0 a tiny step is below the
    // doubles' spacing there, and the rounding alone could put the first or last tick an ulp outside.
    const tick = Math.min(Math.max(Number((k * step).toFixed(decimals)), min), max);
    // −0 reads as "-0" in some places; a tick at zero is 0.
    ticks.push(tick === 0 ? 0 : tick);
  }
  return ticks;
}

/** The integers in [min, max]: the powers of ten (as exponents) a log axis labels. */
export function integerTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.ceil(min); k <= Math.floor(max); k++) ticks.push(k);
  return ticks;
}

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/** 10^exponent as a person writes it: "10⁻³", "10⁰". */
export function powerOfTenLabel(exponent: number): string {
  return `10${String(exponent)
    .split("")
    .map((character) => SUPERSCRIPT[character] ?? character)
    .join("")}`;
}
