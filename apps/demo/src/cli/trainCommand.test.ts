import { describe, expect, it } from "vitest";
import { labelledDataFromCsv } from "./csvData.js";
import { parseCsvTable } from "./csvTable.js";
import { prepareForTraining } from "./trainCommand.js";

describe("prepareForTraining", () => {
  it("refuses a held-out value that standardizes to ∞, naming its line and column (found by the fuzz test)", () => {
    // Seed 0 holds out line 3: the training rows of `a` are 9.93e-322 and 0, a scale of about 5e-322.
    const table = parseCsvTable('y,a\nx,9.93e-322\nx,6.608989903111197e+185\n"a, b",0\n', "far.csv");
    const data = labelledDataFromCsv(table, { labelColumn: "y" });
    expect(() => prepareForTraining(data, "far.csv", 0.25, 0)).toThrow(
      'far.csv: line 3, column "a": the value 6.608989903111197e+185 is too far from the training rows (mean 4.94e-322, standard deviation 4.94e-322) to standardize',
    );
    // Without a held-out row there is nothing to refuse: every training row standardizes within √n.
    const all = prepareForTraining(data, "far.csv", 0, 0);
    for (const value of all.train.X.data) expect(Math.abs(value)).toBeLessThanOrEqual(Math.sqrt(3));
  });

  it("refuses a column with no value in the training rows under --missing mean", () => {
    const table = parseCsvTable("y,a,b\n0,,1\n1,,2\n0,,3\n1,,4\n", "empty.csv");
    const data = labelledDataFromCsv(table, { labelColumn: "y", missing: "mean" });
    expect(() => prepareForTraining(data, "empty.csv", 0, 0)).toThrow(
      'empty.csv: column "a" has no value in the 4 training rows, so --missing mean has no mean to fill in',
    );
  });
});
