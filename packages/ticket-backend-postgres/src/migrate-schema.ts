import { TicketError } from "@podkit/ticket-lifecycle";
import pg, { type ClientBase } from "pg";
import { PostgresBackendError } from "./postgres-backend-error.js";
import { MIGRATIONS, type Migration } from "./schema-migrations.js";
import type { SchemaNames } from "./schema-names.js";

/** What {@link migrateSchema} found and did. */
export interface MigrationReport {
  /** Versions applied before this call. */
  readonly previous: readonly number[];
  /** Versions this call applied, in order. */
  readonly applied: readonly number[];
}

/** SQLSTATE of a statement the role has no privilege for. */
const INSUFFICIENT_PRIVILEGE = "42501";
/** SQLSTATEs of a missing table or schema: a schema never migrated. */
const MISSING_RELATION = new Set(["42P01", "3F000"]);

/**
 * Creates the schema if needed and applies the missing migrations, holding a session advisory
 * lock on the schema's name so processes starting at once migrate one after another: the
 * others wait, then find nothing left to do. Each migration commits with its version row or not
 * at all. A database migrated by a newer version (an unknown version recorded) is refused.
 * A schema already current is only read (no lock, no DDL), so a role with nothing but `USAGE`
 * and `SELECT` can open it; a schema behind this podkit that the role may not migrate is
 * refused with `schema_not_migrated`, naming the versions and what to do.
 */
export async function migrateSchema(options: {
  readonly client: ClientBase;
  readonly names: SchemaNames;
  readonly migrations?: readonly Migration[];
}): Promise<MigrationReport> {
  const { client, names } = options;
  const migrations = [...(options.migrations ?? MIGRATIONS)].sort(
    (left, right) => left.version - right.version,
  );
  const recorded = await recordedVersions(client, names);
  if (recorded !== undefined) {
    refuseUnknownVersions(recorded, migrations, names);
    if (migrations.every((migration) => recorded.includes(migration.version)))
      return { previous: recorded, applied: [] };
  }
  try {
    return await migrateUnderLock(client, names, migrations);
  } catch (error) {
    if (!isInsufficientPrivilege(error)) throw error;
    throw await notMigrated(client, names, migrations, recorded ?? [], error);
  }
}

/** The versions recorded in the schema, or undefined when it has no migrations table (yet). */
async function recordedVersions(client: ClientBase, names: SchemaNames): Promise<number[] | undefined> {
  try {
    const result = await client.query<{ version: number }>(
      `SELECT version FROM ${names.migrations} ORDER BY version`,
    );
    return result.rows.map((row) => row.version);
  } catch (error) {
    if (error instanceof pg.DatabaseError && MISSING_RELATION.has(error.code ?? "")) return undefined;
    if (isInsufficientPrivilege(error)) throw await unreadable(client, names, error as Error);
    throw error;
  }
}

function refuseUnknownVersions(
  previous: readonly number[],
  migrations: readonly Migration[],
  names: SchemaNames,
): void {
  const known = new Set(migrations.map((migration) => migration.version));
  const unknown = previous.filter((version) => !known.has(version));
  if (unknown.length > 0) {
    throw new PostgresBackendError(
      "schema_too_new",
      `Schema '${names.schema}' has migration ${unknown.join(", ")}, which this version of podkit does not know (it knows ${[...known].join(", ")}). Upgrade podkit, or use another schema.`,
      { schema: names.schema },
    );
  }
}

function isInsufficientPrivilege(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return error.code === INSUFFICIENT_PRIVILEGE;
  return (
    PostgresBackendError.isInstance(error) &&
    error.cause instanceof pg.DatabaseError &&
    error.cause.code === INSUFFICIENT_PRIVILEGE
  );
}

/** The refusal of a schema this role may not even read its version from. */
async function unreadable(client: ClientBase, names: SchemaNames, error: Error): Promise<TicketError> {
  return new TicketError(
    "storage_unavailable",
    `Role '${await currentRole(client)}' may not read schema '${names.schema}': ${error.message}. Grant it USAGE on the schema and SELECT on its tables to read (INSERT and UPDATE too to write), or connect as another role.`,
    { cause: error },
  );
}

async function currentRole(client: ClientBase): Promise<string> {
  return client
    .query<{ role: string }>("SELECT current_user AS role")
    .then((result) => result.rows[0]?.role ?? "(unknown)")
    .catch(() => "(unknown)");
}

/** The refusal of a schema this role may not bring to the version this podkit needs. */
async function notMigrated(
  client: ClientBase,
  names: SchemaNames,
  migrations: readonly Migration[],
  recorded: readonly number[],
  error: unknown,
): Promise<PostgresBackendError> {
  const role = await currentRole(client);
  const missing = migrations.filter((migration) => !recorded.includes(migration.version));
  const at =
    recorded.length === 0
      ? "is not created yet (no migration applied)"
      : `is at schema version ${Math.max(...recorded)}`;
  const needed = Math.max(...migrations.map((migration) => migration.version));
  const reason = (PostgresBackendError.isInstance(error) ? error.cause : error) as Error;
  return new PostgresBackendError(
    "schema_not_migrated",
    `Schema '${names.schema}' ${at}; this podkit needs version ${needed} (missing ${missing.map((migration) => `${migration.version} '${migration.name}'`).join(", ")}), and role '${role}' may not migrate it: ${reason.message}. Open the store once as a role that may (the schema's owner, or one with CREATE on the database), e.g. any podkit command with that role in the connection string; this role then needs only USAGE on the schema and SELECT on its tables to read, INSERT and UPDATE to write.`,
    { schema: names.schema, cause: reason },
  );
}

async function migrateUnderLock(
  client: ClientBase,
  names: SchemaNames,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  const lockKey = `podkit:migrate:${names.schema}`;
  await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [lockKey]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${names.quotedSchema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${names.migrations} (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
    );
    const result = await client.query<{ version: number }>(
      `SELECT version FROM ${names.migrations} ORDER BY version`,
    );
    const previous = result.rows.map((row) => row.version);
    refuseUnknownVersions(previous, migrations, names);
    const applied: number[] = [];
    for (const migration of migrations) {
      if (previous.includes(migration.version)) continue;
      await applyMigration(client, names, migration);
      applied.push(migration.version);
    }
    return { previous, applied };
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey]).catch(() => {});
  }
}

async function applyMigration(client: ClientBase, names: SchemaNames, migration: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(migration.sql(names));
    await client.query(`INSERT INTO ${names.migrations} (version, name) VALUES ($1, $2)`, [
      migration.version,
      migration.name,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    if (PostgresBackendError.isInstance(error)) throw error;
    throw new PostgresBackendError(
      "migration_failed",
      `Migration ${migration.version} ('${migration.name}') of schema '${names.schema}' failed and was rolled back: ${(error as Error).message}`,
      { schema: names.schema, cause: error },
    );
  }
}
