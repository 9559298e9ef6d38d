/**
 * The podkit quickstart: installs the notes feature, loads two roles from roles.yaml, lists
 * each role's tools and makes allowed and denied calls. It checks every outcome against
 * scenario.ts and exits 1 when any differs, so it doubles as a test.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createPodkit, PodkitEmitter, PodkitError, type ToolResult, type Toolset } from "@podkit/core";
import { notesFeature } from "./notes-feature.js";
import { EXPECTED_TOOLS, STEPS, type Step } from "./scenario.js";

/** Points the example at another roles file, e.g. a deliberately wrong one in a test. */
const ROLES_FILE =
  process.env.PODKIT_QUICKSTART_ROLES ?? fileURLToPath(new URL("roles.yaml", import.meta.url));

const failures: string[] = [];

function check(passed: boolean, title: string, details: readonly string[]): void {
  console.log(`  ${passed ? "✓" : "✗"} ${title}`);
  for (const line of details) console.log(`      ${line.replaceAll("\n", "\n      ")}`);
  if (!passed) failures.push(title);
}

async function main(): Promise<void> {
  const events = new PodkitEmitter();
  let lastRule = "(no event)";
  const recordRule = ({ rule }: { rule: string }): void => {
    lastRule = rule;
  };
  events.on("tool-call", recordRule);
  events.on("tool-denied", recordRule);

  const podkit = await createPodkit({ features: [notesFeature], roleFiles: [ROLES_FILE], events });
  console.log(`podkit quickstart — roles from ${relative(process.cwd(), ROLES_FILE)}\n`);
  console.log("Install report");
  console.log(indent(podkit.report.toString()));

  const toolsets: Record<Step["role"], Toolset> = {
    reader: podkit.toolset({ role: "reader", agentId: "reader-1" }),
    editor: podkit.toolset({ role: "editor", agentId: "editor-1" }),
  };

  console.log("\nTools per role");
  for (const [role, toolset] of Object.entries(toolsets)) {
    const names = toolset.list().map((tool) => tool.name);
    const expected = EXPECTED_TOOLS[role as Step["role"]];
    const lineage = toolset.profile.lineage.slice(1);
    const title = `${role}${lineage.length > 0 ? ` (extends ${lineage.join(", ")})` : ""}: ${names.join(", ")}`;
    check(
      sameList(names, expected),
      title,
      sameList(names, expected) ? [] : [`expected ${expected.join(", ")}`],
    );
  }

  console.log("\nCalls");
  for (const step of STEPS) {
    lastRule = "(no event)";
    const result = await toolsets[step.role].call(step.tool, step.input);
    const outcome = result.ok ? "ok" : result.error.code;
    const mismatches = [
      ...(outcome === step.expect ? [] : [`expected ${step.expect}, got ${outcome}`]),
      ...(lastRule === step.rule ? [] : [`expected rule ${step.rule}, got ${lastRule}`]),
      ...outputMismatches(step, result),
    ];
    check(mismatches.length === 0, `${step.role} → ${step.tool} ${JSON.stringify(step.input)}`, [
      `${outcome} [rule ${lastRule}] — ${step.why}`,
      describeResult(result),
      ...mismatches.map((mismatch) => `MISMATCH: ${mismatch}`),
    ]);
  }

  await podkit.dispose();
  const total = Object.keys(toolsets).length + STEPS.length;
  if (failures.length > 0) {
    console.error(`\nquickstart: ${failures.length} of ${total} checks failed:`);
    for (const title of failures) console.error(`  ✗ ${title}`);
    process.exitCode = 1;
    return;
  }
  console.log(`\nAll ${total} checks passed.`);
}

function outputMismatches(step: Step, result: ToolResult): string[] {
  if (step.output === undefined || !result.ok) return [];
  const output = result.output as Record<string, unknown>;
  return Object.entries(step.output)
    .filter(([key, value]) => JSON.stringify(output[key]) !== JSON.stringify(value))
    .map(
      ([key, value]) => `expected output.${key} ${JSON.stringify(value)}, got ${JSON.stringify(output[key])}`,
    );
}

function describeResult(result: ToolResult): string {
  return result.ok ? `→ ${JSON.stringify(result.output)}` : `→ ${result.error.message}`;
}

function sameList(actual: readonly string[], expected: readonly string[]): boolean {
  return actual.join(",") === expected.join(",");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

try {
  await main();
} catch (error) {
  // Config and registration mistakes surface here, at startup, with the file and path named.
  const message = PodkitError.isInstance(error) ? error.message : ((error as Error).stack ?? String(error));
  console.error(`quickstart failed to start:\n${message}`);
  process.exitCode = 1;
}
