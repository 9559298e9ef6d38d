// Subpaths, not the packages: `@podkit/agent` loads the AI SDK and its providers, and the
// postgres backend `pg`, which only `podkit agent` and a postgres backend need.
import { AgentsConfigSchema } from "@podkit/agent/config";
import { describeTemplateProblem } from "@podkit/orchestrator-automation/pod-command-template";
import { SCHEMA_NAME_PATTERN } from "@podkit/ticket-backend-postgres/schema-names";
import { DEFAULT_TICKET_POLICY, LEASE_BOUNDS_MS } from "@podkit/ticket-lifecycle";
import { COMMAND_NAME_PATTERN } from "@podkit/workspace/options";
import { z } from "zod";
import { strictObject } from "./strict-object.js";

/** The configuration file's name; commands look for it upward from the working directory. */
export const CONFIG_FILE_NAME = "podkit.config.yaml";

/** The ticket root `podkit init` creates, relative to the configuration file. */
export const DEFAULT_TICKET_ROOT = ".podkit/tickets";

const LeaseMsSchema = z
  .number()
  .int()
  .min(LEASE_BOUNDS_MS.min)
  .max(LEASE_BOUNDS_MS.max)
  .describe("Lease length in milliseconds.");

const PathSchema = z.string().min(1).describe("A path, relative to the configuration file's directory.");

const FileBackendSchema = strictObject({
  kind: z.literal("file"),
  root: PathSchema.default(DEFAULT_TICKET_ROOT),
  force: z.boolean().default(false).describe("Use a network filesystem although the file store refuses one."),
});

const PostgresBackendSchema = strictObject({
  kind: z.literal("postgres"),
  url: z
    .string()
    .min(1)
    .optional()
    .describe(
      "A connection string, postgres://user@host:5432/db; PODKIT_PG_URL when absent (keep secrets there).",
    ),
  schema: z
    .string()
    .regex(SCHEMA_NAME_PATTERN, "lower-case letters, digits and '_', not starting with a digit, at most 48")
    .optional()
    .describe("The schema that holds the tables (default 'podkit')."),
});

/** Where tickets live, by `kind`; another backend is another member of this union. */
const BackendSchema = z.discriminatedUnion("kind", [FileBackendSchema, PostgresBackendSchema]);

const RolesSchema = strictObject({
  files: z.array(PathSchema).default([]).describe("Role configuration files, applied in order."),
});

const TicketsSchema = strictObject({
  leaseMs: LeaseMsSchema.default(DEFAULT_TICKET_POLICY.leaseMs),
  onExpiredLease: z.enum(["block", "takeover"]).default(DEFAULT_TICKET_POLICY.onExpiredLease),
});

const PodSchema = strictObject({
  command: z
    .array(z.string().min(1))
    .min(1)
    .superRefine((command, context) => {
      const problem = describeTemplateProblem(command);
      if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
    })
    .describe(
      "The program and its arguments (argv, no shell); elements may hold {promptFile}, {mcpConfig}, {ticketId}, {worktree}, {branch} and {role}.",
    ),
  timeoutMs: z
    .number()
    .int()
    .min(1_000)
    .default(60 * 60 * 1000),
});

