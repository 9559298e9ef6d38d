import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { createPodkit } from "../packages/core/src/index.js";
import { createFileCredentialStore } from "../packages/credentials/src/index.js";
import { createFileTicketBackend, createTicketFeature } from "../packages/ticket-lifecycle/src/index.js";
import type { BenchContext } from "./bench-context.js";
import { generateTickets } from "./generated-store.js";
import { startMcpFloor } from "./mcp-floor.js";
import { median } from "./measure.js";
import { nodeHttpFetch } from "./node-http-fetch.js";
import {
  GENERATED_STATES,
  openEventStream,
  PODKIT_BIN,
  signIn,
  startServe,
  timeToFirstByte,
} from "./serve-rig.js";

const TICKETS = 10_000;
const BOARD_RUNS = 21;
const QUEUE_WRITES = 200;
const MCP_WARMUP = 50;
const MCP_ROUNDS = 10;
const MCP_CALLS_PER_ROUND = 50;
const TOOL = "ticket_show";

/**
 * `podkit serve` as a separate process on a file store of 10,000 tickets: the board's first byte,
 * a `ticket_queue` write until its SSE event reaches a connected client, and remote MCP over HTTP
 * against `podkit mcp` over stdio for the same call.
 */
export async function serveBench(bench: BenchContext): Promise<void> {
  const directory = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "podkit-bench-serve-")));
  const root = path.join(directory, ".podkit", "tickets");
  bench.note(`writing ${TICKETS} tickets as event files (untimed)…`);
  await generateTickets(root, TICKETS, GENERATED_STATES);
  fs.writeFileSync(
    path.join(directory, "podkit.config.yaml"),
    "auth: required\nbackend:\n  kind: file\n  root: .podkit/tickets\n",
  );
  const credentials = createFileCredentialStore({
    directory: path.join(directory, ".podkit", "credentials"),
  });
  const served = await startServe(directory);
  try {
    const human = await credentials.create({ role: "human", agentId: "bench" });
    const cookie = await signIn(served.url, human.token);
    await board(bench, served.url, cookie);
    await queueToSse(bench, served.url, cookie, root);
    // One session per credential: each client gets its own token for the same coder (under
    // `auth: required`, `podkit mcp` takes its identity from PODKIT_TOKEN too).
    const coder = { role: "coder", agentId: "coder-1", ticketId: "T-1" };
    const tokens = [
      (await credentials.create(coder)).token,
      (await credentials.create(coder)).token,
      (await credentials.create(coder)).token,
    ] as const;
    await httpOverStdio(bench, served.url, tokens, directory);
  } finally {
    await served.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

async function board(bench: BenchContext, url: string, cookie: string): Promise<void> {
  // The first request waits for the server's first read of the store.
  const cold = await timeToFirstByte(url, "/", cookie);
  bench.metric("board_10k_cold_ms", round(cold), "ms");
  const samples: number[] = [];
  for (let run = 0; run < BOARD_RUNS; run += 1) samples.push(await timeToFirstByte(url, "/", cookie));
  const ms = median(samples);
  bench.metric("board_10k_ms", round(ms), "ms");
  bench.target("board_10k_ms", ms <= 250);
}

async function queueToSse(bench: BenchContext, url: string, cookie: string, root: string): Promise<void> {
  // The writer is this process, as the CLI or an agent would be; the server sees the commit
  // through its watch on the store, like any other writer's.
  const backend = createFileTicketBackend({ root });
  const podkit = await createPodkit({ features: [createTicketFeature({ backend })] });
  const human = podkit.toolset({ role: "human", agentId: "bench" });
  const page = await (await fetch(new URL("/", url), { headers: { Cookie: cookie } })).text();
  const since = /data-version="([0-9]+)"/.exec(page)?.[1] ?? "0";
  const stream = await openEventStream(url, cookie, since);
  const ready = Array.from({ length: TICKETS }, (_, index) => index + 1)
    .filter((number) => GENERATED_STATES[(number - 1) % 5] === "ready")
    .slice(0, QUEUE_WRITES);
  bench.note(`timing ${ready.length} ticket_queue writes until their card event arrives over SSE…`);
  const samples: number[] = [];
  try {
    for (const number of ready) {
      const ticketId = `T-${number}`;
      const arrived = stream.waitFor(ticketId, "queued");
      const started = performance.now();
      const result = await human.call("ticket_queue", { ticketId });
      if (!result.ok) throw new Error(`ticket_queue ${ticketId}: ${result.error.message}`);
      samples.push((await arrived) - started);
    }
  } finally {
    stream.close();
    await podkit.dispose();
  }
  const p99 = percentile(samples, 0.99);
  bench.metric("queue_to_sse_p50_ms", round(median(samples)), "ms");
  bench.metric("queue_to_sse_p99_ms", round(p99), "ms");
  bench.target("queue_to_sse_p99_ms", p99 <= 250);
}

async function httpOverStdio(
  bench: BenchContext,
  url: string,
  tokens: readonly [string, string, string],
  directory: string,
): Promise<void> {
  const connectHttp = async (name: string, token: string, fetch?: FetchLike) => {
    const client = new Client({ name, version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("/mcp", url), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
        ...(fetch === undefined ? {} : { fetch }),
      }),
    );
    return client;
  };
  const overHttp = await connectHttp("bench-http", tokens[0], nodeHttpFetch());
  const overHttpFetch = await connectHttp("bench-http-fetch", tokens[1]);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith("PODKIT_")) env[name] = value;
  env.PODKIT_TOKEN = tokens[2];
  const overStdio = new Client({ name: "bench-stdio", version: "1.0.0" });
  await overStdio.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [PODKIT_BIN, "mcp", "--role", "coder", "--ticket", "T-1", "--agent", "coder-1"],
      cwd: directory,
      env,
      stderr: "inherit",
    }),
  );
  // The floor: the same clients' calls to a server that does nothing but answer with this result.
  const { content, structuredContent } = await overStdio.callTool({
    name: TOOL,
    arguments: { ticketId: "T-1" },
  });
  const floor = await startMcpFloor({ content, structuredContent }, directory);
  try {
    const call = (client: Client) => async () => {
      const result = await client.callTool({ name: TOOL, arguments: { ticketId: "T-1" } });
      if (result.isError) throw new Error(`${TOOL} failed: ${JSON.stringify(result.content)}`);
    };
    const variants = {
      http: call(overHttp),
      stdio: call(overStdio),
      httpFetch: call(overHttpFetch),
      floorHttp: call(floor.http),
      floorStdio: call(floor.stdio),
    };
    for (const run of Object.values(variants))
      for (let index = 0; index < MCP_WARMUP; index += 1) await run();
    bench.note(`timing ${MCP_ROUNDS * MCP_CALLS_PER_ROUND} ${TOOL} calls over each transport, interleaved…`);
    const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, [] as number[]])) as Record<
      keyof typeof variants,
      number[]
    >;
    for (let round = 0; round < MCP_ROUNDS; round += 1) {
      for (const [name, run] of Object.entries(variants) as Array<
        [keyof typeof variants, () => Promise<void>]
      >) {
        for (let index = 0; index < MCP_CALLS_PER_ROUND; index += 1) {
          const started = performance.now();
          await run();
          samples[name].push(performance.now() - started);
        }
      }
    }
    const http = median(samples.http);
    const stdio = median(samples.stdio);
    bench.metric("mcp_http_call_p50_ms", round(http, 3), "ms");
    bench.metric("mcp_http_call_p99_ms", round(percentile(samples.http, 0.99), 3), "ms");
    bench.metric("mcp_stdio_call_p50_ms", round(stdio, 3), "ms");
    bench.metric("mcp_stdio_call_p99_ms", round(percentile(samples.stdio, 0.99), 3), "ms");
    bench.metric("mcp_http_fetch_call_p50_ms", round(median(samples.httpFetch), 3), "ms");
    const floorHttp = median(samples.floorHttp);
    const floorStdio = median(samples.floorStdio);
    bench.metric("mcp_floor_http_call_p50_ms", round(floorHttp, 3), "ms");
    bench.metric("mcp_floor_stdio_call_p50_ms", round(floorStdio, 3), "ms");
    // What podkit serve spends on a call over HTTP beyond what podkit mcp spends over stdio.
    bench.metric("serve_http_extra_ms", round(http - floorHttp - (stdio - floorStdio), 3), "ms");
    bench.metric("http_over_stdio", round(http / stdio, 2), "ratio");
    bench.target("http_over_stdio", http / stdio <= 2);
  } finally {
    await floor.close();
    await overHttp.close();
    await overHttpFetch.close();
    await overStdio.close();
  }
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}
