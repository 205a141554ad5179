import type { OwnershipConflict } from "../model/changes.js";
import { pushTo } from "../model/multimap.js";
import { keyOf, type RecordSet, recordKeyString } from "../model/record-set.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import type { HostedZone } from "../model/zone.js";
import {
  type FoundOwnership,
  guardedMemberKey,
  type MalformedOwnership,
  readOwnerships,
} from "./ownership.js";

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

export function zoneOwnership(zone: HostedZone, ownerId: string): ZoneOwnership {
  const { found, malformed } = readOwnerships(zone.records);
  const claimsOf = claimsByMember(found.values());

  const conflicts: OwnershipConflict[] = [];
  const frozenHosts = new Map<string, OwnershipConflict[]>();
  const txtByHost = new Map<string, Map<string, FoundOwnership>>();
  for (const f of found.values()) {
    if (f.ownership.owner !== ownerId) continue;
    const claims = claimsOf.get(guardedMemberKey(f.host, f.type, f.ownership.setIdentifier)) ?? [];
    if (claims.length > 1) {
      const conflict = contestedConflict(zone, f, claims);
      conflicts.push(conflict);
      pushTo(frozenHosts, f.host, conflict);
      continue;
    }
    const byType = txtByHost.get(f.host) ?? new Map<string, FoundOwnership>();
    txtByHost.set(f.host, byType);
    byType.set(f.type, f);
  }
  for (const host of frozenHosts.keys()) txtByHost.delete(host);
  for (const m of malformed) if (namesOwner(m, ownerId)) conflicts.push(untrustedConflict(zone, m));

  const members = new Map<string, RecordSet>();
  const membersByHost = new Map<string, RecordSet[]>();
  for (const record of zone.records) {
    const txt = txtByHost.get(record.name)?.get(record.type);
    if (txt && txt.ownership.setIdentifier === setIdentifierOf(record.policy)) {
      members.set(recordKeyString(keyOf(record)), record);
      pushTo(membersByHost, record.name, record);
    }
  }
  return { txtByHost, membersByHost, members, frozenHosts, conflicts, claims: claimsOf };
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

/** Code-unit order: unlike localeCompare, the same on every machine whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
