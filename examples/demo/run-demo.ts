import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runIntake, type TicketSpec } from "@podkit/example-agents/intake";
import { loadPodkitConfig, openPodkit } from "podkit";
import { type DemoTicket, readTickets, renderBoard, renderTimeline } from "./demo-report.js";
import type { DemoRepository } from "./demo-repository.js";

const PODKIT_BIN = fileURLToPath(new URL("../../packages/cli/bin/podkit.js", import.meta.url));
const TIMEOUT_MS = 240_000;

/** The demo's three tickets: a base one, one whose review asks for changes once, one that depends on the base. */
export interface DemoTickets<T> {
  readonly base: T;
  readonly docs: T;
  readonly dependent: T;
}

/** What a demo adds after the board: sections to print, and problems that fail it. */
export interface DemoVerdict {
  readonly sections: readonly { readonly title: string; readonly body: string }[];
  readonly problems: readonly string[];
}

/** One end-to-end demo: the repository its Pods run in, its tickets, and how its end state is judged. */
export interface DemoRun {
  readonly repository: DemoRepository;
  readonly specs: DemoTickets<TicketSpec>;
  /** Called with the ticket ids intake made, before the orchestrator starts (e.g. to write model scripts). */
  readonly prepare?: (ids: DemoTickets<string>) => void;
  /** Characters of each history body read for the report (the timeline shows first lines only). */
  readonly bodyLimit?: number;
  /** Judges the settled tickets; `gateRefusal` is why the gate refused the dependent ticket at first. */
  readonly judge: (tickets: DemoTickets<DemoTicket>, gateRefusal: string | undefined) => DemoVerdict;
  /** The last line when every check passed. */
  readonly passed: string;
}

const say = (line: string) => console.log(line);

/**
 * Runs a demo end to end on the file backend: intake creates and readies the tickets, the human
 * gate queues them (the dependent one only once its dependency is done), a real `podkit
 * orchestrate` process works them, and the demo prints a timeline, the board and its own sections.
 * Returns the exit status: 0 only when every check passed.
 */
export async function runDemo(run: DemoRun): Promise<number> {
  const { repository } = run;
  say(`demo repository: ${repository.directory}`);
  const podkit = await openPodkit(loadPodkitConfig(repository.configFile));
  let orchestrator: ChildProcess | undefined;
  try {
    const intake = podkit.toolset({ role: "intake", agentId: "intake-agent" });
    const human = podkit.toolset({ role: "human", agentId: "alice" });
    const specs = [run.specs.base, run.specs.docs, run.specs.dependent];
    const made = await runIntake(intake, specs, say);
    const [base, docs, dependent] = specs.map((spec) => made.get(spec.title) as string) as [
      string,
      string,
      string,
    ];
    run.prepare?.({ base, docs, dependent });
    const read = () => readTickets(human, [base, docs, dependent], run.bodyLimit);

    const queue = async (ticketId: string) => {
      const result = await human.call("ticket_queue", { ticketId });
      say(
        result.ok
          ? `gate: alice queued ${ticketId}`
          : `gate: ${ticketId} not queued — ${result.error.message}`,
      );
      return result.ok ? undefined : result.error.message;
    };
    await queue(base);
    await queue(docs);
    const gateRefusal = await queue(dependent);

    orchestrator = spawn(
      process.execPath,
      [PODKIT_BIN, "orchestrate", "--config", repository.configFile, "--agent", "orchestrator-demo"],
      { cwd: repository.directory, stdio: ["ignore", "pipe", "pipe"] },
    );
    orchestrator.stdout?.on("data", (chunk: Buffer) =>
      process.stdout.write(prefix(chunk, "orchestrator │ ")),
    );
    orchestrator.stderr?.on("data", (chunk: Buffer) =>
      process.stderr.write(prefix(chunk, "orchestrator ! ")),
    );

    // The human gate queues the dependent ticket once its dependency is done: on the store's
    // change notifications, with a periodic look as the backstop.
    const settled = await untilSettled(async () => {
      const tickets = await read();
      const state = (id: string) => tickets.find((ticket) => ticket.id === id)?.state;
      if (state(base) === "done" && state(dependent) === "ready") await queue(dependent);
      const finished = (id: string) => state(id) === "done" || state(id) === "blocked";
      // The dependent ticket can only start after its dependency is done; if that failed, stop waiting.
      return finished(base) && finished(docs) && (finished(dependent) || state(base) === "blocked");
    }, podkit.registry.events);
    await stop(orchestrator);
    orchestrator = undefined;

    const [baseTicket, docsTicket, dependentTicket] = await read();
    if (!baseTicket || !docsTicket || !dependentTicket) throw new Error("tickets vanished");
    const all = [baseTicket, docsTicket, dependentTicket];
    const verdict = run.judge(
      { base: baseTicket, docs: docsTicket, dependent: dependentTicket },
      gateRefusal,
    );
    say("\nTimeline\n--------");
    say(renderTimeline(all));
    say("\nBoard\n-----");
    say(renderBoard(all));
    for (const section of verdict.sections)
      say(`\n${section.title}\n${"-".repeat(section.title.length)}\n${section.body}`);
    const problems = settled
      ? verdict.problems
      : [`the tickets did not settle within ${TIMEOUT_MS / 1000} s`];
    if (problems.length > 0) {
      say(`\nDEMO FAILED:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
      say(`(repository kept for inspection: ${repository.directory})`);
      return 1;
    }
    say(`\n${run.passed}`);
    if (!process.argv.includes("--keep")) rmSync(repository.directory, { recursive: true, force: true });
    else say(`(repository kept: ${repository.directory})`);
    return 0;
  } finally {
    if (orchestrator) await stop(orchestrator);
    await podkit.dispose();
  }
}

/** Runs a demo as a script's main: its status becomes the process's exit code. */
export function runDemoMain(run: () => DemoRun): void {
  Promise.resolve()
    .then(() => runDemo(run()))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        // A podkit error (a missing API key, say) says what to do; anything else needs its stack.
        console.error(error instanceof Error && "code" in error ? `demo: ${error.message}` : error);
        process.exitCode = 1;
      },
    );
}

async function untilSettled(
  check: () => Promise<boolean>,
  events: { on: (name: "ticket-changed", listener: () => void) => () => void },
): Promise<boolean> {
  const deadline = Date.now() + TIMEOUT_MS;
  let wake: () => void = () => {};
  const off = events.on("ticket-changed", () => wake());
  try {
    while (Date.now() < deadline) {
      if (await check()) return true;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 500);
      });
    }
    return false;
  } finally {
    off();
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function prefix(chunk: Buffer, label: string): string {
  return chunk
    .toString()
    .split("\n")
    .map((line) => (line === "" ? line : `${label}${line}`))
    .join("\n");
}
