import type { PlannerConfig } from "../config/config.js";
import type { EndpointIntent } from "../model/endpoint.js";
import { displayName } from "../model/hostname.js";
import type { LoadBalancer } from "../model/load-balancer.js";
import type { Problem } from "../model/problem.js";
import type { Skipped } from "../model/source-ref.js";
import type { ZoneMatcher } from "../zones/zone-matcher.js";
import { type DesiredMembers, desiredMembers } from "./desired-records.js";

/**
 * Stage 1 of the planner: each endpoint matched to the zones it belongs in, and the records it wants
 * there. An endpoint no zone takes, or whose records cannot be built (an unknown load balancer, a
 * target Route 53 cannot hold), is skipped at its hostname with the reason.
 */
export function claimsByZone(
  endpoints: readonly EndpointIntent[],
  matcher: ZoneMatcher,
  config: PlannerConfig,
  loadBalancers: Map<string, LoadBalancer>,
): { claims: DesiredMembers[]; skipped: Skipped[] } {
  const claims: DesiredMembers[] = [];
  const skipped: Skipped[] = [];
  for (const endpoint of endpoints) {
    const skip = (problem: Problem) =>
      skipped.push({ source: endpoint.source, hostname: displayName(endpoint.hostname), problem });
    const match = matcher.match(endpoint.hostname);
    if (!match.ok) {
      skip({ kind: "no-zone", detail: match.reason });
      continue;
    }
    // The public half of a split-horizon name that a filtered-out subzone hides: the private half goes
    // on, and the skip holds whatever this owner has at the name where it is no longer wanted.
    const pin = endpoint.routing.hostedZoneId;
    if (match.withheld && !pin) skip({ kind: "no-zone", detail: match.withheld });
    const zones = pin ? match.zones.filter((z) => z.id === pin.id) : match.zones;
    if (zones.length === 0) {
      const where = match.zones.map((z) => `\`${z.id}\` (${displayName(z.name)})`).join(", ");
      skip({
        kind: "no-zone",
        detail: `${pin?.key} pins the records to hosted zone \`${pin?.id}\`, which is not a zone this name goes to (${where})`,
      });
      continue;
    }
    for (const zone of zones) {
      const members = desiredMembers(endpoint, zone, config, loadBalancers);
      if (members.ok) claims.push(members.value);
      else skip({ kind: "unresolvable-target", detail: members.error });
    }
  }
  return { claims, skipped };
}
