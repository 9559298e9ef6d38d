import type { TicketSpec } from "@podkit/example-agents/intake";
import { checkDemo } from "./demo-checks.js";
import { createDemoRepository } from "./demo-repository.js";
import { checkMergedIntoBase } from "./merge-checks.js";
import { type DemoTickets, runDemoMain } from "./run-demo.js";

/** `pnpm demo`: the example agents (scripts that call tools as a model would) as the Pods. */
const SPECS: DemoTickets<TicketSpec> = {
  base: {
    title: "Add a greeting module",
    body: "A module that greets a user by name.",
    summary: "Add greeting.ts exporting greet(name); reviewed by diff.",
  },
  docs: {
    title: "Document the release process",
    body: "Write down how a release is cut. [review: ask for a verification section]",
    summary: "Add a release guide; the reviewer asks for a verification section once.",
  },
  dependent: {
    title: "Use the greeting in the banner",
    body: "Print the greeting when the service starts.",
    summary: "Call greet() from the startup banner.",
    dependsOn: ["Add a greeting module"],
  },
};

runDemoMain(() => {
  const repository = createDemoRepository();
  return {
    repository,
    specs: SPECS,
    judge: (tickets, gateRefusal) => ({
      sections: [],
      problems: [
        ...checkDemo(tickets, gateRefusal),
        ...checkMergedIntoBase(Object.values(tickets), repository.directory),
      ],
    }),
    passed:
      "Demo passed: every ticket accepted once, worked in its own worktree, reviewed, merged into main and done; the dependent one started after its dependency; no worktree left.",
  };
});
