import { createStderrLogger, type Podkit } from "@podkit/core";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT } from "../cli-error.js";
import type { PodkitConfig } from "../config/load-config.js";
import { formatRoleWarning } from "../format/role-warning-view.js";
import { openPodkit } from "../open-podkit.js";
import { resolveConfig } from "./resolve-config.js";

/** A configured podkit for the length of one command. */
export interface Session {
  readonly config: PodkitConfig;
  readonly podkit: Podkit;
}

/**
 * Loads the configuration, opens podkit, runs `work` and disposes podkit whatever happens, so no
 * watcher keeps the process alive. A feature that could not be installed is a configuration error.
 */
export async function withSession<T>(
  context: CliContext,
  options: { readonly config?: string | undefined },
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const config = resolveConfig({ config: options.config, cwd: context.cwd, env: context.env });
  // A role file error throws here; the caller reports it as `invalid_config`.
  const podkit = await openPodkit(config, {
    logger: createStderrLogger(),
    onWarning: (warning) => context.stderr.write(formatRoleWarning(warning)),
  });
  try {
    if (podkit.report.skipped.length > 0) {
      const reasons = podkit.report.skipped.map(({ featureId, reason }) => `  ${featureId}: ${reason}`);
      throw new CliError(
        "invalid_config",
        `Some features could not be installed with ${config.file}:\n${reasons.join("\n")}\nCheck 'backend' in that file, or run 'podkit init' to create the ticket root.`,
        { exitCode: EXIT.usage },
      );
    }
    return await work({ config, podkit });
  } finally {
    await podkit.dispose();
  }
}
