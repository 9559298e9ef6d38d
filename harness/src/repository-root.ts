import { fileURLToPath } from "node:url";

/** The repository root: child processes run here so `tsx` finds the tsconfig and the source condition resolves. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The real `podkit` bin, by absolute path: scenarios run it as a user would, in its own process. */
export const PODKIT_BIN = fileURLToPath(new URL("../../packages/cli/bin/podkit.js", import.meta.url));
