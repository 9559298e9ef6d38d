/** The named steps of one ticket's pipeline; `onStep` observers and progress lines use them. */
export type PipelineStep =
  | "accepted"
  | "intent-recorded"
  | "worktree-created"
  | "pod-spawned"
  | "pod-running"
  | "pod-exited"
  | "before-merge"
  | "merge-done"
  | "before-complete"
  | "completed"
  | "blocked";

declare module "@podkit/core" {
  interface PodkitEvents {
    "ticket-accepted": { readonly ticketId: string; readonly token: number };
    "ticket-waiting": { readonly ticketId: string; readonly reason: string };
    "worktree-created": {
      readonly ticketId: string;
      readonly token: number;
      readonly path: string;
      readonly branch: string;
    };
    "pod-start": {
      readonly ticketId: string;
      readonly token: number;
      readonly podId: string;
      readonly role: string;
      readonly pid: number | undefined;
      readonly logFile: string;
    };
    "pod-exit": {
      readonly ticketId: string;
      readonly token: number;
      readonly podId: string;
      readonly role: string;
      readonly code: number | null;
      readonly timedOut: boolean;
      readonly lost: boolean;
    };
    "ticket-failed": {
      readonly ticketId: string;
      readonly token: number;
      readonly step: string;
      readonly reason: string;
      readonly next: "retry" | "block";
    };
    "ticket-blocked": { readonly ticketId: string; readonly token: number; readonly reason: string };
    "ticket-completed": { readonly ticketId: string; readonly token: number };
    "ticket-merged": {
      readonly ticketId: string;
      readonly token: number;
      readonly branch: string;
      readonly baseBranch: string;
      readonly commit: string;
      readonly how: "fast-forward" | "merge-commit" | "already-merged";
      /** The main checkout: at the merged commit, on another branch, or left as it is (a person's changes). */
      readonly checkout: "updated" | "not-on-base" | "left-as-is";
      /** Why the checkout was left as it is, or that an interrupted merge's checkout move was finished. */
      readonly checkoutNote?: string;
    };
    "worktree-removed": {
      readonly ticketId: string;
      readonly token: number;
      readonly path: string;
      readonly branch: string;
      readonly branchDeleted: boolean;
    };
    "worktree-kept": {
      readonly ticketId: string;
      readonly token: number;
      readonly path: string;
      readonly branch: string;
      readonly reason: string;
    };
    "lease-lost": { readonly ticketId: string; readonly token: number; readonly reason: string };
    "pipeline-step": {
      readonly ticketId: string;
      readonly token: number;
      readonly step: PipelineStep;
      readonly detail?: string;
    };
  }
}
