import { describe, expect, it } from "vitest";
import type { TicketCommandType } from "./ticket-command.js";
import { TICKET_STATES, type TicketState } from "./ticket-state.js";
import { allowedTargets, findTransition, TRANSITIONS, targetOf } from "./workflow.js";

/** DESIGN §2's transition table, written out by hand so the code's table is checked against it. */
const DESIGN_TABLE: Partial<Record<TicketCommandType, { from: TicketState[]; to: TicketState }>> = {
  mark_ready: { from: ["planning"], to: "ready" },
  queue: { from: ["ready", "blocked"], to: "queued" },
  return_to_planning: { from: ["ready", "queued"], to: "planning" },
  accept: { from: ["queued"], to: "inprogress" },
  block: { from: ["inprogress"], to: "blocked" },
  defer: { from: ["inprogress"], to: "ready" },
  complete: { from: ["inprogress"], to: "done" },
  close: { from: ["planning", "ready", "queued", "inprogress", "blocked", "done"], to: "closed" },
  expire_lease: { from: ["inprogress"], to: "blocked" },
};
const DESIGN_COMMANDS = Object.keys(DESIGN_TABLE) as TicketCommandType[];

/** Allowed targets per state in table order, as the refusal messages list them. */
const ALLOWED_FROM: Record<TicketState, string> = {
  planning: "ready, closed",
  ready: "queued, planning, closed",
  queued: "planning, inprogress, closed",
  inprogress: "blocked, ready, done, closed",
  blocked: "queued, closed",
  done: "closed",
  closed: "",
};

describe("TRANSITIONS", () => {
  it("is exactly the table of DESIGN §2", () => {
    const table = Object.fromEntries(
      TRANSITIONS.map((transition) => [
        transition.command,
        { from: [...transition.from], to: transition.to },
      ]),
    );
    expect(table).toEqual(DESIGN_TABLE);
    expect(TRANSITIONS).toHaveLength(DESIGN_COMMANDS.length);
  });

  it("moves a ticket into queued only by the gate's queue command", () => {
    expect(TRANSITIONS.filter((transition) => transition.to === "queued").map((t) => t.command)).toEqual([
      "queue",
    ]);
  });

  it("moves a ticket into inprogress only by accept", () => {
    expect(TRANSITIONS.filter((transition) => transition.to === "inprogress").map((t) => t.command)).toEqual([
      "accept",
    ]);
  });

  it("never leads from inprogress back to queued", () => {
    for (const transition of TRANSITIONS) {
      if (transition.from.includes("inprogress")) expect(transition.to).not.toBe("queued");
    }
  });

  it("has closed as its only final state", () => {
    const withExits = TICKET_STATES.filter((state) =>
      TRANSITIONS.some((transition) => transition.from.includes(state)),
    );
    expect(TICKET_STATES.filter((state) => !withExits.includes(state))).toEqual(["closed"]);
  });
});

describe("allowedTargets", () => {
  it.each(TICKET_STATES)("lists the targets from '%s' once each, in table order", (state) => {
    expect(allowedTargets(state).join(", ")).toBe(ALLOWED_FROM[state]);
  });
});

describe("findTransition", () => {
  it.each(TICKET_STATES.flatMap((state) => DESIGN_COMMANDS.map((command) => ({ state, command }))))(
    "finds $command from $state exactly when the design allows it",
    ({ state, command }) => {
      const design = DESIGN_TABLE[command];
      const found = findTransition(command, state);
      if (design?.from.includes(state)) expect(found?.to).toBe(design.to);
      else expect(found).toBeUndefined();
    },
  );

  it("finds nothing for commands that do not move a ticket", () => {
    for (const command of ["edit", "comment", "relate", "review", "renew_lease", "report"] as const) {
      for (const state of TICKET_STATES) expect(findTransition(command, state)).toBeUndefined();
    }
  });
});

describe("targetOf", () => {
  it("names each transition command's single target and nothing for the others", () => {
    for (const command of DESIGN_COMMANDS) expect(targetOf(command)).toBe(DESIGN_TABLE[command]?.to);
    expect(targetOf("comment")).toBeUndefined();
    expect(targetOf("report")).toBeUndefined();
  });
});
