import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { REPOSITORY_ROOT } from "../packages/mcp/src/fixtures/connect-client.js";
import { createTicketPodkit } from "../packages/mcp/src/fixtures/ticket-podkit.js";
import type { BenchContext } from "./bench-context.js";
import { median } from "./measure.js";

const TOOL = "ticket_show";
const INPUT = { ticketId: "T-1" };
const WARMUP_CALLS = 50;
const CALLS = 500;
const SERVER_SCRIPT = "packages/mcp/src/fixtures/serve-ticket-role.ts";

/**
 * One read-only ticket call (`ticket_show` of a coder bound to T-1) through a real stdio MCP
 * server process, and the same call in process through `toolset.call`, both on one file ticket
 * store in a temporary directory. Per-call latency, p50.
 */
export async function mcpBench(bench: BenchContext): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "podkit-bench-mcp-"));
  try {
    await measure(bench, root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function measure(bench: BenchContext, root: string): Promise<void> {
  const podkit = await createTicketPodkit({ root });
  const toolset = podkit.toolset({ role: "coder", agentId: "coder-1", bindings: { ticket: "T-1" } });
  const inProcess = await latencies(bench, "toolset.call", async () => {
    const result = await toolset.call(TOOL, INPUT);
    if (!result.ok) throw new Error(`${TOOL} failed: ${result.error.code}: ${result.error.message}`);
  });

  const client = new Client({ name: "podkit-bench", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ["--conditions=@podkit/source", "--import", "tsx", SERVER_SCRIPT, ...serverArguments(root)],
      cwd: REPOSITORY_ROOT,
      stderr: "inherit",
    }),
  );
  bench.note(`stdio server: ${SERVER_SCRIPT} on the file store at ${root}`);
  await client.listTools();
  const overStdio = await latencies(bench, "MCP over stdio", async () => {
    const result = await client.callTool({ name: TOOL, arguments: INPUT });
    if (result.isError) throw new Error(`${TOOL} over MCP failed: ${JSON.stringify(result.content)}`);
  });
  await client.close();
  await podkit.dispose();

  const stdioP50 = median(overStdio);
  const toolsetP50 = median(inProcess);
  bench.metric("mcp_stdio_call_p50_ms", round(stdioP50, 3), "ms");
  bench.metric("toolset_call_p50_ms", round(toolsetP50, 4), "ms");
  bench.metric("mcp_stdio_over_toolset", round(stdioP50 / toolsetP50, 1), "ratio");
}

/** Milliseconds of each of {@link CALLS} sequential calls, after {@link WARMUP_CALLS} untimed ones. */
async function latencies(bench: BenchContext, label: string, call: () => Promise<void>): Promise<number[]> {
  for (let index = 0; index < WARMUP_CALLS; index += 1) await call();
  bench.note(`timing ${CALLS} sequential ${TOOL} calls via ${label}…`);
  const samples: number[] = [];
  for (let index = 0; index < CALLS; index += 1) {
    const started = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

/** The coder bound to T-1, on the file store the in-process side uses. */
function serverArguments(root: string): string[] {
  return ["--role", "coder", "--ticket", "T-1", "--root", root];
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
