// Bundles the `podkit` bin: the CLI with what it imports, one chunk per command (esbuild splits at
// each dynamic import), so a command loads only its own code. Run after `tsc -b` (it bundles the
// compiled dist/, whose @podkit/* imports resolve to the packages' dist/ too).
import { rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = new URL("../dist/bin/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { podkit: new URL("../dist/main.js", import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  sourcemap: "linked",
  // Less to parse at every start; identifiers keep their names, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  // Left to node_modules: `pg` (only for a postgres backend) and the tokenizer's large tables (only
  // when token costs are printed). Everything else is bundled: loading many small files is most of
  // a command's start-up. (So a configured feature's services share podkit's container but not its
  // tsyringe module: register them with useValue/useFactory, not decorator metadata.)
  external: ["pg", "pg-native", "gpt-tokenizer"],
  // Some bundled CommonJS calls require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __podkitRequire } from 'node:module'; const require = __podkitRequire(import.meta.url);",
  },
});
