import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));
const TICKET_LIFECYCLE = join(REPOSITORY, "packages/ticket-lifecycle");
const TSC = join(REPOSITORY, "node_modules/.bin/tsc");
const COMPILE_TIMEOUT_MS = 120_000;

/**
 * Renaming `ticket_show`'s `history.events` (which `TicketClient.show` reads) to `entries`, as its
 * author would: in the output schema and where the tool builds that output.
 */
const RENAME_HISTORY_EVENTS = [
  { from: "events: z.array(EventViewSchema)", to: "entries: z.array(EventViewSchema)" },
  { from: "events: events.map(", to: "entries: events.map(" },
];

/**
 * Type-checks this package's sources (the real files, in place) against a copy of
 * `@podkit/ticket-lifecycle` in `directory`: tsconfig `paths` send every import of the package
 * to the copy, whose own dependencies are the real ones.
 */
function compileAgainstCopy(directory: string): Promise<{ code: number; output: string }> {
  writeFileSync(
    join(directory, "tsconfig.json"),
    JSON.stringify({
      extends: join(REPOSITORY, "tsconfig.base.json"),
      compilerOptions: {
        paths: { "@podkit/ticket-lifecycle": ["./ticket-lifecycle/src/index.ts"] },
        typeRoots: [join(REPOSITORY, "node_modules/@types")],
      },
      files: [join(REPOSITORY, "packages/orchestrator-automation/src/index.ts")],
    }),
  );
  return new Promise((resolve) => {
    execFile(TSC, ["-p", join(directory, "tsconfig.json")], { cwd: directory }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` });
    });
  });
}

/** Replaces `from` with `to` in the one file of the copied `tools/` that contains it. */
function editCopiedTools(directory: string, from: string, to: string): void {
  const tools = join(directory, "ticket-lifecycle/src/tools");
  const files = readdirSync(tools).filter((file) => readFileSync(join(tools, file), "utf8").includes(from));
  if (files.length !== 1)
    throw new Error(`expected one file in ticket-lifecycle/src/tools with '${from}', found ${files.length}`);
  const file = join(tools, files[0] as string);
  writeFileSync(file, readFileSync(file, "utf8").replace(from, to));
}

describe("the ticket-tool contract at compile time", () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "podkit-contract-"));
    cpSync(join(TICKET_LIFECYCLE, "src"), join(directory, "ticket-lifecycle/src"), { recursive: true });
    cpSync(join(TICKET_LIFECYCLE, "package.json"), join(directory, "ticket-lifecycle/package.json"));
    symlinkSync(
      join(TICKET_LIFECYCLE, "node_modules"),
      join(directory, "ticket-lifecycle/node_modules"),
      "dir",
    );
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it(
    "a ticket_show output field renamed in the tool's zod schema breaks the orchestrator's build in ticket-client.ts",
    async () => {
      const unchanged = await compileAgainstCopy(directory);
      expect(unchanged.output).toBe("");
      expect(unchanged.code).toBe(0);

      for (const { from, to } of RENAME_HISTORY_EVENTS) editCopiedTools(directory, from, to);
      const renamed = await compileAgainstCopy(directory);
      expect(renamed.code).not.toBe(0);
      const errors = renamed.output.split("\n").filter((line) => line.includes("error TS"));
      expect(errors.length).toBeGreaterThan(0);
      // The renamed package itself still compiles: only its consumer breaks.
      expect(
        errors.filter((line) => !line.includes("packages/orchestrator-automation/src/")),
        "errors outside the orchestrator",
      ).toEqual([]);
      expect(
        errors.some(
          (line) =>
            line.includes("orchestrator-automation/src/ticket-client.ts(") && line.includes("'events'"),
        ),
        renamed.output,
      ).toBe(true);
    },
    COMPILE_TIMEOUT_MS,
  );
});
