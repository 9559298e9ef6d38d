import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@podkit/source"] },
  ssr: { resolve: { conditions: ["@podkit/source"] } },
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts"],
    typecheck: { enabled: true, include: ["packages/*/src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
