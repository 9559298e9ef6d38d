import { resolveAgentModel } from "@podkit/agent";
import type { TicketSpec } from "@podkit/example-agents/intake";
import { checkAgentWork, renderChanges, renderPodUsage, usageReports } from "./agent-demo-checks.js";
import { createAgentDemoRepository } from "./agent-demo-repository.js";
import { checkDemo } from "./demo-checks.js";
import { type DemoTickets, runDemoMain } from "./run-demo.js";

/** `pnpm demo:agents`: every coder and reviewer Pod is `podkit agent`, driven by a scripted model. */
const SPECS: DemoTickets<TicketSpec> = {
  base: {
    title: "Add a greeting module",
    body: "A module that greets a user by name: greet('Ada') returns 'Hello, Ada!', with a test.",
    summary: "Add src/greeting.js exporting greet(name) and test/greeting.test.js.",
  },
  docs: {
    title: "Document the release process",
    body: "Write down how a release is cut, in docs/RELEASING.md.",
    summary: "Add a release guide; the reviewer asks for a verification section once.",
  },
  dependent: {
    title: "Greet in the banner",
    body: "The banner should greet: 'Hello from demo service'. Keep its test in step.",
    summary: "Change src/banner.js and its test after the greeting module lands.",
    dependsOn: ["Add a greeting module"],
  },
};

/** Real models instead of the scripts: `DEMO_CODER_MODEL=openai:gpt-5-mini pnpm demo:agents`. */
const MODELS = {
  coder: process.env.DEMO_CODER_MODEL || undefined,
  reviewer: process.env.DEMO_REVIEWER_MODEL || undefined,
};
const SCRIPTED = MODELS.coder === undefined && MODELS.reviewer === undefined;

runDemoMain(() => {
  // A real model's missing key or unknown provider fails here, before any ticket exists.
  for (const model of [MODELS.coder, MODELS.reviewer]) if (model !== undefined) resolveAgentModel({ model });
  const repository = createAgentDemoRepository(MODELS);
  return {
    repository,
    specs: SPECS,
    prepare: (ids) => repository.writeScripts(ids),
    // Usage reports are read back from the comments' JSON blocks, which need whole bodies.
    bodyLimit: 4_000,
    judge: (tickets, gateRefusal) => {
      const all = [tickets.base, tickets.docs, tickets.dependent];
      return {
        sections: [
          { title: "Changes", body: renderChanges(all, repository) },
          { title: "Pod usage", body: renderPodUsage(usageReports(all)) },
        ],
        // A real reviewer may approve at once, and a real coder's work is its own.
        problems: [
          ...checkDemo(tickets, gateRefusal, { requestedChanges: SCRIPTED }),
          ...checkAgentWork(tickets, repository, { scripted: SCRIPTED }),
        ],
      };
    },
    passed:
      "Demo passed: every ticket accepted once and worked by podkit agent Pods — the coder read, edited, tested, committed and reported, the reviewer read the diff and recorded its verdict — each change committed on its branch.",
  };
});
