#!/usr/bin/env node
// The compiled, bundled CLI (`pnpm build` writes it): one chunk per command, loaded when it runs.
await import("../dist/bin/podkit.js");
