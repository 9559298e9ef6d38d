import type { WriteRequirement } from "@podkit/ticket-lifecycle";
import { describe, expect, it } from "vitest";
import { appendGuardSql, appendGuardValues } from "./append-guard.js";

const REQUIREMENTS: readonly WriteRequirement[] = [
  { kind: "none" },
  { kind: "state", state: "queued" },
  { kind: "live-lease", token: 4, holder: "orch-1" },
  { kind: "expired-lease", token: 4 },
];

describe("append guards from write requirements", () => {
  it("binds exactly the placeholders each guard's SQL uses, from $15 on", () => {
    for (const requirement of REQUIREMENTS) {
      const sql = appendGuardSql(requirement.kind);
      const used = [...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]));
      const values = appendGuardValues(requirement);
      expect([...new Set(used)].sort(), requirement.kind).toEqual(values.map((_, index) => 15 + index));
    }
  });

  it("compares the lease's token, holder and expiry in database time", () => {
    expect(appendGuardSql("live-lease")).toBe(
      "AND state = 'inprogress' AND lease_token = $15::integer AND lease_holder = $16::text AND lease_expires_at > clock_timestamp()",
    );
    expect(appendGuardValues({ kind: "live-lease", token: 4, holder: "orch-1" })).toEqual([4, "orch-1"]);
    expect(appendGuardSql("expired-lease")).toContain("lease_expires_at <= clock_timestamp()");
    expect(appendGuardSql("state")).toBe("AND state = $15::text");
    expect(appendGuardSql("none")).toBe("");
  });
});
