import fs from "node:fs";
import path from "node:path";
import { errorCode } from "@podkit/core/durable-fs";
import type {
  CreateCredentialOptions,
  CreatedCredential,
  Credential,
  CredentialChange,
  CredentialStore,
  VerifyResult,
} from "../credential.js";
import { credentialRefusal, newCredential, verifiedOf } from "../credential.js";
import { CredentialError } from "../credential-error.js";
import { generateToken, hashToken, isCredentialId, tokenId, tokenMatches } from "../token-format.js";
import { validateCreateOptions } from "../validate-options.js";
import {
  formatCredentialFile,
  formatRevocationFile,
  parseCredentialFile,
  parseRevocationFile,
  type StoredCredential,
} from "./credential-file.js";
import { commitFile, DIRECTORY_MODE, FILE_MODE } from "./durable-file.js";

const RECORD_SUFFIX = ".json";
const REVOKED_SUFFIX = ".revoked";
/** Keeps the directory out of git wherever it sits in a repository. */
const GITIGNORE = "# Written by podkit: credential hashes are machine-local, never committed.\n*\n";

/** Where `createFileCredentialStore` keeps credentials, and the clock it stamps them with. */
export interface FileCredentialStoreOptions {
  /** The directory, e.g. `<repository>/.podkit/credentials`; created (mode 0700) on the first write. */
  readonly directory: string;
  /** The clock for creation, expiry and revocation times; the local clock by default. */
  readonly clock?: () => Date;
}

/** Opens a credential directory; nothing is written until a credential is created. */
export function createFileCredentialStore(options: FileCredentialStoreOptions): FileCredentialStore {
  return new FileCredentialStore(path.resolve(options.directory), options.clock ?? (() => new Date()));
}

/**
 * Credentials as files, safe for many processes on one host without locks: each credential is
 * one immutable file `<id>.json` (mode 0600) and its revocation another, `<id>.revoked`, both
 * committed with write, fsync and `link()` so nobody sees half a file and nothing is lost to a
 * concurrent writer. Only SHA-256 hashes of tokens are written. Build it with
 * `createFileCredentialStore`.
 */
export class FileCredentialStore implements CredentialStore {
  readonly kind = "file";
  /** The directory the credential files live in. */
  readonly directory: string;
  readonly #clock: () => Date;
  #watcher: fs.FSWatcher | undefined;
  readonly #listeners = new Set<(change: CredentialChange) => void>();
  /** Parsed records by id, each with the file identity it was read from (see `#readStored`). */
  readonly #records = new Map<string, { readonly stamp: string; readonly stored: StoredCredential }>();

  constructor(directory: string, clock: () => Date) {
    this.directory = directory;
    this.#clock = clock;
  }

  async create(options: CreateCredentialOptions): Promise<CreatedCredential> {
    const now = this.#clock();
    validateCreateOptions(options, now);
    this.#ensureDirectory();
    for (;;) {
      const { id, token } = generateToken();
      const credential = newCredential(id, options, now);
      const text = formatCredentialFile({ credential, tokenHash: hashToken(token) });
      // A taken id (64 random bits: practically never) only means drawing another.
      if (this.#commit(`${id}${RECORD_SUFFIX}`, text, "create a credential in")) return { token, credential };
    }
  }

  async list(): Promise<readonly Credential[]> {
    const names = this.#names();
    const credentials: Credential[] = [];
    for (const name of names) {
      if (!name.endsWith(RECORD_SUFFIX)) continue;
      const id = name.slice(0, -RECORD_SUFFIX.length);
      if (!isCredentialId(id)) continue;
      try {
        const credential = this.#read(id);
        if (credential !== undefined) credentials.push(credential);
      } catch (error) {
        // A damaged file is left out (it verifies as unknown); the others are still listed.
        if (!CredentialError.isInstance(error) || error.code !== "corrupt") throw error;
      }
    }
    return credentials.sort(
      (left, right) => left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id),
    );
  }

  async get(id: string): Promise<Credential | undefined> {
    return isCredentialId(id) ? this.#read(id) : undefined;
  }

  async revoke(id: string): Promise<Credential> {
    const credential = isCredentialId(id) ? this.#read(id) : undefined;
    if (credential === undefined)
      throw new CredentialError(
        "not_found",
        `No credential '${String(id).slice(0, 40)}' in '${this.directory}'.`,
      );
    if (credential.revokedAt !== undefined) return credential;
    const revokedAt = this.#clock();
    // Taken means another process revoked it first: revoked either way.
    this.#commit(`${id}${REVOKED_SUFFIX}`, formatRevocationFile(revokedAt), "revoke a credential in");
    return (await this.get(id)) ?? { ...credential, revokedAt: revokedAt.toISOString() };
  }

