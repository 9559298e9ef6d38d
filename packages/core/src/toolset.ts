import { randomUUID } from "node:crypto";
import type { Attributes } from "@opentelemetry/api";
import type { DependencyContainer } from "tsyringe";
import { z } from "zod";
import { createToken } from "./di.js";
import { describeError } from "./errors.js";
import type { FeatureGrant } from "./feature-grant.js";
import type { FeatureRegistry, InstalledTool } from "./feature-registry.js";
import type { ResolvedRoleProfile } from "./role-catalog.js";
import { joinInstructions } from "./role-instructions.js";
import { cachedJsonSchema } from "./schema/cached-json-schema.js";
import { nullsToAbsent } from "./schema/nulls-to-absent.js";
import { isZod4Schema, type SchemaIssue, type ToolSchema } from "./schema/tool-schema.js";
import type { Actor, AnyTool, ToolContext } from "./tool.js";
import { describeTool, type ToolDescriptor } from "./tool-descriptor.js";
import { checkScope, decideGrant, decideToolGrant, grantOf } from "./tool-grant.js";
import { ToolError, type ToolResult } from "./tool-result.js";
import { toolsetCallAttributes, traceToolsetCall } from "./tracing/toolset-call-span.js";

/** DI token for the calling actor, registered in every toolset container. */
export const ACTOR = createToken<Actor>("podkit.actor");
/** DI token for the toolset's scope bindings. */
export const BINDINGS = createToken<Readonly<Record<string, string>>>("podkit.bindings");

export interface ToolsetOptions {
  readonly registry: FeatureRegistry;
  readonly profile: ResolvedRoleProfile;
  readonly agentId: string;
  readonly podId?: string;
  /** Scope bindings, e.g. `{ ticket: "T-12" }`; checked on every call against `scope` constraints. */
  readonly bindings?: Readonly<Record<string, string>>;
}

/** Options of one `Toolset.call`. */
export interface CallOptions {
  /** Treat `null` where the schema does not allow it as an absent field (OpenAI strict mode sends nulls). */
  readonly nullsAsAbsent?: boolean;
}

interface GrantedTool {
  readonly installed: InstalledTool;
  readonly grant: FeatureGrant;
  readonly rule: string;
  /** Made on the tool's first call ({@link Toolset.#contextFor}): most granted tools are never called. */
  context: ToolContext | undefined;
  /** Whether the grant has scope constraints to check per call. */
  readonly scoped: boolean;
}

/**
 * A role's view of the registry: lists only granted tools, and on every call validates input,
 * re-checks grant and scope, runs the tool and validates its output. Nothing throws out of `call`.
 */
export class Toolset {
  readonly actor: Actor;
  readonly bindings: Readonly<Record<string, string>>;
  readonly profile: ResolvedRoleProfile;
  readonly container: DependencyContainer;
  readonly #registry: FeatureRegistry;
  #generation = -1;
  #granted = new Map<string, GrantedTool>();
  #descriptors: ToolDescriptor[] | undefined;
  #instructions: string | undefined;
  readonly #featureContexts = new Map<DependencyContainer, ToolContext>();
  readonly #exports = new Map<string, unknown>();
  readonly #attributesByTool = new Map<string, Attributes>();

  constructor(options: ToolsetOptions) {
    this.#registry = options.registry;
    // Frozen, so a grant decided for this registry generation cannot change underneath a call.
    this.profile = deepFreeze(structuredClone(options.profile));
    this.actor = {
      role: options.profile.role,
      agentId: options.agentId,
      ...(options.podId === undefined ? {} : { podId: options.podId }),
    };
    this.bindings = Object.freeze({ ...options.bindings });
    this.container = options.registry.container.createChildContainer();
    this.container.register(ACTOR, { useValue: this.actor });
    this.container.register(BINDINGS, { useValue: this.bindings });
  }

  /** Bumps whenever the registry's tools change; exports are cached per generation. */
  get generation(): number {
    return this.#registry.generation;
  }

