/** Keeps the last `maxChars` characters of a growing output, and counts everything it was given. */
export class OutputTail {
  readonly maxChars: number;
  #kept = "";
  #total = 0;

  constructor(maxChars: number) {
    this.maxChars = maxChars;
  }

  append(text: string): void {
    this.#total += text.length;
    this.#kept += text;
    // Trimmed only once it is twice the limit, so appending stays linear in the output's size.
    if (this.#kept.length > this.maxChars * 2) this.#kept = this.#kept.slice(-this.maxChars);
  }

  /** Characters appended in all. */
  get totalChars(): number {
    return this.#total;
  }

  /** Whether the start of the output was dropped. */
  get truncated(): boolean {
    return this.#total > this.maxChars;
  }

  /** The last `maxChars` characters, never starting in the middle of a surrogate pair. */
  get text(): string {
    if (this.#kept.length <= this.maxChars) return this.#kept;
    const tail = this.#kept.slice(-this.maxChars);
    const first = tail.charCodeAt(0);
    return first >= 0xdc00 && first <= 0xdfff ? tail.slice(1) : tail;
  }
}
