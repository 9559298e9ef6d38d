import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importOriginTickets } from "@podkit/ticket-lifecycle/import";
import { afterEach, expect, it } from "vitest";
import { describeWithPostgres, openTestBackend, type TestBackend } from "./testing/test-database.js";

const LARGE_IDS = ["T-9007199254740992", "T-1000000000000000000000", "T-12"];

/** A flat origin store with one ticket per id, each with a short thread. */
async function originStore(ids: readonly string[]): Promise<string> {
  const sourceDir = await mkdtemp(join(tmpdir(), "podkit-origin-pg-"));
  for (const id of ids) {
    await mkdir(join(sourceDir, id));
    await writeFile(
      join(sourceDir, id, "item.md"),
      `---\nid: ${id}\ntitle: 大きな番号 ${id}\nworkflow_state: intake\n---\n\nBody of ${id}.\n`,
    );
    await writeFile(
      join(sourceDir, id, "thread.md"),
      "<!-- event: create author: hare at: 2024-01-01T00:00:00Z to: intake -->\n\n## Created\n\nCreated.\n\n---\n",
    );
  }
  return sourceDir;
}

describeWithPostgres("importOriginTickets into PostgreSQL", () => {
  const opened: TestBackend[] = [];
  const temps: string[] = [];

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((test) => test.cleanup()));
    await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("stores ids past 2^53 and 10^21, and later creates continue after them exactly", async () => {
    const sourceDir = await originStore(LARGE_IDS);
    temps.push(sourceDir);
    const test = await openTestBackend();
    opened.push(test);
    const result = await importOriginTickets({ sourceDir, backend: test.backend });
    expect(result.skipped).toEqual([]);
    expect(result.imported.map((ticket) => [ticket.ticketId, ticket.state])).toEqual([
      ["T-12", "planning"],
      ["T-9007199254740992", "planning"],
      ["T-1000000000000000000000", "planning"],
    ]);
    const actor = { role: "intake", agentId: "intake-1" };
    const event = { kind: "create", to: "planning", data: { title: "After the import" } } as const;
    const created = [
      await test.backend.create({ event, actor }),
      await test.backend.create({ event, actor }),
    ];
    expect(created.map((record) => record.ticket.id)).toEqual([
      "T-1000000000000000000001",
      "T-1000000000000000000002",
    ]);
    expect(await test.backend.doctor()).toMatchObject({ ok: true, checkedTickets: 5 });
    expect((await test.backend.list()).tickets.map((ticket) => ticket.id)).toEqual([
      "T-12",
      "T-9007199254740992",
      "T-1000000000000000000000",
      "T-1000000000000000000001",
      "T-1000000000000000000002",
    ]);
  });
});
