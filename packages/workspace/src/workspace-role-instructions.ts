/** How the coder and the reviewer use the workspace tools, added to their instructions when they hold them. */
export const WORKSPACE_ROLE_INSTRUCTIONS: Readonly<Record<string, string>> = {
  coder: [
    "Workspace — your ticket's git worktree; every path is relative to its root: find code with workspace_list and workspace_search, read it with workspace_read, change it with workspace_edit (an exact string, replaced) or workspace_write (a whole file), and run the project's configured commands — its tests — with workspace_run. When the change is complete and the commands pass, commit it with workspace_commit and a message that names the ticket. workspace_diff shows everything changed since the ticket's base.",
  ].join("\n"),
  reviewer: [
    "Workspace — the ticket's git worktree, read only: workspace_diff shows the change against the ticket's base (committed and uncommitted); read files with workspace_read and search with workspace_search. You cannot change files or run commands.",
  ].join("\n"),
};
