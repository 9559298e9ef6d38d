import { createPostgresTicketBackend } from "@podkit/ticket-backend-postgres";
import { DEFAULT_SCHEMA, schemaNames } from "@podkit/ticket-backend-postgres/schema-names";
import pg from "pg";
import { CredentialError } from "../credential-error.js";
import { CredentialStatements } from "./credential-statements.js";
import { PostgresCredentialStore } from "./postgres-credential-store.js";

/** Where `createPostgresCredentialStore` connects: the database URL, the schema and the pool size. */
export interface PostgresCredentialStoreOptions {
  /** A connection string, e.g. `postgres://podkit@db.internal:5432/podkit`. */
  readonly url: string;
  /** The ticket backend's schema (default `podkit`); its table `credentials` holds the hashes. */
  readonly schema?: string;
  /** Connections at most (default 4). */
  readonly maxConnections?: number;
}

/**
 * Opens the credential table of a PostgreSQL ticket schema. The schema is created and migrated
 * exactly as the ticket backend does it (the table is one of its migrations), so a credential
 * store and a ticket store of one schema are always at the same version.
 */
export async function createPostgresCredentialStore(
  options: PostgresCredentialStoreOptions,
): Promise<PostgresCredentialStore> {
  if (typeof options.url !== "string" || options.url.trim() === "") {
    throw new CredentialError(
      "invalid_input",
      "No PostgreSQL connection string: give 'url' (e.g. postgres://user@host:5432/db), or set PODKIT_PG_URL where the caller reads it.",
    );
  }
  const names = schemaNames(options.schema ?? DEFAULT_SCHEMA);
  // Opening the ticket backend migrates the schema under its advisory lock; nothing else of it is needed.
  try {
    const backend = await createPostgresTicketBackend({ url: options.url, schema: names.schema });
    await backend.close();
  } catch (error) {
    throw new CredentialError(
      "storage_unavailable",
      `Cannot open schema '${names.schema}' for credentials: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const config: pg.ClientConfig = {
    connectionString: options.url,
    application_name: "podkit-credentials",
    statement_timeout: 5_000,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  };
  const pool = new pg.Pool({ ...config, max: options.maxConnections ?? 4 });
  // An idle connection that dies is dropped; the next query opens a new one.
  pool.on("error", () => {});
  return new PostgresCredentialStore({
    pool,
    statements: new CredentialStatements(names.schema),
    connect: () => new pg.Client(config),
  });
}
