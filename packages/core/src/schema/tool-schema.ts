/** One validation issue, as both zod 4 and zod 3 report it. */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * What a tool schema must offer: a zod 4 schema, or a zod 3 schema from `zod/v3`
 * (the compatibility path). Typed structurally so both satisfy it.
 */
export interface ToolSchema<Output = unknown, Input = unknown> {
  readonly _output: Output;
  readonly _input: Input;
  safeParse(
    data: unknown,
  ):
    | { readonly success: true; readonly data: Output }
    | { readonly success: false; readonly error: { readonly issues: readonly SchemaIssue[] } };
}

/** The parsed type of a tool schema (what `execute` receives). */
export type SchemaOutput<S> = S extends ToolSchema<infer Output, unknown> ? Output : never;

/** The type a caller sends before parsing (defaults still optional). */
export type SchemaInput<S> = S extends ToolSchema<unknown, infer Input> ? Input : never;

/** True for a zod 4 schema; zod 3 schemas (`zod/v3`) have no `_zod` internals. */
export function isZod4Schema(schema: ToolSchema): boolean {
  return typeof schema === "object" && schema !== null && "_zod" in schema;
}
