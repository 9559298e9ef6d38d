#!/usr/bin/env node
// Runs one example agent from its TypeScript source in this process (no build step):
// `run-agent.js coder|reviewer|intake`. Pods launch it with their ticket in the environment.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

const AGENTS = { coder: "coder-agent.ts", reviewer: "reviewer-agent.ts", intake: "intake-agent.ts" };
const name = process.argv[2];
if (!(name in AGENTS)) {
  process.stderr.write(`usage: run-agent.js ${Object.keys(AGENTS).join("|")}\n`);
  process.exit(2);
}
// The root base config carries the decorator flags the workspace packages need.
registerTsx({ tsconfig: new URL("../../../tsconfig.base.json", import.meta.url).pathname });
register("./source-condition-hook.js", import.meta.url);
await import(`../src/${AGENTS[name]}`);
