/**
 * Runs benchmarks: `pnpm bench` runs all, `pnpm bench tool-call` the named ones. Each prints one
 * JSON object a line on stdout (see README.md); notes go to stderr.
 */
import { createBenchContext } from "./bench-context.js";
import { BENCHMARKS } from "./benchmarks.js";

const requested = process.argv.slice(2).filter((argument) => argument !== "--");
const known = new Map(BENCHMARKS);
const unknown = requested.filter((name) => !known.has(name));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark ${unknown.map((name) => `'${name}'`).join(", ")}. Known: ${[...known.keys()].map((name) => `'${name}'`).join(", ")}.`,
  );
  process.exit(2);
}

for (const [name, run] of BENCHMARKS) {
  if (requested.length > 0 && !requested.includes(name)) continue;
  await run(createBenchContext(name));
}
