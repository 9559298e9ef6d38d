import { terminalText } from "./terminal-text.js";

/** A role's instructions for a person, ahead of its tools: a heading, the text, a blank line. */
export function renderRoleInstructions(role: string, instructions: string): string {
  if (instructions === "") return `Role '${role}' has no instructions.\n\n`;
  return `Instructions for role '${role}':\n\n${terminalText(instructions)}\n\n`;
}
