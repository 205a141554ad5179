import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { BatcherEvent } from "../apply/change-batcher.js";
import type { ApplyReport } from "../apply/plan-applier.js";
import type { RetryEvent } from "../aws/retries.js";
import type { Plan } from "../model/changes.js";
import { PROBLEM_KINDS, type ProblemKind } from "../model/problem.js";
import { type SkipReason, skipReasonOf } from "../report/plan-events.js";

/** Every metric name starts with this (docs/metrics.md lists them all). */
export const METRIC_PREFIX = "route53_gslb_";

export type ReconcileOutcomeLabel = "success" | "error" | "skipped-not-leader" | "skipped-not-synced";
export type AwsCallOutcome = "ok" | "retry" | "throttled" | "error";

/** One watched kind's informer state, e.g. `{ kind: "Gateway", state: "synced" }`. */
export interface WatchStatus {
  kind: string;
  /** Free text chosen by sources/watchers, e.g. `synced`, `syncing`, `missing-crd`, `restarting`. */
  state: string;
}

export interface ControllerMetricsOptions {
  /**
   * The registry to register on; a new one by default. Never the prom-client global registry, so two
   * controllers (or two tests) in one process do not share counters.
   */
  registry?: Registry;
  /**
   * Also collect prom-client's process metrics (CPU, memory, event loop lag, GC) on the registry,
   * with the same prefix.
   * @default false
   */
  processMetrics?: boolean;
}

const SKIP_REASONS: readonly SkipReason[] = ["InvalidAnnotation", "HostnameSkipped", "Conflict"];

/**
 * The controller's Prometheus metrics. Methods take plain data (a plan, an apply report, a batcher
 * event) so the loop only forwards what it already has, and tests can drive them without AWS.
 */
export class ControllerMetrics {
  readonly registry: Registry;
  readonly #reconcileDuration: Histogram<"outcome">;
  readonly #desiredRecords: Gauge;
  readonly #ownedRecords: Gauge;
  readonly #plannedChanges: Gauge<"action">;
  readonly #changes: Counter<"action" | "purpose">;
  readonly #failedGroups: Counter<"kind">;
  readonly #readBackGroups: Counter<"reason" | "result">;
  readonly #healthCheckChanges: Counter<"action" | "outcome">;
  readonly #heldBackDeletions: Gauge;
  readonly #ownershipConflicts: Gauge;
  readonly #awsCalls: Counter<"service" | "operation" | "outcome">;
  readonly #throttles: Counter<"service" | "operation">;
  readonly #retries: Counter<"service" | "operation">;
  readonly #zoneBusyWait: Counter;
  readonly #batchSize: Histogram;
  readonly #healthChecks: Gauge;
  readonly #healthCheckQuota: Gauge;
  readonly #skipped: Gauge<"reason">;
  readonly #skippedByKind: Gauge<"kind">;
  readonly #invalidObjects: Gauge;
  readonly #conflicts: Gauge;
  readonly #lastSync: Gauge;
  readonly #leader: Gauge;
  readonly #informers: Gauge<"kind" | "state">;
  /** Zones with a ChangeResourceRecordSets attempt whose outcome has not been counted yet. */
  readonly #openRequests = new Set<string>();

