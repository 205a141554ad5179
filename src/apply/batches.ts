import type { RecordChange } from "../model/changes.js";

/**
 * Packing of one zone's changes into `ChangeResourceRecordSets` requests (pure: no I/O, no clock).
 *
 * Route 53 limits on one request (Developer Guide, "Quotas" → "Quotas on API requests" →
 * "Number of elements and characters in ChangeResourceRecordSets requests"):
 * - at most 1,000 `ResourceRecord` elements; when the action is UPSERT each element is counted twice;
 * - at most 32,000 characters, spaces included, summed over all `Value` elements; when the action is
 *   UPSERT each character is counted twice.
 * A request is atomic, so an atomic group (one name+type with its ownership records, `RecordChange.group`)
 * always travels in one request, its changes in the order the planner gave (deletes first).
 *
 * Packing is next-fit in plan order: groups stay in plan order and a request is closed when the next group
 * does not fit. Achieved bound: with `g` the largest group cost in the binding dimension and `C` the limit,
 * every request but the last is filled past `C - g`, so requests ≤ ⌈T / (C − g + 1)⌉ for a total cost `T`;
 * for the usual groups (2–4 elements against 1,000) that is the lower bound ⌈T / C⌉ or one more whenever
 * T ≤ C²/g (≈ 250,000 elements). When both limits bind on different groups the two dimensions can each
 * waste their `g`; the tests pin the single-limit cases to the lower bound exactly.
 */

/** Route 53's per-request limit on `ResourceRecord` elements (an UPSERT counts each element twice). */
export const MAX_RESOURCE_RECORD_ELEMENTS = 1_000;

/** Route 53's per-request limit on the characters of all `Value` elements (an UPSERT counts each twice). */
export const MAX_VALUE_CHARACTERS = 32_000;

/** The limits one request must respect; parameters so that tests and a cautious operator can lower them. */
export interface BatchLimits {
  /**
   * `ResourceRecord` elements per request, UPSERT counted twice.
   * @default 1000
   */
  maxElements: number;
  /**
   * Characters of `Value` elements per request, UPSERT counted twice.
   * @default 32000
   */
  maxValueCharacters: number;
}

/** The limits AWS documents for `ChangeResourceRecordSets`. */
export const ROUTE53_BATCH_LIMITS: Readonly<BatchLimits> = {
  maxElements: MAX_RESOURCE_RECORD_ELEMENTS,
  maxValueCharacters: MAX_VALUE_CHARACTERS,
};

/** What one change, a group or a request costs against the limits. */
export interface BatchCost {
  /** `ResourceRecord` elements, UPSERT counted twice. */
  elements: number;
  /** Characters of `Value` elements, UPSERT counted twice. */
  characters: number;
  /** Change-throughput tokens (Route 53's change bucket): one per change, two per UPSERT. */
  changeTokens: number;
}

/** An atomic group: changes that must share one request, in their given order. */
export interface AtomicGroup {
  group: string;
  changes: RecordChange[];
  cost: BatchCost;
}

/** One `ChangeResourceRecordSets` request's worth of changes. */
export interface ChangeRequest {
  groups: AtomicGroup[];
  /** The changes of `groups`, flattened, in send order. */
  changes: RecordChange[];
  cost: BatchCost;
}

/** A group that no request can hold; reported, never dropped. */
export interface OversizedGroup extends AtomicGroup {
  /** Which limit it breaks, with the figures, e.g. for a Kubernetes Event. */
  reason: string;
}

/** The result of packing one zone's changes. */
export interface Packing {
  requests: ChangeRequest[];
  oversized: OversizedGroup[];
}

const ZERO: BatchCost = { elements: 0, characters: 0, changeTokens: 0 };

function add(a: BatchCost, b: BatchCost): BatchCost {
  return {
    elements: a.elements + b.elements,
    characters: a.characters + b.characters,
    changeTokens: a.changeTokens + b.changeTokens,
  };
}

/**
 * The cost of one change.
 * - A values record has one `ResourceRecord` per value and its `Value` characters count.
 * - An alias record has no `ResourceRecord` and no `Value`; AWS documents no cost for it, so, as
 *   external-dns does, it counts as one element (a safe over-estimate that keeps a request of 1,000
 *   aliases within any reading of the quota) and zero characters (the DNS name is an `AliasTarget`,
 *   not a `Value`).
 * - UPSERT doubles both, per the quota page; it also costs two change-throughput tokens.
 */
