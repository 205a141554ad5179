import type { ChangePurpose, PolicySwitch, PolicySwitchMember } from "../model/changes.js";
import { type PolicyWish, wishedPolicy, wishOf } from "../model/policy-wish.js";
import type { RecordSet } from "../model/record-set.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import type { SourceRef } from "../model/source-ref.js";
import { compareText } from "../model/text-order.js";
import type { HostedZone } from "../model/zone.js";
import { type FoundOwnership, guardedMemberKey, ownershipValue } from "./ownership.js";
import { memberConflict, memberRuleViolation } from "./route53-rules.js";

/*
 * Policy switches: moving a name that several owners share from one routing policy to another.
 *
 * Route 53 rejects a request that leaves one name and type with two policies, and a controller never
 * changes another owner's member, so without this a name could never leave its policy: each cluster
 * refuses the other's. Instead, per name and type where this owner's member has another policy than
 * it wants and other owners have members:
 *
 *   the other members                                         this owner
 *   ───────────────────────────────────────────────────────── ─────────────────────────────────────────
 *   one has no trusted ownership record, or two; one has a    blocked: keeps its member as it is,
 *   policy other than ours; or the set after the switch       records its wish, reports why
 *   would break a Route 53 rule (two PRIMARYs, one region
 *   twice, a failover alias without target health…)
 *   an owner's record does not want the new policy (a         waiting: keeps its member as it is,
 *   record without a wish wants the policy it has)            records its wish, reports for whom
 *   every owner's record wants the new policy                 converting: DELETE every old member and
 *                                                             CREATE it under the new policy, in the
 *                                                             host's one atomic request
 *
 * The wish is the owner's consent, and the only reason a plan ever touches a record it does not own:
 * each other member is re-created with its own target, health check and set identifier, under the
 * policy and setting its owner recorded, and that owner's ownership record is rewritten without the
 * (now fulfilled) wish — nothing else of theirs changes. Those changes carry `onBehalfOf`.
 *
 * Who converts: whichever owner plans first while every other owner's record already wants the new
 * policy — normally the last to change its mind, in the very request that would have recorded its own
 * wish. Two owners can only both convert if they recorded their wishes concurrently (each saw the
 * other's old record) and then plan concurrently again. That is safe:
 * - Route 53 applies a request atomically, and a DELETE must match the record exactly, so every
 *   conversion doubles as a compare-and-swap on each member and each other owner's ownership record:
 *   whatever changed since the plan read them (the first conversion, a withdrawn wish, a new target)
 *   makes the whole request fail and nothing of it is applied;
 * - the two requests are the same when each owner's wanted record is what it recorded (the members
 *   are rebuilt from the recorded wishes and live targets, the ownership records from what they say),
 *   so the applier's read-back of the failed second request finds it already in effect: a no-op.
 *   When they differ (an owner's target changed meanwhile), the second request is rejected and its
 *   owner's next plan, from a fresh read, starts from the converted name.
 */

/** A change of a policy switch to another owner's record, before host-diff gives it its group. */
export interface ConversionChange {
  action: "DELETE" | "CREATE";
  purpose: ChangePurpose;
  record: RecordSet;
  /** The owner whose member or ownership record it is. */
  owner: string;
}

/** What the policy switches at one host mean for this owner's plan of it. */
export interface HostSwitches {
  /** The claim's records, with the record of each type that cannot switch yet replaced by our member as it is. */
  records: RecordSet[];
  /** Our members kept as they are (their health checks stay in use). */
  kept: RecordSet[];
  /** The wish our ownership record of each kept type records. */
  wishes: Map<string, PolicyWish>;
  /** Other owners' records this plan converts. */
  conversions: ConversionChange[];
  /** The records at the host this owner does not own, as they are after the conversions. */
  foreignAfter: RecordSet[];
  switches: PolicySwitch[];
}

/** What the planner knows about one host when it looks for policy switches there. */
export interface HostSwitchInput {
  zone: HostedZone;
  host: string;
  /** The records the winning claim wants (drain applied, health check ids not yet set). */
  records: readonly RecordSet[];
  /** This owner's members at the host. */
  ours: readonly RecordSet[];
  /** The records at the host this owner does not own. */
  foreign: readonly RecordSet[];
  /** Every owner's trusted ownership records by guarded member (zone-ownership.ts). */
  claims: ReadonlyMap<string, readonly FoundOwnership[]>;
  ownerId: string;
  source: SourceRef;
}

/** The policy switches at a host; undefined when no type of it is switching (the usual case). */
export function planHostSwitches(input: HostSwitchInput): HostSwitches | undefined {
  const out: HostSwitches = {
    records: [],
    kept: [],
    wishes: new Map(),
    conversions: [],
    foreignAfter: [],
    switches: [],
  };
  const replaced = new Map<RecordSet, RecordSet>();
  for (const record of input.records) {
    const found = typeSwitch(input, record);
    if (!found) {
      out.records.push(record);
      continue;
    }
    out.switches.push(found.report);
    if (found.report.state === "converting") {
      out.records.push(record);
      out.conversions.push(...found.conversions);
      for (const [before, after] of found.converted) replaced.set(before, after);
    } else {
      out.records.push(found.mine);
      out.kept.push(found.mine);
      out.wishes.set(record.type, found.report.to);
    }
  }
  if (out.switches.length === 0) return undefined;
  out.foreignAfter = input.foreign.map((r) => replaced.get(r) ?? r);
  return out;
}

