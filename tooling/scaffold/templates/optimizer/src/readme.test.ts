import { describeReadmeExample } from "@descent/config/readme";
import { expect } from "vitest";

// PLACEHOLDER: assert what the real example prints.
describeReadmeExample(import.meta.url, (printed) => {
  expect(printed[0]).toEqual([["yes"], 1]);
});
