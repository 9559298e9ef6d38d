/**
 * Text for generated origin stores, written the way the origin project's tickets read: Japanese
 * and English, short status lines and longer design notes, lists, code and a quoted header line.
 */

/** A seeded pseudo-random source (mulberry32), so a generated store is the same on every run. */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let value = this.#state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [low, high]. */
  between(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  /** True with probability `chance`. */
  chance(chance: number): boolean {
    return this.next() < chance;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

export const TITLES = [
  "Retry failed fetches with backoff",
  "設計: 受け入れ契約の見直し",
  "Flaky test in the worktree cleanup",
  "ドキュメント: アーキテクチャ図を更新する",
  "Orchestrator: lease renewal drifts under load",
  "レビュー結果の保存形式を決める",
  "Speed up ticket listing past 10,000 tickets",
  "CLI: show progress while importing",
  "移行: 旧トラッカーのチケットを取り込む",
  "Handle ENOSPC while writing event files",
  "権限: companion ロールの編集範囲を絞る",
  "Docs: refresh stale architecture docs",
] as const;

const SENTENCES = [
  "The fetch fails on transient 503s and the caller gives up after the first try.",
  "再現手順: `pnpm test` を二回続けて実行すると二回目で失敗します。",
  "I checked the logs from last night's run; nothing points at the disk.",
  "この変更は Orchestrator の受け入れ記録には影響しません。",
  "Ordering matters here: no worktree before the acceptance is recorded.",
  "レビューで指摘された命名の揺れを直しました。",
  "Benchmarks on the 2-core box: 1,240 ms before, 310 ms after.",
  "依存チケットが閉じるまで着手しないでください。",
  "We agreed to keep the old format readable for one more release.",
  "ログの該当箇所を下に貼ります。タイムゾーンは JST です。",
  "The migration script is idempotent; running it twice changes nothing.",
  "Amélie reported it first (combining accent, not NFC) — keep the spelling.",
  "絵文字も含めて保存されるか確認: 🚀 ✅ 🇯🇵",
  "A follow-up is filed for the Windows path handling.",
  "仕様の曖昧な点は decision イベントに残しておきます。",
];

const CODE = [
  "```ts\nconst delay = Math.min(30_000, 250 * 2 ** attempt);\nawait sleep(delay + jitter());\n```",
  "```sh\npodkit ticket list --state queued\ngit worktree list\n```",
  "```yaml\n---\nid: example\n---\n```",
  "```markdown\n<!-- event: comment author: someone at: 2026-01-01T00:00:00Z -->\n\n## Not a real block\n\n---\n```",
];

const LISTS = [
  "- [x] reproduce\n- [x] fix\n- [ ] add a regression test",
  "1. 現状を確認する\n2. 修正する\n3. ドキュメントを更新する",
  "- Retry up to 3 times with jittered backoff.\n- A flaky-server test covers it.",
];

/** A realistic comment body: one to five paragraphs, sometimes a list or code (unless `plain`). */
export function paragraphs(random: SeededRandom, options: { readonly plain?: boolean } = {}): string {
  const parts: string[] = [];
  const count = random.between(1, 5);
  for (let index = 0; index < count; index += 1) {
    const roll = random.next();
    if (!options.plain && roll < 0.12) parts.push(random.pick(CODE));
    else if (roll < 0.25) parts.push(random.pick(LISTS));
    else {
      parts.push(Array.from({ length: random.between(1, 3) }, () => random.pick(SENTENCES)).join(" "));
    }
  }
  return parts.join("\n\n");
}

/** A document migrated from the legacy tracker: YAML front matter, then headed sections. */
export function legacyDocument(random: SeededRandom, number: number): string {
  return [
    "---",
    `id: OLD-${number}`,
    `title: ${random.pick(TITLES)}`,
    "status: open",
    "labels: [legacy, 移行]",
    "---",
    "",
    "## Summary",
    "",
    paragraphs(random, { plain: true }),
    "",
    "---",
    "",
    "## 経緯",
    "",
    paragraphs(random, { plain: true }),
  ].join("\n");
}
