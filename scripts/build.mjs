// `pnpm build`: every package's dist/ (tsc -b: ESM JavaScript, .d.ts, source maps; incremental), then
// the bundled `podkit` bin. Tests run it once before they start (vitest's globalSetup), so a scenario
// that spawns `podkit` always runs the code as it is now.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
// TypeScript exports no bin path; find it beside its package.json.
const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");

const bin = join(root, "packages", "cli", "dist", "bin", "podkit.js");

export function buildAll() {
  execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  // tsc -b rewrites only what changed; bundle again only when some package's output is newer.
  if (!existsSync(bin) || newestOutput() > statSync(bin).mtimeMs)
    execFileSync(process.execPath, ["packages/cli/scripts/bundle.mjs"], { cwd: root, stdio: "inherit" });
}

/** The newest modification time among the packages' compiled JavaScript (the bundle's own excluded). */
function newestOutput() {
  let newest = 0;
  const visit = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (path !== dirname(bin)) visit(path);
      } else if (entry.name.endsWith(".js")) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const name of readdirSync(join(root, "packages"))) {
    const dist = join(root, "packages", name, "dist");
    if (existsSync(dist)) visit(dist);
  }
  return newest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildAll();

/** vitest's globalSetup entry. */
export default function setup() {
  buildAll();
}
