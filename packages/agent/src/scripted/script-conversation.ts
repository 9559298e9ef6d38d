import type { LanguageModelV3Prompt, LanguageModelV3ToolResultOutput } from "@ai-sdk/provider";
import type { ScriptMatch } from "./model-script.js";

/** The last tool result the model received, as a scripted model reads it. */
export interface LastToolResult {
  readonly toolName: string;
  /** False when the tool call was refused or failed. */
  readonly ok: boolean;
  /** A refusal's code: the `code` of `code: message` (how podkit refusals reach a model). */
  readonly code: string | undefined;
  /** The result as text: JSON for a structured output, the message for an error. */
  readonly text: string;
}

/** What a scripted model knows about the conversation so far. */
export interface ScriptConversation {
  /** How many times the model has answered already: the index of the turn to play. */
  readonly turn: number;
  /** The user messages' text. */
  readonly task: string;
  readonly lastToolResult: LastToolResult | undefined;
}

/** Reads a prompt; the model keeps no state of its own, so one instance can serve many runs. */
export function readConversation(prompt: LanguageModelV3Prompt): ScriptConversation {
  let turn = 0;
  const task: string[] = [];
  let lastToolResult: LastToolResult | undefined;
  for (const message of prompt) {
    if (message.role === "assistant") turn += 1;
    if (message.role === "user") {
      for (const part of message.content) if (part.type === "text") task.push(part.text);
    }
    if (message.role === "tool") {
      for (const part of message.content) {
        if (part.type === "tool-result") lastToolResult = readToolResult(part.toolName, part.output);
      }
    }
  }
  return { turn, task: task.join("\n"), lastToolResult };
}

/** Whether every condition of `match` holds for the conversation. */
export function matches(match: ScriptMatch, conversation: ScriptConversation): boolean {
  if (match.taskContains !== undefined && !conversation.task.includes(match.taskContains)) return false;
  const needsResult =
    match.tool !== undefined ||
    match.ok !== undefined ||
    match.code !== undefined ||
    match.contains !== undefined;
  if (!needsResult) return true;
  const result = conversation.lastToolResult;
  if (result === undefined) return false;
  if (match.tool !== undefined && result.toolName !== match.tool) return false;
  if (match.ok !== undefined && result.ok !== match.ok) return false;
  if (match.code !== undefined && (result.ok || result.code !== match.code)) return false;
  if (match.contains !== undefined && !result.text.includes(match.contains)) return false;
  return true;
}

/** The last tool result in a few words, for an error message. */
export function describeLastToolResult(result: LastToolResult | undefined): string {
  if (result === undefined) return "none yet";
  const text = result.text.length > 120 ? `${result.text.slice(0, 120)}…` : result.text;
  return `${result.toolName} ${result.ok ? "ok" : `refused${result.code === undefined ? "" : ` (${result.code})`}`}: ${text}`;
}

const REFUSAL_CODE = /^([a-z][a-z0-9_]*): /;

function readToolResult(toolName: string, output: LanguageModelV3ToolResultOutput): LastToolResult {
  switch (output.type) {
    case "text":
      return { toolName, ok: true, code: undefined, text: output.value };
    case "json":
      return { toolName, ok: true, code: undefined, text: JSON.stringify(output.value) };
    case "error-text":
      return { toolName, ok: false, code: REFUSAL_CODE.exec(output.value)?.[1], text: output.value };
    case "error-json": {
      const value = output.value;
      const code =
        typeof value === "object" && value !== null && !Array.isArray(value) && typeof value.code === "string"
          ? value.code
          : undefined;
      return { toolName, ok: false, code, text: JSON.stringify(value) };
    }
    case "execution-denied":
      return { toolName, ok: false, code: "execution_denied", text: output.reason ?? "" };
    case "content":
      return {
        toolName,
        ok: true,
        code: undefined,
        text: output.value.map((part) => (part.type === "text" ? part.text : "")).join(""),
      };
  }
}
