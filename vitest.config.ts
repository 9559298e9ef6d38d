import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@podkit/source"] },
  ssr: { resolve: { conditions: ["@podkit/source"] } },
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  test: {
    // Scenarios spawn the built `podkit` bin: build it first (incremental; a second or two when current).
    globalSetup: ["./scripts/build.mjs"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "examples/**/*.test.ts", "harness/src/**/*.test.ts"],
          typecheck: {
            enabled: true,
            include: ["packages/*/src/**/*.test-d.ts"],
            tsconfig: "./tsconfig.json",
          },
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Cross-package scenarios start real processes (races, crashes, end to end): they run
        // after the unit tests, one file at a time, so they do not starve each other of CPU.
        extends: true,
        test: {
          name: "scenarios",
          include: ["test/**/*.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
