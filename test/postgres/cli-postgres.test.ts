import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPostgresTicketBackend } from "../../packages/ticket-backend-postgres/src/index.js";
import {
  describeWithPostgres,
  dropSchema,
  TEST_PG_URL,
  uniqueSchema,
} from "../../packages/ticket-backend-postgres/src/testing/test-database.js";
import { createFileTicketBackend } from "../../packages/ticket-lifecycle/src/index.js";
import { CLI_TIMEOUT_MS, makeRepository, runPodkit, singleJson } from "../cli/run-podkit.js";

describeWithPostgres("podkit with a postgres backend", () => {
  let repository: string;
  const schemas = [uniqueSchema("podkit_cli"), uniqueSchema("podkit_cli")];
  const podkit = (args: string[], env: Record<string, string> = { PODKIT_PG_URL: TEST_PG_URL }) =>
    runPodkit(args, { cwd: repository, env: { PODKIT_AGENT_ID: "alice", ...env } });

  beforeAll(async () => {
    repository = await makeRepository();
    mkdirSync(join(repository, ".podkit/tickets"), { recursive: true });
    writeFileSync(join(repository, "files.yaml"), "backend:\n  kind: file\n  root: .podkit/tickets\n");
    // The url from PODKIT_PG_URL for one, written in the file for the other.
    writeFileSync(
      join(repository, "podkit.config.yaml"),
      `backend:\n  kind: postgres\n  schema: ${schemas[0]}\n`,
    );
    writeFileSync(
      join(repository, "other.yaml"),
      `backend:\n  kind: postgres\n  url: ${TEST_PG_URL}\n  schema: ${schemas[1]}\n`,
    );
  }, CLI_TIMEOUT_MS);

  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  it(
    "creates and lists tickets in PostgreSQL, the url taken from PODKIT_PG_URL",
    async () => {
      const created = await podkit(["ticket", "create", "Stored in PostgreSQL", "--json"]);
      expect(singleJson(created)).toMatchObject({ ok: true, output: { ticket: { id: "T-1" } } });
      const listed = singleJson(await podkit(["ticket", "list", "--json"]));
      expect(listed).toMatchObject({ ok: true, output: { tickets: [{ id: "T-1", state: "planning" }] } });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "copies a file queue into PostgreSQL and on to another schema with podkit ticket copy, skipping what is there",
    async () => {
      const files = createFileTicketBackend({ root: join(repository, ".podkit/tickets") });
      for (const title of ["One", "Two"])
        await files.create({
          event: { kind: "create", to: "planning", data: { title } },
          actor: { role: "human", agentId: "alice" },
        });
      await files.close();
      const copied = await podkit([
        "ticket",
        "copy",
        "--from-config",
        "files.yaml",
        "--to-config",
        "other.yaml",
      ]);
      expect(copied).toMatchObject({ code: 0, stderr: "" });
      expect(copied.stdout).toMatch(
        /^Copied 2 tickets from the store of .*files\.yaml to the store of .*other\.yaml\.\n$/,
      );
      const again = singleJson(
        await podkit([
          "ticket",
          "copy",
          "--from-config",
          "files.yaml",
          "--to-config",
          "other.yaml",
          "--json",
        ]),
      );
      expect(again).toMatchObject({
        ok: true,
        output: {
          copied: [],
          skipped: [
            { ticketId: "T-1", reason: "already_copied" },
            { ticketId: "T-2", reason: "already_copied" },
          ],
        },
      });
      // Into a store that has a different T-1: that one is skipped, the rest copied; exit 1.
      const clash = await podkit([
        "ticket",
        "copy",
        "--from-config",
        "other.yaml",
        "--to-config",
        "podkit.config.yaml",
      ]);
      expect(clash.code).toBe(1);
      expect(clash.stdout).toMatch(/T-1 +exists/);
      expect(clash.stdout).toMatch(/Copied 1 ticket .*; skipped 1 ticket\.\n$/);
      const target = await createPostgresTicketBackend({ url: TEST_PG_URL, schema: schemas[0] as string });
      expect((await target.list()).tickets.map((ticket) => [ticket.id, ticket.title])).toEqual([
        ["T-1", "Stored in PostgreSQL"],
        ["T-2", "Two"],
      ]);
      await target.close();
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "refuses a postgres backend without a url, naming the file and PODKIT_PG_URL",
    async () => {
      const run = await podkit(["ticket", "list"], {});
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/podkit\.config\.yaml.*No PostgreSQL connection string.*PODKIT_PG_URL/s);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "names a bad schema name in the configuration",
    async () => {
      writeFileSync(join(repository, "bad.yaml"), "backend:\n  kind: postgres\n  schema: Not-Valid\n");
      const run = await podkit(["ticket", "list", "--config", "bad.yaml"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/backend\.schema: .*lower-case letters/);
    },
    CLI_TIMEOUT_MS,
  );
});
