/** One thing a person can do to a ticket from its page, and the tool that does it. */
export interface TicketAction {
  /** The URL segment: `POST /tickets/:id/<path>`. */
  readonly path: string;
  readonly tool: string;
  /** The button's text for ticket `id`: its accessible name says what it does to which ticket. */
  readonly label: (id: string) => string;
  /** States the action makes sense in; the tool still decides. */
  readonly states: readonly string[];
  /** Form fields, mapped to the tool's input; a field left empty is not sent. */
  readonly fields: ReadonlyArray<{
    readonly name: string;
    readonly label: string;
    readonly input: string;
    readonly multiline?: boolean;
    readonly required?: boolean;
  }>;
}

const OPEN = ["planning", "ready", "queued", "inprogress", "blocked", "done"] as const;

/** The human's actions on a ticket page, each done through the viewer's toolset. */
export const TICKET_ACTIONS: readonly TicketAction[] = [
  {
    path: "queue",
    tool: "ticket_queue",
    label: (id) => `Queue ${id}`,
    states: ["ready", "blocked"],
    fields: [{ name: "reason", label: "Reason (needed to re-queue a blocked ticket)", input: "reason" }],
  },
  {
    path: "mark-ready",
    tool: "ticket_mark_ready",
    label: (id) => `Mark ${id} ready`,
    states: ["planning"],
    fields: [{ name: "summary", label: "Intake summary", input: "summary", multiline: true, required: true }],
  },
  {
    path: "return-to-planning",
    tool: "ticket_return_to_planning",
    label: (id) => `Return ${id} to planning`,
    states: ["ready", "queued"],
    fields: [{ name: "reason", label: "The missing decision", input: "reason", required: true }],
  },
  {
    path: "comment",
    tool: "ticket_comment",
    label: (id) => `Comment on ${id}`,
    states: [...OPEN, "closed"],
    fields: [{ name: "body", label: "Comment", input: "body", multiline: true, required: true }],
  },
  {
    path: "edit",
    tool: "ticket_edit",
    label: (id) => `Save ${id}`,
    states: [...OPEN],
    fields: [
      { name: "title", label: "Title", input: "title" },
      { name: "body", label: "Body", input: "body", multiline: true },
      { name: "assignee", label: "Assignee", input: "assignee" },
    ],
  },
  {
    path: "close",
    tool: "ticket_close",
    label: (id) => `Close ${id}`,
    states: [...OPEN],
    fields: [{ name: "resolution", label: "Resolution", input: "resolution", required: true }],
  },
];

/** The action at `path`, or undefined. */
export function ticketAction(path: string): TicketAction | undefined {
  return TICKET_ACTIONS.find((action) => action.path === path);
}