export function changeCost(change: RecordChange): BatchCost {
  const factor = change.action === "UPSERT" ? 2 : 1;
  const target = change.record.target;
  // A change is never free: Route 53 requires at least one record or an alias target.
  const elements = target.kind === "alias" ? 1 : Math.max(1, target.values.length);
  const characters = target.kind === "alias" ? 0 : target.values.reduce((n, v) => n + v.length, 0);
  return { elements: elements * factor, characters: characters * factor, changeTokens: factor };
}

/** The summed cost of some changes. */
export function costOf(changes: readonly RecordChange[]): BatchCost {
  return changes.reduce((sum, c) => add(sum, changeCost(c)), ZERO);
}

/**
 * Gathers changes into atomic groups, in the order each group first appears, keeping each group's
 * changes in their given order. The planner emits a group's changes contiguously; gathering by key
 * keeps a group whole even if a caller interleaved them.
 */
export function groupChanges(changes: readonly RecordChange[]): AtomicGroup[] {
  const byKey = new Map<string, RecordChange[]>();
  for (const change of changes) {
    const list = byKey.get(change.group);
    if (list) list.push(change);
    else byKey.set(change.group, [change]);
  }
  return [...byKey].map(([group, list]) => ({ group, changes: list, cost: costOf(list) }));
}

/** Why a group cannot fit in any request, or undefined when it can. */
export function oversizedReason(group: AtomicGroup, limits: BatchLimits): string | undefined {
  const reasons: string[] = [];
  if (group.cost.elements > limits.maxElements) {
    reasons.push(
      `needs ${group.cost.elements} ResourceRecord elements (UPSERT counted twice), a request holds at most ${limits.maxElements}`,
    );
  }
  if (group.cost.characters > limits.maxValueCharacters) {
    reasons.push(
      `needs ${group.cost.characters} characters of record values (UPSERT counted twice), a request holds at most ${limits.maxValueCharacters}`,
    );
  }
  return reasons.length === 0 ? undefined : `group ${group.group} ${reasons.join("; ")}`;
}

function fits(total: BatchCost, next: BatchCost, limits: BatchLimits): boolean {
  return (
    total.elements + next.elements <= limits.maxElements &&
    total.characters + next.characters <= limits.maxValueCharacters
  );
}

/** Packs atomic groups, in order, into as few requests as next-fit gives (see the bound above). */
export function packGroups(
  groups: readonly AtomicGroup[],
  limits: BatchLimits = ROUTE53_BATCH_LIMITS,
): Packing {
  const requests: ChangeRequest[] = [];
  const oversized: OversizedGroup[] = [];
  let current: ChangeRequest | undefined;
  for (const group of groups) {
    const reason = oversizedReason(group, limits);
    if (reason !== undefined) {
      oversized.push({ ...group, reason });
      continue;
    }
    if (current === undefined || !fits(current.cost, group.cost, limits)) {
      current = { groups: [], changes: [], cost: ZERO };
      requests.push(current);
    }
    current.groups.push(group);
    current.changes.push(...group.changes);
    current.cost = add(current.cost, group.cost);
  }
  return { requests, oversized };
}

/**
 * Packs one zone's ordered changes into requests as full as Route 53 allows: groups never split, groups
 * in plan order, each request within `limits`; groups too large for any request come back as `oversized`.
 */
export function packChanges(
  changes: readonly RecordChange[],
  limits: BatchLimits = ROUTE53_BATCH_LIMITS,
): Packing {
  return packGroups(groupChanges(changes), limits);
}

/**
 * The fewest requests any packing could use for the groups that fit at all:
 * max(⌈elements / maxElements⌉, ⌈characters / maxValueCharacters⌉). Oversized groups are excluded, as
 * they are never sent. Used by tests and the benchmark to judge `packChanges`.
 */
export function lowerBound(
  changes: readonly RecordChange[],
  limits: BatchLimits = ROUTE53_BATCH_LIMITS,
): number {
  const total = groupChanges(changes)
    .filter((g) => oversizedReason(g, limits) === undefined)
    .reduce((sum, g) => add(sum, g.cost), ZERO);
  return Math.max(
    Math.ceil(total.elements / limits.maxElements),
    Math.ceil(total.characters / limits.maxValueCharacters),
  );
}
