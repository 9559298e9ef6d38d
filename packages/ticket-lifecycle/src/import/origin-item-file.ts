import {
  LIMITS,
  PRIORITIES,
  type Priority,
  RELATION_TYPES,
  type RelationType,
  TICKET_ID_PATTERN,
  TICKET_STATES,
  type TicketState,
} from "../domain/ticket-state.js";
import { LEGACY_STATES } from "./origin-event-mapping.js";
import { OriginFormatError } from "./origin-format-error.js";
import { type FrontMatterMap, type FrontMatterValue, parseFrontMatter } from "./origin-front-matter.js";
import { parseOriginTime } from "./origin-time.js";

/** An origin `item.md`, checked and read into podkit's vocabulary. */
export interface OriginItem {
  /** The front matter `id`, as written; the importer falls back to the directory name. */
  readonly id: string | undefined;
  readonly title: string;
  readonly state: TicketState;
  readonly priority: Priority;
  /** The origin spelling when it was mapped (`P1` → `high`). */
  readonly originPriority: string | undefined;
  readonly assignee: string | null | undefined;
  readonly relations: Readonly<Record<RelationType, readonly string[]>>;
  readonly resolution: string | undefined;
  readonly created: string | undefined;
  readonly author: string | undefined;
  readonly body: string;
  /** Every other front matter field, as text (lists and maps as JSON), kept for the record. */
  readonly extra: Readonly<Record<string, string>>;
  /** The state as written when it was a legacy name (`intake`), and the key it was under. */
  readonly legacyState?: { readonly key: string; readonly value: string; readonly line: number | undefined };
}

/** The origin's P-levels; P0 is the most urgent. */
const ORIGIN_PRIORITIES: Readonly<Record<string, Priority>> = {
  P0: "urgent",
  P1: "high",
  P2: "normal",
  P3: "low",
};
const CONSUMED = new Set(["id", "title", "workflow_state", "state", "priority", "assignee", "resolution"]);
const CREATED_KEYS = ["created", "created_at"] as const;
const AUTHOR_KEYS = ["author", "created_by"] as const;

/** Parses and checks one `item.md`; throws `OriginFormatError` naming the file and line. */
export function parseOriginItem(text: string, file: string): OriginItem {
  const { fields, body } = parseFrontMatter(text, file);
  const fail = (key: string | undefined, message: string): never => {
    const line = key === undefined ? undefined : lineOf(text, key);
    throw new OriginFormatError({ file, ...(line === undefined ? {} : { line }), message });
  };
  const read = (key: string): string | undefined => {
    const value = fields[key];
    if (value === undefined || isNull(value)) return undefined;
    if (typeof value !== "string") return fail(key, `'${key}' must be a single value, not a list or map.`);
    return value.trim();
  };
  const title = read("title") ?? fail("title", "item.md front matter has no 'title'.");
  if ([...title].length > LIMITS.titleChars) {
    fail("title", `'title' is ${[...title].length} characters; podkit allows at most ${LIMITS.titleChars}.`);
  }
  if ([...body].length > LIMITS.bodyChars) {
    fail("---", `The body is ${[...body].length} characters; podkit allows at most ${LIMITS.bodyChars}.`);
  }
  const id = read("id");
  const created = firstOf(CREATED_KEYS, read);
  const createdAt = created === undefined ? undefined : parseOriginTime(created.value);
  if (created !== undefined && createdAt === undefined) {
    fail(created.key, `'${created.key}' is '${created.value}', not an ISO 8601 time with a zone.`);
  }
  const priority = readPriority(read("priority"), (message) => fail("priority", message));
  const resolution = read("resolution");
  const author = firstOf(AUTHOR_KEYS, read);
  const used = new Set([...CONSUMED, ...(created ? [created.key] : []), ...(author ? [author.key] : [])]);
  const state = readState(fields, read, fail);
  return {
    id,
    title,
    state: state.state,
    ...(state.legacy === undefined
      ? {}
      : { legacyState: { ...state.legacy, line: lineOf(text, state.legacy.key) } }),
    priority: priority.priority,
    originPriority: priority.origin,
    assignee: fields.assignee === undefined ? undefined : (read("assignee") ?? null),
    relations: readRelations(fields, fail),
    resolution: resolution === "" ? undefined : resolution,
    created: createdAt,
    author: author?.value,
    body,
    extra: extraFields(fields, used),
  };
}

