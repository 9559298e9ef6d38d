// `pnpm build`: every package's dist/ (tsc -b: ESM JavaScript, .d.ts, source maps; incremental), then
// the bundled `podkit` bin. Tests run it once before they start (vitest's globalSetup), so a scenario
// that spawns `podkit` always runs the code as it is now.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
// TypeScript exports no bin path; find it beside its package.json.
const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");

export function buildAll() {
  execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  execFileSync(process.execPath, ["packages/cli/scripts/bundle.mjs"], { cwd: root, stdio: "inherit" });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildAll();

/** vitest's globalSetup entry. */
export default function setup() {
  buildAll();
}
