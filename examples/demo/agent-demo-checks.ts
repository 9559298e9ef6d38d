import { type PodUsageReport, parseUsageReport } from "@podkit/orchestrator-automation";
import type { AgentDemoRepository } from "./agent-demo-repository.js";
import type { DemoTicket } from "./demo-report.js";
import type { DemoTickets } from "./run-demo.js";

/** What each ticket's branch must hold: a file, and text in it. */
const EXPECTED_CHANGES: DemoTickets<{ readonly file: string; readonly contains: string }> = {
  base: { file: "src/greeting.js", contains: "export function greet(name)" },
  docs: { file: "docs/RELEASING.md", contains: "## Verification" },
  dependent: { file: "src/banner.js", contains: "Hello from demo service" },
};

/** Every usage report recorded on the tickets, in time order. */
export function usageReports(tickets: readonly DemoTicket[]): PodUsageReport[] {
  return tickets
    .flatMap((ticket) => ticket.events)
    .sort((left, right) => left.at.localeCompare(right.at))
    .flatMap((event) => {
      const report = parseUsageReport(event.body);
      return report === undefined ? [] : [report];
    });
}

/**
 * What the agents demo must show beyond `pnpm demo`'s checks: each ticket's change committed on
 * its branch, and a usage report from every Pod that ran, each saying its work was done. With
 * `scripted` (the default) the commits must also be the scripts' own: a subject naming the
 * ticket, the expected file with the expected text; a real model's work is its own.
 */
export function checkAgentWork(
  tickets: DemoTickets<DemoTicket>,
  repository: AgentDemoRepository,
  options: { readonly scripted?: boolean } = {},
): string[] {
  const problems: string[] = [];
  for (const [key, ticket] of Object.entries(tickets) as [keyof DemoTickets<DemoTicket>, DemoTicket][]) {
    const expected = EXPECTED_CHANGES[key];
    if (ticket.branch === undefined) continue; // checkDemo reports it
    const log = tryGit(repository, "log", "--format=%s", `main..${ticket.branch}`);
    if (log === "") problems.push(`${ticket.branch} has no commit of its own since main`);
    else if (options.scripted !== false) {
      const subjects = log.split("\n");
      if (!subjects.some((subject) => subject.startsWith(`${ticket.id}: `)))
        problems.push(`${ticket.branch} has no commit naming ${ticket.id} (found: ${subjects.join(" | ")})`);
      const content = tryGit(repository, "show", `${ticket.branch}:${expected.file}`);
      if (!content.includes(expected.contains))
        problems.push(`${expected.file} on ${ticket.branch} does not contain '${expected.contains}'`);
    }
    const pods = ticket.events.flatMap((event) =>
      event.data?.details?.step === "pod-exited" ? [String(event.data.details.podId)] : [],
    );
    const reports = usageReports([ticket]);
    for (const podId of pods) {
      const report = reports.find((found) => found.podId === podId);
      if (report === undefined) problems.push(`Pod ${podId} recorded no usage report on ${ticket.id}`);
      else if (!report.done)
        problems.push(`Pod ${podId} says its work was not done (stopped: ${report.stopReason})`);
    }
  }
  return problems;
}

/** Per-Pod token usage as a table, with the total. */
export function renderPodUsage(reports: readonly PodUsageReport[]): string {
  const header = ["pod", "model", "steps", "tools", "input", "output", "total", "stop"];
  const number = (value: number) => value.toLocaleString("en-US");
  const rows = reports.map((report) => [
    report.podId,
    report.model.replace(/^scripted:.*\//, "scripted:"),
    String(report.steps),
    String(report.toolCalls),
    number(report.inputTokens),
    number(report.outputTokens),
    number(report.totalTokens),
    report.stopReason,
  ]);
  const sum = (pick: (report: PodUsageReport) => number) =>
    number(reports.reduce((total, report) => total + pick(report), 0));
  rows.push([
    "all Pods",
    "",
    "",
    "",
    sum((r) => r.inputTokens),
    sum((r) => r.outputTokens),
    sum((r) => r.totalTokens),
    "",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const numeric = new Set([2, 3, 4, 5, 6]);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** Each ticket's branch and the commits on it since `main`. */
export function renderChanges(tickets: readonly DemoTicket[], repository: AgentDemoRepository): string {
  return tickets
    .map((ticket) => {
      const commits =
        ticket.branch === undefined
          ? ""
          : tryGit(repository, "log", "--format=%h %s", `main..${ticket.branch}`);
      const lines = commits === "" ? ["(no commits)"] : commits.split("\n");
      return [`${ticket.id} ${ticket.branch ?? "(no branch)"}`, ...lines.map((line) => `  ${line}`)].join(
        "\n",
      );
    })
    .join("\n");
}

function tryGit(repository: AgentDemoRepository, ...args: string[]): string {
  try {
    return repository.git(...args);
  } catch {
    return "";
  }
}
