import { TicketError } from "@podkit/ticket-lifecycle";
import { describe, expect, it } from "vitest";
import { isRetryableError, retryOnConnectionError } from "./connection-retry.js";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("isRetryableError", () => {
  it("retries lost connections, server shutdowns and statements the server rolled back", () => {
    for (const error of [
      withCode("57P01", "terminating connection due to administrator command"),
      withCode("57P03", "the database system is starting up"),
      withCode("08006"),
      withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"),
      withCode("ECONNRESET"),
      withCode("57014", "canceling statement due to statement timeout"),
      withCode("40P01", "deadlock detected"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
    ]) {
      expect(isRetryableError(error), error.message).toBe(true);
    }
  });

  it("does not retry refusals that would fail the same way again", () => {
    for (const error of [
      withCode("23505", "duplicate key value violates unique constraint"),
      withCode("42P01", 'relation "podkit.tickets" does not exist'),
      withCode("28P01", "password authentication failed"),
      new TypeError("Cannot read properties of undefined"),
      "not even an error",
    ]) {
      expect(isRetryableError(error)).toBe(false);
    }
  });
});

describe("retryOnConnectionError", () => {
  it("repeats a failing try until it succeeds", async () => {
    const attempts: number[] = [];
    const result = await retryOnConnectionError(
      "a test",
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw withCode("57P01");
        return "done";
      },
      { initialDelayMs: 1, maxDelayMs: 2 },
    );
    expect(result).toBe("done");
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("gives up after the bounded tries with storage_unavailable and the last error as cause", async () => {
    let tries = 0;
    const cause = withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1");
    const error = await retryOnConnectionError(
      "reading ticket 'T-1'",
      async () => {
        tries += 1;
        throw cause;
      },
      { attempts: 4, initialDelayMs: 1, maxDelayMs: 2 },
    ).catch((thrown: unknown) => thrown);
    expect(tries).toBe(4);
    expect(error).toBeInstanceOf(TicketError);
    expect(error).toMatchObject({ code: "storage_unavailable", cause });
    expect((error as Error).message).toContain("reading ticket 'T-1'");
  });

  it("passes other errors through at once", async () => {
    let tries = 0;
    const refusal = withCode("23505");
    await expect(
      retryOnConnectionError("a test", async () => {
        tries += 1;
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(tries).toBe(1);
  });
});
