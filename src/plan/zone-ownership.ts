import type { OwnershipConflict } from "../model/changes.js";
import { pushTo } from "../model/multimap.js";
import { keyOf, type RecordSet, recordKeyString } from "../model/record-set.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import { compareText } from "../model/text-order.js";
import type { HostedZone } from "../model/zone.js";
import {
  type FoundOwnership,
  guardedMemberKey,
  type MalformedOwnership,
  readOwnerships,
} from "./ownership.js";
import { OwnershipsByType } from "./ownerships-by-type.js";
import { editedSince, type HostGroups, hostGroups } from "./zone-hosts.js";

/**
 * What one owner may touch in one zone, from the ownership records alone. The planner and
 * `route53-gslb drain` both start here, so "ours" means the same thing everywhere:
 *
 *   ownership records at a member                      the member is
 *   ────────────────────────────────────────────────── ──────────────────────────────────────────────
 *   exactly one, trusted, of this owner                ours: may be updated or deleted
 *   one, trusted, of another owner                     theirs: never touched
 *   two or more trusted ones (two owners name it)      contested: nobody touches it, and nothing else
 *                                                      at its host either, until a person resolves it
 *   only untrusted ones (see readOwnerships)           not ours; reported when it names this owner
 *
 * A contested member is not "resolved" by picking a winner: one of the claims was written by a bug or
 * by someone forging ownership, and the plan cannot tell which. Freezing the whole host keeps its
 * atomic group (every type of one host travels together) consistent.
 */
export interface ZoneOwnership {
  /** This owner's trusted ownership records by host, then guarded type (contested hosts left out). */
  txtByHost: Map<string, Map<string, FoundOwnership>>;
  /** The members those records guard, by host. */
  membersByHost: Map<string, RecordSet[]>;
  /** The same members by `recordKeyString`. */
  members: Map<string, RecordSet>;
  /** Hosts where a member this owner claims is contested: planned as nothing at all. */
  frozenHosts: Map<string, OwnershipConflict[]>;
  /** Every conflict that concerns this owner: contested members it claims, untrusted records naming it. */
  conflicts: OwnershipConflict[];
  /** Every owner's trusted ownership records by the member they guard (`guardedMemberKey`). */
  claims: Map<string, FoundOwnership[]>;
}

/**
 * What one owner holds at one host of a zone: the table above, read from the host's records alone
 * (zone-hosts.ts), since an ownership record guards only members at its own host. A name that is
 * itself an ownership name (`_gslb-…`) is never a member: hostnames cannot start with `_`, so such a
 * member could only have been forged; its records count with the host they guard.
 */
export interface HostOwnership {
  /** This owner's trusted ownership records at the host by guarded type; none at a contested host. */
  txt: ReadonlyMap<string, FoundOwnership>;
  /** The members those records guard. */
  members: readonly RecordSet[];
  /** Conflicts over members this owner claims here: the host is planned as nothing at all. */
  frozen: readonly OwnershipConflict[];
  /** The conflicts here that concern this owner: `frozen`, and untrusted records naming it. */
  conflicts: readonly OwnershipConflict[];
  /** Every owner's trusted ownership records at the host. */
  found: readonly FoundOwnership[];
  /** The records here (at the host and its ownership names) this owner does not own. */
  foreign: readonly RecordSet[];
}

/** The empty list every host without such things shares (thousands of hosts have none). */
const NONE: readonly never[] = Object.freeze([]);

const NO_TXT = new OwnershipsByType(NONE);

const NOTHING: HostOwnership = {
  txt: NO_TXT,
  members: NONE,
  frozen: NONE,
  conflicts: NONE,
  found: NONE,
  foreign: NONE,
};

/** Whether this owner holds anything at the host: members, or ownership records left without them. */
export function holdsAnything(h: HostOwnership): boolean {
  return h.txt.size > 0 || h.members.length > 0;
}

/*
 * By zone and owner, then by host group, weakly: a group is the same array while its records do not
 * change (zone-hosts.ts), so an event run reads ownership only at the hosts whose records changed.
 * The zone is part of the key, as conflicts name it. One map per zone and owner, not a wrapper per
 * group naming them: 20,000 hosts would hold 20,000 wrappers.
 */
const hostOwnerships = new Map<string, WeakMap<readonly RecordSet[], HostOwnership>>();

function ownershipsOf(zone: HostedZone, ownerId: string): WeakMap<readonly RecordSet[], HostOwnership> {
  const key = JSON.stringify([zone.id, zone.name, ownerId]);
  let known = hostOwnerships.get(key);
  if (!known) {
    known = new WeakMap();
    hostOwnerships.set(key, known);
  }
  return known;
}

/** What `ownerId` holds at `host` of `zone`. */
export function hostOwnership(zone: HostedZone, host: string, ownerId: string): HostOwnership {
  return groupOwnership(zone, host, hostGroups(zone.records).get(host), ownerId);
}