  async verify(token: string): Promise<VerifyResult> {
    const id = tokenId(token);
    let stored: StoredCredential | undefined;
    if (id !== undefined) {
      try {
        stored = this.#readStored(id);
      } catch (error) {
        if (!CredentialError.isInstance(error) || error.code !== "corrupt") throw error;
      }
    }
    if (!tokenMatches(typeof token === "string" ? token : "", stored?.tokenHash))
      return { ok: false, reason: id === undefined ? "malformed" : "unknown" };
    const credential = this.#withRevocation((stored as StoredCredential).credential);
    const refusal = credentialRefusal(credential, this.#clock());
    return refusal === undefined
      ? { ok: true, credential: verifiedOf(credential) }
      : { ok: false, reason: refusal };
  }

  /** Reports revocations by any process on this host (`<id>.revoked` appearing). */
  watch(listener: (change: CredentialChange) => void): () => void {
    if (this.#watcher === undefined) {
      this.#ensureDirectory();
      this.#watcher = fs.watch(this.directory, { persistent: false }, (_type, name) => {
        if (typeof name !== "string" || !name.endsWith(REVOKED_SUFFIX)) return;
        const id = name.slice(0, -REVOKED_SUFFIX.length);
        if (!isCredentialId(id)) return;
        for (const each of this.#listeners) each({ id, kind: "revoked" });
      });
      this.#watcher.on("error", () => this.#stopWatching());
    }
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stopWatching();
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#stopWatching();
  }

  #stopWatching(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #read(id: string): Credential | undefined {
    const stored = this.#readStored(id);
    return stored === undefined ? undefined : this.#withRevocation(stored.credential);
  }

  /**
   * A record is written once and never changed, so a server verifying a token on every request
   * reuses what it parsed: one `stat` tells whether the file is still the same one (inode, size,
   * times). A deleted or replaced file is noticed on the next call, as a revocation is.
   */
  #readStored(id: string): StoredCredential | undefined {
    const file = path.join(this.directory, `${id}${RECORD_SUFFIX}`);
    let stats: fs.Stats | undefined;
    try {
      stats = fs.statSync(file, { throwIfNoEntry: false });
    } catch (error) {
      if (errorCode(error) !== "ENOTDIR") throw unavailable("read", file, error);
    }
    if (stats === undefined) {
      this.#records.delete(id);
      return undefined;
    }
    const stamp = `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
    const cached = this.#records.get(id);
    if (cached?.stamp === stamp) return cached.stored;
    const text = this.#readText(`${id}${RECORD_SUFFIX}`);
    if (text === undefined) return undefined;
    const stored = parseCredentialFile(text, id);
    this.#records.set(id, { stamp, stored });
    return stored;
  }

  #withRevocation(credential: Omit<Credential, "revokedAt">): Credential {
    // Checked before reading: most credentials are not revoked, and a failed read builds an
    // error with a stack trace on every request a server verifies.
    const name = `${credential.id}${REVOKED_SUFFIX}`;
    const marker = fs.existsSync(path.join(this.directory, name)) ? this.#readText(name) : undefined;
    return marker === undefined ? credential : { ...credential, revokedAt: parseRevocationFile(marker) };
  }

  #readText(name: string): string | undefined {
    const file = path.join(this.directory, name);
    try {
      return fs.readFileSync(file, "utf8");
    } catch (error) {
      if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") return undefined;
      throw unavailable("read", file, error);
    }
  }

  #names(): string[] {
    try {
      return fs.readdirSync(this.directory);
    } catch (error) {
      if (errorCode(error) === "ENOENT") return [];
      throw unavailable("list", this.directory, error);
    }
  }

  #commit(name: string, text: string, action: string): boolean {
    try {
      return commitFile(path.join(this.directory, name), text);
    } catch (error) {
      throw unavailable(action, this.directory, error);
    }
  }

  /** Creates the directory owner-only, tightens one made looser, and keeps it out of git. */
  #ensureDirectory(): void {
    try {
      fs.mkdirSync(this.directory, { recursive: true, mode: DIRECTORY_MODE });
      const stats = fs.statSync(this.directory);
      if (!stats.isDirectory()) throw new Error("not a directory");
      if ((stats.mode & 0o077) !== 0) fs.chmodSync(this.directory, DIRECTORY_MODE);
      if (!fs.existsSync(path.join(this.directory, ".gitignore")))
        commitFile(path.join(this.directory, ".gitignore"), GITIGNORE);
    } catch (error) {
      throw unavailable("prepare", this.directory, error);
    }
  }
}

/** File mode new credential files get; exported for tests and docs. */
export const CREDENTIAL_FILE_MODE = FILE_MODE;

function unavailable(action: string, location: string, error: unknown): CredentialError {
  const reason = error instanceof Error ? error.message : String(error);
  return new CredentialError("storage_unavailable", `Could not ${action} '${location}': ${reason}`, {
    cause: error,
  });
}
