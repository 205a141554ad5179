import type { Plan } from "../model/changes.js";
import type { EndpointIntent } from "../model/endpoint.js";
import { pushTo } from "../model/multimap.js";

/*
 * Which hosts an event-triggered run must plan (PlanInput.hosts). A plan is a function of the
 * endpoints and the zones; between two runs of one controller with no re-listing in between, the
 * zones change only by what the first run wrote, at hosts its plan names. So a host the first plan
 * did not name, whose endpoints did not change, has nothing to plan in the second either: the full
 * plan and the plan of `hostsMentioned(previous) ∪ hostsWithChangedEndpoints(...)` are the same
 * (test/unit/plan/plan-scope.property.test.ts checks it on random objects, zones and changes).
 */

/** The host of an atomic group (`<zone id>|<host>`, plan/host-diff.ts). */
function hostOfGroup(group: string): string {
  return group.slice(group.indexOf("|") + 1);
}

/**
 * Every host a plan names (model spelling, trailing dot): its changes, held-back changes, skipped
 * hostnames, conflicts, policy switches, takeovers and health-check changes. Whatever is unfinished at
 * a host — a change that failed, a deletion held back, a switch waiting for other owners, a conflict —
 * is named here, so the next run plans that host again.
 */
export function hostsMentioned(plan: Plan): Set<string> {
  const hosts = new Set<string>();
  for (const c of plan.changes) hosts.add(hostOfGroup(c.group));
  for (const h of plan.heldBack) hosts.add(hostOfGroup(h.change.group));
  for (const s of plan.skipped) if (s.hostname !== undefined) hosts.add(`${s.hostname}.`);
  for (const c of plan.conflicts) hosts.add(c.name);
  for (const s of plan.policySwitches) hosts.add(s.name);
  for (const t of plan.takeovers ?? []) hosts.add(hostOfGroup(t.group));
  for (const h of plan.healthChecks) hosts.add(h.for);
  return hosts;
}

/*
 * Each endpoint's text, by object: the sources hand out the same endpoint objects while their objects
 * do not change (sources/service.ts), so only the changed ones are written out again.
 */
const texts = new WeakMap<EndpointIntent, string>();

function textOf(e: EndpointIntent): string {
  let text = texts.get(e);
  if (text === undefined) {
    text = JSON.stringify(e);
    texts.set(e, text);
  }
  return text;
}

/** Each host's endpoints as one comparable text (their order in the sources' output is stable). */
export function endpointsByHost(endpoints: readonly EndpointIntent[]): Map<string, string> {
  const grouped = new Map<string, string[]>();
  for (const e of endpoints) pushTo(grouped, e.hostname, textOf(e));
  return new Map([...grouped].map(([host, list]) => [host, `[${list.join(",")}]`]));
}

/** Hosts whose endpoints differ between two `endpointsByHost`: added, removed or changed. */
export function hostsWithChangedEndpoints(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): Set<string> {
  const hosts = new Set<string>();
  for (const [host, text] of after) if (before.get(host) !== text) hosts.add(host);
  for (const host of before.keys()) if (!after.has(host)) hosts.add(host);
  return hosts;
}