  constructor(options: ControllerMetricsOptions = {}) {
    const registry = options.registry ?? new Registry();
    this.registry = registry;
    const registers = [registry];
    const p = METRIC_PREFIX;
    if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: p });

    this.#reconcileDuration = new Histogram({
      name: `${p}reconcile_duration_seconds`,
      help: "Duration of reconcile runs, by outcome.",
      labelNames: ["outcome"],
      // A run is a few list calls plus a few change requests; minutes mean throttling or a large account.
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.#desiredRecords = gauge(
      p,
      "desired_records",
      "Record sets this cluster wants to own after the last plan.",
    );
    this.#ownedRecords = gauge(
      p,
      "owned_records",
      "Record sets this cluster owned in Route 53 when last planned.",
    );
    this.#plannedChanges = new Gauge({
      name: `${p}planned_changes`,
      help: "Record changes in the last plan, by action (also in --dry-run).",
      labelNames: ["action"],
      registers,
    });
    this.#changes = new Counter({
      name: `${p}changes_total`,
      help: "Record changes Route 53 accepted, by action and purpose (record or ownership).",
      labelNames: ["action", "purpose"],
      registers,
    });
    this.#failedGroups = new Counter({
      name: `${p}failed_groups_total`,
      help: "Atomic groups not applied, by kind (invalid, quarantined, error, not-sent, oversized).",
      labelNames: ["kind"],
      registers,
    });
    this.#readBackGroups = new Counter({
      name: `${p}read_back_groups_total`,
      help:
        "Atomic groups of failed change requests read back from Route 53, by reason (lost-answer, " +
        "already-applied) and result (in-effect, needed, unread).",
      labelNames: ["reason", "result"],
      registers,
    });
    this.#healthCheckChanges = new Counter({
      name: `${p}health_check_changes_total`,
      help: "Health-check changes attempted, by action and outcome (ok, error).",
      labelNames: ["action", "outcome"],
      registers,
    });
    this.#heldBackDeletions = gauge(
      p,
      "held_back_deletions",
      "Deletions withheld in the last plan by --max-deletions, the policy, or the hold on objects that cannot be read.",
    );
    this.#ownershipConflicts = gauge(
      p,
      "ownership_conflicts",
      "Contested members and untrusted ownership records concerning this owner in the last plan; never changed until a person resolves them.",
    );
    this.#awsCalls = new Counter({
      name: `${p}aws_calls_total`,
      help: "AWS API calls, one per attempt, by service, operation and outcome (ok, retry, throttled, error).",
      labelNames: ["service", "operation", "outcome"],
      registers,
    });
    this.#throttles = new Counter({
      name: `${p}throttles_total`,
      help: "AWS calls answered with a throttling error.",
      labelNames: ["service", "operation"],
      registers,
    });
    this.#retries = new Counter({
      name: `${p}retries_total`,
      help: "Retries of AWS calls after a retryable error (throttling included).",
      labelNames: ["service", "operation"],
      registers,
    });
    this.#zoneBusyWait = new Counter({
      name: `${p}zone_busy_wait_seconds_total`,
      help: "Time change batches were held because their zone was still busy with the last one (learned from PriorRequestNotComplete).",
      registers,
    });
    this.#batchSize = new Histogram({
      name: `${p}batch_size_changes`,
      help: "Changes per ChangeResourceRecordSets request (every attempt).",
      // Route 53 caps a request at 1,000 ResourceRecord elements (an UPSERT counts twice).
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    });
    this.#healthChecks = gauge(
      p,
      "health_checks",
      "Route 53 health checks this owner has after the last plan.",
    );
    this.#healthCheckQuota = gauge(
      p,
      "health_check_quota",
      "The account's health-check quota the plan checked against.",
    );
    this.#skipped = new Gauge({
      name: `${p}skipped`,
      help: "Objects or hostnames that produced no record in the last plan, by reason (the Event reason).",
      labelNames: ["reason"],
      registers,
    });
    this.#skippedByKind = new Gauge({
      name: `${p}skipped_problems`,
      help: "Objects or hostnames that produced no record in the last plan, by problem kind (opted-out included).",
      labelNames: ["kind"],
      registers,
    });
    this.#invalidObjects = gauge(
      p,
      "invalid_objects",
      "Objects with at least one invalid annotation in the last plan.",
    );
    this.#conflicts = gauge(p, "conflicts", "Hostnames held back by a conflict in the last plan.");
    this.#lastSync = gauge(
      p,
      "last_successful_sync_timestamp_seconds",
      "Unix time of the last reconcile that completed without errors.",
    );
    this.#leader = gauge(
      p,
      "leader",
      "1 when this replica holds the leader Lease (or leader election is off), else 0.",
    );
    this.#informers = new Gauge({
      name: `${p}informer_status`,
      help: "1 for the current state of each watched kind's informer.",
      labelNames: ["kind", "state"],
      registers,
    });

    function gauge(prefix: string, name: string, help: string): Gauge {
      return new Gauge({ name: `${prefix}${name}`, help, registers });
    }
    // Labelled series start at zero, so dashboards see the series before the first event.
    for (const reason of SKIP_REASONS) this.#skipped.set({ reason }, 0);
    for (const kind of PROBLEM_KINDS) this.#skippedByKind.set({ kind }, 0);
    this.#leader.set(0);
  }

  /** One reconcile run and how it ended. */
  recordReconcile(seconds: number, outcome: ReconcileOutcomeLabel): void {
    this.#reconcileDuration.observe({ outcome }, seconds);
  }

  /**
   * What the last plan wants: desired/owned records, planned and held-back changes, health checks, skipped
   * objects and conflicts. `ownedRecords` counts the record sets (not ownership TXT records) this cluster
   * owned when planning; `desiredRecords` defaults to `desiredRecordCount(plan, ownedRecords)`.
   */
  recordPlan(
    plan: Plan,
    ownedRecords: number,
    desiredRecords = desiredRecordCount(plan, ownedRecords),
  ): void {
    this.#ownedRecords.set(ownedRecords);
    this.#desiredRecords.set(desiredRecords);
    this.#plannedChanges.reset();
    for (const action of ["CREATE", "UPSERT", "DELETE"] as const) {
      this.#plannedChanges.set({ action }, plan.changes.filter((c) => c.action === action).length);
    }
    this.#heldBackDeletions.set(plan.heldBack.filter((h) => h.change.action === "DELETE").length);
    this.#ownershipConflicts.set(plan.conflicts.length);
    this.#healthChecks.set(plan.healthCheckUsage.owned);
    this.#healthCheckQuota.set(plan.healthCheckUsage.quota);

    const counts = new Map<SkipReason, number>(SKIP_REASONS.map((r) => [r, 0]));
    const byKind = new Map<ProblemKind, number>(PROBLEM_KINDS.map((k) => [k, 0]));
    const invalid = new Set<string>();
    for (const s of plan.skipped) {
      byKind.set(s.problem.kind, (byKind.get(s.problem.kind) ?? 0) + 1);
      const reason = skipReasonOf(s.problem);
      if (reason === undefined) continue;
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
      if (s.problem.kind === "invalid-annotation") {
        invalid.add(JSON.stringify([s.source.group, s.source.kind, s.source.namespace, s.source.name]));
      }
    }
    for (const [reason, n] of counts) this.#skipped.set({ reason }, n);
    for (const [kind, n] of byKind) this.#skippedByKind.set({ kind }, n);
    this.#invalidObjects.set(invalid.size);
    this.#conflicts.set(counts.get("Conflict") ?? 0);
  }

  /**
   * What applying a plan did: accepted changes by action and purpose, failed groups by kind, health-check
   * changes. Requests and retries are counted from batcher events (`recordBatcherEvent`), not from here.
   */
  recordApply(report: ApplyReport): void {
    for (const c of report.applied) this.#changes.inc({ action: c.action, purpose: c.purpose });
    for (const f of report.failed) this.#failedGroups.inc({ kind: f.kind });
    if (report.oversized.length > 0) this.#failedGroups.inc({ kind: "oversized" }, report.oversized.length);
    for (const h of report.healthChecks.applied)
      this.#healthCheckChanges.inc({ action: h.action, outcome: "ok" });
    for (const h of report.healthChecks.failed) {
      this.#healthCheckChanges.inc({ action: h.change.action, outcome: "error" });
    }
  }

  /**
   * A ChangeBatcher event: batch sizes, and one `aws_calls_total` outcome per ChangeResourceRecordSets
   * attempt. A zone's requests are sent one after another, so the outcome that follows a `request` event
   * of a zone is that attempt's; a failed request reports one `group-failed` per group, and only the
   * first is the call's outcome.
   */
  recordBatcherEvent(e: BatcherEvent): void {
    const operation = "ChangeResourceRecordSets";
    const settle = (outcome: AwsCallOutcome): void => {
      if (this.#openRequests.delete(e.zoneId)) this.recordAwsCall("route53", operation, outcome);
    };
    switch (e.type) {
      case "request":
        this.#openRequests.add(e.zoneId);
        this.#batchSize.observe(e.changes);
        break;
      case "applied":
        settle("ok");
        break;
      case "throttled":
        // The batcher emits `throttled` just before the `retry` of the same attempt, so the attempt is
        // settled as throttled here and the `retry` that follows finds nothing open.
        this.#throttles.inc({ service: "route53", operation });
        settle("throttled");
        break;
      case "retry":
        this.#retries.inc({ service: "route53", operation });
        settle("retry");
        break;
      case "zone-busy":
        this.#zoneBusyWait.inc(e.waitMs / 1000);
        break;
      case "rejected":
        settle("error");
        break;
      case "read-back":
        // The request's last attempt failed (a rejection, or retries ran out) before its names were read.
        settle("error");
        if (e.error !== undefined) {
          this.#readBackGroups.inc({ reason: e.reason, result: "unread" }, e.groups);
          break;
        }
        if (e.inEffect > 0) this.#readBackGroups.inc({ reason: e.reason, result: "in-effect" }, e.inEffect);
        if (e.groups > e.inEffect)
          this.#readBackGroups.inc({ reason: e.reason, result: "needed" }, e.groups - e.inEffect);
        break;
      case "group-failed":
        // `not-sent` groups were never in a request; `quarantined` ones are not either.
        if (e.kind === "invalid" || e.kind === "error") settle("error");
        break;
      case "oversized":
        break;
    }
  }

  /** A retry of any other AWS call (aws/retries.ts `onRetry`); the final attempt goes to `recordAwsCall`. */
  recordRetry(e: RetryEvent, service = "route53"): void {
    this.#retries.inc({ service, operation: e.operation });
    if (e.throttled) this.#throttles.inc({ service, operation: e.operation });
    this.recordAwsCall(service, e.operation, e.throttled ? "throttled" : "retry");
  }

  /** One AWS call attempt (ListResourceRecordSets, CreateHealthCheck, DescribeLoadBalancers, ...). */
  recordAwsCall(service: string, operation: string, outcome: AwsCallOutcome): void {
    this.#awsCalls.inc({ service, operation, outcome });
  }

  /** Whether this replica holds the Lease (and so writes to Route 53). */
  setLeader(leader: boolean): void {
    this.#leader.set(leader ? 1 : 0);
  }

  /** The informers' states; kinds and states not listed disappear from the exposition. */
  setWatchStatus(statuses: readonly WatchStatus[]): void {
    this.#informers.reset();
    for (const s of statuses) this.#informers.set({ kind: s.kind, state: s.state }, 1);
  }

  /** A reconcile completed without errors at `nowSeconds` (Unix time). */
  markSynced(nowSeconds: number): void {
    this.#lastSync.set(nowSeconds);
  }

  /** The Prometheus text exposition of the registry. */
  metricsText(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type `metricsText()` is in. */
  get contentType(): string {
    return this.registry.contentType;
  }
}

/**
 * Record sets this cluster wants to own once the plan is applied: owned now, plus record CREATEs, minus
 * record DELETEs — held-back ones included, since a withheld deletion is still not wanted. A replacement
 * (DELETE + CREATE of one record) and an UPSERT count zero.
 */
export function desiredRecordCount(plan: Plan, ownedRecords: number): number {
  let n = ownedRecords;
  for (const c of [...plan.changes, ...plan.heldBack.map((h) => h.change)]) {
    if (c.purpose !== "record") continue;
    if (c.action === "CREATE") n++;
    else if (c.action === "DELETE") n--;
  }
  return Math.max(0, n);
}
