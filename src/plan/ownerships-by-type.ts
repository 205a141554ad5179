import type { FoundOwnership } from "./ownership.js";

/**
 * One owner's ownership records at one host, by the type they guard: a read-only map over a short
 * list. A host has one or two (A, AAAA), and the controller keeps one of these per host it owns
 * (zone-ownership.ts); a `Map` of one entry costs about 200 bytes, this about 60 — 3 MiB at 20,000
 * hosts. Lookups scan the list, which is never longer than the record types a host can have.
 */
export class OwnershipsByType implements ReadonlyMap<string, FoundOwnership> {
  /** `list` holds at most one record per type (readOwnerships keys them by owner, host and type). */
  constructor(private readonly list: readonly FoundOwnership[]) {}

  get size(): number {
    return this.list.length;
  }

  get(type: string): FoundOwnership | undefined {
    return this.list.find((f) => f.type === type);
  }

  has(type: string): boolean {
    return this.get(type) !== undefined;
  }

  *entries(): MapIterator<[string, FoundOwnership]> {
    for (const f of this.list) yield [f.type, f];
  }

  *keys(): MapIterator<string> {
    for (const f of this.list) yield f.type;
  }

  values(): MapIterator<FoundOwnership> {
    return this.list.values();
  }

  [Symbol.iterator](): MapIterator<[string, FoundOwnership]> {
    return this.entries();
  }

  forEach(
    callback: (value: FoundOwnership, key: string, map: ReadonlyMap<string, FoundOwnership>) => void,
  ): void {
    for (const f of this.list) callback(f, f.type, this);
  }
}
