import { describeReadmeExample } from "@descent/config/readme";
import { expect } from "vitest";

describeReadmeExample(import.meta.url, (printed) => {
  expect(printed[0]![0]).toMatch(/^adam converged/);
  // The two classes are separable along the first feature: every training row is classified right.
  expect(printed[1]).toEqual([["fail", "pass"], 1]);
});
