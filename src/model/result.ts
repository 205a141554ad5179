/**
 * The result of a pure operation that can fail in an expected way.
 * Pure code returns these instead of throwing (STYLE.md "Errors"), so that a
 * caller can report every problem of one object and carry on with the rest.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
