import { describe, expect, it } from "vitest";
import { renderTable } from "./render-table.js";

describe("renderTable", () => {
  it("aligns every column but the last and leaves no trailing spaces", () => {
    const table = renderTable(
      [
        { header: "ID", value: (row: { id: string; title: string }) => row.id },
        { header: "TITLE", value: (row) => row.title },
      ],
      [
        { id: "T-1", title: "first" },
        { id: "T-100", title: "" },
      ],
    );
    expect(table.split("\n")).toEqual(["ID     TITLE", "T-1    first", "T-100"]);
  });
});
