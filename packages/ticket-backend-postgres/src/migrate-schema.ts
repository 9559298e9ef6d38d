import type { ClientBase } from "pg";
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

/**
 * Creates the schema if needed and applies the missing migrations, holding a session advisory
 * lock on the schema's name so processes starting at once migrate one after another: the
 * others wait, then find nothing left to do. Each migration commits with its version row or not
 * at all. A database migrated by a newer version (an unknown version recorded) is refused.
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
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = previous.filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new PostgresBackendError(
        "schema_too_new",
        `Schema '${names.schema}' has migration ${unknown.join(", ")}, which this version of podkit does not know (it knows ${[...known].join(", ")}). Upgrade podkit, or use another schema.`,
        { schema: names.schema },
      );
    }
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
