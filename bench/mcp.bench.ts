import { connectPodkitMcp, makeTicketRepository } from "@podkit/harness/mcp";
import { loadPodkitConfig, openPodkit } from "podkit";
import type { BenchContext } from "./bench-context.js";
import { median } from "./measure.js";

const TOOL = "ticket_show";
const INPUT = { ticketId: "T-1" };
const CODER = { role: "coder", ticket: "T-1", agent: "coder-1" } as const;
const WARMUP_CALLS = 50;
const CALLS = 500;

/**
 * One read-only ticket call (`ticket_show` of a coder bound to T-1) through a real `podkit mcp`
 * process over stdio, and the same call in process through `toolset.call` — both on one file
 * ticket store in a temporary repository. Per-call latency, p50.
 */
export async function mcpBench(bench: BenchContext): Promise<void> {
  const repository = await makeTicketRepository();
  try {
    await measure(bench, repository.directory, repository.configFile);
  } finally {
    repository.remove();
  }
}

async function measure(bench: BenchContext, directory: string, configFile: string): Promise<void> {
  const podkit = await openPodkit(loadPodkitConfig(configFile));
  const toolset = podkit.toolset({
    role: CODER.role,
    agentId: CODER.agent,
    bindings: { ticket: CODER.ticket },
  });
  const inProcess = await latencies(bench, "toolset.call", async () => {
    const result = await toolset.call(TOOL, INPUT);
    if (!result.ok) throw new Error(`${TOOL} failed: ${result.error.code}: ${result.error.message}`);
  });

  bench.note(`starting podkit mcp --role coder --ticket T-1 in ${directory}…`);
  const client = await connectPodkitMcp(directory, CODER);
  await client.listTools();
  const overStdio = await latencies(bench, "podkit mcp over stdio", async () => {
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

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
