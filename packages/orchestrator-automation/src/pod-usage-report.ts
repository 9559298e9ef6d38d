import { z } from "zod";

const count = z.number().int().min(0);

/** What one agent Pod's run cost and how it ended, as `podkit agent` records it on the ticket. */
export const PodUsageReportSchema = z.object({
  /** The Pod (its agent id) that ran. */
  podId: z.string().min(1),
  role: z.string().min(1),
  /** `provider:model-id` as the model reports itself, e.g. `openai.responses:gpt-5-mini`. */
  model: z.string().min(1),
  /** Why the loop stopped: `finished`, `max_steps`, `budget`, `aborted`, `error`, … */
  stopReason: z.string().min(1),
  /** Whether the role's work was done (the Pod exits 0 only then). */
  done: z.boolean(),
  steps: count,
  toolCalls: count,
  inputTokens: count,
  outputTokens: count,
  totalTokens: count,
});

/** One agent Pod's usage report. */
export type PodUsageReport = z.output<typeof PodUsageReportSchema>;

/** The info string of the fenced block that carries the report as JSON inside the comment. */
const FENCE = "podkit-usage";
const BLOCK = new RegExp(`\`\`\`${FENCE}\\n(.*)\\n\`\`\``);

/**
 * A usage report as a ticket comment body: one line a person reads, then the same facts as JSON
 * in a fenced `podkit-usage` block that {@link parseUsageReport} reads back (the board, the demo,
 * and the task renderer, which leaves these comments out of a Pod's thread).
 */
export function formatUsageReport(report: PodUsageReport): string {
  const number = (value: number) => value.toLocaleString("en-US");
  const line =
    `Usage of ${report.role} Pod ${report.podId} (${report.model}): ${number(report.steps)} step${report.steps === 1 ? "" : "s"}, ` +
    `${number(report.toolCalls)} tool call${report.toolCalls === 1 ? "" : "s"}, ` +
    `${number(report.inputTokens)} input + ${number(report.outputTokens)} output = ${number(report.totalTokens)} tokens; ` +
    `stopped: ${report.stopReason}; work ${report.done ? "done" : "not done"}.`;
  return `${line}\n\n\`\`\`${FENCE}\n${JSON.stringify(PodUsageReportSchema.parse(report))}\n\`\`\``;
}

/** The usage report a comment body carries, or undefined when it is not one (or not a valid one). */
export function parseUsageReport(body: string | undefined): PodUsageReport | undefined {
  const json = body === undefined ? undefined : BLOCK.exec(body)?.[1];
  if (json === undefined) return undefined;
  try {
    const parsed = PodUsageReportSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
