import { pushTo } from "../model/multimap.js";
import { editOf } from "../model/record-edits.js";
import type { RecordSet } from "../model/record-set.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import { guardedBy } from "./ownership.js";

/**
 * A zone's records by host: the records at the host's name and the ownership TXTs that guard it
 * (`_gslb-<type>.<host>`). Whatever this owner holds at a host, and whatever it may write there beside
 * others' records, depends on that host's records alone (zone-ownership.ts), so a plan limited to a
 * few hosts needs only their groups, and a group that did not change keeps what was worked out from it.
 */
export type HostGroups = ReadonlyMap<string, readonly RecordSet[]>;

/** The host a record belongs to: the guarded host of an ownership TXT's name, else its own name. */
export function hostOfName(name: string): string {
  return guardedBy(name)?.host ?? name;
}

/*
 * By record list; weak, so the groups go with the list. A list made from another by an edit at some
 * names (model/record-edits.ts: the zone cache after a change Route 53 accepted, or after names were
 * read again) gets the earlier list's groups with only the edited hosts' groups rebuilt, and every
 * other group the very same array: what is cached per group (zone-ownership.ts) stays valid.
 */
const groupsOf = new WeakMap<readonly RecordSet[], HostGroups>();

/**
 * `records` by host (see {@link HostGroups}), each group in record-key order (name, type, set
 * identifier): what is read from a group, and the order of what a plan holds back, must not depend on
 * where Route 53's listing or the cache's edits put a record in the zone's list.
 */
export function hostGroups(records: readonly RecordSet[]): HostGroups {
  const cached = groupsOf.get(records);
  if (cached) return cached;
  const edit = editOf(records);
  const before = edit && groupsOf.get(edit.from);
  const groups = before ? regrouped(before, records, edit.names) : grouped(records);
  groupsOf.set(records, groups);
  return groups;
}

function grouped(records: readonly RecordSet[]): Map<string, RecordSet[]> {
  const groups = new Map<string, RecordSet[]>();
  for (const r of records) pushTo(groups, hostOfName(r.name), r);
  for (const group of groups.values()) group.sort(compareRecordKeys);
  return groups;
}

/**
 * The groups of a list that differs from `before`'s only at `names`: the hosts of those names get
 * their records outside `names` from before, and the list's records at `names`.
 */
function regrouped(
  before: HostGroups,
  records: readonly RecordSet[],
  names: ReadonlySet<string>,
): HostGroups {
  const rebuilt = new Map<string, RecordSet[]>();
  for (const name of names) {
    const host = hostOfName(name);
    if (!rebuilt.has(host))
      rebuilt.set(
        host,
        (before.get(host) ?? []).filter((r) => !names.has(r.name)),
      );
  }
  for (const r of records) if (names.has(r.name)) pushTo(rebuilt, hostOfName(r.name), r);
  const groups = new Map(before);
  for (const [host, group] of rebuilt) {
    if (group.length > 0) groups.set(host, group.sort(compareRecordKeys));
    else groups.delete(host);
  }
  return groups;
}

function compareRecordKeys(a: RecordSet, b: RecordSet): number {
  return (
    compareText(a.name, b.name) ||
    compareText(a.type, b.type) ||
    compareText(setIdentifierOf(a.policy) ?? "", setIdentifierOf(b.policy) ?? "")
  );
}

/** Code-unit order: unlike localeCompare, the same on every machine whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