function groupOwnership(
  zone: HostedZone,
  host: string,
  group: readonly RecordSet[] | undefined,
  ownerId: string,
  known: WeakMap<readonly RecordSet[], HostOwnership> = ownershipsOf(zone, ownerId),
): HostOwnership {
  if (!group) return NOTHING;
  const cached = known.get(group);
  if (cached) return cached;
  const owned = readHostOwnership(zone, host, group, ownerId);
  known.set(group, owned);
  return owned;
}

function readHostOwnership(
  zone: HostedZone,
  host: string,
  group: readonly RecordSet[],
  ownerId: string,
): HostOwnership {
  const { found, malformed } = readOwnerships(group);
  const claimsOf = claimsByMember(found.values());
  const conflicts: OwnershipConflict[] = [];
  const frozen: OwnershipConflict[] = [];
  const mine: FoundOwnership[] = [];
  for (const f of found.values()) {
    if (f.ownership.owner !== ownerId) continue;
    const claims = claimsOf.get(guardedMemberKey(f.host, f.type, f.ownership.setIdentifier)) ?? [];
    if (claims.length > 1) {
      const conflict = contestedConflict(zone, f, claims);
      conflicts.push(conflict);
      frozen.push(conflict);
      continue;
    }
    mine.push(f);
  }
  // Kept lists are copied to their length: an array grown by push keeps room for 16 more entries.
  const txt = frozen.length > 0 || mine.length === 0 ? NO_TXT : new OwnershipsByType(mine.slice());
  for (const m of malformed) if (namesOwner(m, ownerId)) conflicts.push(untrustedConflict(zone, m));

  const members: RecordSet[] = [];
  const ours = new Set<RecordSet>();
  for (const f of txt.values()) ours.add(f.record);
  for (const record of group) {
    const guard = record.name === host ? txt.get(record.type) : undefined;
    if (guard && guard.ownership.setIdentifier === setIdentifierOf(record.policy)) {
      members.push(record);
      ours.add(record);
    }
  }
  const foreign = ours.size === group.length ? NONE : group.filter((r) => !ours.has(r));
  if (found.size === 0 && conflicts.length === 0 && members.length === 0) return { ...NOTHING, foreign };
  return {
    txt,
    members: members.length > 0 ? members.slice() : NONE,
    frozen: frozen.length > 0 ? frozen : NONE,
    conflicts: conflicts.length > 0 ? conflicts : NONE,
    found: [...found.values()],
    foreign,
  };
}

/** One owner's view of a zone, host by host (see {@link HostOwnership}), and its totals. */
export interface OwnedZone {
  at(host: string): HostOwnership;
  /** Hosts where this owner holds anything (see {@link holdsAnything}). */
  hosts(): Iterable<string>;
  /** Members this owner holds in the zone, at every host. */
  memberCount: number;
  /** Every conflict in the zone that concerns this owner. */
  conflicts: readonly OwnershipConflict[];
}

export function ownedZone(zone: HostedZone, ownerId: string): OwnedZone {
  const groups = hostGroups(zone.records);
  const known = ownershipsOf(zone, ownerId);
  const at = (host: string) => groupOwnership(zone, host, groups.get(host), ownerId, known);
  const totals = zoneTotals(zone, groups, ownerId);
  return {
    at,
    *hosts() {
      for (const host of groups.hosts()) if (holdsAnything(at(host))) yield host;
    },
    memberCount: totals.memberCount,
    conflicts: [...totals.conflictHosts].flatMap((host) => at(host).conflicts),
  };
}

/** What an owner holds in a zone in all: its members, and the hosts with conflicts that concern it. */
interface ZoneTotals {
  memberCount: number;
  conflictHosts: ReadonlySet<string>;
}

/*
 * By host-group index, weakly. An index made by an edit (zone-hosts.ts) gets its totals from the
 * index it was made from, reading again only the hosts the edit changed: an event run would
 * otherwise read every host of the zone for two numbers.
 */
const totalsOf = new WeakMap<
  HostGroups,
  { zoneId: string; zoneName: string; ownerId: string; totals: ZoneTotals }
>();

