import { DEFAULT_TICKET_ROOT } from "./config-schema.js";

/** The commented `podkit.config.yaml` that `podkit init` writes; valid as it stands. */
export const CONFIG_TEMPLATE = `# podkit configuration. Paths are relative to this file's directory.
# Every podkit command finds this file by looking upward from where it runs,
# or takes --config FILE.

# Who may use 'podkit serve' (the web board and remote MCP): 'required' means
# a human signs in to the board with a token and agents send a bearer token;
# create yours with: podkit token create --role human --agent YOUR-NAME
auth: required

# Where tickets are stored.
backend:
  # 'file': one directory of readable markdown per ticket, committed with git;
  # safe for many processes on one machine.
  kind: file
  root: ${DEFAULT_TICKET_ROOT}
  # The file store refuses network filesystems (NFS, SMB, …); true uses one anyway.
  force: false

# Your own features, beside the ticket feature: a path relative to this file or
# a package name; the module's default export (or 'feature'/'features') is a
# feature made with defineFeature, or an array of them. Their tools reach roles
# through each feature's default grants and the role files below.
features: []
# features: [./podkit/release-notes.js, "@acme/podkit-deploy"]

# Role configuration files (YAML or JSON) that extend or override the built-in
# roles (orchestrator, intake, coder, reviewer, companion, human), in order.
roles:
  files: []
  # files: [podkit.roles.yaml]

tickets:
  # How long an orchestrator's lease on an accepted ticket lasts unless renewed (ms).
  leaseMs: 60000
  # What happens to a lease that expired: 'block' records why and waits for a
  # human; 'takeover' re-accepts the ticket under a new token.
  onExpiredLease: block

# Orchestrator automation ('podkit orchestrate'). Uncomment and fill in the
# commands that start your coding and reviewing agents: argv, no shell. An
# element may hold {promptFile} (the task: role instructions + ticket),
# {mcpConfig} (an {"mcpServers": …} file serving the Pod's tools), {ticketId},
# {worktree}, {branch} and {role}; see examples/roles/agent-cli-recipes.yaml.
# orchestrator:
#   concurrency: 1
#   leaseMs: 60000
#   baseBranch: main
#   worktreeRoot: .podkit/worktrees
#   maxReviewRounds: 3
#   # After approval: merge the branch into baseBranch, one merge at a time (a
#   # conflict blocks the ticket and keeps its branch).
#   onApproved: merge
#   # A done or blocked ticket's worktree is removed (keepWorktrees: true keeps
#   # it); a merged branch is deleted, a blocked or unmerged one is kept.
#   # 'podkit worktrees prune' finishes what a crash left.
#   keepWorktrees: false
#   deleteMergedBranches: true
#   pods:
#     coder:
#       command: [my-coding-agent, --non-interactive, --prompt-file, "{promptFile}", --mcp-config, "{mcpConfig}"]
#       timeoutMs: 3600000
#     reviewer:
#       command: [my-review-agent]
#       timeoutMs: 1800000

# 'podkit agent' runs a model in a tool loop over its role's tools, as a Pod
# (command: [npx, podkit, agent]). The model of each role; API keys come from
# the environment variable apiKeyEnv names, never from this file.
# agents:
#   coder:
#     model: openai:gpt-5-mini
#     apiKeyEnv: OPENAI_API_KEY
#     maxSteps: 40
#   reviewer:
#     model: anthropic:claude-sonnet-4-5

# What a 'podkit agent' coder may run in its worktree (workspace_run), as argv.
# workspace:
#   commands:
#     test: [npm, test]
`;