const OrchestratorSchema = strictObject({
  concurrency: z.number().int().min(1).max(64).default(1),
  leaseMs: LeaseMsSchema.default(DEFAULT_TICKET_POLICY.leaseMs),
  baseBranch: z.string().min(1).default("main"),
  worktreeRoot: PathSchema.default(".podkit/worktrees"),
  maxReviewRounds: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .describe(
      "Coder runs and reviews in all before a ticket whose review keeps requesting changes is blocked.",
    ),
  podRetries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(1)
    .describe("Relaunches after a failed Pod before blocking."),
  reconcileIntervalMs: z
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe("The periodic scan behind notifications: a missed notification costs at most this."),
  renewEveryMs: z
    .number()
    .int()
    .min(100)
    .optional()
    .describe("Lease renewal period; a third of leaseMs by default."),
  launchMarginMs: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      "A Pod is launched only while the lease has more than this left (else it is renewed first); (leaseMs − renewEveryMs) / 2 by default.",
    ),
  onApproved: z
    .enum(["merge", "none"])
    .default("none")
    .describe(
      "After approval: merge the branch into baseBranch (one merge at a time across orchestrators, conflicts block the ticket), or none (complete and leave the branch).",
    ),
  keepWorktrees: z
    .boolean()
    .default(false)
    .describe(
      "Keep an attempt's worktree and branch once its ticket is done or blocked (the worktree is removed by default).",
    ),
  deleteMergedBranches: z
    .boolean()
    .default(true)
    .describe(
      "Delete a done ticket's branch once it is merged into baseBranch; a blocked ticket's branch and any branch with unmerged work are kept.",
    ),
  runDir: PathSchema.default(".podkit/run").describe("Where Pod logs, pid and exit status files go."),
  agentId: z.string().min(1).optional().describe("The orchestrator's stable id; leases are held under it."),
  pods: strictObject({ coder: PodSchema, reviewer: PodSchema }),
}).superRefine((section, context) => {
  // A renewal that comes no sooner than the lease ends lets every lease lapse while its Pods run on.
  if (section.renewEveryMs !== undefined && section.renewEveryMs >= section.leaseMs)
    context.addIssue({
      code: "custom",
      path: ["renewEveryMs"],
      input: section.renewEveryMs,
      message: `must be less than leaseMs (${section.leaseMs}), or every lease lapses before it is renewed; leave it out for a third of leaseMs`,
    });
  if (section.launchMarginMs !== undefined && section.launchMarginMs >= section.leaseMs)
    context.addIssue({
      code: "custom",
      path: ["launchMarginMs"],
      input: section.launchMarginMs,
      message: `must be less than leaseMs (${section.leaseMs}), or no Pod could ever be launched`,
    });
});

const FeaturesSchema = z
  .array(z.string().min(1))
  .default([])
  .describe(
    "Modules whose default (or `feature`/`features`) export is a feature or an array of them: a path relative to this file, or a package name.",
  );

const WorkspaceSchema = strictObject({
  commands: z
    .record(
      z
        .string()
        .regex(
          COMMAND_NAME_PATTERN,
          "a command name is a letter, then up to 63 letters, digits, '_', '-', '.' or ':'",
        ),
      z
        .array(z.string().min(1))
        .min(1)
        .describe("The program and its arguments, run without a shell in the Pod's worktree."),
    )
    .default({})
    .describe("Commands a Pod's workspace_run may start, by name, e.g. { test: [pnpm, test] }."),
  author: strictObject({ name: z.string().min(1), email: z.string().min(1) })
    .optional()
    .describe("Who workspace_commit records; by default the Pod (its agent id)."),
});

const AuthSchema = z
  .enum(["required", "off"])
  .default("off")
  .describe(
    "'required': the board needs a human token to sign in and remote MCP a bearer token ('podkit token create'); 'off': the board acts as you without sign-in (one-user machines only).",
  );

/** The shape of `podkit.config.yaml`, as written (paths still relative). */
export const PodkitConfigSchema = strictObject({
  auth: AuthSchema,
  backend: BackendSchema.default({ kind: "file", root: DEFAULT_TICKET_ROOT, force: false }),
  features: FeaturesSchema,
  roles: RolesSchema.default({ files: [] }),
  tickets: TicketsSchema.default({
    leaseMs: DEFAULT_TICKET_POLICY.leaseMs,
    onExpiredLease: DEFAULT_TICKET_POLICY.onExpiredLease,
  }),
  orchestrator: OrchestratorSchema.optional(),
  agents: AgentsConfigSchema.default({}).describe(
    "The model each role's `podkit agent` Pod runs, by role: { coder: { model: 'openai:gpt-5-mini' } }.",
  ),
  workspace: WorkspaceSchema.default({ commands: {} }).describe(
    "The workspace tools `podkit agent` gives a Pod in its worktree.",
  ),
});

/** The configuration file as parsed, before paths are resolved. */
export type PodkitConfigFile = z.output<typeof PodkitConfigSchema>;
