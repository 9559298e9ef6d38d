import { resolve } from "node:path";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { CliError, EXIT } from "../cli-error.js";
import { CONFIG_FILE_NAME } from "../config/config-schema.js";
import { findConfigFile } from "../config/find-config-file.js";
import { loadPodkitConfig, type PodkitConfig } from "../config/load-config.js";

/**
 * The configuration a command runs with: `--config FILE`, else `PODKIT_CONFIG` (which the
 * orchestrator sets for its Pods, whose worktrees may hold a stale copy of the configuration),
 * else the nearest one upward from `cwd`.
 */
export function resolveConfig(options: {
  readonly config?: string | undefined;
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}): PodkitConfig {
  if (options.config !== undefined) return loadPodkitConfig(resolve(options.cwd, options.config));
  const fromEnv = options.env?.[POD_ENV.config];
  if (fromEnv !== undefined && fromEnv !== "") return loadPodkitConfig(resolve(options.cwd, fromEnv));
  const found = findConfigFile(options.cwd);
  if (found === undefined) {
    throw new CliError(
      "invalid_config",
      `No ${CONFIG_FILE_NAME} in ${options.cwd} or any directory above it. Run 'podkit init' at the root of your repository, or pass --config FILE.`,
      { exitCode: EXIT.usage },
    );
  }
  return loadPodkitConfig(found);
}
