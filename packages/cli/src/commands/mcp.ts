import type { Readable } from "node:stream";
import { Writable } from "node:stream";
import type { Toolset } from "@podkit/core";
import { serveStdio } from "@podkit/mcp";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { Command } from "commander";
import type { CliContext, TextSink } from "../cli-context.js";
import { EXIT } from "../cli-error.js";
import { authenticate } from "../session/authenticate.js";
import { watchCredential } from "../session/credential-watch.js";
import { withSession } from "../session/open-session.js";
import { toolsetOptions } from "../session/resolve-identity.js";
import { withConfigOption, withTokenIdentityNote } from "./common-options.js";

interface McpOptions {
  readonly role?: string;
  readonly ticket?: string;
  readonly agent?: string;
  readonly config?: string;
  readonly nullsAsAbsent?: boolean;
}

/**
 * `podkit mcp --role R [--ticket ID] [--agent ID]`: an MCP server over stdio serving the tools the
 * role is granted, each call checked by the toolset. Runs until the client closes stdin, then
 * answers the calls in flight and exits; stdout carries only the protocol, logs go to stderr.
 */
export function mcpCommand(context: CliContext): Command {
  const command = new Command("mcp")
    .description("Serve a role's tools to an agent runtime as an MCP server over stdio (until stdin closes)")
    .option("--role <role>", `the role whose tools to serve (default: $${POD_ENV.role})`)
    .option("--ticket <id>", `the ticket a coder or reviewer is bound to (default: $${POD_ENV.ticketId})`)
    .option(
      "--agent <id>",
      `agent id recorded in history (default: $${POD_ENV.agentId}, else your user name)`,
    )
    .option("--nulls-as-absent", "read null as an absent field, for hosts that use OpenAI strict schemas");
  withConfigOption(command);
  withTokenIdentityNote(command);
  return command.action(async (options: McpOptions) => {
    await withSession(context, options, async ({ config, podkit }) => {
      // Under `auth: required` the identity is PODKIT_TOKEN's alone, and serving ends with it.
      const { identity, credential } = await authenticate(context, config, options);
      const toolset = podkit.toolset(toolsetOptions(identity));
      const served = await serveStdio(toolset, {
        events: podkit.registry.events,
        instructions: serverInstructions(identity.role, identity.bindings.ticket, toolset),
        nullsAsAbsent: options.nullsAsAbsent ?? false,
        stdin: context.stdin as Readable,
        stdout: asWritable(context.stdout),
        // What the server refuses or drops goes to stderr: stdout carries only the protocol.
        log: (line) => context.stderr.write(`podkit mcp: ${line}\n`),
      });
      let ended: "revoked" | "expired" | undefined;
      const watch =
        credential === undefined
          ? undefined
          : await watchCredential(config, context.env, credential, (reason) => {
              ended = reason;
              void served.close();
            });
      try {
        await served.closed;
      } finally {
        await watch?.stop();
      }
      if (ended !== undefined) {
        const what = ended === "revoked" ? "was revoked" : "expired";
        context.stderr.write(`podkit mcp: stopped serving: the credential in ${POD_ENV.token} ${what}.\n`);
        context.exitCode = EXIT.refused;
      }
    });
  });
}

/** The process's stdout as is; a test's text sink wrapped, so the transport can write to either. */
function asWritable(sink: TextSink): Writable {
  if (sink instanceof Writable) return sink;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      sink.write(chunk.toString("utf8"));
      done();
    },
  });
}

/**
 * What the client is told at initialization: which role and ticket the server serves, then the
 * role's instructions (what it is for, what it must never do, how it finishes).
 */
function serverInstructions(role: string, ticket: string | undefined, toolset: Toolset): string {
  const scope = `Tools of podkit role '${role}'${ticket === undefined ? "" : `, bound to ticket '${ticket}'`}.`;
  const instructions = toolset.instructions();
  return instructions === "" ? scope : `${scope}\n\n${instructions}`;
}
