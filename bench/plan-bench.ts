/**
 * Planner benchmark: `npm run bench` (or `npm run bench -- 100 1000` for other sizes).
 *
 * For N hostnames published by two clusters into one zone: cluster-2's members are planned and applied
 * into the zone first (with the same pure `applyChangesToZones` the controller uses for its cache), then
 * cluster-1's plan is timed. Prints plain text; times are figures to read, never pass/fail (the exit
 * code does not depend on them). See docs/benchmarks.md.
 */
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { costOf, lowerBound, packChanges } from "../src/apply/batches.js";
import { defaultPlannerConfig, type PlannerConfig } from "../src/config/config.js";
import { EventScope } from "../src/controller/event-scope.js";
import { applyChangesToZones } from "../src/model/applied-state.js";
import type { AwsState } from "../src/model/aws-state.js";
import type { Plan, RecordChange } from "../src/model/changes.js";
import type { LoadBalancer } from "../src/model/load-balancer.js";
import { problemMessage } from "../src/model/problem.js";
import type { HostedZone } from "../src/model/zone.js";
import { planChanges } from "../src/plan/planner.js";
import { endpointsFromObjects } from "../src/sources/source.js";
import { lbCluster1, lbCluster2 } from "../test/fixtures/load-balancers.js";
import { nsRecord, soaRecord, zone } from "../test/fixtures/planner.js";

/** Runs per timed figure (the median is printed)... */
const RUNS = 5;
/** ...unless the runs so far took this long: a figure measured fewer times is printed as `ms(runs)`. */
const BUDGET_MS = 2_000;
const ZONE_ID = "ZBENCH0000001";
const ZONE_NAME = "bench.example.com.";
const DEFAULT_SIZES = [100, 1_000, 10_000];
const UPSERT_MAX_N = 1_000;

const gc = (globalThis as { gc?: () => void }).gc;

interface Cluster {
  name: string;
  lb: LoadBalancer;
  /** Prefix of the IPv4 address a LoadBalancer Service of this cluster gets. */
  ipPrefix: string;
  failoverRole: "primary" | "secondary";
}

// The same named load balancers as the unit tests (test/fixtures/).
const CLUSTER_1: Cluster = {
  name: "cluster-1",
  lb: lbCluster1,
  ipPrefix: "10.1",
  failoverRole: "primary",
};

const CLUSTER_2: Cluster = {
  name: "cluster-2",
  lb: lbCluster2,
  ipPrefix: "10.2",
  failoverRole: "secondary",
};

/**
 * The Kubernetes objects one cluster holds for N hostnames, as plain objects (what the informers or
 * `plan` manifests give). Object i publishes `app-<i>.bench.example.com`:
 *   i % 4 = 0  Gateway, weighted (default policy, weight annotation)
 *   i % 4 = 1  Gateway, latency (region from the load balancer)
 *   i % 4 = 2  Gateway, failover (cluster-1 PRIMARY with an existing health check, cluster-2 SECONDARY)
 *   i % 4 = 3  LoadBalancer Service with an IP ingress, weighted (a values record, not an alias)
 */
function clusterObjects(cluster: Cluster, n: number, weight: number): unknown[] {
  const objects: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const hostname = `app-${i}.${ZONE_NAME.slice(0, -1)}`;
    const metadata = (name: string, annotations: Record<string, string>) => ({
      name,
      namespace: `team-${i % 50}`,
      uid: `${cluster.name}-${i}`,
      creationTimestamp: "2024-01-01T00:00:00Z",
      annotations,
    });
    if (i % 4 === 3) {
      objects.push({
        apiVersion: "v1",
        kind: "Service",
        metadata: metadata(`svc-${i}`, {
          "route53-gslb.io/hostnames": hostname,
          "route53-gslb.io/weight": String(weight),
        }),
        spec: { type: "LoadBalancer", ports: [{ port: 443 }] },
        status: {
          loadBalancer: { ingress: [{ ip: `${cluster.ipPrefix}.${(i >> 8) & 255}.${i & 255}` }] },
        },
      });
      continue;
    }
    const annotations: Record<string, string> =
      i % 4 === 0
        ? { "route53-gslb.io/weight": String(weight) }
        : i % 4 === 1
          ? { "route53-gslb.io/routing-policy": "latency" }
          : {
              "route53-gslb.io/failover": cluster.failoverRole,
              ...(cluster.failoverRole === "primary"
                ? { "route53-gslb.io/health-check": `00000000-0000-4000-8000-${hex12(i)}` }
                : {}),
            };
    objects.push({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: metadata(`gw-${i}`, annotations),
      spec: {
        gatewayClassName: "bench",
        listeners: [{ name: "https", hostname, port: 443, protocol: "HTTPS" }],
      },
      status: { addresses: [{ type: "Hostname", value: cluster.lb.dnsName }] },
    });
  }
  return objects;
}

