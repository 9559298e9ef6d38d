import { afterEach, expect, it } from "vitest";
import { createPostgresTicketBackend } from "./create-postgres-ticket-backend.js";
import { PostgresBackendError } from "./postgres-backend-error.js";
import type { PostgresTicketBackend } from "./postgres-ticket-backend.js";
import { MIGRATIONS, type Migration } from "./schema-migrations.js";
import {
  describeWithPostgres,
  dropSchema,
  TEST_PG_URL,
  uniqueSchema,
  withClient,
} from "./testing/test-database.js";

/** The version after every migration this podkit ships: what a newer podkit would add. */
const NEXT_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version)) + 1;
const SHIPPED = MIGRATIONS.map((migration) => migration.version);

const ADD_NOTES: Migration = {
  version: NEXT_VERSION,
  name: "ticket notes",
  sql: ({ quotedSchema }) =>
    `CREATE TABLE ${quotedSchema}.ticket_notes (ticket_id text PRIMARY KEY, note text)`,
};

async function versions(schema: string): Promise<number[]> {
  return withClient(async (client) => {
    const result = await client.query<{ version: number }>(
      `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
    );
    return result.rows.map((row) => row.version);
  });
}

async function tableExists(schema: string, table: string): Promise<boolean> {
  return withClient(async (client) => {
    const result = await client.query("SELECT to_regclass($1) AS found", [`"${schema}".${table}`]);
    return result.rows[0]?.found !== null;
  });
}

describeWithPostgres("schema migrations", () => {
  const schemas: string[] = [];
  const opened: PostgresTicketBackend[] = [];
  const open = async (schema: string, migrations?: readonly Migration[]) => {
    const backend = await createPostgresTicketBackend({
      url: TEST_PG_URL,
      schema,
      ...(migrations === undefined ? {} : { migrations }),
    });
    opened.push(backend);
    return backend;
  };
  const fresh = () => {
    const schema = uniqueSchema("podkit_migrate");
    schemas.push(schema);
    return schema;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((backend) => backend.close()));
    for (const schema of schemas.splice(0)) await dropSchema(schema);
  });

  it("creates the schema and its tables on first open and records the version", async () => {
    const schema = fresh();
    await open(schema);
    expect(await versions(schema)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(await tableExists(schema, "tickets")).toBe(true);
    expect(await tableExists(schema, "ticket_events")).toBe(true);
  });

  it("lets many processes open a new schema at once: each migration runs once", async () => {
    const schema = fresh();
    const backends = await Promise.all(Array.from({ length: 6 }, () => open(schema)));
    expect(await versions(schema)).toEqual(SHIPPED);
    const created = await Promise.all(
      backends.map((backend, index) =>
        backend.create({
          event: { kind: "create", to: "planning", data: { title: `From ${index}` } },
          actor: { role: "intake", agentId: `intake-${index}` },
        }),
      ),
    );
    expect(new Set(created.map((record) => record.ticket.id)).size).toBe(6);
  });

  it("upgrades an existing schema by applying only the missing migrations, keeping its tickets", async () => {
    const schema = fresh();
    const first = await open(schema);
    const { ticket } = await first.create({
      event: { kind: "create", to: "planning", data: { title: "Before the upgrade" } },
      actor: { role: "intake", agentId: "intake-1" },
    });
    const upgraded = await open(schema, [...MIGRATIONS, ADD_NOTES]);
    expect(await versions(schema)).toEqual([...SHIPPED, NEXT_VERSION]);
    expect(await tableExists(schema, "ticket_notes")).toBe(true);
    expect((await upgraded.read(ticket.id))?.ticket.title).toBe("Before the upgrade");
  });

  it("re-indexes ticket numbers of a version-1 schema as exact integers, keeping its tickets", async () => {
    const schema = fresh();
    const first = await open(schema, MIGRATIONS.slice(0, 1));
    const actor = { role: "intake", agentId: "intake-1" };
    for (const id of ["T-5", "T-9007199254740992"])
      await first.create({ id, event: { kind: "create", to: "planning", data: { title: id } }, actor });
    const upgraded = await open(schema);
    expect(await versions(schema)).toEqual(SHIPPED);
    const indexDefinition = await withClient(async (client) => {
      const result = await client.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'tickets_number_idx'",
        [schema],
      );
      return result.rows.map((row) => row.indexdef);
    });
    expect(indexDefinition).toEqual([expect.stringContaining("::numeric")]);
    const next = await upgraded.create({
      event: { kind: "create", to: "planning", data: { title: "Next" } },
      actor,
    });
    expect(next.ticket.id).toBe("T-9007199254740993");
    expect((await upgraded.read("T-5"))?.ticket.title).toBe("T-5");
  });

  it("rolls a failing migration back whole and records nothing of it", async () => {
    const schema = fresh();
    await open(schema);
    const broken: Migration = {
      version: NEXT_VERSION,
      name: "half a migration",
      sql: ({ quotedSchema }) =>
        `CREATE TABLE ${quotedSchema}.half (id integer); SELECT * FROM ${quotedSchema}.no_such_table`,
    };
    const error = await open(schema, [...MIGRATIONS, broken]).catch((thrown: unknown) => thrown);
    expect(PostgresBackendError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "migration_failed", schema });
    expect((error as Error).message).toContain("half a migration");
    expect(await versions(schema)).toEqual(SHIPPED);
    expect(await tableExists(schema, "half")).toBe(false);
  });

  it("refuses a schema that a newer version migrated further", async () => {
    const schema = fresh();
    await open(schema, [...MIGRATIONS, ADD_NOTES]);
    const error = await open(schema).catch((thrown: unknown) => thrown);
    expect(PostgresBackendError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "schema_too_new" });
    expect((error as Error).message).toContain(
      `migration ${NEXT_VERSION}, which this version of podkit does not know`,
    );
  });
});
