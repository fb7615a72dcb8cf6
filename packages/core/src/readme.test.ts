import { describeReadmeExample } from "@descent/config/readme";
import { expect } from "vitest";

describeReadmeExample(import.meta.url, (printed) => {
  expect(printed[0]![0]).toEqual(["ham", "spam"]);
  expect(printed[0]![1]).toEqual(["spam"]);
  expect(printed[1]![0]).toMatch(/^gd converged/);
  expect(printed[2]![0]).toBe(1);
  expect(printed[3]).toEqual(["NON_FINITE_VALUE", 1, 1]);
});
