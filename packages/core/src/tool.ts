import type { DependencyContainer } from "tsyringe";
import { RegistrationError } from "./errors.js";
import type { PodkitEmitter } from "./events.js";
import type { Logger } from "./logger.js";
import type { SchemaInput, SchemaOutput, ToolSchema } from "./schema/tool-schema.js";

/** Names every provider accepts (OpenAI, Anthropic, MCP clients). */
export const TOOL_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

/** Who is calling: the role decides authority, the ids say who to blame in history. */
export interface Actor {
  readonly role: string;
  readonly agentId: string;
  readonly podId?: string;
}

/** Behaviour hints for clients (MCP annotations); they never grant or deny anything. */
export interface ToolHints {
  readonly readOnly?: boolean;
  readonly destructive?: boolean;
  readonly idempotent?: boolean;
}

/** What `execute` receives besides its input. */
export interface ToolContext {
  readonly actor: Actor;
  /** Scope bindings of this toolset, e.g. `{ ticket: "T-12" }` for a coder Pod. */
  readonly bindings: Readonly<Record<string, string>>;
  /** The feature's DI container for this toolset (feature services plus the actor). */
  readonly container: DependencyContainer;
  readonly logger: Logger;
  readonly events: PodkitEmitter;
  /** The capabilities the caller's role holds in this tool's feature. */
  readonly capabilities: ReadonlySet<string>;
  /**
   * The caller's role and the roles its profile extends, itself first (e.g. `["helper",
   * "companion"]`), so a feature's policy can follow a profile rather than a role's name.
   */
  readonly lineage: readonly string[];
}

/** A typed tool: plain data plus `execute`. Build one with {@link defineTool}. */
export interface Tool<
  Name extends string = string,
  Capability extends string = string,
  Input extends ToolSchema = ToolSchema,
  Output extends ToolSchema = ToolSchema,
> {
  readonly name: Name;
  readonly title?: string;
  /** One sentence a model reads to decide whether to call the tool. */
  readonly description: string;
  readonly input: Input;
  readonly output: Output;
  readonly hints?: ToolHints;
  /**
   * The authority a role needs for this tool, e.g. `read` or `orchestrate`. A list means any of
   * them grants the tool; `execute` can refine by the caller's {@link ToolContext.capabilities}.
   */
  readonly capability: Capability | readonly Capability[];
  /**
   * Scope dimensions this tool touches, mapped to the input field that names the subject,
   * e.g. `{ ticket: "ticketId" }`. A role scoped on a dimension only gets tools that declare it.
   */
  readonly scope?: Readonly<Record<string, string>>;
  execute(
    input: SchemaOutput<Input>,
    context: ToolContext,
  ): SchemaInput<Output> | Promise<SchemaInput<Output>>;
}

/** Any tool, whatever its names and schemas; what registries and toolsets store. */
export interface AnyTool extends Omit<Tool, "execute"> {
  execute(input: never, context: ToolContext): unknown;
}

/**
 * Defines a tool; an identity function that checks the name and infers `execute`'s input type.
 * @throws RegistrationError with code `invalid_tool_name` for a name providers would reject.
 */
export function defineTool<
  const Name extends string,
  const Capability extends string,
  Input extends ToolSchema,
  Output extends ToolSchema,
>(tool: Tool<Name, Capability, Input, Output>): Tool<Name, Capability, Input, Output> {
  assertValidTool(tool);
  return tool;
}

/** Checks what a provider or a model would choke on; used at definition and at registration. */
export function assertValidTool(tool: AnyTool): void {
  if (typeof tool.name !== "string" || !TOOL_NAME_PATTERN.test(tool.name)) {
    throw new RegistrationError(
      "invalid_tool_name",
      `Invalid tool name '${String(tool.name)}'. A tool name must match ${TOOL_NAME_PATTERN} (a letter, then up to 63 letters, digits, '_' or '-') so every model provider accepts it.`,
    );
  }
  if (typeof tool.description !== "string" || tool.description.trim() === "") {
    throw new RegistrationError(
      "invalid_tool",
      `Tool '${tool.name}' has no description. Give it one sentence that tells a model when to call it.`,
    );
  }
  if (
    toolCapabilities(tool).length === 0 ||
    toolCapabilities(tool).some((capability) => typeof capability !== "string" || capability === "")
  ) {
    throw new RegistrationError(
      "invalid_tool",
      `Tool '${tool.name}' has no capability. Name the authority it needs, e.g. 'read' or 'author'.`,
    );
  }
}

/** A tool's capabilities as a list, whether it names one or several. */
export function toolCapabilities(tool: Pick<AnyTool, "capability">): readonly string[] {
  return typeof tool.capability === "string" ? [tool.capability] : (tool.capability ?? []);
}
