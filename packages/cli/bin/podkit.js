#!/usr/bin/env node
// Runs the CLI from its TypeScript sources in this one process: tsx compiles, the resolve hook
// points workspace packages at `src/index.ts`. No re-exec, so signals reach the CLI directly.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

registerTsx({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
register("./source-condition-hook.js", import.meta.url);
await import("../src/main.ts");
