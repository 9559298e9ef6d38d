/**
 * The JSON Schema keywords a provider's strict mode (constrained decoding) accepts, by type. A
 * strict schema is rendered with these only; the rest are dropped and said in the description
 * instead, and the toolset still checks them on every call.
 */
export interface StrictProfile {
  /** Who documents this subset, for messages. */
  readonly name: string;
  /** Keywords any schema may carry. */
  readonly anyType: ReadonlySet<string>;
  /** Keywords a schema of one type may carry as well. */
  readonly byType: Readonly<Record<string, ReadonlySet<string>>>;
  /** The string `format`s accepted. */
  readonly formats: ReadonlySet<string>;
  /** Whether a kept keyword's value is accepted too (e.g. only small `minItems`). */
  readonly accepts?: (keyword: string, value: unknown) => boolean;
}

const ANY_TYPE = new Set([
  "type",
  "description",
  "title",
  "enum",
  "const",
  "anyOf",
  "allOf",
  "$ref",
  "$defs",
  "definitions",
]);
const OBJECT = new Set(["properties", "required", "additionalProperties"]);
const NUMBER = new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]);

/** The string formats OpenAI's Structured Outputs document: no `uri`, no `regex`. */
export const OPENAI_STRICT_FORMATS: ReadonlySet<string> = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "uuid",
]);

/**
 * OpenAI's documented subset for Structured Outputs and strict function calling: strings take
 * `pattern` and the formats above (not `minLength`/`maxLength`), numbers their bounds and
 * `multipleOf`, arrays `items`, `minItems` and `maxItems`; no `default`, `oneOf`, `not`,
 * `prefixItems`, `propertyNames` or conditionals.
 */
export const OPENAI_STRICT: StrictProfile = {
  name: "OpenAI strict mode",
  anyType: ANY_TYPE,
  byType: {
    object: OBJECT,
    array: new Set(["items", "minItems", "maxItems"]),
    string: new Set(["pattern", "format"]),
    number: NUMBER,
    integer: NUMBER,
  },
  formats: OPENAI_STRICT_FORMATS,
};

/**
 * What both OpenAI's and Anthropic's strict tool use accept, for hosts (the AI SDK) whose model
 * may be either: Anthropic's takes no numeric bounds, no string lengths and `minItems` of 0 or 1 only.
 */
export const PORTABLE_STRICT: StrictProfile = {
  name: "strict mode (OpenAI and Anthropic)",
  anyType: ANY_TYPE,
  byType: {
    object: OBJECT,
    array: new Set(["items", "minItems"]),
    string: new Set(["pattern", "format"]),
  },
  formats: OPENAI_STRICT_FORMATS,
  accepts: (keyword, value) => keyword !== "minItems" || value === 0 || value === 1,
};

/** Whether `profile` accepts `keyword` with `value` on a schema of the given types (none: any type). */
export function keepsKeyword(
  profile: StrictProfile,
  types: readonly string[],
  keyword: string,
  value: unknown,
): boolean {
  const known = profile.anyType.has(keyword) || types.some((type) => profile.byType[type]?.has(keyword));
  if (!known) return false;
  if (keyword === "format") return typeof value === "string" && profile.formats.has(value);
  return profile.accepts?.(keyword, value) ?? true;
}
