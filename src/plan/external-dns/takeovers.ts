import type { ExternalDnsAdoption } from "../../config/config.js";
import { pushTo } from "../../model/multimap.js";
import type { Problem } from "../../model/problem.js";
import { keyOf, type RecordSet, recordKeyString } from "../../model/record-set.js";
import { setIdentifierOf } from "../../model/routing-policy.js";
import { compareText } from "../../model/text-order.js";
import type { HostedZone } from "../../model/zone.js";
import { guardedMemberKey } from "../ownership.js";
import type { ZoneOwnership } from "../zone-ownership.js";
import { ExternalDnsRegistry } from "./registry.js";

/** One member of one host that changes hands, and the registry TXTs that must go with it. */
export interface TakeoverPair {
  host: string;
  /** The member as it is: external-dns's, or (cleanup) already this owner's. */
  current: RecordSet;
  /** The record this cluster wants in its place (its key may differ: a conversion). */
  desired: RecordSet;
  /** True when `current` is already this owner's and only external-dns's leftover claim goes. */
  cleanup: boolean;
  owner: string;
  resource?: string;
  /** external-dns's registry TXTs for `current`, all of them: deleted in the same atomic group. */
  registry: RecordSet[];
}

/** The takeovers of one zone: what changes hands per host, and hosts left alone with the reason. */
export interface ZoneTakeovers {
  byHost: Map<string, TakeoverPair[]>;
  blocked: Map<string, Problem[]>;
}

const MEMBER_TYPES: ReadonlySet<string> = new Set(["A", "AAAA", "CNAME"]);

/*
 * Which of the adopted owner's records this owner takes over, per host it wants (stage 3a, beside
 * zone-ownership.ts). A record is the adopted owner's when external-dns's registry says so
 * (registry.ts) and no route53-gslb ownership record claims it. Pairing with what this cluster wants
 * at the host:
 *
 *   external-dns's record at the host             wanted here               result
 *   ───────────────────────────────────────────── ───────────────────────── ───────────────────────────
 *   same name, type and set identifier            any content               taken over; UPSERT only if
 *                                                                           it differs (DELETE + CREATE
 *                                                                           in one request when Route 53
 *                                                                           cannot UPSERT: policy kind,
 *                                                                           alias-ness)
 *   the only one of that type, other set id/policy that type                conversion: DELETE + CREATE
 *   two or more of that type, none matching       that type                 blocked (which one?)
 *   the only CNAME                                A and/or AAAA             conversion of the CNAME
 *   A/AAAA                                        a CNAME                   blocked
 *   anything else                                 –                         untouched: not ours
 *
 * Pairing by type (a conversion) happens only where this owner holds no member of that type at the
 * host yet: once it does, the adopted owner's other members there (another cluster's) stay theirs.
 *
 * Releasing a record means deleting every registry TXT external-dns would consult for it (the
 * current `a-` one, the legacy `cname-` one of alias A records, the pre-0.12 one at the name itself),
 * since once one is gone the next decides. Blocked, with the reason, when one of them names another
 * owner or cannot be read (another owner would inherit the record), when a TXT to delete also decides
 * the owner of a record not taken over (an MX beside the A at a pre-0.12 TXT), or when Route 53 could
 * not be told exactly what to delete: a member or TXT the Route 53 reader keeps as `other` (CIDR
 * routing, a geoproximity location that names no place or several), whose routing the model cannot
 * spell back. external-dns's geoproximity members name one place and always a bias (its AWS provider
 * writes `Bias: 0` when no bias is annotated, on the TXT too), so they read as geoproximity and are
 * taken over like any other policy; a place spelled differently (`49.20` for `49.2`) is the same place
 * (record-compare.ts), and a DELETE sends the TXT back as it was listed.
 *
 * A conversion is safe because the DELETE and the CREATE travel in one atomic ChangeResourceRecordSets
 * request: Route 53 applies all of it or none, so the name resolves throughout; and zone-diff.ts still
 * checks the result against Route 53's rules and the records of others left at the name.
 */
export function planTakeovers(
  zone: HostedZone,
  wanted: ReadonlyMap<string, readonly RecordSet[]>,
  owned: ZoneOwnership,
  adoption: ExternalDnsAdoption,
): ZoneTakeovers {
  const registry = new ExternalDnsRegistry(zone.records, {
    prefix: adoption.txtPrefix,
    suffix: adoption.txtSuffix,
    wildcardReplacement: adoption.txtWildcardReplacement,
  });
  const out: ZoneTakeovers = { byHost: new Map(), blocked: new Map() };
  // A migrated zone has no registry left: nothing to look at (the controller may keep the flag on).
  if (registry.empty) return out;
  const atHost = new Map<string, RecordSet[]>();
  for (const record of zone.records) {
    if (MEMBER_TYPES.has(record.type) && wanted.has(record.name)) pushTo(atHost, record.name, record);
  }
  const block: Block = (host, record, why) => {
    const setIdentifier = setIdentifierOf(record.policy);
    pushTo(out.blocked, host, {
      kind: "takeover-blocked",
      host,
      type: record.type,
      ...(setIdentifier === undefined ? {} : { setIdentifier }),
      owner: adoption.owner,
      why,
    });
  };
  const ctx: HostContext = { registry, owned, owner: adoption.owner, block };
  const candidates = [...wanted]
    .sort(([a], [b]) => compareText(a, b))
    .filter(([host]) => !owned.frozenHosts.has(host))
    .flatMap(([host, desired]) => hostCandidates(host, desired, atHost.get(host) ?? [], ctx));
  const kept = withoutSharedRegistry(
    candidates.filter((c) => !out.blocked.has(c.host)),
    ctx,
    (host) => out.blocked.has(host),
  );
  for (const c of kept) pushTo(out.byHost, c.host, c);
  return out;
}

