import type { RecordChange } from "../model/changes.js";

/**
 * Record deletions the controller made recently, so that `--max-deletions` bounds deletions per
 * window (the resync interval) rather than per run. Without it, records that disappear a few at a
 * time — the apiserver deletes a removed CRD's objects one by one, and a debounced run may see only
 * the first — would each fit a per-run budget.
 */
export class DeletionWindow {
  readonly #windowMs: number;
  #entries: { at: number; count: number }[] = [];

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  add(at: number, count: number): void {
    if (count > 0) this.#entries.push({ at, count });
  }

  /** Deletions made within the window before `now`. */
  count(now: number): number {
    this.#entries = this.#entries.filter((e) => now - e.at < this.#windowMs);
    return this.#entries.reduce((n, e) => n + e.count, 0);
  }
}

/**
 * The record deletions among applied changes that `--max-deletions` guards: members deleted in a
 * group that only deletes (a host no longer wanted). A DELETE beside a CREATE in its group replaces a
 * member and is not counted. A host that keeps some types and loses others counts its lost members:
 * erring towards holding back.
 */
export function guardedDeletions(applied: readonly RecordChange[]): number {
  const replacing = new Set(
    applied.filter((c) => c.action !== "DELETE").map((c) => `${c.zoneId}\n${c.group}`),
  );
  return applied.filter(
    (c) => c.action === "DELETE" && c.purpose === "record" && !replacing.has(`${c.zoneId}\n${c.group}`),
  ).length;
}