function zoneTotals(zone: HostedZone, groups: HostGroups, ownerId: string): ZoneTotals {
  const known = ownershipsOf(zone, ownerId);
  const cachedFor = (g: HostGroups) => {
    const c = totalsOf.get(g);
    return c && c.zoneId === zone.id && c.zoneName === zone.name && c.ownerId === ownerId
      ? c.totals
      : undefined;
  };
  const cached = cachedFor(groups);
  if (cached) return cached;
  const since = editedSince(groups, (earlier) => cachedFor(earlier) !== undefined);
  const earlier = since && cachedFor(since.from);
  let totals: ZoneTotals;
  if (since && earlier) {
    let memberCount = earlier.memberCount;
    const conflictHosts = new Set(earlier.conflictHosts);
    for (const host of since.hosts) {
      memberCount -= groupOwnership(zone, host, since.from.get(host), ownerId, known).members.length;
      conflictHosts.delete(host);
      const now = groupOwnership(zone, host, groups.get(host), ownerId, known);
      memberCount += now.members.length;
      if (now.conflicts.length > 0) conflictHosts.add(host);
    }
    totals = { memberCount, conflictHosts };
  } else {
    let memberCount = 0;
    const conflictHosts = new Set<string>();
    for (const host of groups.hosts()) {
      const h = groupOwnership(zone, host, groups.get(host), ownerId, known);
      memberCount += h.members.length;
      if (h.conflicts.length > 0) conflictHosts.add(host);
    }
    totals = { memberCount, conflictHosts };
  }
  totalsOf.set(groups, { zoneId: zone.id, zoneName: zone.name, ownerId, totals });
  return totals;
}

/** The table above for a whole zone, as maps (`route53-gslb drain`, external-dns takeovers). */
export function zoneOwnership(zone: HostedZone, ownerId: string): ZoneOwnership {
  const owned: ZoneOwnership = {
    txtByHost: new Map(),
    membersByHost: new Map(),
    members: new Map(),
    frozenHosts: new Map(),
    conflicts: [],
    claims: new Map(),
  };
  const groups = hostGroups(zone.records);
  const known = ownershipsOf(zone, ownerId);
  for (const host of groups.hosts()) {
    const h = groupOwnership(zone, host, groups.get(host), ownerId, known);
    if (h.txt.size > 0) owned.txtByHost.set(host, new Map(h.txt));
    if (h.members.length > 0) owned.membersByHost.set(host, [...h.members]);
    for (const m of h.members) owned.members.set(recordKeyString(keyOf(m)), m);
    if (h.frozen.length > 0) owned.frozenHosts.set(host, [...h.frozen]);
    owned.conflicts.push(...h.conflicts);
    for (const [key, claims] of claimsByMember(h.found)) owned.claims.set(key, claims);
  }
  return owned;
}

/**
 * Every contested member of a zone and every untrusted ownership record, whoever they name: what
 * `status` warns about.
 */
export function allOwnershipConflicts(
  zone: HostedZone,
  { found, malformed }: ReturnType<typeof readOwnerships> = readOwnerships(zone.records),
): OwnershipConflict[] {
  const claimsOf = claimsByMember(found.values());
  const out: OwnershipConflict[] = [];
  for (const claims of claimsOf.values()) {
    const first = claims[0];
    if (first && claims.length > 1) out.push(contestedConflict(zone, first, claims));
  }
  for (const m of malformed) out.push(untrustedConflict(zone, m));
  return out;
}

/** Ownership records by the member they guard (`guardedMemberKey`): two or more is a contested member. */
export function claimsByMember(found: Iterable<FoundOwnership>): Map<string, FoundOwnership[]> {
  const claims = new Map<string, FoundOwnership[]>();
  for (const f of found) pushTo(claims, guardedMemberKey(f.host, f.type, f.ownership.setIdentifier), f);
  return claims;
}

function contestedConflict(zone: HostedZone, f: FoundOwnership, claims: FoundOwnership[]): OwnershipConflict {
  const sorted = [...claims].sort((a, b) => compareText(a.ownership.owner, b.ownership.owner));
  const owned = sorted.map((c) => {
    const source = c.ownership.resource;
    return { record: c.record.name, owner: c.ownership.owner, ...(source ? { source } : {}) };
  });
  const setIdentifier = f.ownership.setIdentifier;
  return {
    zoneId: zone.id,
    zoneName: zone.name,
    name: f.host,
    type: f.type,
    ...(f.ownership.setIdentifier === undefined ? {} : { setIdentifier: f.ownership.setIdentifier }),
    claims: owned,
    problem: {
      kind: "contested",
      host: f.host,
      type: f.type,
      ...(setIdentifier === undefined ? {} : { setIdentifier }),
      claims: owned,
    },
  };
}

function untrustedConflict(zone: HostedZone, m: MalformedOwnership): OwnershipConflict {
  const setIdentifier = setIdentifierOf(m.record.policy);
  return {
    zoneId: zone.id,
    zoneName: zone.name,
    name: m.host,
    type: m.type,
    claims: [{ record: m.record.name, owner: setIdentifier ?? "" }],
    problem: {
      kind: "untrusted-ownership",
      record: m.record.name,
      ...(setIdentifier === undefined ? {} : { setIdentifier }),
      host: m.host,
      type: m.type,
      why: m.reason,
    },
  };
}

/** Whether an untrusted record concerns this owner: its SetIdentifier, or an `owner=` field in its text. */
function namesOwner(m: MalformedOwnership, ownerId: string): boolean {
  if (setIdentifierOf(m.record.policy) === ownerId) return true;
  const text = m.record.target.kind === "values" ? m.record.target.values.join("") : "";
  return text.includes(`owner=${ownerId}`);
}