type Block = (host: string, record: Pick<RecordSet, "type" | "policy">, why: string) => void;

interface HostContext {
  registry: ExternalDnsRegistry;
  owned: ZoneOwnership;
  owner: string;
  block: Block;
}

/** The takeovers one wanted host could make, before registry TXTs shared with other records are checked. */
function hostCandidates(
  host: string,
  desired: readonly RecordSet[],
  records: readonly RecordSet[],
  { registry, owned, owner, block }: HostContext,
): TakeoverPair[] {
  const theirs: RecordSet[] = [];
  const cleanups: RecordSet[] = [];
  for (const record of records) {
    const claim = registry.claimOf(record);
    const mine = owned.members.has(recordKeyString(keyOf(record)));
    if (claim.kind === "unreadable" && !mine && !claimedByGslb(owned, record)) {
      // Whose it is cannot be known; reported only where this cluster wants the very same member.
      if (desired.some((d) => sameKey(d, record))) block(host, record, claim.why);
      continue;
    }
    if (claim.kind !== "owned" || claim.owner !== owner) continue;
    if (mine) cleanups.push(record);
    else if (!claimedByGslb(owned, record)) theirs.push(record);
  }
  // A type this owner already holds a member of at the host is never paired by type: that member
  // is what becomes the wanted one, and the adopted owner's others are not ours to replace.
  const ourTypes = new Set((owned.membersByHost.get(host) ?? []).map((m) => m.type));
  const paired = pairMembers(desired, theirs, ourTypes);
  for (const why of paired.blocked) block(host, why.record, why.why);
  const pairs = [
    ...paired.pairs.map(([current, next]) => ({ current, desired: next, cleanup: false })),
    ...cleanups.flatMap((current) => {
      const next = desired.find((d) => sameKey(d, current));
      return next ? [{ current, desired: next, cleanup: true }] : [];
    }),
  ];
  const out: TakeoverPair[] = [];
  for (const { current, desired: next, cleanup } of pairs) {
    const released = release(registry, [current, next], owner);
    // A leftover TXT that cannot go is left alone: the member is this owner's either way.
    if (typeof released === "string") {
      if (!cleanup) block(host, current, released);
      continue;
    }
    // Never written by this cluster, so Route 53 must be told it exactly to delete it.
    if (!cleanup && current.policy.kind === "other") {
      block(host, current, unwritable(current));
      continue;
    }
    out.push({ host, current, desired: next, cleanup, owner, ...released });
  }
  return out;
}

/**
 * A registry TXT that also decides the owner of a record nobody takes over cannot go: removing it
 * would hand that record from external-dns to nobody. Dropping a takeover can make another TXT shared
 * in turn, so repeat until nothing changes (each round only removes candidates, so it ends).
 */
function withoutSharedRegistry(
  candidates: TakeoverPair[],
  { registry, block }: HostContext,
  blocked: (host: string) => boolean,
): TakeoverPair[] {
  let kept = candidates;
  for (let changed = true; changed; ) {
    changed = false;
    const released = new Set(kept.map((c) => c.current));
    const next: TakeoverPair[] = [];
    for (const c of kept) {
      const shared = c.registry
        .flatMap((txt) => registry.entryOf(txt) ?? [])
        .flatMap((e) => registry.decidedBy(e).map((r) => [e, r] as const))
        .find(([, r]) => !released.has(r));
      if (!shared) {
        next.push(c);
        continue;
      }
      changed = true;
      const [entry, other] = shared;
      if (!c.cleanup)
        block(
          c.host,
          c.current,
          `external-dns's registry TXT \`${dotless(entry.record.name)}\` also decides the owner of ${describe(other)}, which this cluster does not take over`,
        );
    }
    kept = next.filter((c) => !blocked(c.host));
  }
  return kept;
}