  /** The tools this role may call right now. */
  list(): readonly ToolDescriptor[] {
    this.#refresh();
    this.#descriptors ??= [...this.#granted.values()].map((granted) =>
      describeTool(granted.installed.tool, granted.installed.featureId, granted.rule),
    );
    return this.#descriptors;
  }

  /**
   * The role's instructions for a model (a system prompt, MCP `instructions`): the profile's own,
   * then what each feature whose tools this role holds says about using them for the role (the
   * first role of the profile's lineage the feature has text for). Empty when there is none.
   */
  instructions(): string {
    this.#refresh();
    if (this.#instructions === undefined) {
      const featureIds = new Set([...this.#granted.values()].map((granted) => granted.installed.featureId));
      const contributions: (string | undefined)[] = [];
      for (const feature of this.#registry.features()) {
        if (!featureIds.has(feature.id) || feature.instructions === undefined) continue;
        const role = this.profile.lineage.find((name) => feature.instructions?.[name] !== undefined);
        contributions.push(role === undefined ? undefined : feature.instructions[role]);
      }
      this.#instructions = joinInstructions([this.profile.instructions, ...contributions]);
    }
    return this.#instructions;
  }

  /** Whether `name` is granted to this role right now. */
  has(name: string): boolean {
    this.#refresh();
    return this.#granted.has(name);
  }

  /**
   * Calls a tool by name; returns `{ ok: true, output }` or `{ ok: false, error: { code, message } }`.
   * Each call is a `podkit.toolset.call` span (a no-op unless the host registered an OpenTelemetry SDK).
   */
  call(name: string, input: unknown, options: CallOptions = {}): Promise<ToolResult> {
    return traceToolsetCall(this.#spanAttributes(name), () => this.#call(name, input, options));
  }

  /** A call's span attributes, made once per tool name this toolset grants (a hot path). */
  #spanAttributes(name: string): Attributes {
    const tool = typeof name === "string" ? name : describeError(name);
    const known = this.#attributesByTool.get(tool);
    if (known !== undefined) return known;
    const attributes = Object.freeze(toolsetCallAttributes(tool, this.actor, this.bindings));
    // Names a model made up are not kept: only granted tools, a bounded set.
    if (this.has(tool)) this.#attributesByTool.set(tool, attributes);
    return attributes;
  }

  async #call(name: string, input: unknown, options: CallOptions): Promise<ToolResult> {
    const started = this.#registry.events.listenerCount("tool-call") > 0 ? performance.now() : 0;
    // The grant is re-checked against the registry's current generation on every call: a
    // feature installed or disposed since the last call rebuilds the granted set first.
    this.#refresh();
    const granted = typeof name === "string" ? this.#granted.get(name) : undefined;
    if (granted === undefined) return this.#unknownTool(describeError(name));
    const { installed, grant } = granted;
    const { tool } = installed;
    try {
      const raw = options.nullsAsAbsent ? nullsToAbsent(input, cachedJsonSchema(tool.input, "input")) : input;
      const parsed = tool.input.safeParse(raw);
      if (!parsed.success) {
        return this.#finish(granted, started, {
          ok: false,
          error: {
            code: "invalid_input",
            message: formatInvalidInput(tool, parsed.error.issues, tool.input),
          },
        });
      }
      const violation = granted.scoped
        ? checkScope({ grant, tool, input: parsed.data, bindings: this.bindings })
        : undefined;
      if (violation !== undefined) {
        this.#registry.events.emit("tool-denied", {
          tool: tool.name,
          role: this.actor.role,
          agentId: this.actor.agentId,
          code: "out_of_scope",
          rule: `scope:${violation.dimension}`,
        });
        return { ok: false, error: { code: "out_of_scope", message: violation.message } };
      }
      granted.context ??= this.#contextFor(installed, grant);
      const pending = tool.execute(parsed.data as never, granted.context);
      const output = pending instanceof Promise ? await pending : pending;
      const checked = tool.output.safeParse(output);
      if (!checked.success) {
        return this.#finish(
          granted,
          started,
          this.#internal(tool, new Error(`output failed its schema: ${formatIssues(checked.error.issues)}`)),
        );
      }
      return this.#finish(granted, started, { ok: true, output: checked.data });
    } catch (error) {
      if (ToolError.isInstance(error)) {
        return this.#finish(granted, started, {
          ok: false,
          error: { code: error.code, message: error.message },
        });
      }
      return this.#finish(granted, started, this.#internal(tool, error));
    }
  }

  /**
   * A cached rendering of the granted tools (computed once per registry generation).
   * Adapters use it, e.g. `toOpenAiTools(toolset)` in `@podkit/providers` is
   * `toolset.render("openai", renderFunctionTools)`.
   */
  render<T>(key: string, renderer: (tools: readonly ToolDescriptor[]) => T): T {
    const cacheKey = `${key}@${this.generation}`;
    if (!this.#exports.has(cacheKey)) {
      for (const existing of this.#exports.keys())
        if (existing.startsWith(`${key}@`)) this.#exports.delete(existing);
      this.#exports.set(cacheKey, renderer(this.list()));
    }
    return this.#exports.get(cacheKey) as T;
  }

  #refresh(): void {
    if (this.#generation === this.#registry.generation) return;
    const granted = new Map<string, GrantedTool>();
    // The registry lists a feature's tools together: its grant is looked up once per feature.
    let featureId: string | undefined;
    let grant: FeatureGrant | undefined;
    let scoped = false;
    for (const installed of this.#registry.tools()) {
      if (installed.featureId !== featureId) {
        featureId = installed.featureId;
        grant = grantOf(this.profile, featureId);
        scoped = grant?.scope !== undefined && Object.keys(grant.scope).length > 0;
      }
      if (grant === undefined) continue;
      const decision = decideToolGrant(grant, installed.tool);
      if (!decision.granted) continue;
      granted.set(installed.tool.name, { installed, grant, rule: decision.rule, context: undefined, scoped });
    }
    this.#granted = granted;
    this.#descriptors = undefined;
    this.#instructions = undefined;
    this.#generation = this.#registry.generation;
  }

  #contextFor(installed: InstalledTool, grant: FeatureGrant): ToolContext {
    // One context per feature install (keyed by its container, so a reinstalled feature gets a
    // fresh child container), shared by that feature's tools.
    let context = this.#featureContexts.get(installed.container);
    if (context === undefined) {
      const container = installed.container.createChildContainer();
      container.register(ACTOR, { useValue: this.actor });
      container.register(BINDINGS, { useValue: this.bindings });
      context = {
        actor: this.actor,
        bindings: this.bindings,
        container,
        logger: this.#registry.logger,
        events: this.#registry.events,
        capabilities: new Set(grant.capabilities),
        lineage: this.profile.lineage,
      };
      this.#featureContexts.set(installed.container, context);
    }
    return context;
  }

  #unknownTool(name: string): ToolResult {
    const available = [...this.#granted.keys()];
    this.#registry.events.emit("tool-denied", {
      tool: name,
      role: this.actor.role,
      agentId: this.actor.agentId,
      code: "unknown_tool",
      rule: this.#denialRule(name),
    });
    return {
      ok: false,
      error: {
        code: "unknown_tool",
        message: `Unknown tool '${name}'. Tools available to this agent: ${available.length === 0 ? "(none)" : available.join(", ")}.`,
      },
    };
  }

  #denialRule(name: string): string {
    const installed = this.#registry.tool(name);
    if (installed === undefined) return "not-installed";
    return decideGrant(this.profile, installed.featureId, installed.tool).rule;
  }

  #internal(tool: AnyTool, error: unknown): ToolResult {
    const reference = randomUUID().slice(0, 8);
    this.#registry.logger.error("tool failed internally", {
      tool: tool.name,
      reference,
      error: error instanceof Error ? (error.stack ?? error.message) : describeError(error),
    });
    return {
      ok: false,
      error: {
        code: "internal",
        message: `Tool '${tool.name}' failed internally (reference ${reference}); this was not caused by your input. The failure was logged; retrying may help if it was transient.`,
      },
    };
  }

  #finish(granted: GrantedTool, started: number, result: ToolResult): ToolResult {
    if (this.#registry.events.listenerCount("tool-call") > 0) {
      this.#registry.events.emit("tool-call", {
        tool: granted.installed.tool.name,
        featureId: granted.installed.featureId,
        role: this.actor.role,
        agentId: this.actor.agentId,
        ok: result.ok,
        ...(result.ok ? {} : { code: result.error.code }),
        rule: granted.rule,
        durationMs: performance.now() - started,
      });
    }
    return result;
  }
}

function formatInvalidInput(tool: AnyTool, issues: readonly SchemaIssue[], schema: ToolSchema): string {
  const details = isZod4Schema(schema) ? z.prettifyError({ issues } as z.ZodError) : formatIssues(issues);
  return `Invalid input for tool '${tool.name}':\n${details}`;
}

function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      return path === "" ? `✖ ${issue.message}` : `✖ ${issue.message}\n  → at ${path}`;
    })
    .join("\n");
}

/** Creates a toolset: registry × role profile × context. */
export function createToolset(options: ToolsetOptions): Toolset {
  return new Toolset(options);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
