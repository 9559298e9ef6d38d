import { describe, expect, it } from "vitest";
import { parsePodId, podIdFor } from "./pod-id.js";

describe("Pod ids", () => {
  it("reads back the attempt podIdFor wrote", () => {
    const podId = podIdFor("T-4", 9, "reviewer", 2);
    expect(podId).toBe("T-4-t9-reviewer-2");
    expect(parsePodId(podId, "T-4", "reviewer")).toEqual({
      ticketId: "T-4",
      token: 9,
      role: "reviewer",
      attempt: 2,
    });
  });

  it("reads the attempt a Pod id names, only for its own ticket and role", () => {
    expect(parsePodId("T-4-t9-coder-1", "T-4", "coder")).toEqual({
      ticketId: "T-4",
      token: 9,
      role: "coder",
      attempt: 1,
    });
    expect(parsePodId("T-14-t9-coder-1", "T-1", "coder")).toBeUndefined();
    expect(parsePodId("T-4-t9-coder-1", "T-4", "reviewer")).toBeUndefined();
    expect(parsePodId("T-4-t0-coder-1", "T-4", "coder")).toBeUndefined();
    expect(parsePodId("T-4-t9-coder-0", "T-4", "coder")).toBeUndefined();
    expect(parsePodId("T-4-t99999999999999999-coder-1", "T-4", "coder")).toBeUndefined();
    expect(parsePodId("coder-7", "T-4", "coder")).toBeUndefined();
  });
});
