import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryTicketBackend } from "../backend/memory-ticket-backend.js";
import type { TicketEvent } from "../domain/ticket-event.js";
import { exportOriginTickets } from "./export-origin-tickets.js";
import { importOriginTickets } from "./import-origin-tickets.js";

const VALID = fileURLToPath(new URL("./fixtures/origin/valid/", import.meta.url));
const clock = () => new Date("2026-11-01T00:00:00.000Z");
const temps: string[] = [];

afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "podkit-export-"));
  temps.push(dir);
  return dir;
}

const thread = (events: readonly TicketEvent[]) =>
  events
    .filter((event) => event.kind !== "relation")
    .map(({ kind, actor, at, from, to, reason, body, data }) => ({
      kind,
      author: actor.agentId,
      at,
      from,
      to,
      reason,
      body,
      verdict: data?.verdict,
      resolution: data?.resolution,
      originKind: data?.details?.originKind,
    }));

describe("exportOriginTickets", () => {
  it("writes tickets that import back to the same tickets and thread", async () => {
    const first = new MemoryTicketBackend({ clock });
    await importOriginTickets({ sourceDir: VALID, backend: first });
    const targetDir = await tempDir();
    const exported = await exportOriginTickets({ backend: first, targetDir });
    expect(exported.skipped).toEqual([]);
    expect(exported.exported.map((ticket) => ticket.ticketId)).toHaveLength(6);
    const second = new MemoryTicketBackend({ clock: () => new Date("2027-01-01T00:00:00.000Z") });
    const again = await importOriginTickets({ sourceDir: targetDir, backend: second });
    expect(again.skipped).toEqual([]);
    for (const { id } of (await first.list()).tickets) {
      const before = await first.read(id);
      const after = await second.read(id);
      const { seq: _seq, updatedAt: _updated, createdBy, ...ticket } = before?.ticket ?? ({} as never);
      expect(after?.ticket).toMatchObject({ ...ticket, createdBy: { agentId: createdBy.agentId } });
      expect(thread(after?.events ?? [])).toEqual(thread(before?.events ?? []));
    }
  });

  it("writes readable origin files with the origin kinds and headings kept at import", async () => {
    const backend = new MemoryTicketBackend({ clock });
    await importOriginTickets({ sourceDir: VALID, backend });
    const targetDir = await tempDir();
    await exportOriginTickets({ backend, targetDir });
    const item = await readFile(join(targetDir, "T-101", "item.md"), "utf8");
    expect(item).toContain("workflow_state: closed\n");
    expect(item).toContain("labels:\n  - network\n  - reliability\n");
    const threadText = await readFile(join(targetDir, "T-101", "thread.md"), "utf8");
    expect(threadText).toContain(
      '<!-- event: implementation_report author: "yoi-orchestrator" at: 2026-06-02T12:00:00.000Z -->\n\n## Implementation report\n\nCoder commit',
    );
    expect(threadText).toContain(
      '<!-- event: review author: "yoi-reviewer-T-101-r1" at: 2026-06-03T08:00:00.000Z status: "approve" -->',
    );
  });

  it("never overwrites a ticket directory", async () => {
    const backend = new MemoryTicketBackend({ clock });
    await importOriginTickets({ sourceDir: VALID, backend });
    const targetDir = await tempDir();
    await exportOriginTickets({ backend, targetDir });
    const again = await exportOriginTickets({ backend, targetDir });
    expect(again.exported).toEqual([]);
    expect(again.skipped).toHaveLength(6);
    expect(again.skipped[0]?.problem).toContain("already exists; the export never overwrites");
  });

  it("skips a ticket whose text would not read back the same, and notes data it leaves out", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const actor = { role: "human", agentId: "ann" };
    const event = {
      kind: "create" as const,
      to: "planning" as const,
      body: "b",
      data: { title: "t", priority: "normal" as const },
    };
    await backend.create({ id: "T-1", actor, event });
    await backend.append("T-1", {
      expectedSeq: 1,
      actor,
      event: {
        kind: "comment",
        body: "Quoting:\n<!-- event: comment author: x at: 2026-01-01T00:00:00Z -->",
      },
    });
    await backend.create({ id: "T-2", actor, event });
    await backend.append("T-2", {
      expectedSeq: 1,
      actor,
      event: { kind: "progress", token: 2, body: "half done" },
    });
    await backend.create({ id: "T-3", actor, event });
    await backend.append("T-3", {
      expectedSeq: 1,
      actor,
      event: {
        kind: "comment",
        body: "x\n\n---\n\n<!-- event: comment author: x at: 2026-01-01T00:00:00Z -->\n\ny",
      },
    });
    const result = await exportOriginTickets({ backend, targetDir: await tempDir() });
    expect(result.skipped).toEqual([
      { ticketId: "T-1", problem: expect.stringContaining("The rendered thread.md would not read back") },
      {
        ticketId: "T-3",
        problem: expect.stringContaining("Event 2 would not read back as one thread block"),
      },
    ]);
    expect(result.exported).toEqual([
      {
        ticketId: "T-2",
        dir: "T-2",
        notes: [expect.stringContaining("1 event(s) carry data the origin format cannot hold")],
      },
    ]);
  });
});
