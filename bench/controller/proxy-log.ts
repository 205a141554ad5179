// Reading the quota proxy's request log (test/integration/peers/fault-proxy.ts): which records the
// accepted change batches carried, when the zone held every wanted name, what was sent in a window, and
// which request carried each changed name. The log is the only view of a controller the benchmark has,
// so route53-gslb and external-dns are measured the same way.

import type { ProxyRequestLog } from "../../test/integration/peers/fault-proxy.js";
import { type BatchCount, countChangeBatch } from "../../test/integration/peers/route53-quota.js";

/** One change of an accepted ChangeResourceRecordSets, as sent. */
export interface SentChange {
  action: string;
  /** Without the trailing dot, lower case. */
  name: string;
  type: string;
}

/** The changes of a ChangeResourceRecordSets body. */
export function changesOf(body: string): SentChange[] {
  const out: SentChange[] = [];
  for (const m of body.matchAll(/<Change>([\s\S]*?)<\/Change>/g)) {
    const c = m[1] ?? "";
    out.push({
      action: /<Action>([^<]*)<\/Action>/.exec(c)?.[1] ?? "",
      name: (/<Name>([^<]*)<\/Name>/.exec(c)?.[1] ?? "").replace(/\.$/, "").toLowerCase(),
      type: /<Type>([^<]*)<\/Type>/.exec(c)?.[1] ?? "",
    });
  }
  return out;
}

const accepted = (l: ProxyRequestLog) =>
  l.operation === "ChangeResourceRecordSets" && l.outcome === "forwarded" && l.upstreamStatus === 200;

/**
 * Follows the log as it grows: the A records the accepted batches left in the zone, and the first
 * accepted request that wrote each name.
 */
export class ZoneFollower {
  readonly #log: () => readonly ProxyRequestLog[];
  #seen = 0;
  /** Names with an A record written and not deleted since. */
  readonly live = new Set<string>();
  /** Name → `at` of the first accepted request that created or upserted its A record. */
  readonly firstWritten = new Map<string, number>();
  /** `at` of the last accepted change batch. */
  lastChangeAt = 0;

  constructor(log: () => readonly ProxyRequestLog[]) {
    this.#log = log;
  }

  /** Reads the entries added since the last call. */
  update(): void {
    const log = this.#log();
    for (; this.#seen < log.length; this.#seen++) {
      const l = log[this.#seen];
      if (!l || !accepted(l)) continue;
      this.lastChangeAt = Math.max(this.lastChangeAt, l.at);
      for (const c of changesOf(l.body ?? "")) {
        if (c.type !== "A") continue;
        if (c.action === "DELETE") this.live.delete(c.name);
        else {
          this.live.add(c.name);
          if (!this.firstWritten.has(c.name)) this.firstWritten.set(c.name, l.at);
        }
      }
    }
  }

  /** True once every name of `wanted` has a live A record. */
  holdsAll(wanted: Iterable<string>): boolean {
    for (const n of wanted) if (!this.live.has(n)) return false;
    return true;
  }
}

/** Requests by Route 53 operation within [from, to): accepted (forwarded) and refused by the quota model. */
export interface ActionCounts {
  [operation: string]: { sent: number; refused: number; throttled: number; priorRequest: number };
}

export function countActions(log: readonly ProxyRequestLog[], from: number, to: number): ActionCounts {
  const out: ActionCounts = {};
  for (const l of log) {
    if (l.at < from || l.at >= to || l.service !== "route53" || l.operation === "MotoApi") continue;
    const c = out[l.operation] ?? { sent: 0, refused: 0, throttled: 0, priorRequest: 0 };
    c.sent++;
    if (l.outcome === "injected") c.refused++;
    if (l.fault === "Throttling") c.throttled++;
    if (l.fault === "PriorRequestNotComplete") c.priorRequest++;
    out[l.operation] = c;
  }
  return out;
}

/** The summed cost of the accepted change batches in [from, to), and how many there were. */
export function acceptedCost(
  log: readonly ProxyRequestLog[],
  from: number,
  to: number,
): BatchCount & { batches: number } {
  const sum = { changes: 0, upserts: 0, elements: 0, characters: 0, tokens: 0, batches: 0 };
  for (const l of log) {
    if (l.at < from || l.at >= to || !accepted(l)) continue;
    const c = countChangeBatch(l.body ?? "");
    sum.changes += c.changes;
    sum.upserts += c.upserts;
    sum.elements += c.elements;
    sum.characters += c.characters;
    sum.tokens += c.tokens;
    sum.batches++;
  }
  return sum;
}

/** The fewest ChangeResourceRecordSets requests that could carry `cost` under the per-request limits. */
export function batchLowerBound(cost: BatchCount, maxElements = 1000, maxCharacters = 32000): number {
  return Math.max(Math.ceil(cost.elements / maxElements), Math.ceil(cost.characters / maxCharacters));
}

/** The p-th percentile (0..100) of `values` by nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/**
 * Seconds moto took to answer each accepted ChangeResourceRecordSets in a window: the part of an
 * event's latency that is the test peer's (moto handles a change batch in time that grows with the
 * zone's size, where Route 53 answers in a fraction of a second), for the reader of the figures.
 */
export function changeAnswerSeconds(log: readonly ProxyRequestLog[], from: number, to: number): number[] {
  return log
    .filter((l) => accepted(l) && l.at >= from && l.at < to && l.answeredAt !== undefined)
    .map((l) => ((l.answeredAt ?? l.at) - l.at) / 1000);
}
