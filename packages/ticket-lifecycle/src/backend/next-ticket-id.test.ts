import { describe, expect, it } from "vitest";
import { TicketError } from "../domain/ticket-error.js";
import {
  compareTicketIds,
  idAllocationProblems,
  MAX_TICKET_NUMBER_DIGITS,
  nextTicketId,
  ticketIdOf,
  ticketNumber,
} from "./next-ticket-id.js";

describe("ticket id numbers", () => {
  it("reads and continues numbers past 2^53 and 10^21 exactly", () => {
    expect(ticketNumber("T-9007199254740993")).toBe(9007199254740993n);
    expect(nextTicketId(["T-2", "T-9007199254740992", "T-10"])).toBe("T-9007199254740993");
    expect(nextTicketId(["T-1000000000000000000000"])).toBe("T-1000000000000000000001");
    expect(nextTicketId(["T-0099", "notes", "t-500", "T-12a"])).toBe("T-100");
    expect(nextTicketId([])).toBe("T-1");
  });

  it("orders large numbers exactly and never calls two distinct ids equal", () => {
    const ids = ["T-9007199254740993", "T-1000000000000000000000", "T-9007199254740992", "T-7", "T-07"];
    expect([...ids].sort(compareTicketIds)).toEqual([
      "T-07",
      "T-7",
      "T-9007199254740992",
      "T-9007199254740993",
      "T-1000000000000000000000",
    ]);
    expect(compareTicketIds("T-7", "T-7")).toBe(0);
    expect(Math.sign(compareTicketIds("T-7", "T-07"))).toBe(-Math.sign(compareTicketIds("T-07", "T-7")));
  });

  it("refuses a number too long for an id, and doctor says so", () => {
    const longest = 10n ** BigInt(MAX_TICKET_NUMBER_DIGITS) - 1n;
    expect(ticketIdOf(longest)).toHaveLength(128);
    expect(() => ticketIdOf(longest + 1n)).toThrow(TicketError);
    expect(idAllocationProblems({ highest: longest - 1n, location: "here" })).toEqual([]);
    expect(idAllocationProblems({ highest: longest, location: "here" })).toEqual([
      expect.objectContaining({ location: "here", problem: expect.stringContaining("exhausted") }),
    ]);
  });
});
