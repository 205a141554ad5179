import type { Plan } from "../model/changes.js";
import { pushTo } from "../model/multimap.js";
import { ownershipName } from "../plan/ownership.js";

/**
 * The names whose current records a plan made from the zone cache overwrites, by zone: every name of
 * a group with an UPSERT, or with both CREATEs and DELETEs, and the ownership TXT of each member it
 * changes (that is where a drain mark lives, even when the plan leaves the TXT alone), and the member
 * of each takeover from external-dns. Route 53 has no conditional write, so reading these again just
 * before writing is how a change made since the last listing — `route53-gslb drain`, another tool, a
 * person — is seen instead of overwritten.
 * Groups of CREATEs only, or of DELETEs only, need no re-read: a CREATE over a record that appeared
 * meanwhile fails, and so does a DELETE of a record that changed meanwhile (Route 53 deletes a record
 * set only when every value given matches), and a group is one request, applied whole or not at all.
 * Such a refusal fails the run, and its retry re-lists the zones. A takeover's group that deletes
 * (external-dns's registry TXTs) is read all the same, for the member it claims as it was read. This
 * matters at scale: a renamed object is a group of DELETEs and one of CREATEs, which would otherwise
 * cost two reads each against the account's request budget.
 */
export function namesToReread(plan: Plan): Map<string, string[]> {
  const actions = new Map<string, Set<string>>();
  for (const c of plan.changes) {
    const key = `${c.zoneId}\n${c.group}`;
    const seen = actions.get(key) ?? new Set<string>();
    actions.set(key, seen.add(c.action));
  }
  const takenOver = new Set((plan.takeovers ?? []).map((t) => `${t.zoneId}\n${t.group}`));
  const writesOver = new Set(
    [...actions]
      .filter(([key, a]) => a.has("UPSERT") || a.size > 1 || (takenOver.has(key) && a.has("DELETE")))
      .map(([key]) => key),
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
