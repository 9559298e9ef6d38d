import { PodkitError, ToolError } from "@podkit/core";
import { describe, expect, it, vi } from "vitest";
import { FileFormatError } from "./backend/file/front-matter.js";
import { CorruptTicketError } from "./backend/file/ticket-history.js";
import { TicketError } from "./domain/ticket-error.js";

/** The package's error modules loaded a second time, as a host with two copies of the package would. */
async function secondCopy() {
  vi.resetModules();
  const [ticketError, frontMatter, history] = await Promise.all([
    import("./domain/ticket-error.js"),
    import("./backend/file/front-matter.js"),
    import("./backend/file/ticket-history.js"),
  ]);
  return {
    TicketError: ticketError.TicketError,
    FileFormatError: frontMatter.FileFormatError,
    CorruptTicketError: history.CorruptTicketError,
  };
}

describe("ticket-lifecycle errors are branded podkit errors", () => {
  it("carry stable codes and are PodkitErrors", () => {
    const format = new FileFormatError("no closing '---'", 3);
    expect(format).toMatchObject({ code: "file_format", line: 3, message: "line 3: no closing '---'" });
    const corrupt = new CorruptTicketError("T-1", "/t/T-1/events/000002.md", "bad seq");
    expect(corrupt).toMatchObject({ code: "corrupt", ticketId: "T-1", location: "/t/T-1/events/000002.md" });
    for (const error of [format, corrupt, new TicketError("conflict", "x")]) {
      expect(PodkitError.isInstance(error)).toBe(true);
    }
    expect(ToolError.isInstance(corrupt)).toBe(true);
    expect(TicketError.isInstance(corrupt)).toBe(true);
  });

  it("are recognised by isInstance across two copies of the package, where instanceof fails", async () => {
    const other = await secondCopy();
    expect(other.FileFormatError).not.toBe(FileFormatError);
    const format = new other.FileFormatError("bad");
    const corrupt = new other.CorruptTicketError("T-1", "somewhere", "bad");
    const ticket = new other.TicketError("lease_lost", "gone");
    expect(format instanceof FileFormatError).toBe(false);
    expect(FileFormatError.isInstance(format)).toBe(true);
    expect(CorruptTicketError.isInstance(corrupt)).toBe(true);
    expect(TicketError.isInstance(corrupt)).toBe(true);
    expect(TicketError.isInstance(ticket)).toBe(true);
  });

  it("are not confused with one another or with plain errors", () => {
    const format = new FileFormatError("bad");
    expect(TicketError.isInstance(format)).toBe(false);
    expect(CorruptTicketError.isInstance(new TicketError("corrupt", "x"))).toBe(false);
    expect(FileFormatError.isInstance(new Error("bad"))).toBe(false);
    expect(FileFormatError.isInstance(undefined)).toBe(false);
  });
});
