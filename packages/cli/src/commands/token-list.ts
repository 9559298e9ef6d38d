import { type Credential, credentialRefusal } from "@podkit/credentials";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { formatTime } from "../format/format-time.js";
import { renderTable } from "../format/render-table.js";
import { terminalLine } from "../format/terminal-text.js";
import { withConfigOption, withJsonOption } from "./common-options.js";
import { withCredentials } from "./with-credentials.js";

interface ListOptions {
  readonly config?: string;
  readonly json?: boolean;
}

/** `podkit token list [--json]`: every credential with its status; never a token or a hash. */
export function tokenListCommand(context: CliContext): Command {
  const command = new Command("list").description("List tokens: id, role, agent, ticket, expiry and status");
  withJsonOption(command);
  withConfigOption(command);
  return command.action(async (options: ListOptions) => {
    await withCredentials(context, options, async (store) => {
      const credentials = await store.list();
      const now = new Date();
      if (options.json) {
        const output = credentials.map((credential) => ({
          ...credential,
          status: statusOf(credential, now),
        }));
        context.stdout.write(`${JSON.stringify({ ok: true, output: { credentials: output } })}\n`);
        return;
      }
      if (credentials.length === 0) {
        context.stdout.write("No tokens. Create one: podkit token create --role human --agent YOUR-NAME\n");
        return;
      }
      const table = renderTable<Credential>(
        [
          { header: "ID", value: (credential) => credential.id },
          { header: "ROLE", value: (credential) => terminalLine(credential.role) },
          { header: "AGENT", value: (credential) => terminalLine(credential.agentId, 40) },
          { header: "TICKET", value: (credential) => credential.ticketId ?? "-" },
          { header: "CREATED", value: (credential) => formatTime(credential.createdAt) },
          {
            header: "EXPIRES",
            value: (credential) =>
              credential.expiresAt === undefined ? "never" : formatTime(credential.expiresAt),
          },
          { header: "STATUS", value: (credential) => statusOf(credential, now) },
          { header: "LABEL", value: (credential) => terminalLine(credential.label ?? "", 60) },
        ],
        credentials,
      );
      context.stdout.write(`${table}\n`);
    });
  });
}

function statusOf(credential: Credential, now: Date): string {
  return credentialRefusal(credential, now) ?? "active";
}
