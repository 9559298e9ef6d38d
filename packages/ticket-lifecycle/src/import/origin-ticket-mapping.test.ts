import { describe, expect, it } from "vitest";
import { reduceTicket } from "../domain/reduce-ticket.js";
import { OriginFormatError } from "./origin-format-error.js";
import { parseOriginItem } from "./origin-item-file.js";
import { parseOriginThread } from "./origin-thread-file.js";
import {
  IMPORTED_IN_PROGRESS_REASON,
  type MappedOriginTicket,
  mapOriginTicket,
  type OriginTicketSource,
} from "./origin-ticket-mapping.js";

const NOW = "2026-11-01T00:00:00.000Z";
const IMPORT = { role: "import", agentId: "import" };

function source(frontMatter: string, blocks: string[] = [], resolutionFile?: string): OriginTicketSource {
  const item = parseOriginItem(`---\nid: T-1\ntitle: Title\n${frontMatter}\n---\n\nBody.\n`, "T-1/item.md");
  const thread = parseOriginThread(blocks.map((block) => `${block}\n\n---\n\n`).join(""), "T-1/thread.md");
  return {
    ticketId: "T-1",
    item,
    itemFile: "T-1/item.md",
    thread: thread.blocks,
    threadFile: "T-1/thread.md",
    notes: thread.notes,
    ...(resolutionFile === undefined
      ? {}
      : { resolutionFile: { file: "T-1/resolution.md", text: resolutionFile } }),
  };
}
const header = (kind: string, rest = "", at = "2026-06-01T00:00:00Z", author = "hare") =>
  `<!-- event: ${kind} author: ${author} at: ${at}${rest === "" ? "" : ` ${rest}`} -->\n\n## ${kind}\n\ntext of ${kind}`;
const map = (from: OriginTicketSource): MappedOriginTicket =>
  mapOriginTicket(from, { actor: IMPORT, now: NOW });
