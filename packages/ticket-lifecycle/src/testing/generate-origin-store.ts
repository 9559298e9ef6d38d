import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TicketState } from "../domain/ticket-state.js";
import type { ImportNoteKind } from "../import/origin-import-note.js";
import { legacyDocument, paragraphs, SeededRandom, TITLES } from "./origin-text-pool.js";

export interface GenerateOriginStoreOptions {
  /** Where the store is written (it may exist and be empty). */
  readonly dir: string;
  /** How many ordinary tickets, `T-1001` upwards. */
  readonly tickets: number;
  readonly seed?: number;
  /** `bucketed` files tickets under `open/`, `done/`, `closed/` and `closed/2023/`. */
  readonly layout?: "flat" | "bucketed";
  /** More ticket ids to write (e.g. `T-9007199254740992`), each an ordinary ticket. */
  readonly extraIds?: readonly string[];
}

/** What the import of one generated ticket must give. */
export interface GeneratedOriginTicket {
  readonly dir: string;
  readonly ticketId: string;
  /** The state podkit must hold (`blocked` for an origin `inprogress`). */
  readonly state: TicketState;
  readonly title: string;
  /** Blocks in `thread.md`: each must arrive as one event by its origin author. */
  readonly threadBlocks: number;
  /** Events by origin authors: one per block, or the item author's `create` when there is no thread. */
  readonly originEvents: number;
  /** The notes the import must report for this ticket, counted by kind. */
  readonly notes: Readonly<Partial<Record<ImportNoteKind, number>>>;
}

const FINAL_STATES: readonly TicketState[] = [
  "planning",
  "ready",
  "queued",
  "inprogress",
  "blocked",
  "done",
  "done",
  "closed",
  "closed",
  "closed",
];
const AUTHORS = ["hare", "山田 太郎", '"yoi ticket"', "tickets.sh", "codex", "workspace-panel", "Zoë"];

/**
 * Writes an origin store the way years of the origin project's work left it: hundreds of
 * tickets, Japanese and English text, threads of dozens of events, and — mixed in at random
 * but reproducibly — every shape the import must take with a note: documents embedded after a
 * `---`, blocks whose header was lost, the legacy state `intake`, extra header fields, a last
 * block without its `---`, a code fence never closed, files beside `item.md`, tickets without a
 * thread. Returns what the import of each ticket must give.
 */
export async function generateOriginStore(
  options: GenerateOriginStoreOptions,
): Promise<GeneratedOriginTicket[]> {
  const random = new SeededRandom(options.seed ?? 20_240_601);
  const ids = [
    ...Array.from({ length: options.tickets }, (_, index) => `T-${1001 + index}`),
    ...(options.extraIds ?? []),
  ];
  const generated: GeneratedOriginTicket[] = [];
  for (const [index, ticketId] of ids.entries()) {
    const ticket = new TicketWriter(random, ticketId, index);
    const bucket = options.layout === "bucketed" ? bucketOf(ticket.state, index) : undefined;
    const dir = bucket === undefined ? ticketId : `${bucket}/${ticketId}`;
    generated.push(await ticket.write(join(options.dir, dir), dir));
  }
  return generated;
}

function bucketOf(state: TicketState, index: number): string {
  if (state === "closed") return index % 3 === 0 ? "closed/2023" : "closed";
  return state === "done" ? "done" : "open";
}

/** Where a closed ticket's resolution is recorded: front matter, `resolution.md`, the close block only, or nowhere. */
type Resolution = { readonly in: "item" | "file" | "thread" | "none"; readonly text: string };

/** One generated ticket: its item, its thread block by block, its files, and the notes it must give. */
class TicketWriter {
  readonly state: TicketState;
  readonly #notes: Partial<Record<ImportNoteKind, number>> = {};
  readonly #blocks: string[] = [];
  readonly #files = new Map<string, string | Uint8Array>();
  #time: number;
  /** No code fences in this thread's bodies (a ticket with an unclosed fence must have no others). */
  #plain = false;

