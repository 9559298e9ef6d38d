import { readFileSync } from "node:fs";
import { openAgentSession, runAgent } from "./agent-session.js";
import { runIntake, type TicketSpec } from "./intake-steps.js";

/** The intake agent as a process: `run-agent.js intake specs.json` creates and readies the tickets listed there. */
runAgent(async () => {
  const file = process.argv[3];
  if (file === undefined) throw new Error("usage: run-agent.js intake <specs.json>");
  const specs = JSON.parse(readFileSync(file, "utf8")) as TicketSpec[];
  const session = await openAgentSession({ role: "intake", agentId: "example-intake" });
  try {
    const ids = await runIntake(session.toolset, specs, console.log);
    console.log(JSON.stringify(Object.fromEntries(ids)));
  } finally {
    await session.close();
  }
});
