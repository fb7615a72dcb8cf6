import { describeReadmeExample } from "@descent/config/readme";
import { expect } from "vitest";

describeReadmeExample(import.meta.url, (printed) => {
  expect(printed[0]).toEqual([[569, 30], ["malignant", "benign"], 212]);
  expect(printed[1]).toEqual([
    [100, 4],
    ["versicolor", "virginica"],
  ]);
});
