// C0 and C1 controls (escape sequences among them) that text from tickets must not send to a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const LINE_BREAKS = /\r\n|[\n\t\r\u2028\u2029]/g;

/**
 * Text written by agents, made safe to print: control characters (a title could carry an
 * escape sequence that rewrites the operator's screen) become `�`. Keeps line breaks.
 */
export function terminalText(text: string): string {
  return text.replace(/\r\n/g, "\n").replace(CONTROL, "\uFFFD");
}

/** {@link terminalText} on one line: breaks and tabs become spaces; cut to `max` code points with `…`. */
export function terminalLine(text: string, max = Number.POSITIVE_INFINITY): string {
  const line = terminalText(text.replace(LINE_BREAKS, " "));
  const codePoints = [...line];
  return codePoints.length <= max ? line : `${codePoints.slice(0, Math.max(0, max - 1)).join("")}…`;
}
