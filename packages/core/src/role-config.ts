import { readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { brandGuard, PodkitError, quoteList } from "./errors.js";
import type { AnyFeature } from "./feature.js";
import { findReservedKeys, reservedNameMessage } from "./reserved-names.js";
import type { RoleInstructions, RoleProfile } from "./role-profile.js";
import { toolCapabilities } from "./tool.js";

/** One problem in a role configuration file: where, what, and what is allowed. */
export interface RoleConfigProblem {
  /** Path inside the file, e.g. `roles.coder.features.ticket-lifecycle.capabilities[1]`. */
  readonly path: string;
  readonly message: string;
}

/** A role configuration file that cannot be used; `message` lists every problem with its path. */
export class RoleConfigError extends PodkitError<"invalid_role_config"> {
  static override readonly isInstance = brandGuard<RoleConfigError>("podkit.role-config-error");
  /** The file, as it was named to podkit. */
  readonly file: string;
  /** Every problem found, each with its path inside the file. */
  readonly problems: readonly RoleConfigProblem[];

  constructor(file: string, problems: readonly RoleConfigProblem[], options?: { cause?: unknown }) {
    const lines = problems.map(
      (problem) => `  ${file}: ${problem.path === "" ? "(root)" : problem.path}: ${problem.message}`,
    );
    super("invalid_role_config", `Invalid role configuration in ${file}:\n${lines.join("\n")}`, options);
    this.file = file;
    this.problems = problems;
  }
}

const ScopeConstraintSchema = z.union(
  [z.literal("bound"), z.strictObject({ oneOf: z.array(z.string()).min(1) })],
  {
    error: "expected 'bound' or { oneOf: [ids…] }",
  },
);

const FeatureGrantSchema = z.strictObject({
  capabilities: z.array(z.string()),
  allowTools: z.array(z.string()).optional(),
  denyTools: z.array(z.string()).optional(),
  scope: z.record(z.string(), ScopeConstraintSchema).optional(),
});

/** Longest instructions text a role may carry (inline or from a file), in characters. */
export const MAX_INSTRUCTIONS_CHARS = 100_000;

const InstructionsTextSchema = z
  .string()
  .min(1, "instructions cannot be empty")
  .max(MAX_INSTRUCTIONS_CHARS, `at most ${MAX_INSTRUCTIONS_CHARS} characters`);

const InstructionsObjectSchema = z
  .strictObject({
    text: InstructionsTextSchema.optional(),
    file: z.string().min(1).optional(),
    mode: z.enum(["replace", "append"]).default("replace"),
  })
  .refine((value) => (value.text === undefined) !== (value.file === undefined), {
    error: "give exactly one of 'text' or 'file'",
  });

/** `instructions: TEXT`, or `{ text | file, mode: replace | append }`. */
const InstructionsSchema = z.union([InstructionsTextSchema, InstructionsObjectSchema], {
  error: "expected text, or { text: TEXT } or { file: PATH } with an optional mode: replace | append",
});

const RoleSchema = z.strictObject({
  description: z.string().optional(),
  extends: z.string().optional(),
  features: z.record(z.string(), FeatureGrantSchema).default({}),
  instructions: InstructionsSchema.optional(),
});

/** The shape of a role configuration file (YAML or JSON). */
export const RoleConfigFileSchema = z.strictObject({
  roles: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "role names are kebab-case"), RoleSchema),
});

export interface RoleConfigContext {
  /** Registered features: names in the file are checked against them. */
  readonly features: Iterable<AnyFeature>;
  /** Roles that exist before this file (built-in or defined in code), for `extends`. */
  readonly knownRoles?: Iterable<string>;
}

/** Reads and validates a role configuration file (`.yaml`, `.yml` or `.json`). */
export function loadRoleConfig(file: string, context: RoleConfigContext): RoleProfile[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new RoleConfigError(
      file,
      [{ path: "", message: `cannot read the file: ${(error as Error).message}` }],
      { cause: error },
    );
  }
  return parseRoleConfig(text, { ...context, file, format: extname(file) === ".json" ? "json" : "yaml" });
}

/**
 * Validates role configuration text; `file` names it in messages, and `instructions: { file }`
 * paths are read relative to its directory.
 */
export function parseRoleConfig(
  text: string,
  options: RoleConfigContext & { readonly file: string; readonly format: "yaml" | "json" },
): RoleProfile[] {
  let data: unknown;
  try {
    data = options.format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new RoleConfigError(
      options.file,
      [{ path: "", message: `not valid ${options.format.toUpperCase()}: ${(error as Error).message}` }],
      { cause: error },
    );
  }
  const reserved = findReservedKeys(data);
  if (reserved.length > 0) {
    throw new RoleConfigError(
      options.file,
      reserved.map(({ path, key }) => ({ path: formatPath(path), message: reservedNameMessage(key) })),
    );
  }
  // `reportInput` puts the offending value on each issue, so "missing" can be told from "wrong type".
  const parsed = RoleConfigFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    throw new RoleConfigError(
      options.file,
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue) })),
    );
  }
  const instructionProblems: RoleConfigProblem[] = [];
  const profiles = Object.entries(parsed.data.roles).map(([role, { instructions, ...definition }]) => {
    const text = readInstructions(instructions, { file: options.file, role, problems: instructionProblems });
    return { role, ...definition, ...(text === undefined ? {} : { instructions: text }) } as RoleProfile;
  });
  const problems = [...instructionProblems, ...checkNames(profiles, options)];
  if (problems.length > 0) throw new RoleConfigError(options.file, problems);
  return profiles;
}

