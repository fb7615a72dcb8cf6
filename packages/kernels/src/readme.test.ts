import { describeReadmeExample } from "@descent/config/readme";
import { expect } from "vitest";
import { hasWebAssemblySimd } from "./webAssembly.js";

describeReadmeExample(import.meta.url, (printed) => {
  expect(printed[0]).toEqual([true, true]);
  expect(printed[1]).toEqual([hasWebAssemblySimd() ? "kernels" : "typescript", true]);
});
