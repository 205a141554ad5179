import { displayName } from "../model/hostname.js";
import { pushTo } from "../model/multimap.js";
import type { Skipped, SourceRef } from "../model/source-ref.js";
import { formatSourceRef } from "../model/source-ref.js";
import type { DesiredMembers } from "./desired-records.js";
import { sameRecordContent } from "./record-compare.js";

/**
 * Older first: by creationTimestamp, then by `group/Kind namespace/name`, so the order is total and
 * the same on every run. An object without a timestamp (a manifest for `plan`) counts as newest.
 */
export function compareAge(a: SourceRef, b: SourceRef): number {
  const ta = a.creationTimestamp ? Date.parse(a.creationTimestamp) : Number.POSITIVE_INFINITY;
  const tb = b.creationTimestamp ? Date.parse(b.creationTimestamp) : Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return formatSourceRef(a).localeCompare(formatSourceRef(b));
}

/**
 * Two objects of this cluster claiming one hostname in one zone: identical claims merge (a Gateway
 * and its HTTPRoute often name the same host); different ones are a conflict the oldest object wins.
 * The losers are skipped with a reason naming the winner — reported, not fought over.
 */
export function resolveClaims(claims: DesiredMembers[]): { winners: DesiredMembers[]; skipped: Skipped[] } {
  const byHost = new Map<string, DesiredMembers[]>();
  for (const c of claims) {
    const key = `${c.zone.id}|${c.endpoint.hostname}`;
    pushTo(byHost, key, c);
  }
  const winners: DesiredMembers[] = [];
  const skipped: Skipped[] = [];
  for (const group of byHost.values()) {
    // Content breaks the last tie (one object naming a host twice), so input order never matters.
    const [oldest, ...rest] = [...group].sort(
      (a, b) => compareAge(a.endpoint.source, b.endpoint.source) || claimText(a).localeCompare(claimText(b)),
    );
    if (!oldest) continue;
    winners.push(oldest);
    const claimants = uniqueSources([oldest, ...rest]);
    for (const other of rest) {
      if (sameClaim(oldest, other)) continue;
      skipped.push({
        source: other.endpoint.source,
        hostname: displayName(other.endpoint.hostname),
        problem: { kind: "conflict", winner: oldest.endpoint.source, claimants },
      });
    }
  }
  return { winners, skipped };
}

/** The objects of a group of claims, oldest first, each once (one object may name a host twice). */
function uniqueSources(claims: readonly DesiredMembers[]): SourceRef[] {
  const seen = new Set<string>();
  return claims
    .map((c) => c.endpoint.source)
    .filter((s) => {
      const key = JSON.stringify([s.group, s.kind, s.namespace, s.name]);
      return seen.has(key) ? false : Boolean(seen.add(key));
    });
}

function claimText(c: DesiredMembers): string {
  return JSON.stringify([c.records, c.healthCheck]);
}

function sameClaim(a: DesiredMembers, b: DesiredMembers): boolean {
  if (a.records.length !== b.records.length) return false;
  if (JSON.stringify(a.healthCheck) !== JSON.stringify(b.healthCheck)) return false;
  return a.records.every((r, i) => {
    const other = b.records[i];
    return other !== undefined && r.type === other.type && sameRecordContent(r, other);
  });
}
