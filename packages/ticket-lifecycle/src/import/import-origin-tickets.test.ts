import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MemoryTicketBackend } from "../backend/memory-ticket-backend.js";
import type { TicketRecord } from "../domain/ticket.js";
import type { TicketEvent } from "../domain/ticket-event.js";
import { importOriginTickets } from "./import-origin-tickets.js";
import { IMPORTED_IN_PROGRESS_REASON } from "./origin-ticket-mapping.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/origin/", import.meta.url));
const VALID = join(FIXTURES, "valid");
const clock = () => new Date("2026-11-01T00:00:00.000Z");

async function record(backend: MemoryTicketBackend, ticketId: string): Promise<TicketRecord> {
  const found = await backend.read(ticketId);
  if (found === undefined) throw new Error(`ticket ${ticketId} was not stored`);
  return found;
}

const trail = (events: readonly TicketEvent[]) =>
  events.map((event) => [event.kind, event.actor.agentId, event.at, event.to]);

describe("importOriginTickets: the valid fixtures", () => {
  it("imports every ticket with the state, title, priority, relations and resolution its item.md records", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir: VALID, backend });
    expect(result.skipped).toEqual([]);
    expect(
      result.imported.map(({ ticketId, dir, state, originState }) => [ticketId, dir, state, originState]),
    ).toEqual([
      ["20260601-000001-legacy-resolution", "20260601-000001-legacy-resolution", "closed", "closed"],
      ["T-101", "T-101-closed", "closed", "closed"],
      ["T-102", "T-102-blocked", "blocked", "blocked"],
      ["T-103", "T-103-relations", "ready", "ready"],
      ["T-104", "T-104-utf8-decisions", "done", "done"],
      ["T-105", "T-105-inprogress", "blocked", "inprogress"],
    ]);
    const tickets = (await backend.list()).tickets.map(
      ({ id, state, title, priority, relations, resolution }) => ({
        id,
        state,
        title,
        priority,
        relations,
        resolution,
      }),
    );
    const none = { depends_on: [], blocks: [], related: [], split_from: [] };
    expect(tickets).toEqual([
      {
        id: "20260601-000001-legacy-resolution",
        state: "closed",
        title: "Docs: refresh stale architecture docs",
        priority: "normal",
        relations: none,
        resolution: "Docs refreshed; old plans marked superseded.",
      },
      {
        id: "T-101",
        state: "closed",
        title: "Retry failed fetches with backoff",
        priority: "high",
        relations: none,
        resolution: "Retries with jittered backoff shipped in 4f2a9c1; flaky-server test added.",
      },
      {
        id: "T-102",
        state: "blocked",
        title: "Publish the SDK to the registry",
        priority: "high",
        relations: none,
        resolution: null,
      },
      {
        id: "T-103",
        state: "ready",
        title: "Split the publish step into its own pipeline",
        priority: "low",
        relations: { depends_on: ["T-101", "T-102"], blocks: [], related: ["T-104"], split_from: ["T-102"] },
        resolution: null,
      },
      {
        id: "T-104",
        state: "done",
        title: "設計: 受け入れ契約 🚀 and the Ame\u0301lie case",
        priority: "urgent",
        relations: none,
        resolution: null,
      },
      {
        id: "T-105",
        state: "blocked",
        title: "Stream review verdicts to the panel",
        priority: "normal",
        relations: none,
        resolution: null,
      },
    ]);
    for (const imported of result.imported) {
      expect((await record(backend, imported.ticketId)).events).toHaveLength(imported.events);
    }
  });

  it("keeps every thread event with its original author and time, in order", async () => {
    const backend = new MemoryTicketBackend({ clock });
    await importOriginTickets({ sourceDir: VALID, backend });
    const { ticket, events } = await record(backend, "T-101");
    expect(trail(events)).toEqual([
      ["create", "yoi ticket", "2026-06-01T09:00:00.000Z", "planning"],
      ["intake_summary", "hare", "2026-06-01T09:05:00.000Z", undefined],
      ["state_changed", "yoi ticket", "2026-06-01T09:05:01.000Z", "ready"],
      ["state_changed", "workspace-panel", "2026-06-01T10:00:00.000Z", "queued"],
      ["state_changed", "yoi-orchestrator", "2026-06-01T10:01:00.000Z", "inprogress"],
      ["comment", "yoi-orchestrator", "2026-06-02T12:00:00.000Z", undefined],
      ["review", "yoi-reviewer-T-101-r1", "2026-06-03T08:00:00.000Z", undefined],
      ["state_changed", "yoi-orchestrator", "2026-06-03T17:00:00.000Z", "done"],
      ["close", "hare", "2026-06-03T17:30:00.000Z", "closed"],
    ]);
    expect(events.every((event) => event.actor.role === "origin")).toBe(true);
    expect(events[5]?.data?.details).toMatchObject({
      originKind: "implementation_report",
      originHeading: "Implementation report",
    });
    expect(events[3]?.body).toBe("Ticket を `workspace-panel` が queued にしました。");
    expect(ticket).toMatchObject({
      queuedBy: "workspace-panel",
      intakeSummary: "Retry transient failures; bounded attempts; tested.",
    });
    expect(ticket.reviews).toEqual([
      {
        verdict: "approve",
        by: "yoi-reviewer-T-101-r1",
        at: "2026-06-03T08:00:00.000Z",
        body: "Verdict: `approve`",
      },
    ]);
  });

  it("keeps UTF-8 text intact: emoji, CJK and combining marks, unnormalised", async () => {
    const backend = new MemoryTicketBackend({ clock });
    await importOriginTickets({ sourceDir: VALID, backend });
    const { ticket, events } = await record(backend, "T-104");
    expect(ticket.body).toBe(
      "## 背景\n\n`inprogress` は Orchestrator の受け入れ記録です。👩\u200d💻 🇯🇵 한국어 — Ame\u0301lie (combining acute, not NFC).\n\n```yaml\n---\nid: example\n---\n```",
    );
    expect(ticket.title.normalize("NFC")).not.toBe(ticket.title);
    expect(events.map((event) => event.kind)).toEqual([
      "create",
      "decision",
      "comment",
      "decision",
      "state_changed",
      "state_changed",
      "state_changed",
      "review",
      "comment",
      "state_changed",
    ]);
    expect(events[0]).toMatchObject({
      actor: { agentId: "山田 太郎" },
      data: { details: { originHeading: "作成" } },
    });
    expect(events[2]?.body).toContain(
      "```markdown\n<!-- event: comment author: someone at: 2026-01-01T00:00:00Z -->",
    );
    expect(events[2]?.body).toMatch(
      /\n---\n\nStill the same comment\. Emoji 🎉, CJK 漢字かなカナ, e\u0301 \(combining\)\.$/,
    );
    expect(events[3]).toMatchObject({
      actor: { agentId: "Zoë Ame\u0301lie" },
      at: "2026-06-05T22:00:00.000Z",
    });
    expect(events[3]?.body).toBe(
      "~~~text\n---\n<!-- event: fake author: nobody at: 2026-01-01T00:00:00Z -->\n---\n~~~\n\nDecision: split the feature (決定)。",
    );
    expect(events[8]?.data?.details).toMatchObject({ originKind: "review" });
  });

  it("imports an inprogress ticket as blocked without a lease and says so in the result", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir: VALID, backend });
    expect(result.imported.find((ticket) => ticket.ticketId === "T-105")?.notes).toEqual([
      {
        kind: "in-progress-blocked",
        message: `was inprogress; imported as blocked: ${IMPORTED_IN_PROGRESS_REASON}`,
      },
    ]);
    const { ticket, events } = await record(backend, "T-105");
    expect(ticket).toMatchObject({ state: "blocked", lease: null });
    expect(events.at(-1)).toMatchObject({
      kind: "state_changed",
      from: "inprogress",
      to: "blocked",
      reason: IMPORTED_IN_PROGRESS_REASON,
      actor: { role: "import", agentId: "import" },
      at: "2026-11-01T00:00:00.000Z",
    });
  });

  it("records its own events under the given actor", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const actor = { role: "human", agentId: "migrator" };
    await importOriginTickets({ sourceDir: VALID, backend, actor });
    const { events } = await record(backend, "T-103");
    expect(events.slice(2).map((event) => [event.kind, event.actor])).toEqual([
      ["relation", actor],
      ["relation", actor],
      ["relation", actor],
      ["relation", actor],
      ["state_changed", actor],
    ]);
    expect(events.at(-1)?.reason).toBe("imported: front matter records state ready");
  });

  it("writes nothing in a dry run but reports the same outcome", async () => {
    const wet = await importOriginTickets({ sourceDir: VALID, backend: new MemoryTicketBackend({ clock }) });
    const backend = new MemoryTicketBackend({ clock });
    const dry = await importOriginTickets({ sourceDir: VALID, backend, dryRun: true });
    expect(dry).toEqual({ ...wet, dryRun: true });
    expect((await backend.list()).tickets).toEqual([]);
  });
});
