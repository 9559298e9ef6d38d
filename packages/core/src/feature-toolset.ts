import type { AnyFeature, Feature, ToolNameOf } from "./feature.js";
import type { SchemaInput, SchemaOutput } from "./schema/tool-schema.js";
import type { ToolResult } from "./tool-result.js";
import type { CallOptions, Toolset } from "./toolset.js";

/** The tool named `Name` among the tools of feature type `F`. */
type NamedTool<F, Name> =
  F extends Feature<string, infer Tools> ? Extract<Tools[number], { name: Name }> : never;

/**
 * The input and output types of every tool of feature type `F`, by tool name: a type-only
 * contract a consumer imports (`import type`) instead of copying the shapes by hand. `input` is
 * what a caller writes (fields with defaults optional), `output` what the output schema parses.
 */
export type ToolContractOf<F> = {
  readonly [Name in ToolNameOf<F>]: {
    readonly input: SchemaInput<NamedTool<F, Name>["input"]>;
    readonly output: SchemaOutput<NamedTool<F, Name>["output"]>;
  };
};

/** What tool `Name` of feature type `F` accepts, as a caller writes it (fields with defaults optional). */
export type ToolInputOf<F, Name extends ToolNameOf<F>> = ToolContractOf<F>[Name]["input"];

/** What tool `Name` of feature type `F` returns, as its output schema parses it. */
export type ToolOutputOf<F, Name extends ToolNameOf<F>> = ToolContractOf<F>[Name]["output"];

/** A typed view of a toolset for the tools of feature type `F`; build one with {@link featureToolset}. */
export interface FeatureToolset<F extends AnyFeature> {
  /** The toolset the calls go through: its grants, scope checks and events apply unchanged. */
  readonly toolset: Toolset;
  /** `toolset.call` with the tool name checked, the input typed and the output typed from `F`. */
  call<Name extends ToolNameOf<F>>(
    name: Name,
    input: ToolInputOf<F, Name>,
    options?: CallOptions,
  ): Promise<ToolResult<ToolOutputOf<F, Name>>>;
}

/**
 * Types a toolset's calls by the tools of feature `F`, which the caller may know by type alone
 * (`featureToolset<TicketFeature>(toolset)` with `import type`): a renamed tool or field fails to
 * compile where it is used. Nothing changes at run time.
 */
export function featureToolset<F extends AnyFeature>(toolset: Toolset): FeatureToolset<F> {
  return {
    toolset,
    call: <Name extends ToolNameOf<F>>(name: Name, input: ToolInputOf<F, Name>, options?: CallOptions) =>
      // Sound because the toolset validated the output against this tool's own output schema, and
      // tool names are unique in a registry: a successful call of `name` is `F`'s tool's output.
      toolset.call(name, input, options) as Promise<ToolResult<ToolOutputOf<F, Name>>>,
  };
}
