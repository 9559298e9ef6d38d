/**
 * How the person ran podkit, as a command to copy: `npx podkit` under `npx`/`npm exec`, `pnpm exec
 * podkit` under `pnpm exec`, `yarn podkit` under yarn, otherwise `podkit` (on PATH). Package
 * managers say so in `npm_command` and `npm_config_user_agent`.
 */
export function cliInvocation(env: Readonly<Record<string, string | undefined>>): string {
  if (env.npm_command !== "exec") return "podkit";
  const agent = env.npm_config_user_agent ?? "";
  if (agent.startsWith("pnpm/")) return "pnpm exec podkit";
  if (agent.startsWith("yarn/")) return "yarn podkit";
  return "npx podkit";
}
