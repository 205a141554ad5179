// The controller benchmark's figures as one Markdown table per size, a column per controller, so that
// the output can be pasted into docs/benchmarks.md as it is.

import type { BatchCount, Route53QuotaConfig } from "../../test/integration/peers/route53-quota.js";
import type { CacheSizes } from "./cache-sizes.js";
import type { ControllerName } from "./controllers.js";
import type { ActionCounts } from "./proxy-log.js";

/** Everything measured in one controller run at one size. */
export interface RunResult {
  controller: ControllerName;
  n: number;
  converged: boolean;
  /** Start of the process → the request that wrote the last missing name. */
  convergeSeconds: number;
  /** The least time the quotas allow for the requests this controller had to send. */
  boundSeconds: number;
  firstRequestSeconds: number;
  cold: {
    actions: ActionCounts;
    cost: BatchCount & { batches: number };
    batchBound: number;
    readBound: number;
  };
  steady: { windowSeconds: number; actions: ActionCounts; total: number };
  events: {
    count: number;
    rate: number;
    matched: number;
    p50: number;
    p99: number;
    max: number;
    actions: ActionCounts;
    batchBound: number;
    /** How long moto took to answer the stream's accepted change batches (proxy-log.ts). */
    peerAnswer?: { p50: number; max: number };
  };
  peakRssMiB: number;
  cpuSeconds: number;
  /** Read from moto at the end: every Service's current name has an A record. */
  zoneHoldsAll: boolean;
  /** route53-gslb's caches, each measured on its own (cache-sizes.ts). */
  caches?: CacheSizes;
  /** The quota model's figures the run was measured under. */
  quota: Route53QuotaConfig;
}

const s = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} s` : "—");
const int = (x: number) => x.toLocaleString("en-US");
const CHANGE = "ChangeResourceRecordSets";

function reads(a: ActionCounts): string {
  return Object.entries(a)
    .filter(([op]) => op !== CHANGE)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([op, c]) => `${op} ${int(c.sent)}`)
    .join(", ");
}

function refusals(a: ActionCounts): string {
  let t = 0;
  let p = 0;
  for (const c of Object.values(a)) {
    t += c.throttled;
    p += c.priorRequest;
  }
  return `${t} Throttling, ${p} PriorRequestNotComplete`;
}

function rows(r: RunResult): string[] {
  const change = r.cold.actions[CHANGE] ?? { sent: 0, refused: 0, throttled: 0, priorRequest: 0 };
  const readsSent = Object.entries(r.cold.actions)
    .filter(([op]) => op !== CHANGE)
    .reduce((n, [, c]) => n + c.sent, 0);
  const streamChange = r.events.actions[CHANGE] ?? { sent: 0, refused: 0, throttled: 0, priorRequest: 0 };
  const perHour = (r.steady.total * 3600) / r.steady.windowSeconds;
  return [
    `${r.converged ? s(r.convergeSeconds) : "did not converge"} (≥ ${s(r.boundSeconds)})`,
    s(r.firstRequestSeconds),
    `${int(change.sent - change.refused)} (≥ ${int(r.cold.batchBound)})`,
    refusals(r.cold.actions),
    `${int(readsSent)} (≥ ${r.cold.readBound}): ${reads(r.cold.actions)}`,
    `${int(r.cold.cost.changes)} changes, ${int(r.cold.cost.elements)} elements, ${int(r.cold.cost.characters)} characters`,
    `${int(Math.round(perHour))} (${int(r.steady.total)} in ${r.steady.windowSeconds} s: ${reads(r.steady.actions) || "none"})`,
    `${s(r.events.p50)} / ${s(r.events.p99)} (max ${s(r.events.max)}; ${r.events.matched}/${r.events.count} seen)`,
    `${int(streamChange.sent - streamChange.refused)} (≥ ${r.events.batchBound}); ${refusals(r.events.actions)}`,
    r.events.peerAnswer ? `${s(r.events.peerAnswer.p50)} / ${s(r.events.peerAnswer.max)}` : "—",
    `${r.peakRssMiB.toFixed(0)} MiB`,
    r.caches
      ? `objects ${r.caches.objectsMiB.toFixed(1)} MiB (${int(r.caches.objects)}), records ` +
        `${r.caches.recordsMiB.toFixed(1)} MiB (${int(r.caches.records)}), planner ${r.caches.plannerMiB.toFixed(1)} MiB`
      : "—",
    `${r.cpuSeconds.toFixed(1)} s`,
    r.zoneHoldsAll ? "yes" : "NO",
  ];
}

const LABELS = [
  "time to converge (quota lower bound)",
  "start → first Route 53 request",
  "cold sync: ChangeResourceRecordSets accepted (lower bound)",
  "cold sync: refused by the quotas, retried",
  "cold sync: other requests (lower bound)",
  "cold sync: what the accepted batches carried",
  "steady state: requests per hour (fixed window, extrapolated)",
  "event → ChangeResourceRecordSets p50 / p99",
  "during the stream: ChangeResourceRecordSets accepted (packing bound); refused",
  "during the stream: moto's answer time per accepted batch, p50 / max",
  "peak RSS (VmHWM)",
  "caches: heap each holds after a full GC (items)",
  "CPU time (user + system)",
  "zone holds every current name at the end",
];

/** One table for the runs of one size, then the quota figures they ran under. */
export function formatReport(runs: readonly RunResult[]): string {
  const first = runs[0];
  if (!first) return "";
  const q = first.quota;
  const cols = runs.map(rows);
  const header = `| N = ${int(first.n)} Services | ${runs.map((r) => r.controller).join(" | ")} |`;
  const sep = `|---|${runs.map(() => "---").join("|")}|`;
  const body = LABELS.map((label, i) => `| ${label} | ${cols.map((c) => c[i]).join(" | ")} |`);
  const events = `${first.events.count} annotation changes at ${first.events.rate}/s`;
  return [
    "",
    header,
    sep,
    ...body,
    "",
    `Quota model: ${q.account.rate} requests/s (burst ${q.account.burst}), ${q.changes.rate} changes/s ` +
      `(burst ${q.changes.burst}), a zone busy ${q.zoneBusyMs} ms after each accepted batch; ` +
      `event latency from ${events}.`,
  ].join("\n");
}