/** A role's `instructions:` as profile instructions, a file's text read now (problems collected). */
function readInstructions(
  instructions: z.output<typeof InstructionsSchema> | undefined,
  context: { readonly file: string; readonly role: string; readonly problems: RoleConfigProblem[] },
): RoleInstructions | undefined {
  if (instructions === undefined || typeof instructions === "string") return instructions;
  if (instructions.text !== undefined) return { text: instructions.text, mode: instructions.mode };
  const path = resolve(dirname(resolve(context.file)), instructions.file ?? "");
  const at = `roles.${context.role}.instructions.file`;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    context.problems.push({
      path: at,
      message: `cannot read '${instructions.file}' (looked for ${path}): ${(error as Error).message}`,
    });
    return undefined;
  }
  const checked = InstructionsTextSchema.safeParse(text.trim());
  if (!checked.success) {
    context.problems.push({
      path: at,
      message: `'${instructions.file}': ${checked.error.issues.map((issue) => issue.message).join("; ")}`,
    });
    return undefined;
  }
  return { text: checked.data, mode: instructions.mode };
}

function checkNames(profiles: readonly RoleProfile[], context: RoleConfigContext): RoleConfigProblem[] {
  const features = new Map([...context.features].map((feature) => [feature.id, feature]));
  const roles = new Set([...(context.knownRoles ?? []), ...profiles.map((profile) => profile.role)]);
  const problems: RoleConfigProblem[] = [];
  for (const profile of profiles) {
    const at = `roles.${profile.role}`;
    if (profile.extends !== undefined && !roles.has(profile.extends)) {
      problems.push({
        path: `${at}.extends`,
        message: `unknown role '${profile.extends}'. Known roles: ${quoteList(roles)}.`,
      });
    }
    for (const [featureId, grant] of Object.entries(profile.features)) {
      const featurePath = `${at}.features.${featureId}`;
      const feature = features.get(featureId);
      if (feature === undefined) {
        problems.push({
          path: featurePath,
          message: `unknown feature '${featureId}'. Registered features: ${quoteList(features.keys())}.`,
        });
        continue;
      }
      const capabilities = new Set(feature.tools.flatMap((tool) => toolCapabilities(tool)));
      const tools = new Set(feature.tools.map((tool) => tool.name));
      const dimensions = new Set(feature.tools.flatMap((tool) => Object.keys(tool.scope ?? {})));
      grant.capabilities.forEach((capability, index) => {
        if (!capabilities.has(capability)) {
          problems.push({
            path: `${featurePath}.capabilities[${index}]`,
            message: `'${capability}' is not a capability of feature '${featureId}'. Allowed: ${quoteList(capabilities)}.`,
          });
        }
      });
      for (const list of ["allowTools", "denyTools"] as const) {
        grant[list]?.forEach((name, index) => {
          if (!tools.has(name)) {
            problems.push({
              path: `${featurePath}.${list}[${index}]`,
              message: `'${name}' is not a tool of feature '${featureId}'. Allowed: ${quoteList(tools)}.`,
            });
          }
        });
      }
      for (const dimension of Object.keys(grant.scope ?? {})) {
        if (!dimensions.has(dimension)) {
          problems.push({
            path: `${featurePath}.scope.${dimension}`,
            message: `'${dimension}' is not a scope dimension of feature '${featureId}'. Allowed: ${quoteList(dimensions)}.`,
          });
        }
      }
    }
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${quoteList(issue.keys)}. ${allowedKeysAt(issue.path)}`;
  }
  if (issue.code === "invalid_type" && issue.input === undefined) return `is required (${issue.message})`;
  if (issue.code === "invalid_key") {
    return `invalid name '${String(issue.input)}': ${issue.issues.map((inner) => inner.message).join("; ")}`;
  }
  return issue.message;
}

function allowedKeysAt(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "Allowed: 'roles'.";
  if (path.length === 2) return `Allowed: ${quoteList(Object.keys(RoleSchema.shape))}.`;
  if (path[2] === "instructions") return `Allowed: ${quoteList(["text", "file", "mode"])}.`;
  if (path.length === 4) return `Allowed: ${quoteList(Object.keys(FeatureGrantSchema.shape))}.`;
  return "Allowed: 'oneOf'.";
}

/** `["roles", "coder", "capabilities", 1]` → `roles.coder.capabilities[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    return text === "" ? String(segment) : `${text}.${String(segment)}`;
  }, "");
}