/** Pair external-dns's members at one host with the records wanted there (see the table above). */
function pairMembers(
  desired: readonly RecordSet[],
  theirs: readonly RecordSet[],
  ourTypes: ReadonlySet<string>,
): { pairs: [RecordSet, RecordSet][]; blocked: { record: RecordSet; why: string }[] } {
  const pairs: [RecordSet, RecordSet][] = [];
  const blocked: { record: RecordSet; why: string }[] = [];
  let left = [...theirs];
  const unpaired: RecordSet[] = [];
  for (const d of desired) {
    const exact = left.find((m) => sameKey(m, d));
    if (exact) {
      pairs.push([exact, d]);
      left = left.filter((m) => m !== exact);
    } else if (!ourTypes.has(d.type)) unpaired.push(d);
  }
  const stillWanted: RecordSet[] = [];
  for (const d of unpaired) {
    const sameType = left.filter((m) => m.type === d.type);
    const only = sameType[0];
    if (sameType.length === 1 && only) {
      pairs.push([only, d]);
      left = left.filter((m) => m !== only);
    } else if (sameType.length > 1) {
      const ids = sameType.map((m) => setIdentifierOf(m.policy) ?? "(none)").join(", ");
      blocked.push({
        record: d,
        why: `external-dns has ${sameType.length} ${d.type} members there (set identifiers ${ids}) and this cluster wants ${describePolicyKey(d)}: set the set identifier of the one to take over (route53-gslb.io/set-identifier)`,
      });
    } else stillWanted.push(d);
  }
  const cnames = left.filter((m) => m.type === "CNAME");
  const addresses = stillWanted.filter((d) => d.type === "A" || d.type === "AAAA");
  const onlyCname = cnames[0];
  const firstAddress = addresses[0];
  if (cnames.length === 1 && onlyCname && firstAddress) pairs.push([onlyCname, firstAddress]);
  else if (cnames.length > 1 && firstAddress) {
    blocked.push({
      record: firstAddress,
      why: `external-dns has ${cnames.length} CNAME members there; which one this cluster's ${firstAddress.type} replaces is not known`,
    });
  }
  const wantedCname = stillWanted.find((d) => d.type === "CNAME");
  const addressOfTheirs = left.find((m) => m.type === "A" || m.type === "AAAA");
  if (wantedCname && addressOfTheirs) {
    blocked.push({
      record: wantedCname,
      why: `external-dns wrote ${addressOfTheirs.type} records there and this cluster wants a CNAME, which would have to replace all of them; not converted`,
    });
  }
  return { pairs, blocked };
}

/**
 * The registry TXTs to delete so that external-dns no longer claims the record for `owner`, or why
 * they cannot be: a later TXT in external-dns's lookup order that names someone else (or cannot be
 * read) would inherit the record, and a TXT Route 53 could not be told exactly cannot be deleted.
 * `records` are the record as it is and as the takeover writes it: external-dns looks them up under
 * different keys when the target changes kind (an alias A is also looked up at its legacy `cname-`
 * TXT, a plain A is not), and a TXT left at a key of the new record would still claim it afterwards.
 */
function release(
  registry: ExternalDnsRegistry,
  records: readonly RecordSet[],
  owner: string,
): { registry: RecordSet[]; resource?: string } | string {
  const txts: RecordSet[] = [];
  let resource: string | undefined;
  const entries = new Set(records.flatMap((r) => registry.candidatesFor(r)));
  for (const entry of entries) {
    const read = entry.read;
    const name = dotless(entry.record.name);
    if (read.kind === "owned" && read.owner === "") continue; // names nobody: external-dns reads "not mine"
    if (read.kind !== "owned")
      return `external-dns's registry TXT \`${name}\` for it ${read.kind === "encrypted" ? "is encrypted (--txt-encrypt-enabled), which route53-gslb does not read" : "holds several values"}`;
    if (read.owner !== owner)
      return `external-dns's registry TXT \`${name}\` names owner \`${read.owner}\`, which would own it once \`${owner}\`'s TXT is removed`;
    if (entry.record.policy.kind === "other") return unwritable(entry.record);
    txts.push(entry.record);
    resource ??= read.resource;
  }
  return { registry: txts, ...(resource === undefined ? {} : { resource }) };
}

function claimedByGslb(owned: ZoneOwnership, record: RecordSet): boolean {
  return owned.claims.has(guardedMemberKey(record.name, record.type, setIdentifierOf(record.policy)));
}

function sameKey(a: RecordSet, b: RecordSet): boolean {
  return recordKeyString(keyOf(a)) === recordKeyString(keyOf(b));
}

function unwritable(record: RecordSet): string {
  const p = record.policy;
  const what = p.kind === "other" ? p.description : p.kind;
  return `${describe(record)} uses routing route53-gslb cannot write back (${what}), so it cannot be replaced or its TXT deleted`;
}

function describePolicyKey(record: RecordSet): string {
  const id = setIdentifierOf(record.policy);
  return id === undefined ? `a ${record.policy.kind} record` : `${record.policy.kind} set identifier ${id}`;
}

function describe(record: RecordSet): string {
  const id = setIdentifierOf(record.policy);
  return `\`${dotless(record.name)}\` ${record.type}${id === undefined ? "" : ` set=${id}`}`;
}

function dotless(name: string): string {
  return name.endsWith(".") ? name.slice(0, -1) : name;
}
