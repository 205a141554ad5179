// An in-memory hosted zone that answers ChangeResourceRecordSets as Route 53 documents it — atomic
// requests, "already exists" for a CREATE over a record, "not found" for a DELETE of a missing one —
// and that can lose the answer of chosen calls after applying them, as a 5xx after the fact does.
// For the unit tests of apply/ only; the integration tests use moto behind the fault proxy.

import type { RecordChangeSender } from "../../../src/apply/change-batcher.js";
import type { ReadNames } from "../../../src/apply/read-back.js";
import type { RecordChange } from "../../../src/model/changes.js";
import { keyOf, type RecordSet, recordKeyString } from "../../../src/model/record-set.js";
import { awsError } from "../../fixtures/changes.js";

export const lostAnswer = () => awsError("ServiceUnavailable", "Service Unavailable", 503);

export class FakeZone implements RecordChangeSender {
  readonly records = new Map<string, RecordSet>();
  /** Every call's changes, in order, whatever its outcome. */
  readonly calls: RecordChange[][] = [];
  /** Calls whose changes were applied. */
  readonly accepted: RecordChange[][] = [];
  /** Names read back. */
  readonly reads: string[][] = [];

  /**
   * @param loseAnswer call number (1-based) → carry the call out, then throw a 503 instead of its answer.
   * @param before call number → throw this before applying (a refusal, or a 503 before any work).
   */
  constructor(
    private readonly loseAnswer: (call: number) => boolean = () => false,
    private readonly before: (call: number, changes: RecordChange[]) => unknown = () => undefined,
  ) {}

  async send(_zoneId: string, changes: RecordChange[]): Promise<void> {
    this.calls.push(changes);
    const call = this.calls.length;
    const refused = this.before(call, changes);
    if (refused) throw refused;
    let answer: unknown;
    try {
      this.#apply(changes);
    } catch (e) {
      answer = e;
    }
    // A lost answer — success or rejection alike — never reaches the caller.
    if (this.loseAnswer(call)) throw lostAnswer();
    if (answer !== undefined) throw answer;
  }

  #apply(changes: RecordChange[]): void {
    const next = new Map(this.records);
    for (const c of changes) {
      const key = recordKeyString(keyOf(c.record));
      const what = `[name='${c.record.name}', type='${c.record.type}']`;
      if (c.action === "CREATE" && next.has(key))
        throw awsError(
          "InvalidChangeBatch",
          `Tried to create resource record set ${what} but it already exists`,
        );
      if (c.action === "DELETE" && !next.has(key))
        throw awsError(
          "InvalidChangeBatch",
          `Tried to delete resource record set ${what} but it was not found`,
        );
      if (c.action === "DELETE") next.delete(key);
      else next.set(key, c.record);
    }
    this.records.clear();
    for (const [k, v] of next) this.records.set(k, v);
    this.accepted.push(changes);
  }

  /** The resolver's reader: the records at `names`. */
  readonly read: ReadNames = async (_zoneId, names) => {
    this.reads.push([...names]);
    const wanted = new Set(names);
    return { records: [...this.records.values()].filter((r) => wanted.has(r.name)), problems: [], pages: 1 };
  };

  /** How many accepted calls carried a change of `name` (each group should be applied exactly once). */
  timesApplied(name: string): number {
    return this.accepted.filter((changes) => changes.some((c) => c.record.name === name)).length;
  }
}
