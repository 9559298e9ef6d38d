import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createTestRole,
  describeWithPostgres,
  dropSchema,
  grantReadOnly,
  TEST_PG_URL,
  type TestRole,
  uniqueSchema,
} from "../../packages/ticket-backend-postgres/src/testing/test-database.js";
import { CLI_TIMEOUT_MS, makeRepository, runPodkit, singleJson } from "../cli/run-podkit.js";

describeWithPostgres("podkit on PostgreSQL as a role with only USAGE and SELECT", () => {
  let repository: string;
  let reader: TestRole;
  const schema = uniqueSchema("podkit_cli_read_only");
  const podkit = (url: string, args: string[]) =>
    runPodkit(args, { cwd: repository, env: { PODKIT_AGENT_ID: "alice", PODKIT_PG_URL: url } });

  beforeAll(async () => {
    repository = await makeRepository();
    writeFileSync(
      join(repository, "podkit.config.yaml"),
      `backend:\n  kind: postgres\n  schema: ${schema}\nauth: off\n`,
    );
    reader = await createTestRole();
  }, CLI_TIMEOUT_MS);

  afterAll(async () => {
    await dropSchema(schema);
    await reader?.drop();
  });

  it(
    "lists, shows and checks tickets, and a create is refused with read_only",
    async () => {
      // The owner creates (and migrates) the schema; the reader is granted only what reading needs.
      const created = await podkit(TEST_PG_URL, ["ticket", "create", "Readable"]);
      expect(created.code, created.stderr).toBe(0);
      await grantReadOnly(reader.role, schema);

      const list = await podkit(reader.url, ["ticket", "list"]);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/^T-1 +planning .* Readable$/m);
      const show = await podkit(reader.url, ["ticket", "show", "T-1"]);
      expect(show.code, show.stderr).toBe(0);
      expect(show.stdout).toContain("Readable");
      const doctor = await podkit(reader.url, ["ticket", "doctor"]);
      expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
      expect(doctor.stdout).toBe("Checked 1 ticket: no problems.\n");
      expect(
        singleJson(
          await podkit(reader.url, ["call", "--role", "human", "--tool", "ticket_list", "--input", "{}"]),
        ),
      ).toMatchObject({ ok: true, output: { count: 1 } });
      expect(
        singleJson(
          await podkit(reader.url, [
            "call",
            "--role",
            "human",
            "--tool",
            "ticket_show",
            "--input",
            '{"ticketId":"T-1"}',
          ]),
        ),
      ).toMatchObject({ ok: true, output: { ticket: { id: "T-1", title: "Readable" } } });

      const refused = await podkit(reader.url, ["ticket", "create", "Not written"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("refused (read_only)");
      expect(refused.stderr).toContain("The store is read-only for this role: nothing was written");
      const listed = singleJson(await podkit(TEST_PG_URL, ["ticket", "list", "--json"]));
      expect(listed).toMatchObject({ ok: true, output: { count: 1 } });
    },
    CLI_TIMEOUT_MS,
  );
});
