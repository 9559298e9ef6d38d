import { processContext } from "./cli-context.js";
import { exitOnClosedOutput } from "./exit-on-closed-output.js";
import { runCli } from "./run-cli.js";

// The reader has what it wanted; the status is what the command had reached (0 unless it failed).
exitOnClosedOutput([process.stdout, process.stderr], () => process.exit());
process.exitCode = await runCli(process.argv.slice(2), processContext());
