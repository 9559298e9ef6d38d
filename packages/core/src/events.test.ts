import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { PodkitEmitter, type PodkitEvents } from "./events.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("PodkitEmitter", () => {
  it("delivers a typed payload to every listener, in subscription order", () => {
    const emitter = new PodkitEmitter();
    const seen: string[] = [];
    emitter.on("feature-installed", (payload) => {
      expectTypeOf(payload).toEqualTypeOf<PodkitEvents["feature-installed"]>();
      seen.push(`first ${payload.featureId}`);
    });
    emitter.on("feature-installed", ({ tools }) => void seen.push(`second ${tools.join(",")}`));
    emitter.emit("feature-installed", { featureId: "notes", tools: ["notes_add", "notes_list"] });
    expect(seen).toEqual(["first notes", "second notes_add,notes_list"]);
  });

  it("unsubscribes with the function on returns", () => {
    const emitter = new PodkitEmitter();
    const seen: number[] = [];
    const off = emitter.on("tools-changed", ({ generation }) => void seen.push(generation));
    emitter.emit("tools-changed", { generation: 1 });
    off();
    emitter.emit("tools-changed", { generation: 2 });
    expect(seen).toEqual([1]);
    expect(emitter.listenerCount("tools-changed")).toBe(0);
  });

  it("once delivers only the next event", () => {
    const emitter = new PodkitEmitter();
    const seen: number[] = [];
    emitter.once("tools-changed", ({ generation }) => void seen.push(generation));
    emitter.emit("tools-changed", { generation: 1 });
    emitter.emit("tools-changed", { generation: 2 });
    expect(seen).toEqual([1]);
    expect(emitter.listenerCount("tools-changed")).toBe(0);
  });

  it("reports a throwing listener as listener-error and still runs the others", () => {
    const emitter = new PodkitEmitter();
    const failure = new Error("listener broke");
    const errors: PodkitEvents["listener-error"][] = [];
    const seen: string[] = [];
    emitter.on("listener-error", (payload) => void errors.push(payload));
    emitter.on("feature-disposed", () => {
      throw failure;
    });
    emitter.on("feature-disposed", ({ featureId }) => void seen.push(featureId));
    expect(() => emitter.emit("feature-disposed", { featureId: "notes" })).not.toThrow();
    expect(seen).toEqual(["notes"]);
    expect(errors).toEqual([{ event: "feature-disposed", error: failure }]);
  });

  it("reports a rejecting async listener as listener-error", async () => {
    const emitter = new PodkitEmitter();
    const failure = new Error("async listener broke");
    const reported = new Promise<PodkitEvents["listener-error"]>((resolve) => {
      emitter.on("listener-error", resolve);
    });
    const seen: string[] = [];
    emitter.on("feature-disposed", async () => {
      throw failure;
    });
    emitter.on("feature-disposed", ({ featureId }) => void seen.push(featureId));
    emitter.emit("feature-disposed", { featureId: "notes" });
    expect(seen).toEqual(["notes"]);
    expect(await reported).toEqual({ event: "feature-disposed", error: failure });
  });

  it("turns a throwing listener-error listener into a process warning instead of recursing", () => {
    const emitter = new PodkitEmitter();
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    emitter.on("listener-error", () => {
      throw new Error("reporter broke");
    });
    emitter.on("feature-disposed", () => {
      throw new Error("listener broke");
    });
    expect(() => emitter.emit("feature-disposed", { featureId: "notes" })).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith("A 'listener-error' listener threw: Error: reporter broke");
  });

  it("emits with nobody listening without complaint", () => {
    const emitter = new PodkitEmitter();
    expect(() =>
      emitter.emit("tool-denied", {
        tool: "x",
        role: "r",
        agentId: "a",
        code: "unknown_tool",
        rule: "not-installed",
      }),
    ).not.toThrow();
    expect(emitter.listenerCount("tool-denied")).toBe(0);
  });
});
