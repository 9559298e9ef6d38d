import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, makeInitializedRepository, runPodkit, singleJson } from "./run-podkit.js";

describe("a damaged ticket file", { timeout: CLI_TIMEOUT_MS }, () => {
  it("is left out of the list with a warning, and named by doctor", async () => {
    const repository = await makeInitializedRepository();
    const created = await runPodkit(["ticket", "create", "Healthy"], { cwd: repository });
    expect(created.code, created.stderr).toBe(0);
    const damaged = join(repository, ".podkit", "tickets", "T-7");
    mkdirSync(join(damaged, "events"), { recursive: true });
    writeFileSync(join(damaged, "events", "000001.md"), "not a ticket event {{{\n");
    writeFileSync(join(damaged, "ticket.md"), "\u0000\u0001 garbage\n");

    const list = await runPodkit(["ticket", "list"], { cwd: repository });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^T-1 +planning .* Healthy$/m);
    expect(list.stdout).not.toContain("T-7");
    expect(list.stderr).toContain("warning: 1 damaged ticket is left out; 'podkit ticket doctor' names it.");
    expect(singleJson(await runPodkit(["ticket", "list", "--json"], { cwd: repository }))).toMatchObject({
      ok: true,
      output: { count: 1, unreadable: 1 },
    });

    const doctor = await runPodkit(["ticket", "doctor"], { cwd: repository });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^T-7 +\S*T-7\S* +\S/m);
    expect(doctor.stdout).toMatch(/Checked \d+ tickets: \d+ problems?\.\n$/);
  });
});
