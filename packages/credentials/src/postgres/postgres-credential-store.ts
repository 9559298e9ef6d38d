import type pg from "pg";
import type {
  CreateCredentialOptions,
  CreatedCredential,
  Credential,
  CredentialChange,
  CredentialStore,
  VerifyResult,
} from "../credential.js";
import { credentialRefusal, verifiedOf } from "../credential.js";
import { CredentialError } from "../credential-error.js";
import { generateToken, hashToken, isCredentialId, tokenId, tokenMatches } from "../token-format.js";
import { validateCreateOptions } from "../validate-options.js";
import type { CredentialRow, CredentialStatements } from "./credential-statements.js";

/** What the store needs: a pool, the statements of its schema, and a way to open a LISTEN connection. */
export interface PostgresCredentialStoreParts {
  readonly pool: pg.Pool;
  readonly statements: CredentialStatements;
  readonly connect: () => pg.Client;
}

/**
 * Credentials in the `credentials` table of the ticket backend's schema: one row per credential
 * with the SHA-256 of its token, database time for creation, expiry and revocation, and a NOTIFY
 * on `<schema>_credentials` for every revocation. Build it with `createPostgresCredentialStore`.
 */
export class PostgresCredentialStore implements CredentialStore {
  readonly kind = "postgres";
  readonly #pool: pg.Pool;
  readonly #statements: CredentialStatements;
  readonly #connect: () => pg.Client;
  readonly #listeners = new Set<(change: CredentialChange) => void>();
  #listener: pg.Client | undefined;
  #reconnect: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(parts: PostgresCredentialStoreParts) {
    this.#pool = parts.pool;
    this.#statements = parts.statements;
    this.#connect = parts.connect;
  }

  async create(options: CreateCredentialOptions): Promise<CreatedCredential> {
    const { rows } = await this.#query<{ now: Date }>(this.#statements.now, []);
    validateCreateOptions(options, rows[0]?.now ?? new Date());
    for (;;) {
      const { id, token } = generateToken();
      const inserted = await this.#query<CredentialRow>(this.#statements.insert, [
        id,
        hashToken(token),
        options.role,
        options.agentId,
        options.ticketId ?? null,
        options.label ?? null,
        options.expiresAt ?? null,
      ]);
      const row = inserted.rows[0];
      // No row: that id was taken (64 random bits: practically never); draw another.
      if (row !== undefined) return { token, credential: credentialOf(row) };
    }
  }

  async list(): Promise<readonly Credential[]> {
    const { rows } = await this.#query<CredentialRow>(this.#statements.selectAll, []);
    return rows.map(credentialOf);
  }

  async get(id: string): Promise<Credential | undefined> {
    if (!isCredentialId(id)) return undefined;
    const { rows } = await this.#query<CredentialRow>(this.#statements.selectOne, [id]);
    return rows[0] === undefined ? undefined : credentialOf(rows[0]);
  }

  async revoke(id: string): Promise<Credential> {
    if (isCredentialId(id)) await this.#query(this.#statements.revoke, [id, this.#statements.channel]);
    const credential = await this.get(id);
    if (credential === undefined)
      throw new CredentialError("not_found", `No credential '${String(id).slice(0, 40)}'.`);
    return credential;
  }

  async verify(token: string): Promise<VerifyResult> {
    const id = tokenId(token);
    const row =
      id === undefined
        ? undefined
        : (await this.#query<CredentialRow>(this.#statements.selectOne, [id])).rows[0];
    if (!tokenMatches(typeof token === "string" ? token : "", row?.token_hash))
      return { ok: false, reason: id === undefined ? "malformed" : "unknown" };
    const credential = credentialOf(row as CredentialRow);
    const refusal = credentialRefusal(credential, (row as CredentialRow).now);
    return refusal === undefined
      ? { ok: true, credential: verifiedOf(credential) }
      : { ok: false, reason: refusal };
  }

  /** Revocations by any process, through LISTEN; a dropped connection is reopened. */
  watch(listener: (change: CredentialChange) => void): () => void {
    this.#listeners.add(listener);
    if (this.#listener === undefined && this.#reconnect === undefined) void this.#listen(100);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stopListening();
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    this.#stopListening();
    await this.#pool.end();
  }

  async #listen(retryDelayMs: number): Promise<void> {
    if (this.#closed || this.#listeners.size === 0) return;
    const client = this.#connect();
    this.#listener = client;
    const retry = () => {
      if (this.#listener !== client) return;
      this.#listener = undefined;
      void client.end().catch(() => {});
      if (this.#closed || this.#listeners.size === 0) return;
      this.#reconnect = setTimeout(() => {
        this.#reconnect = undefined;
        void this.#listen(Math.min(retryDelayMs * 2, 5_000));
      }, retryDelayMs);
      this.#reconnect.unref();
    };
    client.on("error", retry);
    client.on("end", retry);
    client.on("notification", (message) => {
      if (message.channel !== this.#statements.channel || !isCredentialId(message.payload)) return;
      for (const each of this.#listeners) each({ id: message.payload, kind: "revoked" });
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.#statements.channel}"`);
    } catch {
      retry();
    }
  }

  #stopListening(): void {
    if (this.#reconnect !== undefined) clearTimeout(this.#reconnect);
    this.#reconnect = undefined;
    const client = this.#listener;
    this.#listener = undefined;
    void client?.end().catch(() => {});
  }

  async #query<Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<Row>> {
    try {
      return await this.#pool.query<Row>(text, values);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CredentialError(
        "storage_unavailable",
        `The credential table ${this.#statements.table} cannot be used: ${reason}`,
        { cause: error },
      );
    }
  }
}

function credentialOf(row: CredentialRow): Credential {
  return {
    id: row.id,
    role: row.role,
    agentId: row.agent_id,
    ...(row.ticket_id === null ? {} : { ticketId: row.ticket_id }),
    ...(row.label === null ? {} : { label: row.label }),
    createdAt: row.created_at.toISOString(),
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at.toISOString() }),
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at.toISOString() }),
  };
}
