import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";

/** Runs a PostgreSQL program as the `postgres` user (initdb and the server refuse root). */
async function asPostgres(command: string): Promise<string> {
  const { stdout } = await run("su", ["postgres", "-c", command], { timeout: 120_000 });
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
 * deletes the directory.
 */
export class ThrowawayCluster {
  private constructor(
    readonly directory: string,
    readonly port: number,
  ) {}

  /** Creates the cluster (initdb) and starts it. */
  static async create(): Promise<ThrowawayCluster> {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-pg-cluster-"));
    fs.chmodSync(directory, 0o700);
    await run("chown", ["postgres:postgres", directory]);
    await asPostgres(`${BIN}/initdb -D ${directory} --auth=trust --username=postgres --no-sync >/dev/null`);
    const cluster = new ThrowawayCluster(directory, await freePort());
    await cluster.start();
    return cluster;
  }

  /** A connection string for the cluster's `postgres` database. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.directory} -c listen_addresses=127.0.0.1`;
    await asPostgres(
      `${BIN}/pg_ctl -D ${this.directory} -o '${options}' -l ${this.directory}/server.log -w start >/dev/null`,
    );
  }

  /** `fast` rolls back open transactions and shuts down cleanly; `immediate` kills the server (crash recovery on start). */
  async stop(mode: "fast" | "immediate"): Promise<void> {
    await asPostgres(`${BIN}/pg_ctl -D ${this.directory} -m ${mode} -w stop >/dev/null`);
  }

  async remove(): Promise<void> {
    await this.stop("immediate").catch(() => {});
    fs.rmSync(this.directory, { recursive: true, force: true });
  }
}
