/**
 * Rows of text cells as a plain-text table: columns two spaces apart, a rule under the headings, numbers
 * (columns marked in `rightAligned`) right-aligned. Widths count code points, so "‖∇f‖∞" is five wide.
 */
export function formatTextTable(
  headings: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly boolean[],
): string {
  const table = [headings, ...rows];
  const widths = headings.map((_, column) => Math.max(...table.map((row) => [...row[column]!].length)));
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) => {
        const padding = " ".repeat(widths[column]! - [...cell].length);
        return rightAligned[column] ? padding + cell : cell + padding;
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "─".repeat(width)).join("  ");
  return [format(headings), rule, ...rows.map(format)].join("\n");
}
