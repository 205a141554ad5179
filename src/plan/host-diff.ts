import type { ChangePolicy } from "../config/config.js";
import type { Plan, RecordChange } from "../model/changes.js";
import type { PolicyWish } from "../model/policy-wish.js";
import { keyOf, type RecordSet, recordKeyString } from "../model/record-set.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import type { SourceRef } from "../model/source-ref.js";
import type { HostedZone } from "../model/zone.js";
import { policyAllows } from "./change-policy.js";
import type { DesiredMembers } from "./desired-records.js";
import { type DrainMark, ownershipRecord, type ResourceId, resourceOf } from "./ownership.js";
import type { ConversionChange } from "./policy-switch.js";
import { canUpsert, sameRecordContent } from "./record-compare.js";

/** What one host should hold for this owner: the winning claim and its records (health check ids set). */
export interface DesiredHost {
  claim: DesiredMembers;
  records: RecordSet[];
  /** Set when `route53-gslb drain` marked the host: the weight undrain restores, per type. */
  restoreWeights?: Map<string, number | undefined>;
  /** Types whose member waits for a policy switch: the policy our ownership record says we want. */
  wishes?: Map<string, PolicyWish>;
  /** Other owners' records a policy switch converts on their recorded consent (policy-switch.ts). */
  conversions?: ConversionChange[];
}

/** What this owner holds at one host now: its members and ownership TXTs (by guarded type). */
export interface CurrentHost {
  members: RecordSet[];
  txt: Map<string, RecordSet>;
  /** The object the ownership records name, if any. */
  resource: ResourceId | undefined;
}

/** The changes of one host; `deletion` is the whole group when nothing at the host is wanted any more. */
export interface HostDiff {
  changes: RecordChange[];
  deletion?: RecordChange[];
  heldBack: Plan["heldBack"];
}

/*
 * Stage 3b of the planner, one owned or wanted host of one zone:
 *
 *   current (ours)        desired                  result
 *   ───────────────────── ──────────────────────── ────────────────────────────────────────────
 *   –                     member                   CREATE member + CREATE ownership TXT
 *   member                same content             nothing
 *   member                same kind and alias-ness UPSERT member (+ UPSERT TXT if its value changed)
 *   member                other kind or alias-ness DELETE member, CREATE member (one request)
 *   member                –                        a deletion group (guarded by stage 4), or held
 *   member, policy switch (policy-switch.ts):
 *     waiting or blocked  our member as it is      nothing but the wish in our ownership TXT
 *     converting          member of the new policy DELETE + CREATE of every member (others' on their
 *                                                  recorded consent) and of their ownership TXTs
 *
 * Every change of the host (all its types and their ownership TXTs) shares a `group`: apply/ sends a
 * group in one ChangeResourceRecordSets request, so Route 53 applies it atomically and in order
 * (deletes first, which lets an A become a CNAME in one step).
 */
export function diffHost(
  host: string,
  desired: DesiredHost | undefined,
  current: CurrentHost,
  ctx: {
    zone: HostedZone;
    ownerId: string;
    policy: ChangePolicy;
    source: SourceRef | undefined;
    holdReason?: string;
  },
): HostDiff {
  const group = `${ctx.zone.id}|${host}`;
  const change = (
    action: RecordChange["action"],
    purpose: RecordChange["purpose"],
    record: RecordSet,
  ): RecordChange => ({
    zoneId: ctx.zone.id,
    zoneName: ctx.zone.name,
    action,
    purpose,
    record,
    group,
    ...(ctx.source ? { source: ctx.source } : {}),
  });
  const out: HostDiff = { changes: [], heldBack: [] };
  if (!desired) {
    const deletion = [
      ...current.members.map((m) => change("DELETE", "record", m)),
      ...[...current.txt.values()].map((txt) => change("DELETE", "ownership", txt)),
    ];
    if (ctx.holdReason !== undefined)
      for (const c of deletion)
        out.heldBack.push({ change: c, kind: "unreadable-object", reason: ctx.holdReason });
    else if (deletion.length > 0) out.deletion = deletion;
    return out;
  }
  /** Changes that belong together (a replacement's DELETE and CREATE) pass or wait together. */
  const pushIfAllowed = (kind: "update" | "replace", together: RecordChange[]): void => {
    const allowed = policyAllows(ctx.policy, kind);
    if (allowed.allowed) out.changes.push(...together);
    else for (const c of together) out.heldBack.push({ change: c, kind: "policy", reason: allowed.reason });
  };
  const wanted = new Map(desired.records.map((r) => [recordKeyString(keyOf(r)), r]));
  for (const member of current.members) {
    const key = recordKeyString(keyOf(member));
    const next = wanted.get(key);
    wanted.delete(key);
    // The host stays but this member goes (its set identifier or type changed): a replacement.
    if (!next) pushIfAllowed("replace", [change("DELETE", "record", member)]);
    else if (!sameRecordContent(member, next)) {
      if (canUpsert(member, next)) pushIfAllowed("update", [change("UPSERT", "record", next)]);
      else pushIfAllowed("replace", [change("DELETE", "record", member), change("CREATE", "record", next)]);
    }
  }
  for (const next of wanted.values()) out.changes.push(change("CREATE", "record", next));
  // Another owner's records, rewritten as its recorded wish asks: they pass or wait with our own
  // replacement (the same policy rule), and carry no source (their object is in the other cluster).
  if (desired.conversions?.length)
    pushIfAllowed(
      "replace",
      desired.conversions.map((c) => {
        const { source: _theirs, ...rest } = change(c.action, c.purpose, c.record);
        return { ...rest, onBehalfOf: c.owner };
      }),
    );
  // One ownership TXT per guarded type; types no longer wanted lose theirs.
  const types = new Set(desired.records.map((r) => r.type));
  for (const [type, txt] of current.txt) {
    if (!types.has(type)) pushIfAllowed("replace", [change("DELETE", "ownership", txt)]);
  }
  const resource = resourceOf(desired.claim.endpoint.source);
  for (const record of desired.records) {
    const mark = desired.restoreWeights ? drainMark(desired.restoreWeights.get(record.type)) : {};
    const setIdentifier = setIdentifierOf(record.policy);
    const wants = desired.wishes?.get(record.type);
    const txt = ownershipRecord(host, record.type, {
      owner: ctx.ownerId,
      resource,
      ...(setIdentifier === undefined ? {} : { setIdentifier }),
      ...mark,
      ...(wants ? { wants } : {}),
    });
    const existing = current.txt.get(record.type);
    if (!existing) out.changes.push(change("CREATE", "ownership", txt));
    else if (!sameRecordContent(existing, txt)) pushIfAllowed("update", [change("UPSERT", "ownership", txt)]);
  }
  return out;
}

function drainMark(restoreWeight: number | undefined): { drained: DrainMark } {
  return { drained: restoreWeight === undefined ? {} : { restoreWeight } };
}
