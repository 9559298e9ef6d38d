import { PodkitError } from "@podkit/core";
import { TicketError } from "@podkit/ticket-lifecycle";
import { describe, expect, it, vi } from "vitest";
import { PostgresBackendError } from "./postgres-backend-error.js";

describe("PostgresBackendError", () => {
  it("is a PodkitError with a stable code and the schema", () => {
    const error = new PostgresBackendError("schema_too_new", "too new", { schema: "podkit" });
    expect(error).toMatchObject({ code: "schema_too_new", schema: "podkit", name: "PostgresBackendError" });
    expect(PodkitError.isInstance(error)).toBe(true);
    expect(TicketError.isInstance(error)).toBe(false);
  });

  it("is recognised by isInstance from another copy of the package, where instanceof fails", async () => {
    vi.resetModules();
    const other = await import("./postgres-backend-error.js");
    expect(other.PostgresBackendError).not.toBe(PostgresBackendError);
    const error = new other.PostgresBackendError("invalid_options", "bad url");
    expect(error instanceof PostgresBackendError).toBe(false);
    expect(PostgresBackendError.isInstance(error)).toBe(true);
    expect(PostgresBackendError.isInstance(new PodkitError("invalid_options", "x"))).toBe(false);
  });
});
