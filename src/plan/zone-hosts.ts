import { pushTo } from "../model/multimap.js";
import { editOf } from "../model/record-edits.js";
import { compareRecordKeys, type RecordSet } from "../model/record-set.js";
import { guardedBy } from "./ownership.js";

/**
 * A zone's records by host: the records at the host's name and the ownership TXTs that guard it
 * (`_gslb-<type>.<host>`). Whatever this owner holds at a host, and whatever it may write there beside
 * others' records, depends on that host's records alone (zone-ownership.ts), so a plan limited to a
 * few hosts needs only their groups, and a group that did not change keeps what was worked out from it.
 */
export interface HostGroups {
  get(host: string): readonly RecordSet[] | undefined;
  /** Every host with records. */
  hosts(): Iterable<string>;
}

/** The groups of a list read from scratch. */
class ListedGroups implements HostGroups {
  readonly depth = 0;
  constructor(readonly map: ReadonlyMap<string, readonly RecordSet[]>) {}
  get(host: string): readonly RecordSet[] | undefined {
    return this.map.get(host);
  }
  hosts(): Iterable<string> {
    return this.map.keys();
  }
}

/**
 * The groups of a list made by an edit: the earlier list's groups with the edited hosts' replaced
 * (undefined: no records left). A layer instead of a copy: copying an index of 20,000 hosts for
 * each event run's few changed names was a quarter of what the run allocated. Past
 * {@link MAX_LAYERS} layers the groups are copied once into a plain index, so a lookup stays short.
 */
class EditedGroups implements HostGroups {
  constructor(
    readonly base: ListedGroups | EditedGroups,
    readonly changed: ReadonlyMap<string, readonly RecordSet[] | undefined>,
    readonly depth: number,
  ) {}
  get(host: string): readonly RecordSet[] | undefined {
    return this.changed.has(host) ? this.changed.get(host) : this.base.get(host);
  }
  *hosts(): Generator<string> {
    // One pass over the layers, not a generator per layer: every host would be yielded once per layer.
    const changed = new Map<string, readonly RecordSet[] | undefined>();
    let layer: ListedGroups | EditedGroups = this;
    while (layer instanceof EditedGroups) {
      for (const [host, group] of layer.changed) if (!changed.has(host)) changed.set(host, group);
      layer = layer.base;
    }
    for (const host of layer.hosts()) if (!changed.has(host)) yield host;
    for (const [host, group] of changed) if (group) yield host;
  }
}

/**
 * The nearest index `groups` was made from by edits (a few layers at most) that `known` accepts, and
 * the hosts whose groups those edits changed; undefined when there is none. What a reader of every
 * group (the zone's totals, zone-ownership.ts) reads again instead of every host.
 */
export function editedSince(
  groups: HostGroups,
  known: (earlier: HostGroups) => boolean,
): { from: HostGroups; hosts: ReadonlySet<string> } | undefined {
  const hosts = new Set<string>();
  let layer: HostGroups = groups;
  while (layer instanceof EditedGroups) {
    for (const host of layer.changed.keys()) hosts.add(host);
    layer = layer.base;
    if (known(layer)) return { from: layer, hosts };
  }
  return undefined;
}

const MAX_LAYERS = 8;

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
const groupsOf = new WeakMap<readonly RecordSet[], ListedGroups | EditedGroups>();

/**
 * `records` by host (see {@link HostGroups}), each group in record-key order (name, type, set
 * identifier): what is read from a group, and the order of what a plan holds back, must not depend on
 * where Route 53's listing or the cache's edits put a record in the zone's list.
 */
export function hostGroups(records: readonly RecordSet[]): HostGroups {
  return groupsFor(records);
}

function groupsFor(records: readonly RecordSet[]): ListedGroups | EditedGroups {
  const cached = groupsOf.get(records);
  if (cached) return cached;
  const edit = editOf(records);
  // A list between two plans (several batches applied in one run) has no groups yet; its own edit
  // leads back to one that has, if any.
  const before = edit && (groupsOf.get(edit.from) ?? (editOf(edit.from) ? groupsFor(edit.from) : undefined));
  const groups = before ? regrouped(before, records, edit.names) : grouped(records);
  groupsOf.set(records, groups);
  return groups;
}

function grouped(records: readonly RecordSet[]): ListedGroups {
  const groups = new Map<string, RecordSet[]>();
  for (const r of records) pushTo(groups, hostOfName(r.name), r);
  // Each group copied to its length (an array grown by push keeps room for 16 more entries, 120 bytes
  // per host of two records), and sorted.
  for (const [host, group] of groups) groups.set(host, group.sort(compareRecordKeys).slice());
  return new ListedGroups(groups);
}

/**
 * The groups of a list that differs from `before`'s only at `names`: the hosts of those names get
 * their records outside `names` from before, and the list's records at `names`.
 */
function regrouped(
  before: ListedGroups | EditedGroups,
  records: readonly RecordSet[],
  names: ReadonlySet<string>,
): ListedGroups | EditedGroups {
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
  const changed = new Map<string, RecordSet[] | undefined>();
  for (const [host, group] of rebuilt)
    changed.set(host, group.length > 0 ? group.sort(compareRecordKeys).slice() : undefined);
  const edited = new EditedGroups(before, changed, before.depth + 1);
  if (edited.depth < MAX_LAYERS) return edited;
  const flat = new Map<string, readonly RecordSet[]>();
  for (const host of edited.hosts()) flat.set(host, edited.get(host) ?? []);
  return new ListedGroups(flat);
}