function readState(
  fields: FrontMatterMap,
  read: (key: string) => string | undefined,
  fail: (key: string | undefined, message: string) => never,
): { state: TicketState; legacy?: { key: string; value: string } } {
  const workflowState = read("workflow_state");
  const state = read("state");
  if (workflowState !== undefined && state !== undefined && workflowState !== state) {
    fail(
      "state",
      `'workflow_state' is '${workflowState}' but 'state' is '${state}'; which one holds is unclear.`,
    );
  }
  const key = workflowState !== undefined ? "workflow_state" : state !== undefined ? "state" : "status";
  const value =
    workflowState ?? state ?? (typeof fields.status === "string" ? fields.status.trim() : undefined);
  if (value === undefined || value === "") {
    return fail(undefined, "item.md front matter has no 'workflow_state' (or 'state').");
  }
  if ((TICKET_STATES as readonly string[]).includes(value)) return { state: value as TicketState };
  const legacy = LEGACY_STATES[value];
  if (legacy !== undefined) return { state: legacy, legacy: { key, value } };
  return fail(
    key,
    `Unknown state '${value}' in '${key}'. Known states: ${TICKET_STATES.join(", ")} (and the legacy ${Object.keys(LEGACY_STATES).join(", ")}).`,
  );
}

function readPriority(
  value: string | undefined,
  fail: (message: string) => never,
): { priority: Priority; origin: string | undefined } {
  if (value === undefined || value === "") return { priority: "normal", origin: undefined };
  if ((PRIORITIES as readonly string[]).includes(value))
    return { priority: value as Priority, origin: undefined };
  const mapped = ORIGIN_PRIORITIES[value.toUpperCase()];
  if (mapped !== undefined) return { priority: mapped, origin: value };
  return fail(
    `Unknown priority '${value}'. Known: ${PRIORITIES.join(", ")}, or ${Object.keys(ORIGIN_PRIORITIES).join(", ")}.`,
  );
}

function readRelations(
  fields: FrontMatterMap,
  fail: (key: string, message: string) => never,
): Record<RelationType, string[]> {
  const relations = { depends_on: [], blocks: [], related: [], split_from: [] } as Record<
    RelationType,
    string[]
  >;
  for (const type of RELATION_TYPES) {
    const value = fields[type];
    if (value === undefined || isNull(value)) continue;
    const targets = typeof value === "string" ? [value] : Array.isArray(value) ? value : undefined;
    if (targets === undefined) fail(type, `'${type}' must be a ticket id or a list of ticket ids.`);
    for (const target of targets ?? []) {
      if (typeof target !== "string" || !TICKET_ID_PATTERN.test(target.trim())) {
        fail(type, `'${type}' names ${JSON.stringify(target)}, which is not a valid ticket id.`);
      }
      const id = (target as string).trim();
      if (!relations[type].includes(id)) relations[type].push(id);
    }
  }
  return relations;
}

function extraFields(fields: FrontMatterMap, used: ReadonlySet<string>): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (used.has(key) || (RELATION_TYPES as readonly string[]).includes(key) || isNull(value)) continue;
    extra[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return extra;
}

function firstOf(
  keys: readonly string[],
  read: (key: string) => string | undefined,
): { key: string; value: string } | undefined {
  for (const key of keys) {
    const value = read(key);
    if (value !== undefined && value !== "") return { key, value };
  }
  return undefined;
}

function isNull(value: FrontMatterValue): boolean {
  return value === null || value === "" || value === "null" || value === "~";
}

function lineOf(text: string, key: string): number | undefined {
  const index = text
    .split("\n")
    .findIndex((line, at) => at > 0 && (line === key || line.startsWith(`${key}:`)));
  return index === -1 ? undefined : index + 1;
}
