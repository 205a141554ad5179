import type { ChangePolicy } from "../../config/config.js";
import type { HeldBackChange, RecordChange, Takeover, TakeoverHow } from "../../model/changes.js";
import { keyOf, type RecordSet, recordKeyString } from "../../model/record-set.js";
import type { SourceRef } from "../../model/source-ref.js";
import type { HostedZone } from "../../model/zone.js";
import { policyAllows } from "../change-policy.js";
import { hostGroup } from "../host-diff.js";
import { ownershipName } from "../ownership.js";
import { canUpsert, sameRecordContent } from "../record-compare.js";
import type { TakeoverPair } from "./takeovers.js";

/** One host's changes once its takeovers are part of them. */
export interface HostTakeovers {
  changes: RecordChange[];
  heldBack: HeldBackChange[];
  takeovers: Takeover[];
}

/**
 * Stage 3c, one host with takeovers: host-diff.ts has planned the host as if external-dns's members
 * were already this owner's (so a member is kept, UPSERTed, or replaced as any owned member would
 * be, and our ownership TXT is created). Here external-dns's registry TXTs are deleted in the same
 * atomic group, and the changes that make each takeover are marked as such.
 *
 * Why the same request: Route 53 applies a ChangeResourceRecordSets request all or nothing, so the
 * member is never without an owner, never claimed by both at once, and a conversion (DELETE + CREATE)
 * never leaves the name without an answer. A later request would leave a window in which a still
 * running external-dns of that owner — its Ingress gone, `--policy sync` — would delete the record it
 * still believes its own. And if external-dns rewrote its TXT meanwhile, the DELETE no longer matches
 * and Route 53 rejects the whole request: nothing changes hands on a stale reading.
 *
 * A takeover changes who owns a record, which `--policy create-only` does not allow: the whole host
 * is held back then, with the reason.
 */
export function hostTakeovers(
  host: string,
  pairs: readonly TakeoverPair[],
  planned: { changes: RecordChange[]; desired: readonly RecordSet[] },
  ctx: { zone: HostedZone; policy: ChangePolicy; source: SourceRef | undefined },
): HostTakeovers {
  const group = hostGroup(ctx.zone.id, host);
  const owner = pairs[0]?.owner ?? "";
  const mark = { owner, registry: false };
  const deletions = new Map<RecordSet, RecordChange>();
  for (const pair of pairs) {
    for (const txt of pair.registry) {
      deletions.set(txt, {
        zoneId: ctx.zone.id,
        zoneName: ctx.zone.name,
        action: "DELETE",
        purpose: "ownership",
        record: txt,
        group,
        ...(ctx.source ? { source: ctx.source } : {}),
        takeover: { owner, registry: true },
      });
    }
  }
  const memberKeys = new Set(pairs.flatMap((p) => [key(p.current), key(p.desired)]));
  const ownershipNames = new Set(
    pairs.filter((p) => !p.cleanup).map((p) => ownershipName(host, p.desired.type)),
  );
  const changes = [
    ...planned.changes.map((c) =>
      (c.purpose === "record" && memberKeys.has(key(c.record))) ||
      (c.purpose === "ownership" && ownershipNames.has(c.record.name))
        ? { ...c, takeover: mark }
        : c,
    ),
    ...deletions.values(),
  ];

  const allowed = policyAllows(ctx.policy, "update");
  if (!allowed.allowed) {
    const reason = `${allowed.reason}: taking records over from external-dns changes who owns them`;
    return {
      changes: [],
      heldBack: changes.map((change) => ({ change, kind: "policy", reason })),
      takeovers: [],
    };
  }
  const takeovers = pairs.map((pair): Takeover => {
    const desired = planned.desired.find((d) => key(d) === key(pair.desired)) ?? pair.desired;
    return {
      zoneId: ctx.zone.id,
      zoneName: ctx.zone.name,
      how: howOf(pair, desired),
      current: pair.current,
      desired,
      externalDns: {
        owner: pair.owner,
        ...(pair.resource === undefined ? {} : { resource: pair.resource }),
        records: pair.registry,
      },
      group,
      ...(ctx.source ? { source: ctx.source } : {}),
    };
  });
  return { changes, heldBack: [], takeovers };
}

function howOf(pair: TakeoverPair, desired: RecordSet): TakeoverHow {
  if (pair.cleanup) return "cleanup";
  if (key(pair.current) !== key(desired)) return "conversion";
  if (sameRecordContent(pair.current, desired)) return "in-place";
  return canUpsert(pair.current, desired) ? "update" : "conversion";
}

function key(record: RecordSet): string {
  return recordKeyString(keyOf(record));
}
