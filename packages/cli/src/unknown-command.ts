import { COMMANDS } from "./command-table.js";

/**
 * The usage error for a first word that is no top-level command: a command of that name one level
 * down is named in full (`podkit doctor` → `podkit ticket doctor`), and every top-level command
 * is listed.
 */
export function unknownCommandMessage(name: string): string {
  const nested = COMMANDS.filter((entry) => entry.subcommands?.includes(name) === true).map(
    (entry) => `'podkit ${entry.name} ${name}'`,
  );
  const hint = nested.length > 0 ? ` Did you mean ${nested.join(" or ")}?` : "";
  const commands = COMMANDS.map((entry) => entry.name).join(", ");
  return `error: unknown command '${name}'.${hint} Commands: ${commands}.`;
}
