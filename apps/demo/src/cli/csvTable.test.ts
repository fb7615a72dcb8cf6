import { describe, expect, it } from "vitest";
import { parseCsvTable } from "./csvTable.js";

describe("parseCsvTable", () => {
  it("numbers data rows by the line they start on, as an editor counts", () => {
    const table = parseCsvTable('\uFEFFa;b\n1;2\n\n"3\n4";5\n6;7\n', "data.csv");
    expect(table.header).toEqual(["a", "b"]);
    expect(table.rows).toEqual([
      ["1", "2"],
      ["3\n4", "5"],
      ["6", "7"],
    ]);
    expect(Array.from(table.lines)).toEqual([2, 4, 6]);
  });

  it("reads Windows line ends", () => {
    const table = parseCsvTable("a,b\r\n1,2\r\n\r\n3,4\r\n", "windows.csv");
    expect(table.rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
    expect(Array.from(table.lines)).toEqual([2, 4]);
  });

  it("refuses text after a closing quote, naming the line", () => {
    expect(() => parseCsvTable('a,b\n1,2\n"3"x,4\n', "q.csv")).toThrow(
      'q.csv: line 3: a quoted field has text after its closing quote (write a " inside quotes as "").',
    );
  });

  it("refuses a duplicated column name, naming both columns", () => {
    expect(() => parseCsvTable("a,b,a\n1,2,3\n", "d.csv")).toThrow(
      'd.csv: line 1, column 3: the column name "a" is used twice (also column 1).',
    );
  });

  it("refuses a file of blank lines as empty", () => {
    expect(() => parseCsvTable("\n  \n", "blank.csv")).toThrow("blank.csv is empty");
  });
});
