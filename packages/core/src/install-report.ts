/** What the registry installed and what it kept out, for the host to print. */
export interface InstallReport {
  readonly installed: readonly {
    readonly featureId: string;
    readonly version: string;
    readonly tools: readonly string[];
  }[];
  readonly skipped: readonly { readonly featureId: string; readonly reason: string }[];
  /** The report as readable lines. */
  toString(): string;
}

/** Renders an install report as readable lines. */
export function formatInstallReport(report: Pick<InstallReport, "installed" | "skipped">): string {
  const lines = report.installed.map(
    ({ featureId, version, tools }) =>
      `installed ${featureId}@${version}: ${tools.length} tools (${tools.join(", ")})`,
  );
  for (const { featureId, reason } of report.skipped)
    lines.push(`skipped ${featureId}: ${reason} — no tools installed`);
  return lines.join("\n");
}
