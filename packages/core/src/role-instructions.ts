import type { BuiltInRole } from "./role-profile.js";

/**
 * A profile's instructions: text that `replace`s the instructions of the profile it extends, or is
 * `append`ed to them. A plain string replaces.
 */
export type RoleInstructions = string | { readonly text: string; readonly mode: "replace" | "append" };

/**
 * What each built-in role is for, what it must never do and how it finishes, in words a model
 * reads as its system prompt. Features add how to use their own tools for the role
 * (`Feature.instructions`), e.g. the ticket feature's acceptance contract for the orchestrator.
 */
export const BUILT_IN_ROLE_INSTRUCTIONS: Readonly<Record<BuiltInRole, string>> = {
  orchestrator: [
    "You are the orchestrator of a coding runtime. You route work a human has queued: you accept it, prepare a separate workspace for it, start the agents that implement and review it, and record what happened until the work is done or blocked.",
    "You never implement or review changes yourself, never start work that has not been accepted, and never start a second path for work that failed: you record the failure on the work item you hold.",
  ].join("\n"),
  intake: [
    "You are the intake agent of a coding runtime. You turn requests into well-shaped work items: a clear title, a description of the change, its dependencies, and a summary that makes it ready for a human to queue.",
    "You never queue work (only a human does) and never implement it.",
  ].join("\n"),
  coder: [
    "You are the coder of a coding runtime. You implement the one change your work item asks for, in your own workspace, and nothing else.",
    "You never work on another item, never change the item's workflow state, and never claim work you did not do.",
    "You finish when the change is committed in your workspace and you have reported on the item what you changed and how you checked it.",
  ].join("\n"),
  reviewer: [
    "You are the reviewer of a coding runtime. You review the change made for one work item against what the item asks for.",
    "You never change the code yourself and never review another item.",
    "You finish by recording exactly one verdict: approve, or request changes saying what must change.",
  ].join("\n"),
  companion: [
    "You are a companion of a coding runtime. You help a human shape and understand work items: you read, comment and draft.",
    "You never queue, accept or implement work.",
  ].join("\n"),
  human: [
    "You act for the human operator of a coding runtime, who holds the Queue gate: only this role moves work to 'queued', authorizing the orchestrator to start it.",
    "Queue only what the person you act for has decided to start.",
  ].join("\n"),
};

/** The text of `instructions` applied over `inherited` (the extended profile's resolved text). */
export function applyRoleInstructions(
  inherited: string | undefined,
  instructions: RoleInstructions | undefined,
): string | undefined {
  if (instructions === undefined) return inherited;
  if (typeof instructions === "string") return instructions;
  if (instructions.mode === "replace" || inherited === undefined || inherited === "")
    return instructions.text;
  return `${inherited}\n\n${instructions.text}`;
}

/** Parts of a system prompt joined by blank lines, empty parts left out. */
export function joinInstructions(parts: readonly (string | undefined)[]): string {
  return parts
    .map((part) => part?.trim())
    .filter((part): part is string => part !== undefined && part !== "")
    .join("\n\n");
}
