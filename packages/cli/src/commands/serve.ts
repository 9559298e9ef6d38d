import { userInfo } from "node:os";
import { createStderrLogger } from "@podkit/core";
import { createPodkitServer, DEFAULT_HOST, DEFAULT_PORT, ServerError } from "@podkit/server";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT } from "../cli-error.js";
import { openCredentialStore } from "../config/open-credential-store.js";
import { openTicketBackend } from "../config/open-ticket-backend.js";
import { formatRoleWarning } from "../format/role-warning-view.js";
import { openPodkit } from "../open-podkit.js";
import { resolveConfig } from "../session/resolve-config.js";
import { integerOption, withConfigOption } from "./common-options.js";
import { untilSignal } from "./until-signal.js";
import { asCliError } from "./with-credentials.js";

interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly config?: string;
}

/**
 * `podkit serve [--host 127.0.0.1] [--port 4820]`: the web board and remote MCP at `/mcp` until
 * SIGINT or SIGTERM. Under `auth: required` every caller is known only by its token.
 */
export function serveCommand(context: CliContext): Command {
  const command = new Command("serve")
    .description("Serve the web board (the human Queue gate, live) and remote MCP at /mcp over HTTP")
    .option(
      "--host <host>",
      "the address to listen on (anything but loopback exposes the server)",
      DEFAULT_HOST,
    )
    .option("--port <port>", "the port (0 picks a free one)", integerOption(0, 65_535), DEFAULT_PORT);
  withConfigOption(command);
  return command.action(async (options: ServeOptions) => {
    const config = resolveConfig({ config: options.config, cwd: context.cwd, env: context.env });
    const logger = createStderrLogger({ level: "info" });
    const backend = await openTicketBackend(config.backend, context.env).catch((error: unknown) => {
      throw new CliError(
        "invalid_config",
        `The ticket store cannot be opened with ${config.file}: ${(error as Error).message}`,
        {
          exitCode: EXIT.usage,
          cause: error,
        },
      );
    });
    const podkit = await openPodkit(config, {
      backend,
      logger,
      onWarning: (warning) => context.stderr.write(formatRoleWarning(warning)),
    });
    if (podkit.report.skipped.length > 0) {
      await podkit.dispose();
      const reasons = podkit.report.skipped.map(({ featureId, reason }) => `  ${featureId}: ${reason}`);
      throw new CliError(
        "invalid_config",
        `Some features could not be installed with ${config.file}:\n${reasons.join("\n")}`,
        {
          exitCode: EXIT.usage,
        },
      );
    }
    const credentials = await openCredentialStore(config, context.env).catch((error: unknown) => {
      throw asCliError(error);
    });
    const server = createPodkitServer({
      podkit,
      backend,
      credentials,
      auth: config.auth,
      localAgentId: localUser(),
      logger,
    });
    try {
      const address = await server
        .listen({ host: options.host, port: options.port })
        .catch((error: unknown) => {
          if (ServerError.isInstance(error))
            throw new CliError("usage", error.message, { exitCode: EXIT.usage, cause: error });
          throw error;
        });
      // Listening before the banner is printed: a SIGTERM sent on seeing it stops cleanly.
      const stopRequested = untilSignal();
      context.stdout.write(
        [
          `podkit serve: the board at ${address.url}/ and remote MCP at ${address.url}/mcp (auth: ${config.auth}, ${backend.kind} store)`,
          config.auth === "required"
            ? "Sign in with a human token: podkit token create --role human --agent YOUR-NAME"
            : `auth is off: the board acts as '${localUser()}' (human) without sign-in. Set 'auth: required' in ${config.file} on any shared machine.`,
          "Stop with Ctrl-C.",
          "",
        ].join("\n"),
      );
      if (options.host !== DEFAULT_HOST && options.host !== "localhost" && options.host !== "::1")
        context.stderr.write(
          `warning: listening on ${options.host}: anyone who can reach this port can present tokens. Put TLS in front of it.\n`,
        );
      await stopRequested;
    } finally {
      await server.close();
      await podkit.dispose();
      await credentials.close();
    }
  });
}

function localUser(): string {
  try {
    return userInfo().username || "operator";
  } catch {
    return "operator";
  }
}
