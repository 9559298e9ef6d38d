import type { TicketBackend } from "../backend/ticket-backend.js";
import {
  auditTicketHistory,
  type HistoryAuditOptions,
  type HistoryFlaw,
} from "../domain/audit-ticket-history.js";
import { decideTicketCommand } from "../domain/decide-ticket-command.js";
import { requireBody, requireText } from "../domain/guards.js";
import { requireStorableText } from "../domain/storable-text.js";
import type { TicketRecord } from "../domain/ticket.js";
import type { TicketCommand } from "../domain/ticket-command.js";
import { TicketError } from "../domain/ticket-error.js";
import type { EventActor, TicketEvent } from "../domain/ticket-event.js";
import {
  LIMITS,
  type Priority,
  type RelationType,
  TICKET_ID_PATTERN,
  type TicketState,
} from "../domain/ticket-state.js";
import type { TicketPolicy } from "./ticket-policy.js";

/** Tickets whose audit a service remembers before it starts over. */
const MAX_REMEMBERED_AUDITS = 20_000;

/** The result of a command: the ticket after it, and the event it appended (or the earlier one it repeated). */
export interface CommandOutcome {
  readonly record: TicketRecord;
  readonly event: TicketEvent;
  /** True when an idempotent repeat changed nothing (e.g. `accept` with a known request id). */
  readonly repeated: boolean;
}

/** Conditions on `TicketService.execute`. */
export interface ExecuteOptions {
  /** The caller holds the human gate (may queue and unqueue tickets). */
  readonly gate?: boolean;
  /** Refuse unless the ticket is in this state when the command is decided (checked on every retry). */
  readonly requireState?: TicketState;
}

/** A new ticket: its title and, optionally, body, priority, assignee and a chosen id (otherwise the next free one). */
export interface CreateTicketInput {
  readonly title: string;
  readonly body?: string;
  readonly priority?: Priority;
  readonly assignee?: string;
  readonly id?: string;
}

/**
 * Runs ticket commands against a backend: read, decide (pure), append with compare-and-set and
 * the decision's write requirement, and on a lost race read again and re-decide — so a retry can
 * never apply a stale decision, and a lease that lapsed in between is refused by the backend.
 */
export class TicketService {
  /** Audit results by ticket and seq: a ticket is judged again only when its history grew. */
  readonly #damage = new Map<string, { readonly seq: number; readonly flaws: readonly HistoryFlaw[] }>();

  constructor(
    /** The store commands are committed to. */
    readonly backend: TicketBackend,
    /** Lease length, expired-lease handling, retries on a lost race, and who may author where. */
    readonly policy: TicketPolicy,
    /** How histories are judged for damage (`auditTicketHistory`); the workflow alone by default. */
    readonly audit: HistoryAuditOptions = {},
  ) {}

