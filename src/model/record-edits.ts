import type { RecordSet } from "./record-set.js";

/**
 * Where a zone's record list came from, when it was made from another by replacing the records at
 * some names (a change Route 53 accepted, names read again). Indexes over a zone's records
 * (plan/zone-hosts.ts) are then rebuilt only at those names: between two event runs of the
 * controller at 20,000 records, rebuilding every index from scratch was most of a run's work and
 * of the memory it allocated.
 */
export interface RecordEdit {
  /** The record list this one was made from. */
  from: readonly RecordSet[];
  /** The names whose records may differ from `from`'s; every other record is the same object. */
  names: ReadonlySet<string>;
}

/*
 * Weak: an edit is forgotten with its record list. Record lists are never modified in place (the zone
 * cache and the planner both make new ones), which is what makes an edit a true description.
 */
const edits = new WeakMap<readonly RecordSet[], RecordEdit>();

/** How `records` was made from an earlier list, if it was made by {@link recordsEdited}. */
export function editOf(records: readonly RecordSet[]): RecordEdit | undefined {
  return edits.get(records);
}

/**
 * A new record list from `from`: records at names outside `names` are kept as they are and where they
 * are; each record at `names` is replaced in place by what `replace` returns for it, or dropped when
 * it returns undefined; `added` (records at `names` only) is appended.
 */
export function recordsEdited(
  from: readonly RecordSet[],
  names: ReadonlySet<string>,
  replace: (record: RecordSet) => RecordSet | undefined,
  added: readonly RecordSet[] = [],
): RecordSet[] {
  const out: RecordSet[] = [];
  for (const r of from) {
    if (!names.has(r.name)) out.push(r);
    else {
      const kept = replace(r);
      if (kept) out.push(kept);
    }
  }
  out.push(...added);
  edits.set(out, { from, names });
  return out;
}
