import { describe, expect, it } from "vitest";
import { appended, decide, LEASE_TOKEN, refusalOf, ticketIn } from "../testing/ticket-fixtures.js";
import { requireBody, requireText } from "./guards.js";
import type { TicketCommand } from "./ticket-command.js";
import { LIMITS, type TicketState } from "./ticket-state.js";

/** A character outside the BMP: one code point, two UTF-16 units. */
const ASTRAL = "🎫";

interface TextField {
  readonly field: string;
  readonly max: number;
  readonly state: TicketState;
  readonly command: (text: string) => TicketCommand;
}

const TEXT_FIELDS: readonly TextField[] = [
  {
    field: "summary",
    max: LIMITS.summaryChars,
    state: "planning",
    command: (summary) => ({ type: "mark_ready", summary }),
  },
  {
    field: "reason",
    max: LIMITS.reasonChars,
    state: "queued",
    command: (reason) => ({ type: "return_to_planning", reason }),
  },
  {
    field: "reason",
    max: LIMITS.reasonChars,
    state: "blocked",
    command: (reason) => ({ type: "queue", reason }),
  },
  {
    field: "reason",
    max: LIMITS.reasonChars,
    state: "inprogress",
    command: (reason) => ({ type: "block", token: LEASE_TOKEN, reason }),
  },
  {
    field: "reason",
    max: LIMITS.reasonChars,
    state: "inprogress",
    command: (reason) => ({ type: "defer", token: LEASE_TOKEN, reason }),
  },
  {
    field: "resolution",
    max: LIMITS.reasonChars,
    state: "done",
    command: (resolution) => ({ type: "close", resolution }),
  },
  { field: "title", max: LIMITS.titleChars, state: "ready", command: (title) => ({ type: "edit", title }) },
  {
    field: "body",
    max: LIMITS.commentChars,
    state: "closed",
    command: (body) => ({ type: "comment", kind: "plan", body }),
  },
  {
    field: "body",
    max: LIMITS.commentChars,
    state: "inprogress",
    command: (body) => ({ type: "review", verdict: "request_changes", body }),
  },
  {
    field: "body",
    max: LIMITS.commentChars,
    state: "inprogress",
    command: (body) => ({ type: "report", token: LEASE_TOKEN, kind: "failure", body }),
  },
];

const CASES = TEXT_FIELDS.map((entry) => ({ ...entry, type: entry.command("x").type }));

describe("text guards on commands", () => {
  it.each(CASES)("refuses an empty or blank $field on $type", ({ field, state, command }) => {
    for (const blank of ["", " ", "\n\t  "]) {
      const refusal = refusalOf(() => decide(ticketIn(state), command(blank)));
      expect(refusal.code).toBe("invalid_input");
      expect(refusal.message).toBe(`'${field}' must not be empty.`);
    }
  });

  it.each(CASES)(
    "counts $field on $type in code points, up to its bound",
    ({ field, max, state, command }) => {
      const atBound = appended(decide(ticketIn(state), command(`  ${ASTRAL.repeat(max)}  `)));
      const stored = atBound.body ?? atBound.reason ?? atBound.data?.title;
      expect(stored).toBe(ASTRAL.repeat(max));
      const refusal = refusalOf(() => decide(ticketIn(state), command(ASTRAL.repeat(max + 1))));
      expect(refusal.code).toBe("invalid_input");
      expect(refusal.message).toContain(`'${field}' is ${max + 1} characters; at most ${max} are allowed.`);
    },
  );

  it("needs a reason to queue a blocked ticket, but not a ready one", () => {
    const refusal = refusalOf(() => decide(ticketIn("blocked"), { type: "queue" }, { gate: true }));
    expect(refusal).toMatchObject({ code: "invalid_input", message: "'reason' must not be empty." });
    expect(appended(decide(ticketIn("ready"), { type: "queue" })).to).toBe("queued");
  });
});

describe("body bounds", () => {
  it("allows an empty ticket body and counts it in code points", () => {
    expect(appended(decide(ticketIn("ready"), { type: "edit", body: "" })).body).toBe("");
    const longest = ASTRAL.repeat(LIMITS.bodyChars);
    expect(appended(decide(ticketIn("ready"), { type: "edit", body: longest })).body).toBe(longest);
    const refusal = refusalOf(() => decide(ticketIn("ready"), { type: "edit", body: `${longest}x` }));
    expect(refusal.code).toBe("invalid_input");
    expect(refusal.message).toContain(`The body is ${LIMITS.bodyChars + 1} characters`);
  });

  it("names the ticket in a body refusal only when there is one", () => {
    const tooLong = "x".repeat(LIMITS.bodyChars + 1);
    expect(refusalOf(() => requireBody(undefined, tooLong)).ticketId).toBeUndefined();
    expect(refusalOf(() => requireBody("T-3", tooLong)).ticketId).toBe("T-3");
  });
});

describe("report details", () => {
  const report = (note: string) =>
    ({ type: "report", token: LEASE_TOKEN, kind: "intent", body: "x", details: { note } }) as const;
  // {"note":"…"} is 11 characters around the note.
  const room = LIMITS.detailsChars - 11;

  it("are bounded as their JSON text, counted in code points", () => {
    const atBound = appended(decide(ticketIn("inprogress"), report(ASTRAL.repeat(room))));
    expect(atBound.data?.details?.note).toBe(ASTRAL.repeat(room));
    const refusal = refusalOf(() => decide(ticketIn("inprogress"), report(ASTRAL.repeat(room + 1))));
    expect(refusal.code).toBe("invalid_input");
    expect(refusal.message).toBe(
      `The details are ${LIMITS.detailsChars + 1} characters as JSON; at most ${LIMITS.detailsChars} are allowed. Put long text in the body.`,
    );
  });
});

describe("requireText", () => {
  it("returns the trimmed text", () => {
    expect(requireText("T-1", "title", "  Fix it \n", 10)).toBe("Fix it");
  });

  it("refuses undefined as empty", () => {
    expect(refusalOf(() => requireText(undefined, "reason", undefined, 10)).message).toBe(
      "'reason' must not be empty.",
    );
  });
});
