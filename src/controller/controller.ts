import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { ApplyReport } from "../apply/plan-applier.js";
import { applyPlan } from "../apply/plan-applier.js";
import type { PlannerConfig } from "../config/config.js";
import type { Plan } from "../model/changes.js";
import { problemMessage } from "../model/problem.js";
import { planRun } from "../plan/plan-run.js";
import { hasChanges } from "../report/describe.js";
import type { AwsStateRead, ZoneRefresh } from "../route53/aws-state-reader.js";
import type { SourceKind, SourceOutput } from "../sources/source.js";
import type { AwsContext } from "../wiring/aws-context.js";
import { DeletionWindow, guardedDeletions } from "./deletion-window.js";
import { EventScope } from "./event-scope.js";
import { ReconcileScheduler, type RunReason, type SchedulerOptions } from "./scheduler.js";
import { namesToReread } from "./write-preconditions.js";

/** How much of the zone cache each kind of run renews. */
const ZONE_REFRESH: Record<RunReason, ZoneRefresh> = {
  event: "if-due",
  resync: "resync",
  start: "always",
  retry: "always",
};

/** What the controller reads objects from (the informer caches in sources/watchers). */
export interface ObjectSource {
  objects(): unknown[];
  /** True once every watched kind has been listed: nothing is planned before. */
  synced(): boolean;
  onChange(listener: () => void): () => void;
}

export type ReconcileOutcome = "success" | "error" | "skipped-not-synced";

/** One reconcile, for metrics, Events and tests. */
export interface ReconcileResult {
  runId: string;
  reason: RunReason;
  outcome: ReconcileOutcome;
  seconds: number;
  plan?: Plan;
  report?: ApplyReport;
  error?: unknown;
}

export interface ControllerOptions {
  objects: ObjectSource;
  aws: Pick<AwsContext, "readState" | "batcher" | "healthChecks" | "zones">;
  planner: PlannerConfig;
  sources: readonly SourceKind[];
  /**
   * Plan and report, write nothing.
   * @default false
   */
  dryRun: boolean;
  schedule: SchedulerOptions;
  logger: Logger;
  /** Called after every reconcile (metrics, Events). Must not throw. */
  onReconcile?: (result: ReconcileResult) => void;
  now?: () => number;
}

/**
 * The reconcile loop: watch events only schedule a run; a run recomputes the whole desired state from
 * the informer caches and the zone cache, plans, and applies (client-go's level-triggered model).
 */
export class Controller {
  readonly #o: ControllerOptions;
  readonly #scheduler: ReconcileScheduler;
  readonly #now: () => number;
  readonly #deletions: DeletionWindow;
  readonly #scope = new EventScope();
  /** The zone listing started with `run`, while the informers list the cluster; true once it succeeded. */
  #warmup: Promise<boolean> | undefined;

