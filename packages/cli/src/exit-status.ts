/** Exit status of every podkit command: success, a refusal, or a wrong invocation or configuration. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;