interface TypeSwitch {
  report: PolicySwitch;
  mine: RecordSet;
  conversions: ConversionChange[];
  /** Other owners' members, before and after the conversion. */
  converted: [RecordSet, RecordSet][];
}

/** The switch of `wanted`'s name and type, or undefined when there is none to make. */
function typeSwitch(input: HostSwitchInput, wanted: RecordSet): TypeSwitch | undefined {
  const mine = input.ours.find((m) => m.type === wanted.type);
  const others = input.foreign
    .filter((r) => r.type === wanted.type)
    .sort((a, b) => compareText(setIdentifierOf(a.policy) ?? "", setIdentifierOf(b.policy) ?? ""));
  const to = wishOf(wanted.policy);
  const mySet = mine && setIdentifierOf(mine.policy);
  // Not a switch: no member of ours to move (joining a name of another policy is a plain conflict),
  // nobody else there (replacing our own member is an ordinary replacement), the same policy, or a
  // policy that cannot be shared (simple).
  if (!mine || mySet === undefined || others.length === 0 || !to || mine.policy.kind === to.kind)
    return undefined;
  const from = mine.policy.kind;
  const members: PolicySwitchMember[] = [
    { setIdentifier: mySet, owner: input.ownerId, wants: to, ready: true },
  ];
  const blockers: string[] = [];
  const converted: [RecordSet, RecordSet][] = [];
  const conversions: ConversionChange[] = [];
  for (const other of others) {
    const set = setIdentifierOf(other.policy);
    const claims = input.claims.get(guardedMemberKey(input.host, other.type, set)) ?? [];
    const [claim] = claims;
    const label = set === undefined ? `the simple record` : `set ${set}`;
    if (set === undefined || claims.length !== 1 || !claim) {
      members.push({ setIdentifier: set ?? "", ready: false });
      blockers.push(
        claims.length > 1
          ? `${label} is claimed by the ownership records of ${claims.map((c) => c.ownership.owner).join(" and ")}`
          : `${label} has no ownership record: a member nobody here owns`,
      );
      continue;
    }
    const owner = claim.ownership.owner;
    const wants = claim.ownership.wants ?? wishOf(other.policy);
    const ready = wants?.kind === to.kind;
    members.push({ setIdentifier: set, owner, ...(wants ? { wants } : {}), ready });
    if (other.policy.kind !== from) {
      const kind = other.policy.kind === "other" ? other.policy.description : other.policy.kind;
      blockers.push(`${label} (${owner}) is ${kind}, not ${from}`);
      continue;
    }
    if (!ready || !claim.ownership.wants) continue;
    const after: RecordSet = { ...other, policy: wishedPolicy(claim.ownership.wants, set) };
    converted.push([other, after]);
    conversions.push(
      { action: "DELETE", purpose: "record", record: other, owner },
      { action: "CREATE", purpose: "record", record: after, owner },
      { action: "DELETE", purpose: "ownership", record: claim.record, owner },
      { action: "CREATE", purpose: "ownership", record: fulfilled(claim), owner },
    );
  }
  const report = (state: PolicySwitch["state"], blockedBy?: string): TypeSwitch => ({
    report: {
      zoneId: input.zone.id,
      zoneName: input.zone.name,
      name: input.host,
      type: wanted.type,
      from,
      to,
      state,
      members,
      ...(blockedBy === undefined ? {} : { blockedBy }),
      source: input.source,
    },
    mine,
    conversions,
    converted,
  });
  if (blockers.length > 0) return report("blocked", blockers.join("; "));
  if (members.some((m) => !m.ready)) return report("waiting");
  const broken = ruleAfterSwitch(
    [wanted, ...converted.map(([, after]) => after)],
    input.host === input.zone.name,
  );
  return broken === undefined ? report("converting") : report("blocked", `after the switch, ${broken}`);
}

/**
 * Which Route 53 rule the members would break once converted (each alone: a failover alias without
 * target health, a multivalue alias; together: two PRIMARYs, one latency region twice…).
 */
function ruleAfterSwitch(after: readonly RecordSet[], isApex: boolean): string | undefined {
  for (const member of after) {
    const alone = memberRuleViolation(member);
    if (alone !== undefined) return `set ${setIdentifierOf(member.policy) ?? ""}: ${alone}`;
    const together = memberConflict(
      member,
      after.filter((m) => m !== member),
      isApex,
    );
    if (together !== undefined) return together;
  }
  return undefined;
}

/** An owner's ownership record once its wish is fulfilled: the same record without the wish. */
function fulfilled(claim: FoundOwnership): RecordSet {
  const { wants: _fulfilled, ...ownership } = claim.ownership;
  const target = claim.record.target;
  return {
    ...claim.record,
    target: target.kind === "values" ? { ...target, values: [ownershipValue(ownership)] } : target,
  };
}
