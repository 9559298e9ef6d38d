import { describe, expect, it } from "vitest";
import { appendCondition, appendGuardSql, guardUsesToken } from "./append-guard.js";

describe("appendCondition", () => {
  it("holds an acceptance from queued to the row still being queued, without a token to compare", () => {
    expect(
      appendCondition({
        kind: "acceptance",
        from: "queued",
        to: "inprogress",
        token: 4,
        data: { holder: "o" },
      }),
    ).toEqual({ guard: "acceptance", token: null });
  });

  it("holds a takeover and a sweeper's block to an expired lease", () => {
    expect(appendCondition({ kind: "acceptance", from: "inprogress", to: "inprogress", token: 9 })).toEqual({
      guard: "expiry",
      token: null,
    });
    expect(
      appendCondition({ kind: "failure", from: "inprogress", to: "blocked", token: 4, reason: "lapsed" }),
    ).toEqual({ guard: "expiry", token: 4 });
  });

  it("holds the holder's writes to the live token, and a review only to the token it carries", () => {
    for (const event of [
      { kind: "progress", token: 4, body: "b" },
      { kind: "failure", token: 4, body: "pod died" },
      { kind: "lease_renewed", token: 4 },
      { kind: "state_changed", from: "inprogress", to: "done", token: 4 },
      { kind: "state_changed", from: "inprogress", to: "blocked", token: 4, reason: "r" },
    ] as const) {
      expect(appendCondition(event)).toEqual({ guard: "holder", token: 4 });
    }
    expect(appendCondition({ kind: "review", token: 4, body: "ok", data: { verdict: "approve" } })).toEqual({
      guard: "fenced",
      token: 4,
    });
  });

  it("leaves writes without a token to the seq comparison alone", () => {
    for (const event of [
      { kind: "comment", body: "hi" },
      { kind: "state_changed", from: "ready", to: "queued" },
      { kind: "close", from: "done", to: "closed", reason: "r" },
    ] as const) {
      expect(appendCondition(event)).toEqual({ guard: "none", token: null });
    }
  });
});

describe("appendGuardSql", () => {
  it("compares the token exactly when the guard takes one", () => {
    for (const guard of ["acceptance", "expiry", "holder", "fenced", "none"] as const) {
      expect(appendGuardSql(guard, "$15").includes("$15")).toBe(guardUsesToken(guard));
    }
    expect(appendGuardSql("acceptance", "$15")).toBe("AND state = 'queued'");
    expect(appendGuardSql("holder", "$15")).toContain("lease_expires_at > clock_timestamp()");
    expect(appendGuardSql("expiry", "$15")).toContain("lease_expires_at <= clock_timestamp()");
  });
});
