// C0 and C1 controls (escape sequences among them) that text from tickets must not send to a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const LINE_BREAKS = /\r\n|[\n\t\r\u2028\u2029]/g;
// Bidirectional embeddings, overrides, isolates and marks: invisible, they reorder what follows
// ("Trojan Source"), so a title could read as something it is not.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text written by agents, made safe to print: control characters (a title could carry an
 * escape sequence that rewrites the operator's screen) become `�`, and bidirectional controls
 * are shown by code point (`<U+202E>`) instead of reordering the text. Keeps line breaks.
 */
export function terminalText(text: string): string {
  return text
    .replace(/\r\n/g, "\n")
    .replace(CONTROL, "\uFFFD")
    .replace(
      BIDI,
      (character) => `<U+${character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}>`,
    );
}

/** {@link terminalText} on one line: breaks and tabs become spaces; cut to `max` code points with `…`. */
export function terminalLine(text: string, max = Number.POSITIVE_INFINITY): string {
  const line = terminalText(text.replace(LINE_BREAKS, " "));
  const codePoints = [...line];
  return codePoints.length <= max ? line : `${codePoints.slice(0, Math.max(0, max - 1)).join("")}…`;
}
