import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe } from "vitest";
import {
  createPostgresTicketBackend,
  type PostgresTicketBackendOptions,
} from "../create-postgres-ticket-backend.js";
import type { PostgresTicketBackend } from "../postgres-ticket-backend.js";

/** The test database, from `PODKIT_PG_URL`; tests that need it skip, saying why, without it. */
export const TEST_PG_URL = process.env.PODKIT_PG_URL ?? "";

/**
 * `describe` for tests that need PostgreSQL: skipped, with the reason printed, when
 * `PODKIT_PG_URL` is not set (the only skip the suite allows; CI always sets it).
 */
export function describeWithPostgres(name: string, body: () => void): void {
  if (TEST_PG_URL === "")
    console.warn(
      `[${name}] skipped: PODKIT_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test).`,
    );
  describe.skipIf(TEST_PG_URL === "")(name, body);
}

/** A schema name no other test run uses: `podkit_test_<random>`. */
export function uniqueSchema(prefix = "podkit_test"): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

/** A connected client of its own (for setup, inspection and faults); end it when done. */
export async function openClient(
  config: pg.ClientConfig = { connectionString: TEST_PG_URL },
): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** Runs `run` on a connection of its own (for setup, inspection and faults). */
export async function withClient<T>(
  run: (client: pg.Client) => Promise<T>,
  url: string = TEST_PG_URL,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string, url: string = TEST_PG_URL): Promise<void> {
  await withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`), url);
}

/** A backend on a fresh schema, and a cleanup that closes it and drops the schema. */
export interface TestBackend {
  readonly backend: PostgresTicketBackend;
  readonly schema: string;
  cleanup(): Promise<void>;
}

/** Opens a backend on a new random schema of the test database. */
export async function openTestBackend(
  options: Partial<PostgresTicketBackendOptions> = {},
): Promise<TestBackend> {
  const schema = options.schema ?? uniqueSchema();
  const backend = await createPostgresTicketBackend({ url: TEST_PG_URL, ...options, schema });
  return {
    backend,
    schema,
    cleanup: async () => {
      await backend.close();
      await dropSchema(schema, options.url ?? TEST_PG_URL);
    },
  };
}

/**
 * A backend on `schema` with every ticket removed first: for suites that open a fresh, empty
 * store before each test in one file (tests in a file run one after another), sparing the DDL of
 * a new schema each time. The caller drops the schema when the file is done.
 */
export async function openEmptiedBackend(schema: string): Promise<TestBackend> {
  const backend = await createPostgresTicketBackend({ url: TEST_PG_URL, schema });
  await withClient((client) =>
    client.query(`TRUNCATE "${schema}".tickets, "${schema}".ticket_events, "${schema}".store_locks`),
  );
  return { backend, schema, cleanup: () => backend.close() };
}

/** A login role of the test database and the connection string that logs in as it. */
export interface TestRole {
  readonly role: string;
  readonly url: string;
  /** Drops the role, after revoking whatever it was granted in the test database. */
  drop(): Promise<void>;
}

/**
 * Creates a login role with a password and nothing granted (`podkit_role_<random>`), and the URL
 * of the test database with that role in it. Roles belong to the cluster: drop it when done.
 */
export async function createTestRole(): Promise<TestRole> {
  const role = uniqueSchema("podkit_role");
  const password = randomBytes(12).toString("hex");
  await withClient((client) => client.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`));
  const url = new URL(TEST_PG_URL);
  url.username = role;
  url.password = password;
  return {
    role,
    url: url.toString(),
    drop: async () => {
      await withClient(async (client) => {
        await client.query(`DROP OWNED BY "${role}"`);
        await client.query(`DROP ROLE IF EXISTS "${role}"`);
      });
    },
  };
}

/** Grants `role` what a reader of `schema` needs and nothing more: USAGE on it, SELECT on its tables. */
export async function grantReadOnly(role: string, schema: string): Promise<void> {
  await withClient(async (client) => {
    await client.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`);
  });
}
