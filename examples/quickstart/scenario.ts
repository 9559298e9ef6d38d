/** One call the quickstart makes, and what `roles.yaml` says must happen. */
export interface Step {
  readonly role: "reader" | "editor";
  readonly tool: string;
  readonly input: unknown;
  /** Why this outcome is expected, in words. */
  readonly why: string;
  /** `"ok"` or the error code the call must fail with. */
  readonly expect: "ok" | "unknown_tool" | "invalid_input" | "not_found";
  /** The grant rule reported by the `tool-call` / `tool-denied` event. */
  readonly rule: string;
  /** Top-level output fields that must have these values (compared as JSON). */
  readonly output?: Readonly<Record<string, unknown>>;
}

/** The tools each role must see, in registration order. */
export const EXPECTED_TOOLS: Readonly<Record<Step["role"], readonly string[]>> = {
  reader: ["notes_list", "notes_show"],
  editor: ["notes_add", "notes_list", "notes_show", "notes_delete"],
};

/** The calls, in order; later steps see the notes earlier ones added. */
export const STEPS: readonly Step[] = [
  {
    role: "editor",
    tool: "notes_add",
    input: { title: "Ship the quickstart", body: "Run pnpm quickstart.", tags: ["podkit"] },
    why: "editors write",
    expect: "ok",
    rule: "capability:write",
    output: { id: "n1", author: "editor-1" },
  },
  {
    role: "editor",
    tool: "notes_add",
    input: { title: "Buy milk" },
    why: "body and tags have defaults",
    expect: "ok",
    rule: "capability:write",
    output: { id: "n2", body: "", tags: [] },
  },
  {
    role: "reader",
    tool: "notes_list",
    input: {},
    why: "readers read",
    expect: "ok",
    rule: "capability:read",
    output: { total: 2, truncated: false },
  },
  {
    role: "reader",
    tool: "notes_list",
    input: { tag: "podkit" },
    why: "filter by tag",
    expect: "ok",
    rule: "capability:read",
    output: { total: 1 },
  },
  {
    role: "reader",
    tool: "notes_show",
    input: { id: "n1" },
    why: "the author is the agent whose toolset made the call (ACTOR injected per toolset)",
    expect: "ok",
    rule: "capability:read",
    output: { title: "Ship the quickstart", author: "editor-1" },
  },
  {
    role: "reader",
    tool: "notes_add",
    input: { title: "Sneaky" },
    why: "a reader has no write capability; answered exactly like an unknown tool",
    expect: "unknown_tool",
    rule: "capability-not-granted:write",
  },
  {
    role: "reader",
    tool: "notes_delete",
    input: { id: "n1" },
    why: "a reader has no admin capability",
    expect: "unknown_tool",
    rule: "capability-not-granted:admin",
  },
  {
    role: "editor",
    tool: "notes_add",
    input: { title: "", tags: "urgent" },
    why: "empty title and tags not a list: the model gets a message it can fix",
    expect: "invalid_input",
    rule: "capability:write",
  },
  {
    role: "reader",
    tool: "notes_show",
    input: { id: "n9" },
    why: "a domain refusal from the tool, with the ids that exist",
    expect: "not_found",
    rule: "capability:read",
  },
  {
    role: "editor",
    tool: "notes_delete",
    input: { id: "n2" },
    why: "editors inherit read and add admin",
    expect: "ok",
    rule: "capability:admin",
    output: { deleted: "n2" },
  },
  {
    role: "editor",
    tool: "notes_clear",
    input: {},
    why: "admin would grant it, but editor's deny list takes it back",
    expect: "unknown_tool",
    rule: "deny-list",
  },
  {
    role: "editor",
    tool: "notes_rename",
    input: { id: "n1", title: "Renamed" },
    why: "no such tool is installed",
    expect: "unknown_tool",
    rule: "not-installed",
  },
  {
    role: "reader",
    tool: "notes_list",
    input: {},
    why: "one note left",
    expect: "ok",
    rule: "capability:read",
    output: { total: 1 },
  },
];