  constructor(
    readonly random: SeededRandom,
    readonly ticketId: string,
    readonly index: number,
  ) {
    this.state = random.pick(FINAL_STATES);
    this.#time = Date.UTC(2022, 0, 1) + index * 86_400_000;
  }

  async write(path: string, dir: string): Promise<GeneratedOriginTicket> {
    const { random, state } = this;
    const title = `${random.pick(TITLES)} #${this.index + 1}`;
    const noThread = random.chance(0.04);
    const legacy = random.chance(0.15);
    const withFence = !noThread && random.chance(0.04);
    this.#plain = withFence;
    let resolution: Resolution = { in: "none", text: "" };
    if (!noThread) this.#thread({ legacy, withFence, resolution: (text) => (resolution = text) });
    else if (state === "closed") resolution = { in: "item", text: "Closed in the origin without a thread." };
    const anonymous = noThread && random.chance(0.5);
    const front = [
      `id: ${this.ticketId}`,
      `title: ${JSON.stringify(title)}`,
      `workflow_state: ${legacy && state === "planning" ? "intake" : state}`,
      `priority: ${random.pick(["P0", "P1", "P2", "P3", "normal"])}`,
      `labels: [${random.pick(["backend", "docs", "移行", "ci"])}]`,
      ...(anonymous
        ? []
        : [
            "author: hare",
            `created_at: ${new Date(Date.UTC(2022, 0, 1) + this.index * 86_400_000).toISOString()}`,
          ]),
      ...(resolution.in === "item" ? [`resolution: ${JSON.stringify(resolution.text)}`] : []),
    ];
    if (legacy && state === "planning") this.#note("legacy-state");
    if (resolution.in === "file") this.#files.set("resolution.md", `${resolution.text}\n`);
    if (random.chance(0.12)) this.#attachments();
    if (noThread) this.#note("no-thread");
    if (anonymous) this.#note("no-creation-record");
    if (state === "queued") this.#note("queued");
    if (state === "inprogress") this.#note("in-progress-blocked");
    if (state === "closed" && resolution.in === "none") this.#note("closed-without-resolution");

    await mkdir(path, { recursive: true });
    await writeFile(join(path, "item.md"), `---\n${front.join("\n")}\n---\n\n${paragraphs(random)}\n`);
    if (!noThread) await writeFile(join(path, "thread.md"), this.#blocks.join(""));
    for (const [name, content] of this.#files) {
      await mkdir(join(path, name, ".."), { recursive: true });
      await writeFile(join(path, name), content);
    }
    return {
      dir,
      ticketId: this.ticketId,
      state: state === "inprogress" ? "blocked" : state,
      title,
      threadBlocks: this.#blocks.length,
      originEvents: noThread ? (anonymous ? 0 : 1) : this.#blocks.length,
      notes: this.#notes,
    };
  }

  /** The thread: the path to the final state, with dozens of comments and the shapes mixed in. */
  #thread(options: { legacy: boolean; withFence: boolean; resolution: (where: Resolution) => void }): void {
    const { random, state } = this;
    const planning = options.legacy ? "intake" : "planning";
    this.#block("create", `to: ${planning}`, "## Created\n\nCreated by tickets.sh create.");
    if (options.legacy) this.#note("legacy-state");
    const path = pathTo(state);
    let from = planning;
    for (const step of path) {
      for (let index = random.between(2, 9); index > 0; index -= 1) this.#comment();
      if (step === "ready") this.#block("intake_summary", "", `## Intake summary\n\n${this.#text()}`);
      if (step === "done") this.#reviews();
      const kind = step === "inprogress" ? "acceptance" : step === "closed" ? "close" : "state_changed";
      if (kind === "close") {
        const text = `Resolved: ${paragraphs(random, { plain: true }).split("\n")[0]}`;
        const roll = random.next();
        if (roll < 0.2) {
          this.#block("state_changed", `from: ${from} to: closed reason: wontfix field: state`, "## Closed");
          options.resolution({ in: "none", text: "" });
        } else {
          this.#block("close", `from: ${from} to: closed`, `## Closed\n\n${text}`);
          options.resolution({ in: roll < 0.6 ? "item" : roll < 0.8 ? "file" : "thread", text });
        }
      } else {
        this.#block(
          kind,
          `from: ${from} to: ${step} reason: ${step}_by_origin field: state`,
          "## State changed",
        );
      }
      if (from === "intake") this.#note("legacy-state");
      from = step;
      if (step === "inprogress")
        for (let index = random.between(1, 6); index > 0; index -= 1) this.#progress();
    }
    for (let index = random.between(3, 12); index > 0; index -= 1) this.#comment();
    if (options.withFence) {
      // Never closed: the import must end it at the next header instead of hiding what follows.
      this.#blocks.splice(1, 0, this.#render("comment", "", "## Comment\n\nLog so far:\n\n```\nstep 1 ok"));
      this.#note("unclosed-fence");
    }
    if (random.chance(0.06)) {
      const last = this.#blocks.length - 1;
      this.#blocks[last] = (this.#blocks[last] ?? "").replace(/\n\n---\n\n$/, "\n");
      this.#note("missing-separator");
    }
  }

  #text(): string {
    return paragraphs(this.random, { plain: this.#plain });
  }

  #comment(): void {
    const { random } = this;
    const roll = random.next();
    let body = this.#text();
    if (roll < 0.06) {
      body = `Migrated from the legacy tracker:\n\n${legacyDocument(random, this.index)}`;
      this.#note("embedded-document");
    } else if (roll < 0.1) {
      // A block appended by hand without its header: it reads as part of this comment.
      body = `${body}\n\n---\n\n## Comment\n\n${paragraphs(random, { plain: true })}`;
      this.#note("embedded-document");
    }
    this.#block("comment", "", `## Comment\n\n${body}`);
  }

  #reviews(): void {
    const { random } = this;
    for (let round = random.between(1, 3); round > 0; round -= 1) {
      const verdict = round === 1 ? "approve" : "request_changes";
      const extra = random.chance(0.4);
      this.#block(
        "review",
        `status: ${verdict}${extra ? ` result: ${verdict} model: gpt-5` : ""}`,
        `## Review\n\n${this.#text()}`,
      );
      if (extra) this.#note("extra-header-fields");
    }
  }

  #progress(): void {
    const extra = this.random.chance(0.2);
    this.#block("progress", extra ? "pod: coder-1 exit: 0" : "", `## Progress\n\n${this.#text()}`);
    if (extra) this.#note("extra-header-fields");
  }

  #attachments(): void {
    this.#files.set("artifacts/run.log", `${paragraphs(this.random, { plain: true })}\n`);
    this.#files.set(
      "artifacts/screenshot.png",
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    this.#note("attachment");
    this.#note("reference");
    if (this.random.chance(0.5)) {
      this.#files.set("notes.md", "メモ: 添付ファイルは artifacts/ にあります。\n");
      this.#note("attachment");
    }
  }

  #block(kind: string, header: string, body: string): void {
    this.#blocks.push(this.#render(kind, header, body));
  }

  #render(kind: string, header: string, body: string): string {
    this.#time += this.random.between(5, 600) * 60_000;
    const at = new Date(this.#time).toISOString().replace(/\.\d{3}Z$/, "Z");
    const author = this.random.pick(AUTHORS);
    return `<!-- event: ${kind} author: ${author} at: ${at}${header === "" ? "" : ` ${header}`} -->\n\n${body}\n\n---\n\n`;
  }

  #note(kind: ImportNoteKind): void {
    this.#notes[kind] = (this.#notes[kind] ?? 0) + 1;
  }
}

/** The states a ticket passes through after planning to end in `state`. */
function pathTo(state: TicketState): TicketState[] {
  const order: TicketState[] = ["ready", "queued", "inprogress"];
  switch (state) {
    case "planning":
      return [];
    case "ready":
    case "queued":
    case "inprogress":
      return order.slice(0, order.indexOf(state) + 1);
    case "blocked":
      return [...order, "blocked"];
    case "done":
      return [...order, "done"];
    case "closed":
      return [...order, "done", "closed"];
  }
}
