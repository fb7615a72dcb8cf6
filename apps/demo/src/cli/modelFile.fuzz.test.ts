import { type Label, LogisticRegression } from "@descent/core";
import { newton } from "@descent/newton";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSavedModel, savedModel } from "./modelFile.js";
import { classProbabilities, coefficientsByClass } from "./modelShape.js";
import { UserError } from "./userError.js";

const X = { data: Float64Array.of(0, 1, 1, 0, 2, 1, 3, 0), shape: [4, 2] as [number, number] };
const model = new LogisticRegression<Label>({ optimizer: newton() }).fit(X, [0, 0, 1, 1]);
const good = savedModel(
  model,
  "y",
  ["a", "b"],
  { mean: Float64Array.of(1.5, 0.5), scale: Float64Array.of(1.1, 0.5) },
  {
    data: "fuzz.csv",
  },
);

/** The paths of every value in a JSON tree, so a mutation can pick one. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((item, k) => paths(item, [...prefix, k])));
  if (value !== null && typeof value === "object") {
    return here.concat(...Object.entries(value).map(([key, item]) => paths(item, [...prefix, key])));
  }
  return here;
}
const allPaths = paths(good).filter((path) => path.length > 0);

/** A copy of `good` with the value at `path` replaced (or deleted, for undefined). */
function mutated(path: readonly (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(good) as unknown as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

const edgeNumbers = fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, 2, -1, 1.5, 1e-300, 2 ** 53);
const replacement = fc.oneof(
  fc.jsonValue(),
  edgeNumbers,
  fc.constant(undefined),
  fc.array(edgeNumbers, { maxLength: 4 }),
  fc.constantFrom("NaN", "Infinity", null, true, "__proto__", [], {}),
);

/** parseSavedModel's contract: a UserError, or a model that predicts finite probabilities. */
function loadsCleanly(text: string): void {
  let loaded: ReturnType<typeof parseSavedModel>;
  try {
    loaded = parseSavedModel(text, "fuzz.json");
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return;
  }
  const features = loaded.featureNames.length;
  for (const value of [...loaded.standardization.mean, ...loaded.standardization.scale]) {
    expect(Number.isFinite(value)).toBe(true);
  }
  for (const row of coefficientsByClass(loaded.model, features)) {
    for (const value of row.coef) expect(Number.isFinite(value)).toBe(true);
    expect(Number.isFinite(row.intercept)).toBe(true);
  }
  // The mean row (0 once standardized) has the intercept as its logit: a finite probability.
  const probabilities = classProbabilities(loaded.model, {
    data: new Float64Array(features),
    shape: [1, features],
  });
  for (const p of probabilities[0]!) expect(p >= 0 && p <= 1).toBe(true);
}

describe("the model-file loader, fuzzed", () => {
  it("reads back what --save writes", () => {
    const loaded = parseSavedModel(JSON.stringify(good), "good.json");
    expect(Array.from(loaded.model.coef)).toEqual(Array.from(model.coef));
  });

  it("a saved model with any one value replaced or removed: loads a finite model or refuses with a UserError", () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), replacement, (path, value) => {
        loadsCleanly(JSON.stringify(mutated(path, value)));
      }),
      { numRuns: 1000 },
    );
  });

  it("any JSON value, and any text, and any cut of a saved model: the same", () => {
    const text = JSON.stringify(good, null, 2);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((value) => JSON.stringify(value) ?? ""),
          fc.string(),
          fc.nat(text.length).map((end) => text.slice(0, end)),
        ),
        loadsCleanly,
      ),
      { numRuns: 1000 },
    );
  });
});