function hex12(i: number): string {
  return i.toString(16).padStart(12, "0");
}

function emptyZone(): HostedZone {
  return zone([soaRecord(ZONE_NAME), nsRecord(ZONE_NAME)], ZONE_ID, ZONE_NAME);
}

function state(zones: HostedZone[]): AwsState {
  return { zones, loadBalancers: [CLUSTER_1.lb, CLUSTER_2.lb], healthChecks: [] };
}

function config(cluster: Cluster): PlannerConfig {
  return defaultPlannerConfig(cluster.name);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

interface Timing {
  ms: number;
  runs: number;
}

interface Heap {
  /** heapUsed after the first run minus before it (the heap collected first when `--expose-gc` is given). */
  deltaMb: number;
  /** What is still used once only the result is kept and the heap is collected again. */
  retainedMb: number;
}

/**
 * Median wall time of up to RUNS calls (fewer once BUDGET_MS is spent, at least one), the last result,
 * and the heap growth over the first call (garbage collection happens outside the timed calls).
 * The budget keeps the largest sizes within about a minute on 2 cores.
 */
function timed<T>(fn: () => T): Timing & { value: T; heap: Heap } {
  const times: number[] = [];
  let value: T | undefined;
  let heap: Heap = { deltaMb: 0, retainedMb: 0 };
  let total = 0;
  while (times.length < RUNS && (times.length === 0 || total < BUDGET_MS)) {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const start = performance.now();
    value = fn();
    const ms = performance.now() - start;
    if (times.length === 0) {
      const after = process.memoryUsage().heapUsed;
      gc?.();
      const retained = process.memoryUsage().heapUsed;
      heap = { deltaMb: (after - before) / 2 ** 20, retainedMb: (retained - before) / 2 ** 20 };
    }
    times.push(ms);
    total += ms;
  }
  return { ms: median(times), runs: times.length, value: value as T, heap };
}

interface Requests {
  requests: number;
  lowerBound: number;
  elements: number;
  oversized: number;
}

/** `ChangeResourceRecordSets` requests for a plan: packChanges per zone against the lower bound. */
function requestsOf(changes: RecordChange[]): Requests {
  const byZone = new Map<string, RecordChange[]>();
  for (const c of changes) {
    const list = byZone.get(c.zoneId);
    if (list) list.push(c);
    else byZone.set(c.zoneId, [c]);
  }
  let requests = 0;
  let bound = 0;
  let oversized = 0;
  for (const zoneChanges of byZone.values()) {
    const packing = packChanges(zoneChanges);
    requests += packing.requests.length;
    oversized += packing.oversized.length;
    bound += lowerBound(zoneChanges);
  }
  return { requests, lowerBound: bound, elements: costOf(changes).elements, oversized };
}

function countActions(changes: RecordChange[]): string {
  const n = { CREATE: 0, UPSERT: 0, DELETE: 0 };
  for (const c of changes) n[c.action] += 1;
  return `C${n.CREATE}/U${n.UPSERT}/D${n.DELETE}`;
}

interface Row {
  label: string;
  n: number;
  sources: Timing;
  plan: Timing;
  heap: Heap;
  zoneRecords: number;
  result: Plan;
  requests: Requests;
  replan?: Timing;
  replanChanges?: number;
  apply?: Timing;
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);
/** A median time; `(k)` when it is the median of only k runs (BUDGET_MS spent). */
const ms = (t: Timing) => `${fmt(t.ms)}${t.runs < RUNS ? `(${t.runs})` : ""}`;

const COLUMNS: [string, number][] = [
  ["case", 8],
  ["N", 6],
  ["records", 8],
  ["sources ms", 11],
  ["plan ms", 9],
  ["heap Δ MB", 10],
  ["kept MB", 8],
  ["changes", 8],
  ["C/U/D", 18],
  ["RR elems", 9],
  ["requests", 9],
  ["lower bd", 9],
  ["apply ms", 9],
  ["replan ms", 10],
  ["replan chg", 10],
];

function line(cells: string[]): string {
  return cells.map((c, i) => c.padStart(COLUMNS[i]?.[1] ?? 8)).join(" ");
}

function printRow(row: Row): void {
  const approx = gc ? "" : "~";
  console.log(
    line([
      row.label,
      String(row.n),
      String(row.zoneRecords),
      ms(row.sources),
      ms(row.plan),
      `${approx}${fmt(row.heap.deltaMb)}`,
      `${approx}${fmt(row.heap.retainedMb)}`,
      String(row.result.changes.length),
      countActions(row.result.changes),
      String(row.requests.elements),
      String(row.requests.requests),
      String(row.requests.lowerBound),
      row.apply === undefined ? "-" : ms(row.apply),
      row.replan === undefined ? "-" : ms(row.replan),
      row.replanChanges === undefined ? "-" : String(row.replanChanges),
    ]),
  );
}

/** Cluster-2 already published; cluster-1 plans (timed), applies, and plans again (steady state). */
function benchSize(n: number, withUpsert: boolean): Row[] {
  const objects1 = clusterObjects(CLUSTER_1, n, 100);
  const objects2 = clusterObjects(CLUSTER_2, n, 100);

  const sources = timed(() => endpointsFromObjects(objects1));
  const out1 = sources.value;
  const out2 = endpointsFromObjects(objects2);
  if (out1.endpoints.length !== n || out2.endpoints.length !== n) {
    console.log(
      `warning: expected ${n} endpoints per cluster, got ${out1.endpoints.length} and ${out2.endpoints.length}`,
    );
  }

  const plan2 = planChanges({
    config: config(CLUSTER_2),
    endpoints: out2.endpoints,
    skipped: out2.skipped,
    state: state([emptyZone()]),
  });
  const zones1 = applyChangesToZones([emptyZone()], plan2.changes);

  const input1 = { config: config(CLUSTER_1), endpoints: out1.endpoints, skipped: out1.skipped };
  const plan = timed(() => planChanges({ ...input1, state: state(zones1) }));
  const plan1 = plan.value;
  reportSkips(`N=${n} cluster-1`, plan1);

  const applied = timed(() => applyChangesToZones(zones1, plan1.changes));
  const zones2 = applied.value;
  const replan = timed(() => planChanges({ ...input1, state: state(zones2) }));

  const rows: Row[] = [
    {
      label: "publish",
      n,
      sources,
      plan,
      heap: plan.heap,
      zoneRecords: recordCount(zones1),
      result: plan1,
      requests: requestsOf(plan1.changes),
      apply: applied,
      replan,
      replanChanges: replan.value.changes.length + replan.value.healthChecks.length,
    },
  ];

  rows.push(eventRow(n, objects1, zones2));

  if (withUpsert) {
    // Every weighted member of cluster-1 changes weight: an UPSERT each, counted twice by Route 53.
    const objectsU = clusterObjects(CLUSTER_1, n, 50);
    const sourcesU = timed(() => endpointsFromObjects(objectsU));
    const changed = sourcesU.value;
    const input = { config: config(CLUSTER_1), endpoints: changed.endpoints, skipped: changed.skipped };
    const upsert = timed(() => planChanges({ ...input, state: state(zones2) }));
    reportSkips(`N=${n} weights changed`, upsert.value);
    const appliedU = timed(() => applyChangesToZones(zones2, upsert.value.changes));
    const replanU = timed(() => planChanges({ ...input, state: state(appliedU.value) }));
    rows.push({
      label: "weights",
      n,
      sources: sourcesU,
      plan: upsert,
      heap: upsert.heap,
      zoneRecords: recordCount(zones2),
      result: upsert.value,
      requests: requestsOf(upsert.value.changes),
      apply: appliedU,
      replan: replanU,
      replanChanges: replanU.value.changes.length + replanU.value.healthChecks.length,
    });
  }
  return rows;
}

/**
 * An event run as the controller makes it, in the steady state: one Service renamed, every object read
 * again (the others' endpoints come from the sources' per-object caches) and the plan limited to the
 * hosts that can have changed (controller/event-scope.ts, plan/plan-scope.ts), over the zone cache as
 * the last run left it. `plan` times the whole run; `sources` the reading of the objects alone.
 */
function eventRow(n: number, objects: unknown[], zones: HostedZone[]): Row {
  const at = objects.findIndex((o) => (o as { kind?: string }).kind === "Service");
  const service = objects[at] as { metadata: { annotations: Record<string, string> } };
  const renamed = () => {
    const copy = structuredClone(service);
    copy.metadata.annotations["route53-gslb.io/hostnames"] = `renamed.${ZONE_NAME.slice(0, -1)}`;
    return objects.map((o, i) => (i === at ? copy : o));
  };
  const cfg = config(CLUSTER_1);
  const steady = state(zones);
  const before = endpointsFromObjects(objects);
  const last = planChanges({
    config: cfg,
    endpoints: before.endpoints,
    skipped: before.skipped,
    state: steady,
  });
  const eventRun = () => {
    const scope = new EventScope();
    scope.begin();
    scope.planned(before, steady, last, zones);
    const limit = scope.begin();
    const out = endpointsFromObjects(renamed());
    const hosts = limit(out, steady);
    return planChanges({
      config: cfg,
      endpoints: out.endpoints,
      skipped: out.skipped,
      state: steady,
      ...(hosts ? { hosts } : {}),
    });
  };
  const run = timed(eventRun);
  const sources = timed(() => endpointsFromObjects(renamed()));
  const applied = timed(() => applyChangesToZones(zones, run.value.changes));
  const after = endpointsFromObjects(renamed());
  const replan = timed(() =>
    planChanges({
      config: cfg,
      endpoints: after.endpoints,
      skipped: after.skipped,
      state: state(applied.value),
    }),
  );
  return {
    label: "event",
    n,
    sources,
    plan: run,
    heap: run.heap,
    zoneRecords: recordCount(zones),
    result: run.value,
    requests: requestsOf(run.value.changes),
    apply: applied,
    replan,
    replanChanges: replan.value.changes.length + replan.value.healthChecks.length,
  };
}

function recordCount(zones: HostedZone[]): number {
  return zones.reduce((sum, z) => sum + z.records.length, 0);
}

function reportSkips(what: string, plan: Plan): void {
  if (plan.skipped.length > 0 || plan.heldBack.length > 0) {
    console.log(
      `warning: ${what}: ${plan.skipped.length} skipped, ${plan.heldBack.length} held back (first: ${(plan.skipped[0] && problemMessage(plan.skipped[0].problem)) ?? plan.heldBack[0]?.reason})`,
    );
  }
}

function sizesFromArgs(): number[] {
  const args = process.argv.slice(2).map(Number);
  if (args.length === 0) return DEFAULT_SIZES;
  const bad = args.filter((a) => !Number.isInteger(a) || a <= 0);
  if (bad.length > 0) {
    console.error("usage: npm run bench [-- N ...]   (N: positive integers, hostnames per cluster)");
    process.exit(2);
  }
  return args;
}

function main(): void {
  const sizes = sizesFromArgs();
  // The UPSERT-heavy row runs at one size: the largest up to UPSERT_MAX_N (its plan and replan read 4N
  // owned records, the slowest case), else the smallest.
  const small = sizes.filter((n) => n <= UPSERT_MAX_N);
  const upsertN = small.length > 0 ? Math.max(...small) : Math.min(...sizes);
  console.log("route53-gslb planner benchmark");
  console.log(
    `node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPUs; times are the median of ` +
      `${RUNS} runs, or of (k) runs once ${BUDGET_MS / 1000} s were spent; ` +
      (gc ? "heap measured after global.gc()" : "no --expose-gc: heap figures (~) include garbage"),
  );
  console.log(
    "one zone; N hostnames from each of two clusters (Gateways: weighted, latency, failover; LoadBalancer " +
      "Services: weighted IP records); cluster-2 is applied first, the rows time cluster-1.",
  );
  console.log("");
  console.log(line(COLUMNS.map(([name]) => name)));
  const rows: Row[] = [];
  for (const n of sizes) {
    for (const row of benchSize(n, n === upsertN)) {
      printRow(row);
      rows.push(row);
    }
  }
  console.log("");
  console.log("case      publish: cluster-1's first plan with cluster-2's members already in the zone;");
  console.log("          weights: every weighted member of cluster-1 changes weight (steady state before);");
  console.log("          event: an event run of the controller after one Service was renamed (steady state");
  console.log("          before): plan times the whole run, its sources and a plan limited to the hosts");
  console.log("          that can have changed; heap Δ is what that run allocates.");
  console.log("records   record sets in the zone the plan reads.");
  console.log("sources   endpointsFromObjects over cluster-1's objects; plan: planChanges (both medians).");
  console.log("heap Δ    heapUsed after one plan minus before it; kept: still used after gc, plan retained.");
  console.log(
    "RR elems  ResourceRecord elements the changes cost, UPSERT counted twice (an alias counts 1).",
  );
  console.log("requests  ChangeResourceRecordSets requests packChanges makes; lower bd: lowerBound, the");
  console.log(
    "          fewest any packing could use under Route 53's 1,000-element/32,000-character limits.",
  );
  console.log("apply     applyChangesToZones of the plan into the zone cache (median).");
  console.log("replan    the same plan again after apply (median); replan chg must be 0 (steady state).");
  const unsteady = rows.filter((r) => r.replanChanges !== 0);
  const oversized = rows.reduce((n, r) => n + r.requests.oversized, 0);
  console.log("");
  console.log(
    unsteady.length === 0
      ? "steady state: every replan after apply has 0 changes"
      : `NOT STEADY: replan after apply still has changes for ${unsteady.map((r) => `${r.label} N=${r.n}`).join(", ")}`,
  );
  if (oversized > 0) console.log(`oversized groups (never sent): ${oversized}`);
}

main();
