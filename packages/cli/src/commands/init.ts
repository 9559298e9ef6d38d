import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT } from "../cli-error.js";
import { cliInvocation } from "../cli-invocation.js";
import { CONFIG_FILE_NAME, DEFAULT_TICKET_ROOT } from "../config/config-schema.js";
import { CONFIG_TEMPLATE } from "../config/config-template.js";
import { findRepositoryRoot } from "../config/find-repository-root.js";

interface InitOptions {
  readonly force?: boolean;
}

/** `podkit init [--force]`: a commented podkit.config.yaml and the ticket root at the repository root. */
export function initCommand(context: CliContext): Command {
  return new Command("init")
    .description(`Create ${CONFIG_FILE_NAME} and the ticket root ${DEFAULT_TICKET_ROOT}/ in this repository`)
    .option("--force", `overwrite an existing ${CONFIG_FILE_NAME}`)
    .action((options: InitOptions) => {
      const repository = findRepositoryRoot(context.cwd);
      const root = repository ?? context.cwd;
      if (repository === undefined)
        context.stderr.write(`Not inside a git repository; initializing ${context.cwd}.\n`);
      const configFile = join(root, CONFIG_FILE_NAME);
      const existed = existsSync(configFile);
      if (existed && !options.force) {
        throw new CliError(
          "config_exists",
          `${configFile} already exists; nothing was changed. Pass --force to overwrite it.`,
          { exitCode: EXIT.refused },
        );
      }
      const ticketRoot = join(root, DEFAULT_TICKET_ROOT);
      const rootExisted = existsSync(ticketRoot);
      mkdirSync(ticketRoot, { recursive: true });
      writeConfig(configFile, existed);
      const ignoreFile = join(root, PODKIT_GITIGNORE.path);
      const ignoreExisted = existsSync(ignoreFile);
      if (!ignoreExisted) writeFileSync(ignoreFile, PODKIT_GITIGNORE.text, { flag: "wx" });
      const shown = (path: string) => relative(context.cwd, path) || ".";
      const podkit = cliInvocation(context.env);
      context.stdout.write(
        [
          `${existed ? "Overwrote" : "Created"} ${shown(configFile)}`,
          `${rootExisted ? "Kept" : "Created"} ${shown(ticketRoot)}/`,
          ...(ignoreExisted ? [] : [`Created ${shown(ignoreFile)} (Pod logs and worktrees stay out of git)`]),
          `Next: ${podkit} ticket create "Your first ticket"`,
          `Your board token (shown once): ${podkit} token create --role human --agent $(whoami)`,
          `Then: ${podkit} serve   # the board at http://127.0.0.1:4820/`,
          "",
        ].join("\n"),
      );
    });
}

/**
 * `.podkit/.gitignore`: the default run and worktree directories are podkit's working files (Pod
 * logs, pid and status files; the git worktrees of tickets in progress), not the repository's.
 * The tickets beside them are meant to be committed.
 */
const PODKIT_GITIGNORE = {
  path: ".podkit/.gitignore",
  text: [
    "# Written by 'podkit init': podkit's working files stay out of git — Pod logs and",
    "# status files (run/) and the git worktrees of tickets in progress (worktrees/).",
    "# The tickets (tickets/) are meant to be committed.",
    "/run/",
    "/worktrees/",
    "",
  ].join("\n"),
} as const;

/** A new file is created exclusively; an overwrite goes through a rename, so no reader sees half a file. */
function writeConfig(file: string, replace: boolean): void {
  if (!replace) {
    writeFileSync(file, CONFIG_TEMPLATE, { flag: "wx" });
    return;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, CONFIG_TEMPLATE);
  renameSync(temporary, file);
}
