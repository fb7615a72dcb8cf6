import { describe, expect, it } from "vitest";
import { labelText, quoted, truncated } from "./shownText.js";

describe("text shown to the user", () => {
  it("cuts at 40 code points, never inside a surrogate pair, and marks the cut", () => {
    expect(truncated("a".repeat(40))).toBe("a".repeat(40));
    expect(truncated("a".repeat(41))).toBe(`${"a".repeat(40)}…`);
    expect(truncated("𝟙".repeat(45))).toBe(`${"𝟙".repeat(40)}…`);
    expect(truncated(`${"a".repeat(39)}𝟙𝟙`)).toBe(`${"a".repeat(39)}𝟙…`);
  });

  it("quotes with JSON's escapes, so line breaks and quotes show, and puts the … outside the quotes", () => {
    expect(quoted('a "b"\nc')).toBe('"a \\"b\\"\\nc"');
    expect(quoted("x".repeat(10_000_000))).toBe(`"${"x".repeat(40)}"…`);
  });

  it("shows labels bare when they read unambiguously, quoted when not", () => {
    expect([0, 1.5, true, "benign", "stage-2"].map(labelText)).toEqual([
      "0",
      "1.5",
      "true",
      "benign",
      "stage-2",
    ]);
    expect(["a, b", " x", "1", "", "(x)"].map(labelText)).toEqual(['"a, b"', '" x"', '"1"', '""', '"(x)"']);
  });
});
