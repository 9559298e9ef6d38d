import { describe, expect, it } from "vitest";
import { cliInvocation } from "./cli-invocation.js";

describe("cliInvocation", () => {
  it("names the command the person ran podkit with", () => {
    expect(cliInvocation({})).toBe("podkit");
    expect(cliInvocation({ npm_command: "run-script", npm_config_user_agent: "npm/11.0.0 node/v20" })).toBe(
      "podkit",
    );
    expect(cliInvocation({ npm_command: "exec", npm_config_user_agent: "npm/11.0.0 node/v20" })).toBe(
      "npx podkit",
    );
    expect(cliInvocation({ npm_command: "exec", npm_config_user_agent: "pnpm/10.34.9 npm/? node/v20" })).toBe(
      "pnpm exec podkit",
    );
    expect(cliInvocation({ npm_command: "exec", npm_config_user_agent: "yarn/4.5.0 npm/? node/v20" })).toBe(
      "yarn podkit",
    );
    expect(cliInvocation({ npm_command: "exec" })).toBe("npx podkit");
  });
});