const refusal = (from: OriginTicketSource): OriginFormatError => {
  try {
    map(from);
  } catch (error) {
    if (OriginFormatError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected the ticket to be refused");
};

describe("mapOriginTicket", () => {
  it("keeps the origin kinds podkit has and files the others as comments with the origin kind", () => {
    const mapped = map(
      source("workflow_state: planning", [
        header("create"),
        header("plan"),
        header("decision"),
        header("implementation_report"),
        header("relation"),
        header("review", "status: approved"),
        header("review"),
        header("state_changed", "from: P2 to: P1 field: priority"),
        header("comment", "from: x to: y"),
      ]),
    );
    expect(mapped.events.map((event) => [event.kind, event.data?.details?.originKind])).toEqual([
      ["create", undefined],
      ["plan", undefined],
      ["decision", undefined],
      ["comment", "implementation_report"],
      ["comment", "relation"],
      ["review", undefined],
      ["comment", "review"],
      ["comment", "state_changed"],
      ["comment", undefined],
    ]);
    expect(mapped.events[5]?.data?.verdict).toBe("approve");
    expect(mapped.events[7]?.data?.details).toMatchObject({
      originField: "priority",
      originFrom: "P2",
      originTo: "P1",
    });
    expect(mapped.events[8]).not.toHaveProperty("to");
    expect(mapped.events[1]).toMatchObject({
      actor: { role: "origin", agentId: "hare" },
      at: "2026-06-01T00:00:00.000Z",
    });
    expect(mapped.events[1]?.data?.details?.originHeading).toBe("plan");
  });

  it("builds the create event from the thread's first block and the current item", () => {
    const mapped = map(
      source("workflow_state: ready\npriority: P3\nlabels: [a]", [
        header("create", "", "2026-05-01T00:00:00Z", '"yoi ticket"'),
        header("state_changed", "from: planning to: ready"),
      ]),
    );
    expect(mapped.events[0]).toEqual({
      seq: 1,
      kind: "create",
      to: "planning",
      body: "Body.",
      actor: { role: "origin", agentId: "yoi ticket" },
      at: "2026-05-01T00:00:00.000Z",
      data: {
        title: "Title",
        priority: "low",
        details: {
          originHeading: "create",
          originText: "text of create",
          originPriority: "P3",
          "frontMatter.labels": '["a"]',
        },
      },
    });
    expect(mapped.events).toHaveLength(2);
  });

  it("starts from the state the first transition leaves, and from the item when the thread has no create", () => {
    const mapped = map(
      source("workflow_state: queued\nauthor: ann\ncreated: 2026-04-01T00:00:00Z", [
        header("state_changed", "from: ready to: queued"),
      ]),
    );
    expect(mapped.events[0]).toMatchObject({
      kind: "create",
      to: "ready",
      actor: { agentId: "ann" },
      at: "2026-04-01T00:00:00.000Z",
    });
    expect(mapped.notes).toContainEqual({
      kind: "queued",
      message: "imported as queued: an Orchestrator watching this store may accept it",
    });
  });

  it("attributes the create event to the import when nothing records the creation", () => {
    const mapped = map(source("workflow_state: planning"));
    expect(mapped.events).toHaveLength(1);
    expect(mapped.events[0]).toMatchObject({ actor: IMPORT, at: NOW, to: "planning" });
    expect(mapped.notes.map((note) => note.kind)).toEqual(["no-creation-record", "no-thread"]);
  });

  it("appends a state change by the import when the thread does not end in the recorded state", () => {
    const mapped = map(
      source("workflow_state: done", [header("create"), header("state_changed", "from: planning to: ready")]),
    );
    expect(mapped.events.at(-1)).toEqual({
      seq: 3,
      kind: "state_changed",
      from: "ready",
      to: "done",
      reason: "imported: front matter records state done",
      actor: IMPORT,
      at: NOW,
    });
    expect(mapped.state).toBe("done");
  });

  it("adds nothing when the thread already ends in the recorded state", () => {
    const mapped = map(
      source("workflow_state: ready", [
        header("create"),
        header("state_changed", "from: planning to: ready"),
      ]),
    );
    expect(mapped.events.map((event) => event.actor.role)).toEqual(["origin", "origin"]);
  });

  it("imports an inprogress ticket as blocked and says why, with no lease", () => {
    const mapped = map(
      source("workflow_state: inprogress", [
        header("create"),
        header("acceptance", "from: queued to: inprogress"),
      ]),
    );
    expect(mapped.events.at(-1)).toMatchObject({
      kind: "state_changed",
      from: "inprogress",
      to: "blocked",
      reason: IMPORTED_IN_PROGRESS_REASON,
      actor: IMPORT,
    });
    expect(mapped).toMatchObject({ state: "blocked", originState: "inprogress" });
    expect(mapped.notes[0]).toMatchObject({
      kind: "in-progress-blocked",
      message: expect.stringContaining("imported as blocked"),
    });
    expect(reduceTicket("T-1", mapped.events).lease).toBeNull();
  });

  it("moves an inprogress ticket whose thread stops earlier to inprogress, then to blocked", () => {
    const mapped = map(source("workflow_state: inprogress", [header("create")]));
    expect(mapped.events.slice(1).map((event) => [event.from, event.to])).toEqual([
      ["planning", "inprogress"],
      ["inprogress", "blocked"],
    ]);
  });

  it("closes with the recorded resolution, correcting a thread whose close says something else", () => {
    const closed = map(
      source("workflow_state: closed\nresolution: Shipped.", [header("create"), header("close")]),
    );
    expect(closed.events.at(-1)).toMatchObject({
      kind: "close",
      from: "closed",
      to: "closed",
      data: { resolution: "Shipped." },
      actor: IMPORT,
    });
    expect(reduceTicket("T-1", closed.events).resolution).toBe("Shipped.");
    const open = map(source("workflow_state: closed", [header("create")], "From resolution.md"));
    expect(open.events.at(-1)).toMatchObject({
      kind: "close",
      from: "planning",
      to: "closed",
      data: { resolution: "From resolution.md" },
    });
    const thread = map(source("workflow_state: closed", [header("create"), header("closed")]));
    expect(thread.events).toHaveLength(2);
    expect(reduceTicket("T-1", thread.events).resolution).toBe("text of closed");
  });

  it("closes without inventing a resolution when none is recorded, and says so", () => {
    const mapped = map(source("workflow_state: closed", [header("create")]));
    expect(mapped.events.at(-1)).toMatchObject({ kind: "state_changed", to: "closed" });
    expect(mapped.notes.map((note) => note.kind)).toContain("closed-without-resolution");
  });

  it("emits the front matter relations as relation events by the import", () => {
    const mapped = map(
      source("workflow_state: planning\ndepends_on: [T-2]\nsplit_from: T-0", [header("create")]),
    );
    expect(mapped.events.slice(1)).toEqual([
      {
        seq: 2,
        kind: "relation",
        reason: "imported from item.md",
        data: { relation: { type: "depends_on", target: "T-2" } },
        actor: IMPORT,
        at: NOW,
      },
      {
        seq: 3,
        kind: "relation",
        reason: "imported from item.md",
        data: { relation: { type: "split_from", target: "T-0" } },
        actor: IMPORT,
        at: NOW,
      },
    ]);
  });

  it("reads the legacy state intake as planning in from/to and keeps the spelling, with a note", () => {
    const mapped = map(
      source("workflow_state: ready", [
        header("create", "to: intake"),
        header("state_changed", "from: intake to: ready field: state"),
      ]),
    );
    expect(mapped.events.map((event) => [event.kind, event.from, event.to])).toEqual([
      ["create", undefined, "planning"],
      ["state_changed", "planning", "ready"],
    ]);
    expect(mapped.events[1]?.data?.details).toMatchObject({ originFrom: "intake" });
    expect(mapped.notes).toEqual([
      expect.objectContaining({ kind: "legacy-state", file: "T-1/thread.md", line: 9 }),
      expect.objectContaining({ kind: "legacy-state", file: "T-1/thread.md", line: 1 }),
    ]);
  });

  it("keeps header fields podkit does not know on the event, with a note", () => {
    const mapped = map(
      source("workflow_state: planning", [
        header("create"),
        header("review", "status: approve result: approve"),
      ]),
    );
    expect(mapped.events[1]).toMatchObject({
      kind: "review",
      data: { verdict: "approve", details: { originStatus: "approve", "originHeader.result": "approve" } },
    });
    expect(mapped.notes).toEqual([
      expect.objectContaining({
        kind: "extra-header-fields",
        line: 9,
        message: expect.stringContaining("originHeader.result"),
      }),
    ]);
  });

  it.each([
    [
      "a create that is not first",
      source("workflow_state: planning", [header("plan"), header("create")]),
      "T-1/thread.md",
      9,
    ],
    [
      "two creates",
      source("workflow_state: planning", [header("create"), header("create")]),
      "T-1/thread.md",
      9,
    ],
    [
      "an unknown state in a transition",
      source("workflow_state: planning", [header("state_changed", "to: review")]),
      "T-1/thread.md",
      1,
    ],
    [
      "a close to another state",
      source("workflow_state: closed", [header("close", "to: done")]),
      "T-1/thread.md",
      1,
    ],
    [
      "a resolution on an open ticket",
      source("workflow_state: ready\nresolution: x"),
      "T-1/item.md",
      undefined,
    ],
    [
      "a resolution.md on an open ticket",
      source("workflow_state: ready", [], "x"),
      "T-1/resolution.md",
      undefined,
    ],
    ["a relation to itself", source("workflow_state: ready\nrelated: T-1"), "T-1/item.md", undefined],
  ])("refuses %s", (_name, from, file, line) => {
    const error = refusal(from);
    expect({ file: error.file, line: error.line }).toEqual({ file, line });
  });
});