  constructor(options: ControllerOptions) {
    this.#o = options;
    this.#scheduler = new ReconcileScheduler({
      ...options.schedule,
      onRetry: (retry) => {
        options.logger.warn(
          { failures: retry.failures, retryInMs: retry.delayMs },
          "reconcile failed; retrying with backoff",
        );
        options.schedule.onRetry?.(retry);
      },
    });
    this.#now = options.now ?? (() => performance.now());
    this.#deletions = new DeletionWindow(options.schedule.resyncIntervalMs);
  }

  /** Reconcile until `signal` aborts; a run in flight finishes first (SIGTERM finishes its request). */
  async run(signal: AbortSignal): Promise<void> {
    const unsubscribe = this.#o.objects.onChange(() => this.#scheduler.trigger());
    // List the zones now, while the informers list the cluster, rather than after: at 20,000 records
    // that is 134 requests, which would otherwise start only once the first run has read every object.
    // Reading changes nothing; the first run that plans waits for it and uses it.
    this.#warmup = this.#o.aws.zones.refresh().then(
      () => true,
      (error: unknown) => {
        this.#o.logger.warn({ err: error }, "could not list the zones ahead of the first run");
        return false;
      },
    );
    try {
      // A failed run is requeued with backoff (client-go's rate-limited requeue), not left to the
      // next event or the resync.
      await this.#scheduler.run(signal, async (reason) =>
        (await this.runOnce(reason)).outcome === "error" ? "failed" : "ok",
      );
    } finally {
      unsubscribe();
    }
  }

  /** One level-triggered pass: read everything, plan, apply. Never throws; the result says what happened. */
  async runOnce(reason: RunReason = "resync"): Promise<ReconcileResult> {
    const runId = randomUUID().slice(0, 8);
    const log = this.#o.logger.child({ runId, reason });
    const started = this.#now();
    const finish = (r: Omit<ReconcileResult, "runId" | "reason" | "seconds">): ReconcileResult => {
      const result = { runId, reason, seconds: (this.#now() - started) / 1000, ...r };
      try {
        this.#o.onReconcile?.(result);
      } catch (e) {
        log.warn({ err: e }, "reconcile hook failed");
      }
      return result;
    };
    // An informer that has not listed yet looks exactly like a cluster without Gateways: planning then
    // would delete every record we own.
    if (!this.#o.objects.synced()) {
      log.info("informers not synced yet; not planning");
      return finish({ outcome: "skipped-not-synced" });
    }
    const scope = this.#scope.begin();
    let zoneRefresh = ZONE_REFRESH[reason];
    try {
      const warmup = this.#warmup;
      this.#warmup = undefined;
      // Listed moments ago, as this term started: the start run need not list everything again.
      if (warmup && (await warmup) && reason === "start") zoneRefresh = "if-due";
      const run = await planRun({
        objects: this.#o.objects.objects(),
        sources: this.#o.sources,
        config: this.#o.planner,
        recentDeletions: this.#deletions.count(this.#now()),
        // Event runs use the zone cache (kept current from what we applied); a resync re-lists the
        // zones that changed or are due (route53/hosted-zones.ts); start and retry (after a failure,
        // perhaps from a stale cache) re-list everything.
        readState: (endpoints) => this.#o.aws.readState(endpoints, zoneRefresh),
        // An event run after a run of this controller plans only the hosts that can have changed.
        ...(reason === "event"
          ? { scope: (sources: SourceOutput, r: AwsStateRead) => scope(sources, r.state) }
          : {}),
      });
      const { sources, read } = run;
      for (const warning of read.warnings) log.warn(warning);
      let plan = run.plan;
      if (reason === "event" && !this.#o.dryRun && hasChanges(plan)) {
        // The zone cache may be older than a change someone else made: look again before writing.
        // Each zone's names are read one by one or with a listing of that zone, whichever costs fewer
        // requests (ZoneCache.refreshNames).
        let names = 0;
        let changed = false;
        for (const [zoneId, zoneNames] of namesToReread(plan)) {
          names += zoneNames.length;
          if ((await this.#o.aws.zones.refreshNames(zoneId, zoneNames)).changed) changed = true;
        }
        // Planning is pure: when the names hold exactly what the cache held, planning again on the
        // same state would give the same plan, at the cost of a whole second plan per event run.
        if (changed) plan = run.replan({ ...read.state, zones: this.#o.aws.zones.zones() });
        if (names > 0) log.debug({ names, changed }, "read again the records this run overwrites");
      }
      log.info(
        {
          endpoints: sources.endpoints.length,
          ...(plan === run.plan && run.hosts ? { hosts: run.hosts.size } : {}),
          changes: plan.changes.length,
          healthChecks: plan.healthChecks.length,
          skipped: plan.skipped.length,
          heldBack: plan.heldBack.length,
        },
        "planned",
      );
      for (const s of plan.skipped)
        log.warn(
          { source: s.source, hostname: s.hostname, problem: s.problem.kind },
          problemMessage(s.problem),
        );
      if (plan.heldBack.length > 0) log.warn({ count: plan.heldBack.length }, plan.heldBack[0]?.reason ?? "");
      const planned = () => this.#scope.planned(sources, read.state, plan, this.#o.aws.zones.zones());
      if (this.#o.dryRun || !hasChanges(plan)) {
        planned();
        return finish({ outcome: "success", plan });
      }

      const report = await applyPlan(plan, {
        records: this.#o.aws.batcher,
        healthChecks: this.#o.aws.healthChecks,
        onZoneApplied: (zoneId, applied) => this.#o.aws.zones.applied(zoneId, applied),
      });
      this.#deletions.add(this.#now(), guardedDeletions(report.applied));
      planned();
      log.info(
        { applied: report.applied.length, failed: report.failed.length, requests: report.requests },
        "applied",
      );
      for (const f of report.failed) log.error({ group: f.group, kind: f.kind }, f.message);
      for (const h of report.healthChecks.failed) log.error({ for: h.change.for }, h.message);
      const failed = report.failed.length + report.oversized.length + report.healthChecks.failed.length;
      return finish({ outcome: failed === 0 ? "success" : "error", plan, report });
    } catch (error) {
      log.error({ err: error }, "reconcile failed");
      return finish({ outcome: "error", error });
    }
  }
}
