import { describe, expect, it } from "vitest";
import { labelledDataFromCsv } from "../cli/csvData.js";
import { parseCsvTable } from "../cli/csvTable.js";
import { csvPlane, guessColumns, readCsvFile } from "./csvSource.js";

const flowers = `specimen,petal length,petal width,sepal length,species
s1,1.4,0.2,5.1,setosa
s2,4.7,1.4,7.0,versicolor
s3,1.3,0.2,4.9,setosa
s4,4.5,1.5,6.4,versicolor
`;

describe("guessColumns", () => {
  it("takes the column named like a label, and the first two numeric columns as features", () => {
    expect(guessColumns(parseCsvTable(flowers, "flowers.csv"))).toEqual({
      label: "species",
      x: "petal length",
      y: "petal width",
    });
  });

  it("falls back to the last column as the label", () => {
    const table = parseCsvTable("a,b,c,kind\n1,2,3,x\n4,5,6,y\n", "t.csv");
    expect(guessColumns(table)).toEqual({ label: "kind", x: "a", y: "b" });
  });

  it("refuses a table without a label and two features", () => {
    expect(() => guessColumns(parseCsvTable("a,label\n1,x\n", "two.csv"))).toThrow(
      "two.csv: line 1: the header has 2 columns; the page needs three: a label and two features.",
    );
  });
});

describe("csvPlane", () => {
  it("reads a file chosen in the browser into two features and string labels, with each row's line", async () => {
    const table = await readCsvFile(new File([flowers], "flowers.csv", { type: "text/csv" }));
    const plane = csvPlane(table, { label: "species", x: "sepal length", y: "petal width" });
    expect(plane.featureNames).toEqual(["sepal length", "petal width"]);
    expect(Array.from(plane.data)).toEqual([5.1, 0.2, 7.0, 1.4, 4.9, 0.2, 6.4, 1.5]);
    expect(plane.labels).toEqual(["setosa", "versicolor", "setosa", "versicolor"]);
    expect(Array.from(plane.lines!)).toEqual([2, 3, 4, 5]);
  });

  it("refuses a bad cell with the command line's own message (line and column)", () => {
    const table = parseCsvTable(flowers.replace(",4.9,", ",4.9x,"), "flowers.csv");
    const columns = { label: "species", x: "petal length", y: "sepal length" };
    const cliMessage = (() => {
      try {
        labelledDataFromCsv(table, {
          labelColumn: "species",
          featureColumns: ["petal length", "sepal length"],
        });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(cliMessage).toContain('flowers.csv: line 4, column "sepal length" (column 4)');
    expect(() => csvPlane(table, columns)).toThrow(cliMessage);
  });

  it("refuses the same column on both axes", () => {
    const table = parseCsvTable(flowers, "flowers.csv");
    expect(() => csvPlane(table, { label: "species", x: "petal width", y: "petal width" })).toThrow(
      "Pick two different feature columns for the x and y axes.",
    );
  });
});
