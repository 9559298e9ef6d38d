/** A column of a plain-text table; the last column is never padded, so long text can run on. */
export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
}

/** Renders rows as aligned columns separated by two spaces, with an upper-case header line. */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = [
    columns.map((column) => column.header),
    ...rows.map((row) => columns.map((c) => c.value(row))),
  ];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => [...(line[index] ?? "")].length)));
  return cells
    .map((line) =>
      line
        .map((cell, index) =>
          index === line.length - 1 ? cell : cell + " ".repeat((widths[index] ?? 0) - [...cell].length),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
