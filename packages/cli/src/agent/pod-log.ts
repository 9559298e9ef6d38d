import type { AgentResult, AgentUsage, TranscriptEntry } from "@podkit/agent";
import type { TextSink } from "../cli-context.js";

/** The first line of a Pod's log: who runs, on what, with which tools, instructions and task. */
export interface AgentStartLine {
  readonly type: "agent-start";
  readonly role: string;
  readonly agentId: string;
  readonly ticketId: string;
  readonly model: AgentResult["model"];
  readonly tools: readonly string[];
  readonly instructions: string;
  readonly task: string;
}

/** The last line of a Pod's log: how the run ended and whether the role's work was done. */
export interface AgentResultLine {
  readonly type: "agent-result";
  readonly stopReason: AgentResult["stopReason"];
  readonly detail: string;
  readonly usage: AgentUsage;
  readonly done: boolean;
  /** What was done, or why the work is not done (also on stderr). */
  readonly outcome: string;
  /** Whether the usage report reached the ticket. */
  readonly usageRecorded: boolean;
  readonly error?: AgentResult["error"];
}

/** One line of the JSON-lines log `podkit agent` writes to stdout (the Pod log). */
export type PodLogLine = AgentStartLine | TranscriptEntry | AgentResultLine;

/** Writes one log line as compact JSON. */
export function writePodLog(sink: TextSink, line: PodLogLine): void {
  sink.write(`${JSON.stringify(line)}\n`);
}
