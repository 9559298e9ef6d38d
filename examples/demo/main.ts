import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runIntake, type TicketSpec } from "@podkit/example-agents/intake";
import { loadPodkitConfig, openPodkit } from "podkit";
import { checkDemo } from "./demo-checks.js";
import { readTickets, renderBoard, renderTimeline } from "./demo-report.js";
import { createDemoRepository } from "./demo-repository.js";

const PODKIT_BIN = fileURLToPath(new URL("../../packages/cli/bin/podkit.js", import.meta.url));
const TIMEOUT_MS = 240_000;

const SPECS: TicketSpec[] = [
  {
    title: "Add a greeting module",
    body: "A module that greets a user by name.",
    summary: "Add greeting.ts exporting greet(name); reviewed by diff.",
  },
  {
    title: "Document the release process",
    body: "Write down how a release is cut. [review: ask for a verification section]",
    summary: "Add a release guide; the reviewer asks for a verification section once.",
  },
  {
    title: "Use the greeting in the banner",
    body: "Print the greeting when the service starts.",
    summary: "Call greet() from the startup banner.",
    dependsOn: ["Add a greeting module"],
  },
];

const say = (line: string) => console.log(line);

async function main(): Promise<number> {
  const repository = createDemoRepository();
  say(`demo repository: ${repository.directory}`);
  const podkit = await openPodkit(loadPodkitConfig(repository.configFile));
  let orchestrator: ChildProcess | undefined;
  try {
    const intake = podkit.toolset({ role: "intake", agentId: "intake-agent" });
    const human = podkit.toolset({ role: "human", agentId: "alice" });
    const ids = await runIntake(intake, SPECS, say);
    const [base, docs, dependent] = SPECS.map((spec) => ids.get(spec.title) as string) as [
      string,
      string,
      string,
    ];

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
      {
        cwd: repository.directory,
        stdio: ["ignore", "pipe", "pipe"],
      },
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
      const tickets = await readTickets(human, [base, docs, dependent]);
      const state = (id: string) => tickets.find((ticket) => ticket.id === id)?.state;
      if (state(base) === "done" && state(dependent) === "ready") await queue(dependent);
      const finished = (id: string) => state(id) === "done" || state(id) === "blocked";
      // The dependent ticket can only start after its dependency is done; if that failed, stop waiting.
      return finished(base) && finished(docs) && (finished(dependent) || state(base) === "blocked");
    }, podkit.registry.events);
    await stop(orchestrator);
    orchestrator = undefined;

    const [baseTicket, docsTicket, dependentTicket] = await readTickets(human, [base, docs, dependent]);
    if (!baseTicket || !docsTicket || !dependentTicket) throw new Error("tickets vanished");
    say("\nTimeline\n--------");
    say(renderTimeline([baseTicket, docsTicket, dependentTicket]));
    say("\nBoard\n-----");
    say(renderBoard([baseTicket, docsTicket, dependentTicket]));
    const problems = settled
      ? checkDemo({ base: baseTicket, docs: docsTicket, dependent: dependentTicket }, gateRefusal)
      : [`the tickets did not settle within ${TIMEOUT_MS / 1000} s`];
    if (problems.length > 0) {
      say(`\nDEMO FAILED:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
      say(`(repository kept for inspection: ${repository.directory})`);
      return 1;
    }
    say(
      "\nDemo passed: every ticket accepted once, worked in its own worktree, reviewed and done; the dependent one started after its dependency.",
    );
    if (!process.argv.includes("--keep")) rmSync(repository.directory, { recursive: true, force: true });
    else say(`(repository kept: ${repository.directory})`);
    return 0;
  } finally {
    if (orchestrator) await stop(orchestrator);
    await podkit.dispose();
  }
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

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
