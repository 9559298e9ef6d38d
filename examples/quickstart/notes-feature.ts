import {
  ACTOR,
  type Actor,
  createToken,
  defineFeature,
  defineTool,
  inject,
  injectable,
  ToolError,
} from "@podkit/core";
import { z } from "zod";

/** A stored note. */
export interface Note {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly author: string;
}

/** Where notes live; the example keeps them in memory, a real host would put I/O behind this. */
export interface NoteStore {
  nextId(): string;
  put(note: Note): void;
  get(id: string): Note | undefined;
  delete(id: string): boolean;
  all(): Note[];
  clear(): number;
}

/** DI token for the feature's store; registered once per install in the feature's container. */
export const NOTE_STORE = createToken<NoteStore>("notes.store");

/** The in-memory twin of {@link NoteStore}. */
export function createInMemoryNoteStore(): NoteStore {
  const notes = new Map<string, Note>();
  let sequence = 0;
  return {
    nextId: () => `n${++sequence}`,
    put: (note) => void notes.set(note.id, note),
    get: (id) => notes.get(id),
    delete: (id) => notes.delete(id),
    all: () => [...notes.values()],
    clear: () => {
      const count = notes.size;
      notes.clear();
      return count;
    },
  };
}

/**
 * The notes domain as the tools see it. Resolved per toolset, so `actor` is the calling agent;
 * both dependencies are named by token because podkit never relies on type-inferred injection.
 */
@injectable()
export class NotesService {
  constructor(
    @inject(NOTE_STORE) private readonly store: NoteStore,
    @inject(ACTOR) private readonly actor: Actor,
  ) {}

  add(input: { title: string; body: string; tags: string[] }): Note {
    const note: Note = { id: this.store.nextId(), ...input, author: this.actor.agentId };
    this.store.put(note);
    return note;
  }

  find(id: string): Note {
    const note = this.store.get(id);
    if (note === undefined) {
      const known = this.store.all().map((each) => `'${each.id}'`);
      throw new ToolError(
        "not_found",
        `No note '${id}'. Existing notes: ${known.length === 0 ? "(none)" : known.join(", ")}.`,
      );
    }
    return note;
  }

  list(tag: string | undefined): Note[] {
    return this.store.all().filter((note) => tag === undefined || note.tags.includes(tag));
  }

  delete(id: string): void {
    this.find(id);
    this.store.delete(id);
  }

  clear(): number {
    return this.store.clear();
  }
}

const NoteSchema = z.object({
  id: z.string().describe("The note's id, e.g. 'n1'."),
  title: z.string().describe("A short title."),
  body: z.string().describe("The note's text; may be empty."),
  tags: z.array(z.string()).describe("Tags for filtering."),
  author: z.string().describe("The agent that wrote the note."),
});
/** Stored notes are read-only; a tool's output gets its own copy. */
function toOutput(note: Note): z.input<typeof NoteSchema> {
  return { ...note, tags: [...note.tags] };
}

const NoteId = z.string().min(1).describe("The id of an existing note, e.g. 'n1'.");
const LIST_LIMIT = 50;

const notesAdd = defineTool({
  name: "notes_add",
  description: "Adds a note and returns it with its new id.",
  capability: "write",
  input: z.object({
    title: z.string().min(1).max(120).describe("A short title, 1 to 120 characters."),
    body: z.string().max(10_000).default("").describe("The note's text."),
    tags: z.array(z.string().min(1)).max(10).default([]).describe("Up to 10 tags."),
  }),
  output: NoteSchema,
  execute: (input, context) => toOutput(context.container.resolve(NotesService).add(input)),
});

const notesList = defineTool({
  name: "notes_list",
  description: "Lists notes, newest last, optionally only those with a tag.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.object({ tag: z.string().optional().describe("Only notes with this tag.") }),
  output: z.object({
    notes: z.array(NoteSchema.pick({ id: true, title: true, tags: true })).describe("At most 50 notes."),
    total: z.number().int().describe("How many notes matched."),
    truncated: z.boolean().describe("True when more notes matched than are listed."),
  }),
  execute: ({ tag }, context) => {
    const matched = context.container.resolve(NotesService).list(tag);
    const notes = matched.slice(0, LIST_LIMIT).map(({ id, title, tags }) => ({ id, title, tags: [...tags] }));
    return { notes, total: matched.length, truncated: matched.length > LIST_LIMIT };
  },
});

const notesShow = defineTool({
  name: "notes_show",
  description: "Shows one note with its body.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.object({ id: NoteId }),
  output: NoteSchema,
  execute: ({ id }, context) => toOutput(context.container.resolve(NotesService).find(id)),
});

const notesDelete = defineTool({
  name: "notes_delete",
  description: "Deletes one note.",
  capability: "admin",
  hints: { destructive: true, idempotent: false },
  input: z.object({ id: NoteId }),
  output: z.object({ deleted: z.string().describe("The id of the deleted note.") }),
  execute: ({ id }, context) => {
    context.container.resolve(NotesService).delete(id);
    return { deleted: id };
  },
});

const notesClear = defineTool({
  name: "notes_clear",
  description: "Deletes every note.",
  capability: "admin",
  hints: { destructive: true, idempotent: true },
  input: z.object({}),
  output: z.object({ deleted: z.number().int().describe("How many notes were deleted.") }),
  execute: (_input, context) => ({ deleted: context.container.resolve(NotesService).clear() }),
});

/** The notes feature: five tools over one in-memory store; read, write and admin capabilities. */
export const notesFeature = defineFeature({
  id: "notes",
  version: "1.0.0",
  description: "Short notes that agents can add, list, show and delete.",
  tools: [notesAdd, notesList, notesShow, notesDelete, notesClear],
  services: (container) => container.register(NOTE_STORE, { useValue: createInMemoryNoteStore() }),
  roles: { human: { capabilities: ["read", "write", "admin"] } },
});
