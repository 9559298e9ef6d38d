import { describe, expect, it } from "vitest";
import { bar, createImportProgressPrinter } from "./import-progress.js";

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, out: { isTTY, write: (text: string) => written.push(text) } };
}

describe("import progress", () => {
  it("redraws one bar per phase on a terminal and clears it once when done", () => {
    const { written, out } = sink(true);
    const printer = createImportProgressPrinter(out, { dryRun: false });
    printer.onProgress({ phase: "read", done: 1, total: 3 });
    printer.onProgress({ phase: "import", done: 3, total: 3 });
    printer.finish();
    printer.finish();
    expect(written).toEqual([
      `\r\u001b[KReading   [##########....................] 1/3`,
      `\r\u001b[KImporting [##############################] 3/3`,
      "\r\u001b[K",
    ]);
  });

  it("writes a line per 100 tickets stored elsewhere, and nothing while reading", () => {
    const { written, out } = sink(false);
    const printer = createImportProgressPrinter(out, { dryRun: true });
    for (let done = 1; done <= 250; done += 1) printer.onProgress({ phase: "read", done, total: 250 });
    for (let done = 1; done <= 250; done += 1) printer.onProgress({ phase: "import", done, total: 250 });
    printer.finish();
    expect(written).toEqual(["Checked 100 of 250 tickets…\n", "Checked 200 of 250 tickets…\n"]);
  });

  it("draws an empty store as a full bar", () => {
    expect(bar("Reading", 0, 0)).toBe(`Reading   [${"#".repeat(30)}] 0/0`);
  });
});
