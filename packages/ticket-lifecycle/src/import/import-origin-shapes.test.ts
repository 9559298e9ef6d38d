import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryTicketBackend } from "../backend/memory-ticket-backend.js";
import type { TicketEvent } from "../domain/ticket-event.js";
import { importOriginTickets } from "./import-origin-tickets.js";

const SHAPES = fileURLToPath(new URL("./fixtures/origin/shapes/", import.meta.url));
const clock = () => new Date("2026-11-01T00:00:00.000Z");
const temps: string[] = [];

afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function events(backend: MemoryTicketBackend, ticketId: string): Promise<readonly TicketEvent[]> {
  const found = await backend.read(ticketId);
  if (found === undefined) throw new Error(`ticket ${ticketId} was not stored`);
  return found.events;
}

const item = (id: string, state: string) =>
  `---\nid: ${id}\ntitle: ${id}\nworkflow_state: ${state}\ncreated_at: 2025-01-01T00:00:00Z\n---\n\nBody of ${id}.\n`;

describe("importOriginTickets: shapes the origin left behind", () => {
  it("imports every shape with a note of its kind instead of refusing it", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir: SHAPES, backend });
    expect(result.skipped).toEqual([]);
    const kinds = Object.fromEntries(
      result.imported.map((ticket) => [
        ticket.dir,
        [...new Set(ticket.notes.map((note) => note.kind))].sort(),
      ]),
    );
    expect(kinds).toEqual({
      "embedded-legacy-document": ["embedded-document"],
      "extra-header-fields": ["extra-header-fields"],
      "headerless-block": ["embedded-document"],
      "legacy-intake": ["legacy-state"],
      "truncated-thread": ["missing-separator"],
      "unclosed-fence": ["unclosed-fence"],
      "with-artifacts": ["attachment", "reference"],
    });
    for (const ticket of result.imported) {
      for (const note of ticket.notes) expect(note.file).toMatch(new RegExp(`^${ticket.dir}/`));
    }
  });

  it("reads the legacy state intake as planning wherever it stands", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir: SHAPES, backend });
    const legacy = result.imported.find((ticket) => ticket.ticketId === "S-1");
    expect(legacy).toMatchObject({ state: "planning", originState: "planning" });
    expect(legacy?.notes.map(({ file, line }) => `${file}:${line}`)).toEqual([
      "legacy-intake/item.md:4",
      "legacy-intake/thread.md:9",
      "legacy-intake/thread.md:17",
      "legacy-intake/thread.md:1",
    ]);
    const history = await events(backend, "S-1");
    expect(history.map((event) => [event.kind, event.from, event.to])).toEqual([
      ["create", undefined, "planning"],
      ["state_changed", "planning", "ready"],
      ["state_changed", "ready", "planning"],
    ]);
    expect(history[2]?.data?.details).toMatchObject({ originTo: "intake" });
  });

  it("keeps extra header fields on their events", async () => {
    const backend = new MemoryTicketBackend({ clock });
    await importOriginTickets({ sourceDir: SHAPES, backend });
    const history = await events(backend, "S-2");
    expect(history[1]?.data).toMatchObject({
      verdict: "approve",
      details: { "originHeader.result": "approve", "originHeader.model": "gpt-5" },
    });
    expect(history[2]?.data?.details).toMatchObject({ "originHeader.pr": "42" });
  });

  it("keeps an embedded legacy document, a headerless block, a cut-off block and an unclosed fence as text", async () => {
    const backend = new MemoryTicketBackend({ clock });
    await importOriginTickets({ sourceDir: SHAPES, backend });
    const embedded = await events(backend, "S-3");
    expect(embedded.map((event) => event.actor.agentId)).toEqual(["migrate.py", "migrate.py", "hare"]);
    expect(embedded[1]?.body).toContain(
      "---\nid: OLD-77\ntitle: 古い設計メモ\nstatus: open\n---\n\n## Summary",
    );
    expect(embedded[1]?.body).toContain("---\n\n## Notes\n\n- One\n- Two");
    expect((await events(backend, "M-3"))[0]?.data?.details?.originText).toContain(
      "---\n\n## Comment\n\nSomeone appended this by hand and forgot the header.",
    );
    expect((await events(backend, "M-7")).at(-1)?.body).toBe("The write stopped half-way thro");
    const fenced = await events(backend, "M-11");
    expect(fenced.map((event) => event.body)).toEqual([
      "Body.",
      '```sh\necho "never closed"',
      "Hidden by the fence.",
    ]);
  });

  it("keeps the files beside item.md: text as attachments, anything else as references", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir: SHAPES, backend });
    const history = await events(backend, "S-4");
    const kept = history
      .filter((event) => event.data?.details?.originPath !== undefined)
      .map((event) => ({ actor: event.actor.role, body: event.body, details: event.data?.details }));
    expect(kept).toEqual([
      {
        actor: "import",
        body: "Review notes\n\n- 指摘なし\n",
        details: expect.objectContaining({ originKind: "attachment", originPath: "artifacts/review.md" }),
      },
      {
        actor: "import",
        body: "build ok\n",
        details: expect.objectContaining({ originKind: "attachment", originPath: "artifacts/run-1/log.txt" }),
      },
      {
        actor: "import",
        body: "Not stored: not UTF-8 text (a binary file).",
        details: {
          originKind: "reference",
          originPath: "artifacts/screenshot.png",
          originBytes: 20,
          originSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      },
      {
        actor: "import",
        body: "A loose note beside item.md.\n",
        details: expect.objectContaining({
          originKind: "attachment",
          originPath: "notes.txt",
          originBytes: 29,
        }),
      },
    ]);
    expect((await backend.read("S-4"))?.ticket).toMatchObject({
      state: "closed",
      resolution: "Done; logs attached.",
    });
    const notes = result.imported.find((ticket) => ticket.ticketId === "S-4")?.notes ?? [];
    expect(notes.map(({ kind, file }) => [kind, file])).toEqual([
      ["attachment", "with-artifacts/artifacts/review.md"],
      ["attachment", "with-artifacts/artifacts/run-1/log.txt"],
      ["reference", "with-artifacts/artifacts/screenshot.png"],
      ["attachment", "with-artifacts/notes.txt"],
    ]);
  });

  it("reads a bucketed layout, nested buckets and loose tickets alike, and records each bucket", async () => {
    const sourceDir = await mkdtemp(join(tmpdir(), "podkit-origin-buckets-"));
    temps.push(sourceDir);
    const tickets: Record<string, string> = {
      "open/T-1": "ready",
      "closed/T-2": "closed",
      "closed/2024/T-3": "done",
      "T-4": "planning",
    };
    for (const [dir, state] of Object.entries(tickets)) {
      await mkdir(join(sourceDir, dir), { recursive: true });
      await writeFile(join(sourceDir, dir, "item.md"), item(dir.split("/").at(-1) ?? dir, state));
    }
    await mkdir(join(sourceDir, "blocked"));
    await mkdir(join(sourceDir, "open", "T-5"));
    await writeFile(join(sourceDir, "open", "T-5", "thread.md"), "");
    await cp(join(SHAPES, "legacy-intake"), join(sourceDir, "open", "legacy-intake"), { recursive: true });
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir, backend });
    expect(result.buckets).toEqual(["closed", "closed/2024", "open"]);
    expect(result.imported.map(({ dir, ticketId, state }) => [dir, ticketId, state])).toEqual([
      ["closed/2024/T-3", "T-3", "done"],
      ["closed/T-2", "T-2", "closed"],
      ["open/legacy-intake", "S-1", "planning"],
      ["open/T-1", "T-1", "ready"],
      ["T-4", "T-4", "planning"],
    ]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ dir: "open/T-5", file: "open/T-5/item.md", reason: "missing_item" }),
    ]);
    expect((await events(backend, "T-3"))[0]?.data?.details).toMatchObject({ originBucket: "closed/2024" });
    expect((await events(backend, "T-4"))[0]?.data?.details ?? {}).not.toHaveProperty("originBucket");
  });
});
