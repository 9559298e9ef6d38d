import { TicketError } from "@podkit/ticket-lifecycle";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPostgresTicketBackend } from "./create-postgres-ticket-backend.js";
import { PostgresBackendError } from "./postgres-backend-error.js";
import { MIGRATIONS } from "./schema-migrations.js";
import {
  createTestRole,
  describeWithPostgres,
  dropSchema,
  grantReadOnly,
  TEST_PG_URL,
  type TestRole,
  uniqueSchema,
  withClient,
} from "./testing/test-database.js";

const human = { role: "human", agentId: "alice" };
const LATEST = Math.max(...MIGRATIONS.map((migration) => migration.version));

/** Everything stored in a schema, as the owner sees it: what a refused write must leave alone. */
async function contents(schema: string): Promise<unknown> {
  return withClient(async (client) => {
    const tables = ["tickets", "ticket_events", "store_locks", "schema_migrations"];
    const rows: Record<string, unknown> = {};
    for (const table of tables) {
      const found = await client.query("SELECT to_regclass($1) AS found", [`"${schema}".${table}`]);
      if (found.rows[0]?.found === null) continue;
      rows[table] = (await client.query(`SELECT * FROM "${schema}".${table} ORDER BY 1`)).rows;
    }
    return rows;
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describeWithPostgres("a role with only USAGE and SELECT", () => {
  let reader: TestRole;
  const schemas: string[] = [];
  const fresh = () => {
    const schema = uniqueSchema("podkit_read_only");
    schemas.push(schema);
    return schema;
  };

  beforeAll(async () => {
    reader = await createTestRole();
  });

  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
    await reader.drop();
  });

  it("opens a current schema without DDL, lists, reads and checks tickets, and gets read_only on a write", async () => {
    const schema = fresh();
    const owner = await createPostgresTicketBackend({ url: TEST_PG_URL, schema });
    await owner.create({
      event: { kind: "create", to: "planning", data: { title: "Readable" } },
      actor: human,
    });
    await owner.append("T-1", { expectedSeq: 1, event: { kind: "comment", body: "a note" }, actor: human });
    await owner.close();
    await grantReadOnly(reader.role, schema);
    const before = await contents(schema);

    const backend = await createPostgresTicketBackend({ url: reader.url, schema });
    try {
      expect((await backend.list()).tickets.map((ticket) => [ticket.id, ticket.title, ticket.seq])).toEqual([
        ["T-1", "Readable", 2],
      ]);
      expect((await backend.read("T-1"))?.events.map((event) => event.body)).toEqual([undefined, "a note"]);
      expect(await backend.doctor()).toEqual({ ok: true, checkedTickets: 1, problems: [] });

      // One at a time: a write started early would reject unobserved while an earlier one is awaited.
      const writes = [
        () =>
          backend.create({ event: { kind: "create", to: "planning", data: { title: "No" } }, actor: human }),
        () => backend.append("T-1", { expectedSeq: 2, event: { kind: "comment", body: "no" }, actor: human }),
        () =>
          backend.importHistory("T-9", [
            {
              seq: 1,
              kind: "create",
              to: "planning",
              data: { title: "No" },
              actor: human,
              at: new Date().toISOString(),
            },
          ]),
        () => backend.acquireLock({ name: "merge", holder: "alice", ttlMs: 60_000 }),
      ];
      for (const write of writes) {
        const error = await failure(write());
        expect(TicketError.isInstance(error), String(error)).toBe(true);
        expect(error).toMatchObject({ code: "read_only" });
        expect(error.message).toContain("permission denied for table");
        expect(error.message).toContain(`The store is read-only for this role: nothing was written`);
      }
    } finally {
      await backend.close();
    }
    expect(await contents(schema)).toEqual(before);
  });

  it("is refused a schema behind this podkit with schema_not_migrated, naming the versions and what to do", async () => {
    const schema = fresh();
    const behind = MIGRATIONS.filter((migration) => migration.version < LATEST);
    await (await createPostgresTicketBackend({ url: TEST_PG_URL, schema, migrations: behind })).close();
    await grantReadOnly(reader.role, schema);
    const before = await contents(schema);
    expect(Object.keys(before as object)).not.toContain("store_locks");

    const error = await failure(createPostgresTicketBackend({ url: reader.url, schema }));
    expect(PostgresBackendError.isInstance(error), String(error)).toBe(true);
    expect(error).toMatchObject({ code: "schema_not_migrated", schema });
    const last = MIGRATIONS.find((migration) => migration.version === LATEST);
    expect(error.message).toContain(
      `Schema '${schema}' is at schema version ${LATEST - 1}; this podkit needs version ${LATEST} (missing ${LATEST} '${last?.name}'), and role '${reader.role}' may not migrate it: permission denied`,
    );
    expect(error.message).toContain("Open the store once as a role that may");
    expect(await contents(schema)).toEqual(before);

    // The owner migrates it; then the reader opens it.
    await (await createPostgresTicketBackend({ url: TEST_PG_URL, schema })).close();
    await grantReadOnly(reader.role, schema);
    const backend = await createPostgresTicketBackend({ url: reader.url, schema });
    expect((await backend.list()).tickets).toEqual([]);
    await backend.close();
  });

  it("is refused a schema that does not exist yet, and one it may not read, saying which", async () => {
    const missing = fresh();
    const notCreated = await failure(createPostgresTicketBackend({ url: reader.url, schema: missing }));
    expect(notCreated).toMatchObject({ code: "schema_not_migrated" });
    expect(notCreated.message).toContain(`Schema '${missing}' is not created yet (no migration applied)`);
    expect(notCreated.message).toContain(`role '${reader.role}' may not migrate it`);

    const hidden = fresh();
    await (await createPostgresTicketBackend({ url: TEST_PG_URL, schema: hidden })).close();
    const unreadable = await failure(createPostgresTicketBackend({ url: reader.url, schema: hidden }));
    expect(TicketError.isInstance(unreadable), String(unreadable)).toBe(true);
    expect(unreadable).toMatchObject({ code: "storage_unavailable" });
    expect(unreadable.message).toContain(
      `Role '${reader.role}' may not read schema '${hidden}': permission denied for schema ${hidden}. Grant it USAGE on the schema and SELECT on its tables`,
    );
  });
});
