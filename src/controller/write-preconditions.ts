import type { Plan } from "../model/changes.js";
import { pushTo } from "../model/multimap.js";
import { ownershipName } from "../plan/ownership.js";

/**
 * The names whose current records a plan made from the zone cache overwrites or deletes, by zone:
 * every name of a group with an UPSERT or DELETE, and the ownership TXT of each member it changes
 * (that is where a drain mark lives, even when the plan leaves the TXT alone), and the member of each
 * takeover from external-dns. Route 53 has no
 * conditional write, so reading these again just before writing is how a change made since the
 * last listing — `route53-gslb drain`, another tool, a person — is seen instead of overwritten.
 * Groups of CREATEs only need no re-read: a CREATE over a record that appeared meanwhile fails.
 */
export function namesToReread(plan: Plan): Map<string, string[]> {
  const writesOver = new Set(
    plan.changes.filter((c) => c.action !== "CREATE").map((c) => `${c.zoneId}\n${c.group}`),
  );
  const names = new Map<string, Set<string>>();
  for (const c of plan.changes) {
    if (!writesOver.has(`${c.zoneId}\n${c.group}`)) continue;
    const zone = names.get(c.zoneId) ?? new Set<string>();
    names.set(c.zoneId, zone);
    zone.add(c.record.name);
    if (c.purpose === "record") zone.add(ownershipName(c.record.name, c.record.type));
  }
  // A member taken over in place is not written at all, yet the takeover claims it as it was read:
  // read it again too, so a change external-dns made since is seen before ownership changes hands.
  for (const t of plan.takeovers ?? []) {
    const zone = names.get(t.zoneId);
    if (zone && writesOver.has(`${t.zoneId}\n${t.group}`)) zone.add(t.current.name);
  }
  const out = new Map<string, string[]>();
  for (const [zoneId, set] of names) for (const name of [...set].sort()) pushTo(out, zoneId, name);
  return out;
}
