import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
/** Where the PostgreSQL 15 server programs are: Debian's location unless `PODKIT_PG_BIN` says otherwise. */
const BIN = process.env.PODKIT_PG_BIN ?? "/usr/lib/postgresql/15/bin";
/** initdb and the server refuse to run as root: as root, the cluster belongs to this user. */
const CLUSTER_USER = "postgres";
const asRoot = process.getuid?.() === 0;

/**
 * Why a throwaway cluster cannot be made on this machine, or undefined when it can: it needs
 * `initdb` and `pg_ctl` of PostgreSQL 15 in {@link BIN} and, when the tests run as root, a
 * `postgres` user to own the cluster (as another user, the cluster is that user's own).
 */
export function throwawayClusterUnavailable(): string | undefined {
  const missing = ["initdb", "pg_ctl", "postgres"].filter(
    (program) => !fs.existsSync(path.join(BIN, program)),
  );
  if (missing.length > 0)
    return `no PostgreSQL 15 server programs (${missing.join(", ")}) in ${BIN}; install postgresql-15 or set PODKIT_PG_BIN to their directory`;
  if (asRoot) {
    try {
      execFileSync("id", ["-u", CLUSTER_USER], { stdio: "ignore" });
    } catch {
      return `running as root, and there is no '${CLUSTER_USER}' user to own the cluster (initdb refuses root)`;
    }
  }
  return undefined;
}

/** Runs a shell command as the cluster's owner: `su postgres` as root, directly otherwise. */
async function asClusterOwner(command: string): Promise<string> {
  const { stdout } = asRoot
    ? await run("su", [CLUSTER_USER, "-c", command], { timeout: 120_000 })
    : await run("/bin/sh", ["-c", command], { timeout: 120_000 });
  return stdout;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A PostgreSQL 15 cluster of its own in a temporary directory, on a free loopback port, with
 * trust authentication: a server a test may stop, crash and start again. `remove()` stops it and
 * deletes the directory. Check {@link throwawayClusterUnavailable} first.
 */
export class ThrowawayCluster {
  private constructor(
    readonly directory: string,
    readonly port: number,
  ) {}

  /** Creates the cluster (initdb) and starts it. */
  static async create(): Promise<ThrowawayCluster> {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-pg-cluster-"));
    try {
      fs.chmodSync(directory, 0o700);
      if (asRoot) await run("chown", [`${CLUSTER_USER}:${CLUSTER_USER}`, directory]);
      await asClusterOwner(
        `${BIN}/initdb -D ${directory} --auth=trust --username=postgres --no-sync >/dev/null`,
      );
      const cluster = new ThrowawayCluster(directory, await freePort());
      await cluster.start();
      return cluster;
    } catch (error) {
      fs.rmSync(directory, { recursive: true, force: true });
      throw error;
    }
  }

  /** A connection string for the cluster's `postgres` database. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.directory} -c listen_addresses=127.0.0.1`;
    await asClusterOwner(
      `${BIN}/pg_ctl -D ${this.directory} -o '${options}' -l ${this.directory}/server.log -w start >/dev/null`,
    );
  }

  /** `fast` rolls back open transactions and shuts down cleanly; `immediate` kills the server (crash recovery on start). */
  async stop(mode: "fast" | "immediate"): Promise<void> {
    await asClusterOwner(`${BIN}/pg_ctl -D ${this.directory} -m ${mode} -w stop >/dev/null`);
  }

  async remove(): Promise<void> {
    await this.stop("immediate").catch(() => {});
    fs.rmSync(this.directory, { recursive: true, force: true });
  }
}
