import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CONFIG_FILE_NAME } from "./config-schema.js";

/** The nearest `podkit.config.yaml` in `startDirectory` or one of its parents, or undefined. */
export function findConfigFile(startDirectory: string): string | undefined {
  let directory = resolve(startDirectory);
  for (;;) {
    const candidate = join(directory, CONFIG_FILE_NAME);
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