  /**
   * What in the ticket's history no granted command could have written (`auditTicketHistory`);
   * empty for a healthy ticket. Remembered per ticket until its history grows.
   */
  damageOf(record: TicketRecord): readonly HistoryFlaw[] {
    const known = this.#damage.get(record.ticket.id);
    if (known !== undefined && known.seq === record.ticket.seq) return known.flaws;
    const flaws = auditTicketHistory(record.ticket.id, record.events, this.audit);
    if (this.#damage.size >= MAX_REMEMBERED_AUDITS) this.#damage.clear();
    this.#damage.set(record.ticket.id, { seq: record.ticket.seq, flaws });
    return flaws;
  }

  /** {@link damageOf} for a ticket known by id and seq, reading its history only when not remembered. */
  async damageAt(ticketId: string, seq: number): Promise<readonly HistoryFlaw[]> {
    const known = this.#damage.get(ticketId);
    if (known !== undefined && known.seq === seq) return known.flaws;
    const record = await this.backend.read(ticketId);
    return record === undefined ? [] : this.damageOf(record);
  }

  /** Creates a ticket in `planning` after checking its id and text, recording `actor` as its author. */
  async create(actor: EventActor, input: CreateTicketInput): Promise<TicketRecord> {
    if (input.id !== undefined) assertTicketId(input.id);
    requireStorableText(undefined, "", input);
    const title = requireText(undefined, "title", input.title, LIMITS.titleChars);
    const body = requireBody(undefined, input.body ?? "");
    return this.backend.create({
      ...(input.id === undefined ? {} : { id: input.id }),
      actor,
      event: {
        kind: "create",
        to: "planning",
        body,
        data: {
          title,
          priority: input.priority ?? "normal",
          ...(input.assignee === undefined ? {} : { assignee: input.assignee }),
        },
      },
    });
  }

  /** Reads a ticket or refuses with `not_found`. */
  async get(ticketId: string): Promise<TicketRecord> {
    assertTicketId(ticketId);
    const record = await this.backend.read(ticketId);
    if (record === undefined)
      throw new TicketError(
        "not_found",
        `No ticket '${ticketId}'. Use ticket_list to see existing tickets.`,
        { ticketId },
      );
    return record;
  }

  /**
   * Applies one command to one ticket. `gate`: the caller holds the human gate. `requireState`:
   * refuse unless the ticket is in that state when the command is decided (checked on every retry).
   */
  async execute(
    actor: EventActor,
    ticketId: string,
    command: TicketCommand,
    options: ExecuteOptions = {},
  ): Promise<CommandOutcome> {
    for (let attempt = 0; attempt <= this.policy.maxRetries; attempt += 1) {
      const current = await this.get(ticketId);
      if (options.requireState !== undefined && current.ticket.state !== options.requireState) {
        throw new TicketError(
          "precondition_failed",
          `Ticket '${ticketId}' is '${current.ticket.state}'; this role may only ${command.type.replaceAll("_", " ")} tickets in '${options.requireState}'.`,
          { ticketId },
        );
      }
      if (command.type === "accept") this.#refuseDamaged(current);
      const now = await this.backend.now();
      const related = await this.#relatedStates(current, command);
      const decision = decideTicketCommand(
        { ticket: current.ticket, events: current.events, now, actor, gate: options.gate ?? false, related },
        command,
      );
      if (decision.kind === "unchanged") return { record: current, event: decision.event, repeated: true };
      const result = await this.backend.append(ticketId, {
        expectedSeq: current.ticket.seq,
        event: decision.event,
        actor,
        requires: decision.requires,
      });
      if (result.ok) return { record: result.record, event: result.event, repeated: false };
    }
    throw new TicketError(
      "conflict",
      `Ticket '${ticketId}' kept changing under this write (${this.policy.maxRetries + 1} attempts lost the race). Read it again and retry.`,
      { ticketId },
    );
  }

  /**
   * Execute options for an author tool called by a role of profile `lineage` (the role and the
   * roles it extends, as `ToolContext.lineage` gives it): a planning-only author, or any role that
   * extends one, is held to `planning`.
   */
  authorOptions(lineage: readonly string[]): ExecuteOptions {
    const planningOnly = lineage.some((role) => this.policy.planningOnlyAuthors.includes(role));
    return planningOnly ? { requireState: "planning" } : {};
  }

  /** Work never starts on a ticket whose history cannot be trusted: its state may be forged. */
  #refuseDamaged(record: TicketRecord): void {
    const flaws = this.damageOf(record);
    const [first] = flaws;
    if (first === undefined) return;
    throw new TicketError(
      "precondition_failed",
      `Ticket '${record.ticket.id}' is damaged and cannot be accepted: ${describeFlaws(flaws)}. 'podkit ticket doctor' lists what no granted command could have written; a person must repair or close the ticket.`,
      { ticketId: record.ticket.id },
    );
  }

  async #relatedStates(
    current: TicketRecord,
    command: TicketCommand,
  ): Promise<Map<string, TicketState | undefined>> {
    const ids = new Set<string>(current.ticket.relations.depends_on);
    if (command.type === "relate") ids.add(command.target);
    const states = new Map<string, TicketState | undefined>();
    for (const id of ids) {
      if (!TICKET_ID_PATTERN.test(id)) {
        states.set(id, undefined);
        continue;
      }
      states.set(id, (await this.backend.read(id))?.ticket.state);
    }
    return states;
  }
}

/** Flaws in one line: the first few by seq, and how many more. */
export function describeFlaws(flaws: readonly HistoryFlaw[]): string {
  const shown = flaws.slice(0, 3).map((flaw) => `event ${flaw.seq}: ${flaw.problem}`);
  const more = flaws.length - shown.length;
  return `${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}

/** Refuses an id that is not a plain ticket id (no paths, no dots, bounded). */
export function assertTicketId(ticketId: string): void {
  if (!TICKET_ID_PATTERN.test(ticketId)) {
    throw new TicketError(
      "invalid_input",
      `'${ticketId.slice(0, 80)}' is not a valid ticket id. Ids are 1-128 letters, digits, '_' or '-', starting with a letter or digit (e.g. 'T-12').`,
    );
  }
}

export type { RelationType };
