/**
 * The workspace feature's options, limits and command name rule alone, for hosts that validate
 * configuration without loading the tools.
 *
 * @module @podkit/workspace/options
 */

import { z } from "zod";
import { WorkspaceError } from "./workspace-error.js";

/** Bounds on what one tool call reads, returns or runs. */
export interface WorkspaceLimits {
  /** Largest file `workspace_read` and `workspace_edit` open, in bytes. */
  readonly fileBytes: number;
  /** Most characters one `workspace_read` returns. */
  readonly readChars: number;
  /** Most lines one `workspace_read` returns. */
  readonly readLines: number;
  /** Largest content `workspace_write` or `workspace_edit` writes, in bytes. */
  readonly writeBytes: number;
  /** Most entries one `workspace_list` returns. */
  readonly listEntries: number;
  /** Most matches one `workspace_search` returns. */
  readonly searchMatches: number;
  /** Most patch characters one `workspace_diff` returns. */
  readonly diffChars: number;
  /** Characters of output `workspace_run` keeps, from the end. */
  readonly runOutputChars: number;
  /** Longest a configured command may run, in milliseconds. */
  readonly runTimeoutMs: number;
}

/** The defaults: enough for source files and test runs, small enough for a model's context. */
export const DEFAULT_WORKSPACE_LIMITS: WorkspaceLimits = {
  fileBytes: 10 * 1024 * 1024,
  readChars: 50_000,
  readLines: 2_000,
  writeBytes: 2 * 1024 * 1024,
  listEntries: 500,
  searchMatches: 200,
  diffChars: 60_000,
  runOutputChars: 20_000,
  runTimeoutMs: 10 * 60_000,
};

/** What `createWorkspaceFeature` takes. */
export interface WorkspaceOptions {
  /** The worktree's top-level directory (the Pod's worktree); every path is relative to it. */
  readonly root: string;
  /** The ref the ticket's branch started from, e.g. `main`; `workspace_diff` compares against it. */
  readonly baseRef: string;
  /** Commands `workspace_run` may start, by name, as argv run without a shell: `{ test: ["pnpm", "test"] }`. */
  readonly commands?: Readonly<Record<string, readonly string[]>>;
  /** Overrides of {@link DEFAULT_WORKSPACE_LIMITS}. */
  readonly limits?: Partial<WorkspaceLimits>;
  /** Who `workspace_commit` records as author and committer; by default the repository's git config. */
  readonly author?: { readonly name: string; readonly email: string };
}

/** Options with defaults applied. */
export interface ResolvedWorkspaceOptions {
  readonly root: string;
  readonly baseRef: string;
  readonly commands: Readonly<Record<string, readonly string[]>>;
  readonly limits: WorkspaceLimits;
  readonly author: { readonly name: string; readonly email: string } | undefined;
}

/** Command names as a model types them: a letter, then letters, digits, `_`, `-`, `.` or `:`. */
export const COMMAND_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/** Whether `text` has no control characters: in a ref or a name they are a mistake, never intent. */
function noControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

const positive = (max: number) => z.number().int().min(1).max(max);

const OptionsSchema = z.strictObject({
  root: z.string().min(1, "root must name the worktree directory"),
  baseRef: z
    .string()
    .min(1, "baseRef must name a ref, e.g. 'main'")
    .max(256)
    .refine((ref) => !ref.startsWith("-"), "baseRef must not start with '-'")
    .refine((ref) => noControlCharacters(ref) && !/\s/.test(ref), "baseRef must not contain whitespace"),
  commands: z
    .record(
      z.string(),
      z
        .array(
          z
            .string()
            .min(1)
            .refine((argument) => !argument.includes("\0"), "an argument cannot contain a NUL byte"),
        )
        .min(1, "a command is a non-empty argv array, e.g. ['pnpm', 'test']"),
    )
    // Checked here rather than as the record's key schema, whose failure zod reports without this message.
    .superRefine((commands, context) => {
      for (const name of Object.keys(commands)) {
        if (COMMAND_NAME_PATTERN.test(name)) continue;
        context.addIssue({
          code: "custom",
          path: [name],
          message: `'${name}' is not a command name: a command name is a letter, then up to 63 letters, digits, '_', '-', '.' or ':'`,
        });
      }
    })
    .default({}),
  limits: z
    .strictObject({
      fileBytes: positive(1024 * 1024 * 1024),
      readChars: positive(10_000_000),
      readLines: positive(1_000_000),
      writeBytes: positive(1024 * 1024 * 1024),
      listEntries: positive(100_000),
      searchMatches: positive(100_000),
      diffChars: positive(10_000_000),
      runOutputChars: positive(10_000_000),
      runTimeoutMs: positive(24 * 60 * 60_000),
    })
    .partial()
    .default({}),
  author: z
    .strictObject({
      name: z.string().min(1).refine(noControlCharacters),
      email: z.string().min(1).refine(noControlCharacters),
    })
    .optional(),
});

/**
 * Checks the options and applies defaults.
 * @throws WorkspaceError `invalid_options` naming each bad field and what is allowed.
 */
export function resolveWorkspaceOptions(options: WorkspaceOptions): ResolvedWorkspaceOptions {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new WorkspaceError(
      "invalid_options",
      `Invalid workspace options:\n${z.prettifyError(parsed.error)}`,
    );
  }
  const { root, baseRef, commands, limits, author } = parsed.data;
  return {
    root,
    baseRef,
    commands,
    // A limit given as `undefined` keeps its default.
    limits: { ...DEFAULT_WORKSPACE_LIMITS, ...definedOnly(limits) },
    author,
  };
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
