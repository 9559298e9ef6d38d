/**
 * Pod command templates: a role's `command` is argv (never a shell string), and each element may
 * hold `{name}` placeholders the orchestrator fills in for each Pod. Import from
 * `@podkit/orchestrator-automation/pod-command-template`, which loads nothing but `@podkit/core`.
 *
 * @module @podkit/orchestrator-automation/pod-command-template
 */
import { brandGuard, PodkitError } from "@podkit/core";

/** A Pod command uses a placeholder that does not exist. Code `invalid_pod_command`. */
export class PodCommandTemplateError extends PodkitError<"invalid_pod_command"> {
  static override readonly isInstance = brandGuard<PodCommandTemplateError>(
    "podkit.pod-command-template-error",
  );

  constructor(message: string) {
    super("invalid_pod_command", message);
  }
}

/** The placeholders a Pod command may use, and what each becomes. */
export const POD_COMMAND_PLACEHOLDERS = {
  /** The task prompt file (role instructions + ticket), as `PODKIT_PROMPT_FILE`. */
  promptFile: "the prompt file (also PODKIT_PROMPT_FILE)",
  /** The MCP configuration file, as `PODKIT_MCP_CONFIG`. */
  mcpConfig: "the MCP configuration file (also PODKIT_MCP_CONFIG)",
  /** The ticket id. */
  ticketId: "the ticket id",
  /** The Pod's worktree (also its working directory). */
  worktree: "the worktree directory",
  /** The attempt's branch. */
  branch: "the worktree's branch",
  /** The Pod's role. */
  role: "the Pod's role",
} as const;

/** A placeholder's name. */
export type PodCommandPlaceholder = keyof typeof POD_COMMAND_PLACEHOLDERS;

/** The value of every placeholder for one Pod. */
export type PodCommandValues = Readonly<Record<PodCommandPlaceholder, string>>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

function isPlaceholder(name: string): name is PodCommandPlaceholder {
  return Object.hasOwn(POD_COMMAND_PLACEHOLDERS, name);
}

/** The `{name}`s in `command` that are not placeholders, in order of appearance, each once. */
export function unknownPlaceholders(command: readonly string[]): string[] {
  const unknown = new Set<string>();
  for (const element of command)
    for (const match of element.matchAll(PLACEHOLDER)) {
      const name = match[1] as string;
      if (!isPlaceholder(name)) unknown.add(name);
    }
  return [...unknown];
}

/** Why `command` is not a valid template, or undefined when it is. */
export function describeTemplateProblem(command: readonly string[]): string | undefined {
  const unknown = unknownPlaceholders(command);
  if (unknown.length === 0) return undefined;
  const allowed = Object.keys(POD_COMMAND_PLACEHOLDERS)
    .map((name) => `{${name}}`)
    .join(", ");
  return `unknown placeholder${unknown.length === 1 ? "" : "s"} ${unknown.map((name) => `{${name}}`).join(", ")}; a Pod command may use ${allowed}`;
}

/**
 * Fills the placeholders of each argv element; each element stays one argument whatever the
 * values hold (no shell, no splitting).
 * @throws PodCommandTemplateError on an unknown placeholder.
 */
export function expandPodCommand(command: readonly string[], values: PodCommandValues): string[] {
  const problem = describeTemplateProblem(command);
  if (problem !== undefined) throw new PodCommandTemplateError(`Invalid Pod command: ${problem}.`);
  return command.map((element) =>
    element.replace(PLACEHOLDER, (_text, name: string) => values[name as PodCommandPlaceholder]),
  );
}
