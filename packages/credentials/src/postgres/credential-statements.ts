/** Columns every read selects, with the database's own clock for expiry decisions. */
const COLUMNS =
  "id, token_hash, role, agent_id, ticket_id, label, created_at, expires_at, revoked_at, clock_timestamp() AS now";

/** A row as `pg` returns it. */
export interface CredentialRow {
  readonly id: string;
  readonly token_hash: string;
  readonly role: string;
  readonly agent_id: string;
  readonly ticket_id: string | null;
  readonly label: string | null;
  readonly created_at: Date;
  readonly expires_at: Date | null;
  readonly revoked_at: Date | null;
  readonly now: Date;
}

/** The SQL of the store, for one schema's `credentials` table (migration 2 of the ticket backend). */
export class CredentialStatements {
  readonly table: string;
  /** The LISTEN/NOTIFY channel revocations are announced on: `<schema>_credentials`. */
  readonly channel: string;

  constructor(schema: string) {
    this.table = `"${schema}".credentials`;
    this.channel = `${schema}_credentials`;
  }

  get now(): string {
    return "SELECT clock_timestamp() AS now";
  }

  get insert(): string {
    return `INSERT INTO ${this.table} (id, token_hash, role, agent_id, ticket_id, label, created_at, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp(), $7)
      ON CONFLICT (id) DO NOTHING
      RETURNING ${COLUMNS}`;
  }

  get selectOne(): string {
    return `SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1`;
  }

  get selectAll(): string {
    return `SELECT ${COLUMNS} FROM ${this.table} ORDER BY created_at, id`;
  }

  /** Revokes once and announces it in the same statement, so a listener hears of every revocation. */
  get revoke(): string {
    return `WITH revoked AS (
        UPDATE ${this.table} SET revoked_at = clock_timestamp() WHERE id = $1 AND revoked_at IS NULL RETURNING id
      )
      SELECT pg_notify($2, id) FROM revoked`;
  }
}
