import { describe, expect, it } from "vitest";
import { PodkitError } from "./errors.js";
import { ToolRefusedError } from "./tool-refused-error.js";
import { ToolError } from "./tool-result.js";

describe("ToolRefusedError.isInstance", () => {
  it("recognises a refusal by its own brand, not by being any podkit error", () => {
    const refusal = new ToolRefusedError("ticket_show", { code: "out_of_scope", message: "Not yours." });
    expect(ToolRefusedError.isInstance(refusal)).toBe(true);
    expect(PodkitError.isInstance(refusal)).toBe(true);
    expect(ToolRefusedError.isInstance(new PodkitError("internal", "Something else."))).toBe(false);
    expect(ToolRefusedError.isInstance(new ToolError("not_found", "No such thing."))).toBe(false);
  });

  it("recognises a refusal from another copy of the package, which instanceof cannot", () => {
    const foreign = Object.assign(new Error("out_of_scope: Not yours."), {
      [Symbol.for("podkit.error")]: true,
      [Symbol.for("podkit.tool-refused-error")]: true,
    });
    expect(foreign instanceof ToolRefusedError).toBe(false);
    expect(ToolRefusedError.isInstance(foreign)).toBe(true);
  });
});
