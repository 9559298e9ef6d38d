import type { Benchmark } from "./bench-context.js";
import { cliBench } from "./cli.bench.js";
import { mcpBench } from "./mcp.bench.js";
import { orchestratorBench } from "./orchestrator.bench.js";
import { postgresBench } from "./postgres.bench.js";
import { serveBench } from "./serve.bench.js";
import { ticketBench } from "./ticket.bench.js";
import { toolCallBench } from "./tool-call.bench.js";

/**
 * Every benchmark, by the name `pnpm bench <name>` selects; `pnpm bench` runs them in this order.
 * A new benchmark is a `bench/<name>.bench.ts` exporting a {@link Benchmark}, added here.
 */
export const BENCHMARKS: ReadonlyArray<readonly [name: string, run: Benchmark]> = [
  ["tool-call", toolCallBench],
  ["cli", cliBench],
  ["mcp", mcpBench],
  ["ticket", ticketBench],
  ["orchestrator", orchestratorBench],
  ["postgres", postgresBench],
  ["serve", serveBench],
];
