import fs from "node:fs";
import path from "node:path";
import { errorCode, fsyncDirectory } from "@podkit/core/durable-fs";
import { TicketError } from "../../domain/ticket-error.js";
import {
  type AcquireLockOptions,
  checkLockOptions,
  decideLock,
  type LockAcquisition,
  type ReleaseLockOptions,
  type StoreLock,
} from "../store-lock.js";
import { storageError, unlinkQuietly, writeError, writeFileDurably } from "./durable-write.js";
import { sweepDirectory } from "./temp-sweeper.js";
import { LOCKS_DIR, TEMP_MAX_AGE_MS, tempName } from "./ticket-paths.js";

const GENERATION_PATTERN = /^(\d{12})\.json$/;
/** Lost races in a row before giving up; each loss means another process changed the lock. */
const MAX_TRIES = 100;

interface Generation {
  readonly number: number;
  /** The lock as that generation left it; undefined when it was released. */
  readonly lock: StoreLock | undefined;
}

/**
 * Store locks as files: `.locks/<name>/<generation>.json`, each change of hands a new generation
 * committed with `link()`, which fails with EEXIST for all writers of a generation but one — so
 * taking over an expired lock is a compare-and-set too. The highest generation is the lock. Older
 * generations are removed a minute after a newer one is committed; a crash leaves at most a temp
 * file, swept when old, and an expired lock, which the next holder takes over.
 */
export class FileStoreLocks {
  readonly #directory: string;
  readonly #clock: () => Date;

  constructor(root: string, clock: () => Date) {
    this.#directory = path.join(root, LOCKS_DIR);
    this.#clock = clock;
  }

  async acquire(options: AcquireLockOptions): Promise<LockAcquisition> {
    checkLockOptions(options);
    const directory = this.#lockDirectory(options.name);
    for (let tries = 0; tries < MAX_TRIES; tries += 1) {
      const current = this.#current(directory);
      const decision = decideLock(current.lock, options, this.#clock());
      if (!decision.acquired) return decision;
      if (this.#commit(directory, current.number + 1, decision.lock)) return decision;
    }
    throw contended(options.name);
  }

  async release(options: ReleaseLockOptions): Promise<boolean> {
    checkLockOptions(options);
    const directory = this.#lockDirectory(options.name);
    for (let tries = 0; tries < MAX_TRIES; tries += 1) {
      const current = this.#current(directory);
      if (current.lock?.holder !== options.holder) return false;
      if (this.#commit(directory, current.number + 1, undefined)) return true;
    }
    throw contended(options.name);
  }

  #lockDirectory(name: string): string {
    const directory = path.join(this.#directory, name);
    try {
      fs.mkdirSync(directory, { recursive: true });
    } catch (error) {
      throw writeError("create the lock directory", directory, error);
    }
    return directory;
  }

  /** The highest generation; generation 0 (free) when there is none. */
  #current(directory: string): Generation {
    const numbers = this.#generations(directory);
    const number = numbers.at(-1);
    if (number === undefined) return { number: 0, lock: undefined };
    const file = path.join(directory, generationName(number));
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      // Removed as an older generation after we listed: a newer one exists; read again.
      if (errorCode(error) === "ENOENT") return this.#current(directory);
      throw storageError("read the lock file", file, error);
    }
    return { number, lock: parseLock(text, file) };
  }

  #generations(directory: string): number[] {
    let names: string[];
    try {
      names = fs.readdirSync(directory);
    } catch (error) {
      throw storageError("list the lock directory", directory, error);
    }
    return names
      .map((name) => GENERATION_PATTERN.exec(name)?.[1])
      .filter((digits) => digits !== undefined)
      .map(Number)
      .sort((left, right) => left - right);
  }

  /**
   * Removes generations below the previous one, once they are older than a temp file may live:
   * a writer that listed the directory and paused would otherwise link a generation number freed
   * by the removal and take a lock that has moved on (the same bound as the temp sweep's).
   */
  #removeOld(directory: string, number: number): void {
    const cutoff = Date.now() - TEMP_MAX_AGE_MS;
    for (const older of this.#generations(directory)) {
      if (older >= number - 1) break;
      const file = path.join(directory, generationName(older));
      const stats = fs.statSync(file, { throwIfNoEntry: false });
      if (stats !== undefined && stats.mtimeMs < cutoff) unlinkQuietly(file);
    }
    sweepDirectory(directory);
  }

  /** Commits `lock` (undefined: released) as generation `number`; false when another writer committed it first. */
  #commit(directory: string, number: number, lock: StoreLock | undefined): boolean {
    const final = path.join(directory, generationName(number));
    const temp = path.join(directory, tempName(`lock-${number}`));
    const text = `${JSON.stringify(lock === undefined ? { released: true } : lock)}\n`;
    try {
      writeFileDurably(temp, text);
      fs.linkSync(temp, final);
    } catch (error) {
      if (errorCode(error) === "EEXIST") return false;
      throw writeError("write the lock file", final, error);
    } finally {
      unlinkQuietly(temp);
    }
    fsyncDirectory(directory);
    this.#removeOld(directory, number);
    return true;
  }
}

function generationName(number: number): string {
  return `${String(number).padStart(12, "0")}.json`;
}

function parseLock(text: string, file: string): StoreLock | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TicketError("corrupt", `Lock file '${file}' is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof parsed === "object" && parsed !== null && "released" in parsed) return undefined;
  if (
    typeof parsed === "object" &&
    parsed !== null &&
    "name" in parsed &&
    "holder" in parsed &&
    "expiresAt" in parsed &&
    typeof parsed.name === "string" &&
    typeof parsed.holder === "string" &&
    typeof parsed.expiresAt === "string"
  )
    return { name: parsed.name, holder: parsed.holder, expiresAt: parsed.expiresAt };
  throw new TicketError("corrupt", `Lock file '${file}' does not hold a lock (name, holder, expiresAt).`);
}

function contended(name: string): TicketError {
  return new TicketError(
    "conflict",
    `Lock '${name}' changed hands ${MAX_TRIES} times while we tried to take it; try again.`,
  );
}
