import type { Plan } from "../model/changes.js";
import type { EndpointIntent } from "../model/endpoint.js";
import { compareText } from "../model/text-order.js";
import { weakMemo } from "../model/weak-memo.js";
import { endpointKey } from "../sources/source.js";

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
 * do not change (sources/service.ts), so only the changed ones are written out.
 */
const textOf = weakMemo((e: EndpointIntent): string => JSON.stringify(e));

/**
 * Hosts whose endpoints differ between two runs' endpoint lists: added, removed or changed. A host's
 * endpoints are the same when the lists hold the same endpoints there (the sources' order is
 * deterministic, so the same endpoints come in the same order). Endpoints that are the same object in
 * both lists are the same without a look; the others are compared by their text, so that an endpoint
 * made again with the same content (a merged one, an object re-listed unchanged) changes nothing.
 */
export function hostsWithChangedEndpoints(
  before: readonly EndpointIntent[],
  after: readonly EndpointIntent[],
): Set<string> {
  return walkInKeyOrder(before, after) ?? compareAsSets(before, after);
}

/**
 * Both lists walked side by side in their key order, which is how endpointsFromObjects gives them
 * (each key once, by `compareText` of `endpointKey`): nothing is allocated but the answer, where sets
 * of both lists cost an event run at 20,000 Services more than a MiB. Undefined when a list turns out
 * not to be in that order, for {@link compareAsSets} to answer instead.
 */
function walkInKeyOrder(
  before: readonly EndpointIntent[],
  after: readonly EndpointIntent[],
): Set<string> | undefined {
  const hosts = new Set<string>();
  let i = 0;
  let j = 0;
  let previousBefore: string | undefined;
  let previousAfter: string | undefined;
  // Strictly increasing keys, checked as the walk reads them.
  const inOrder = (key: string, previous: string | undefined) =>
    previous === undefined || compareText(previous, key) < 0;
  while (i < before.length || j < after.length) {
    const b = before[i];
    const a = after[j];
    const keyB = b && endpointKey(b);
    const keyA = a && endpointKey(a);
    if (keyB !== undefined && !inOrder(keyB, previousBefore)) return undefined;
    if (keyA !== undefined && !inOrder(keyA, previousAfter)) return undefined;
    const order =
      keyB === undefined ? 1 : keyA === undefined ? -1 : keyB === keyA ? 0 : compareText(keyB, keyA);
    if (order < 0 && b) {
      hosts.add(b.hostname);
      previousBefore = keyB;
      i++;
    } else if (order > 0 && a) {
      hosts.add(a.hostname);
      previousAfter = keyA;
      j++;
    } else if (a && b) {
      // Same key, so same host: changed unless the very same endpoint, or one with the same text.
      if (a !== b && textOf(a) !== textOf(b)) hosts.add(a.hostname);
      previousBefore = keyB;
      previousAfter = keyA;
      i++;
      j++;
    }
  }
  return hosts;
}

/** The same answer for lists in any order: endpoints counted by their text. */
function compareAsSets(before: readonly EndpointIntent[], after: readonly EndpointIntent[]): Set<string> {
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  // +1 per endpoint only in `after`, −1 per endpoint only in `before`, by text (which holds the host).
  const balance = new Map<string, { host: string; count: number }>();
  const count = (e: EndpointIntent, by: number) => {
    const text = textOf(e);
    const entry = balance.get(text);
    if (entry) entry.count += by;
    else balance.set(text, { host: e.hostname, count: by });
  };
  for (const e of after) if (!beforeSet.has(e)) count(e, 1);
  for (const e of before) if (!afterSet.has(e)) count(e, -1);
  const hosts = new Set<string>();
  for (const { host, count } of balance.values()) if (count !== 0) hosts.add(host);
  return hosts;
}
