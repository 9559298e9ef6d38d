import { parseUsageReport } from "./pod-usage-report.js";
import type { EventView, TicketDetailView } from "./ticket-client.js";

/** What a Pod's task is rendered from. */
export interface PodTaskInput {
  /** The Pod's role: `coder` and `reviewer` get their own closing words. */
  readonly role: string;
  /** The ticket as `ticket_show` returns it, with its latest history (`TicketClient.show`). */
  readonly ticket: TicketDetailView;
  /**
   * The lease token of the attempt the Pod works for. A review recorded under another attempt is
   * thread, not the review to answer. Unknown (or hidden from the reader): every review counts.
   */
  readonly token?: number;
}

/** Thread entries a Pod's task shows at most, the latest ones. */
export const POD_TASK_THREAD_ENTRIES = 30;
/** Characters of one thread entry's body a Pod's task shows at most. */
export const POD_TASK_ENTRY_CHARS = 2_000;

/** Event kinds that carry what people and agents said about the work. */
const THREAD_KINDS: ReadonlySet<string> = new Set(["comment", "plan", "decision", "review", "failure"]);

/**
 * The task a Pod works on, as markdown: the ticket's title, description, intake summary and
 * dependencies, the relevant thread (comments, plans, decisions, reviews, failures and reasoned
 * state changes — not the orchestrator's bookkeeping nor agents' usage reports), and for a coder
 * whose last review asked for changes, that review to answer. `podkit agent` sends it as the
 * model's task; {@link renderPodPrompt} puts it after the role's instructions for other agent CLIs.
 */
export function renderPodTask(input: PodTaskInput): string {
  const { ticket, role } = input;
  const sections = [
    `# ${ticket.id}: ${ticket.title}`,
    `You are the ${role} for ticket ${ticket.id} (state: ${ticket.state}, priority: ${ticket.priority}).`,
    section(
      "Description",
      ticket.body.trim() === "" ? "(no description)" : withTruncation(ticket.body, ticket.bodyTruncated),
    ),
  ];
  if (ticket.intakeSummary !== null && ticket.intakeSummary.trim() !== "")
    sections.push(section("Intake summary", ticket.intakeSummary.trim()));
  const dependsOn = ticket.relations.depends_on ?? [];
  if (dependsOn.length > 0) sections.push(section("Depends on", dependsOn.join(", ")));
  const thread = threadOf(ticket.events);
  if (thread.length > 0) sections.push(section("Thread (oldest first)", thread.join("\n")));
  const review = role === "coder" ? reviewToAnswer(ticket.events, input.token) : undefined;
  if (review !== undefined) {
    sections.push(
      section(
        "Review to answer",
        [
          `The reviewer (${review.agentId}, ${review.at}) requested changes:`,
          "",
          quote(bounded(review.body ?? "")),
          "",
          "Change what it asks for, commit, and say in your report what you changed in answer.",
        ].join("\n"),
      ),
    );
  }
  sections.push(section("What to do", closingWords(role, ticket.id, review !== undefined)));
  return `${sections.join("\n\n")}\n`;
}

/**
 * The whole prompt for an agent CLI that takes one (`PODKIT_PROMPT_FILE`): the role's
 * instructions (`toolset.instructions()`), then the task {@link renderPodTask} renders.
 */
export function renderPodPrompt(input: PodTaskInput & { readonly instructions: string }): string {
  const task = renderPodTask(input);
  return input.instructions.trim() === "" ? task : `${input.instructions.trim()}\n\n---\n\n${task}`;
}

/**
 * The last review, when it asks for changes and belongs to this attempt (or the attempt is not
 * known): what a coder on a later round must answer. An approval after it means nothing is open.
 */
export function reviewToAnswer(
  events: readonly EventView[],
  token: number | undefined,
): EventView | undefined {
  const last = events.filter((event) => event.kind === "review").at(-1);
  if (last?.data?.verdict !== "request_changes") return undefined;
  if (token !== undefined && last.token !== undefined && last.token !== token) return undefined;
  return last;
}

function threadOf(events: readonly EventView[]): string[] {
  const relevant = events.filter(
    (event) =>
      (THREAD_KINDS.has(event.kind) && parseUsageReport(event.body) === undefined) ||
      (event.kind === "state_changed" && event.reason !== undefined),
  );
  const shown = relevant.slice(-POD_TASK_THREAD_ENTRIES);
  const lines = shown.map(describeEvent);
  if (shown.length < relevant.length)
    lines.unshift(`(${relevant.length - shown.length} earlier entries left out)`);
  return lines;
}

function describeEvent(event: EventView): string {
  const what =
    event.kind === "review"
      ? `review (${event.data?.verdict ?? "?"})`
      : event.kind === "state_changed"
        ? `moved ${event.from ?? "?"} → ${event.to ?? "?"}`
        : event.kind;
  const text = event.kind === "state_changed" ? event.reason : event.body;
  const body = bounded(text ?? "").trim();
  const heading = `- ${what} by ${event.actor}, ${event.at}`;
  return body === "" ? heading : `${heading}:\n${indent(body)}`;
}

function closingWords(role: string, ticketId: string, answering: boolean): string {
  if (role === "coder") {
    return [
      `Implement ${answering ? "the changes the review asks for" : "what this ticket asks for"} in your worktree, and nothing else.`,
      "Run the configured checks (its tests), commit the change, then report on the ticket with",
      `ticket_comment on ${ticketId}: what you changed, the commit, and how you checked it.`,
    ].join(" ");
  }
  if (role === "reviewer") {
    return [
      "Review the change on this ticket's branch against its base (workspace_diff) and the files it touches.",
      `Then record exactly one verdict on ${ticketId} with ticket_review: approve, or request_changes saying what must change.`,
    ].join(" ");
  }
  return `Do your part for ticket ${ticketId} as your instructions describe.`;
}

function section(title: string, body: string): string {
  return `## ${title}\n\n${body}`;
}

function withTruncation(text: string, truncated: boolean): string {
  return truncated ? `${text.trimEnd()}\n\n(the description was cut here)` : text.trim();
}

function bounded(text: string): string {
  return text.length <= POD_TASK_ENTRY_CHARS ? text : `${text.slice(0, POD_TASK_ENTRY_CHARS)}… (cut)`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? "" : `  ${line}`))
    .join("\n");
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");
}
