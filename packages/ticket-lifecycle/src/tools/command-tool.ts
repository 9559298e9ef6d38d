import {
  defineTool,
  type SchemaInput,
  type SchemaOutput,
  type Tool,
  type ToolContext,
  type ToolHints,
  type ToolSchema,
} from "@podkit/core";
import type { TicketCommand } from "../domain/ticket-command.js";
import type { CommandOutcome, ExecuteOptions } from "../service/ticket-service.js";
import { eventActor, ticketService } from "./tool-context.js";

/** What a ticket command tool says about itself, and how it maps its input to a command and back. */
export interface CommandToolDefinition<
  Name extends string,
  Capability extends string,
  Input extends ToolSchema<{ readonly ticketId: string }>,
  Output extends ToolSchema,
> {
  readonly name: Name;
  /** One sentence a model reads to decide whether to call the tool. */
  readonly description: string;
  readonly capability: Capability | readonly Capability[];
  readonly hints?: ToolHints;
  /** The input schema; it names the ticket as `ticketId`, the tool's scope field. */
  readonly input: Input;
  readonly output: Output;
  /** The command the input asks for; the caller (its agent id, its policy) is in `context`. */
  command(input: SchemaOutput<Input>, context: ToolContext): TicketCommand;
  /** How the service runs it for this caller, e.g. a planning-only author held to `planning`. */
  options?(context: ToolContext): ExecuteOptions;
  /** The tool's output, from what the command did. */
  answer(outcome: CommandOutcome, context: ToolContext): SchemaInput<Output>;
}

/**
 * Defines a tool that runs one command against one ticket — the shape of every ticket write
 * tool: the ticket is the tool's scope (`ticketId`), the caller is the event's actor, the
 * service decides and appends, and `answer` turns the outcome into the output.
 */
export function commandTool<
  const Name extends string,
  const Capability extends string,
  Input extends ToolSchema<{ readonly ticketId: string }>,
  Output extends ToolSchema,
>(definition: CommandToolDefinition<Name, Capability, Input, Output>): Tool<Name, Capability, Input, Output> {
  const { command, options, answer, ...described } = definition;
  return defineTool<Name, Capability, Input, Output>({
    ...described,
    scope: { ticket: "ticketId" },
    async execute(input, context) {
      const outcome = await ticketService(context).execute(
        eventActor(context),
        ticketIdOf(input),
        command(input, context),
        options?.(context) ?? {},
      );
      return answer(outcome, context);
    },
  });
}

/** The ticket a parsed input names; the input schema's constraint guarantees the field. */
function ticketIdOf(input: { readonly ticketId: string }): string {
  return input.ticketId;
}
