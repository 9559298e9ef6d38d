import type {
  CreateCredentialOptions,
  CreatedCredential,
  Credential,
  CredentialChange,
  CredentialStore,
  VerifyResult,
} from "./credential.js";
import { credentialRefusal, newCredential, verifiedOf } from "./credential.js";
import { CredentialError } from "./credential-error.js";
import { generateToken, hashToken, tokenId, tokenMatches } from "./token-format.js";
import { validateCreateOptions } from "./validate-options.js";

/** A stored record: the credential and its token's hash. */
interface MemoryRecord {
  credential: Credential;
  readonly tokenHash: string;
}

/** Credentials in memory, for tests and embedded hosts: the same rules as the durable stores. */
export class MemoryCredentialStore implements CredentialStore {
  readonly kind = "memory";
  readonly #records = new Map<string, MemoryRecord>();
  readonly #listeners = new Set<(change: CredentialChange) => void>();
  readonly #clock: () => Date;

  constructor(options: { readonly clock?: () => Date } = {}) {
    this.#clock = options.clock ?? (() => new Date());
  }

  async create(options: CreateCredentialOptions): Promise<CreatedCredential> {
    const now = this.#clock();
    validateCreateOptions(options, now);
    const { id, token } = generateToken();
    const credential = newCredential(id, options, now);
    this.#records.set(id, { credential, tokenHash: hashToken(token) });
    return { token, credential };
  }

  async list(): Promise<readonly Credential[]> {
    return [...this.#records.values()].map((record) => record.credential);
  }

  async get(id: string): Promise<Credential | undefined> {
    return this.#records.get(id)?.credential;
  }

  async revoke(id: string): Promise<Credential> {
    const record = this.#records.get(id);
    if (record === undefined)
      throw new CredentialError("not_found", `No credential '${String(id).slice(0, 40)}'.`);
    if (record.credential.revokedAt === undefined) {
      record.credential = { ...record.credential, revokedAt: this.#clock().toISOString() };
      for (const listener of this.#listeners) listener({ id, kind: "revoked" });
    }
    return record.credential;
  }

  async verify(token: string): Promise<VerifyResult> {
    const id = tokenId(token);
    const record = id === undefined ? undefined : this.#records.get(id);
    if (!tokenMatches(typeof token === "string" ? token : "", record?.tokenHash))
      return { ok: false, reason: id === undefined ? "malformed" : "unknown" };
    const credential = (record as MemoryRecord).credential;
    const refusal = credentialRefusal(credential, this.#clock());
    return refusal === undefined
      ? { ok: true, credential: verifiedOf(credential) }
      : { ok: false, reason: refusal };
  }

  watch(listener: (change: CredentialChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}
