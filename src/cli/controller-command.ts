import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { KubeConfig } from "@kubernetes/client-node";
import { Controller, type ReconcileResult } from "../controller/controller.js";
import { startHttpServer } from "../controller/http-server.js";
import { LeaderElector } from "../controller/leader.js";
import { kubeLeaseClient } from "../controller/lease-client.js";
import { completedReconcile, SyncLiveness } from "../controller/liveness.js";
import { createLogger } from "../controller/logger.js";
import { ControllerMetrics } from "../controller/metrics.js";
import { kubeRequests } from "../kube/kube-http.js";
import { KubeEventRecorder } from "../report/event-recorder.js";
import { kubeEventsApi } from "../report/kube-events-api.js";
import { eventsForPlan, recordAll } from "../report/plan-events.js";
import { createKubeObjectStore } from "../sources/watchers/kube-watchers.js";
import { createAwsContext } from "../wiring/aws-context.js";
import { EXIT } from "./cli-io.js";
import type { ControllerSettings } from "./controller-options.js";

/**
 * `route53-gslb controller`: watch the cluster and keep Route 53 converged until SIGTERM/SIGINT.
 * On a signal the reconcile in flight finishes its Route 53 request, the Lease is released so another
 * replica takes over at once, and the process exits 0.
 *
 * A leader that has made no progress (no completed reconcile, no answer from AWS) for
 * `--unhealthy-after` intervals fails `/healthz` (controller/liveness.ts) and steps down: it stops reconciling, releases the Lease so that another
 * replica takes over, and exits 1, so that the pod restarts even without a liveness probe.
 */
export async function runController(
  settings: ControllerSettings,
  env: Record<string, string | undefined>,
): Promise<number> {
  const logger = createLogger({ level: settings.logLevel, format: settings.logFormat });
  // Unique per process, as client-go's `hostname_uuid`: a restarted container keeps its pod name, and
  // must not take back, as "already its own", a Lease its killed predecessor never released.
  const identity = `${env.POD_NAME ?? hostname()}_${randomUUID().slice(0, 8)}`;
  const kc = new KubeConfig();
  if (settings.kubeconfig) kc.loadFromFile(settings.kubeconfig);
  else kc.loadFromDefault();

  // Process metrics (RSS, heap, GC, event loop lag): the controller's memory grows with the cluster
  // (its caches, every list), and these are how it is watched.
  const metrics = new ControllerMetrics({ processMetrics: true });
  const liveness = new SyncLiveness({
    intervalMs: settings.intervalMs,
    unhealthyAfter: settings.unhealthyAfter,
  });
  // Aborted when this replica steps down for being unhealthy (set per term while reconciling).
  let stepDown: AbortController | undefined;
  let steppedDown = false;
  const aws = createAwsContext(settings.aws, settings.planner.zoneFilter, {
    resyncIntervalMs: settings.intervalMs,
    zoneResyncIntervalMs: settings.zoneResyncIntervalMs,
    onBatcherEvent: (e) => metrics.recordBatcherEvent(e),
    // AWS answering a long apply is progress too (controller/liveness.ts).
    onAwsAnswer: () => liveness.progressed(),
  });
  const recorder = new KubeEventRecorder({
    api: kubeEventsApi(kubeRequests(kc)),
    instance: identity,
    onError: (error) => logger.warn({ err: error }, "could not write a Kubernetes Event"),
  });
  const store = createKubeObjectStore(
    kc,
    {
      sources: settings.sources,
      ...(settings.namespace ? { namespace: settings.namespace } : {}),
      ...(settings.labelSelector ? { labelSelector: settings.labelSelector } : {}),
      ...(settings.annotationFilter ? { annotationFilter: settings.annotationFilter } : {}),
      relistIntervalMs: settings.relistIntervalMs,
    },
    { log: (level, msg, fields) => logger[level](fields ?? {}, msg) },
  );
  store.onChange(() => metrics.setWatchStatus(store.status()));

  const controller = new Controller({
    objects: store,
    aws,
    planner: settings.planner,
    sources: settings.sources,
    dryRun: settings.dryRun,
    schedule: {
      minEventIntervalMs: settings.minEventIntervalMs,
      resyncIntervalMs: settings.intervalMs,
      // Route 53 takes one batch per zone at a time: plan when the batch can go (controller/scheduler.ts).
      writesReadyInMs: () => aws.batcher.writesReadyInMs(),
    },
    logger,
    onReconcile: (result: ReconcileResult) => {
      metrics.recordReconcile(result.seconds, result.outcome);
      if (result.plan) {
        metrics.recordPlan(result.plan, result.plan.ownedRecords);
        recordAll(recorder, eventsForPlan(result.plan, result.report));
      }
      if (result.report) metrics.recordApply(result.report);
      if (result.outcome === "success") metrics.markSynced(Date.now() / 1000);
      if (completedReconcile(result)) liveness.progressed();
      const health = liveness.health();
      if (!health.healthy && stepDown && !stepDown.signal.aborted) {
        logger.error({ reason: health.reason }, "unhealthy: stepping down, releasing the Lease, exiting");
        steppedDown = true;
        stepDown.abort();
      }
    },
  });
  /** One term of reconciling (leader, or the only replica): until `signal` aborts or it steps down. */
  const reconcile = async (signal: AbortSignal): Promise<void> => {
    stepDown = new AbortController();
    liveness.leading(true);
    try {
      await controller.run(AbortSignal.any([signal, stepDown.signal]));
    } finally {
      liveness.leading(false);
      stepDown = undefined;
    }
  };

  const server = await startHttpServer({
    addr: settings.metricsAddr,
    metrics,
    health: () => liveness.health(),
    ready: () =>
      store.synced() ? { ready: true } : { ready: false, reason: "informers have not synced yet" },
  });
  logger.info(
    {
      metrics: server.address,
      cluster: settings.planner.clusterName,
      owner: settings.planner.ownerId,
      dryRun: settings.dryRun,
    },
    "route53-gslb controller started",
  );

  const stop = new AbortController();
  const onSignal = (signal: string) => {
    logger.info({ signal }, "stopping: finishing the reconcile in flight");
    stop.abort();
  };
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  process.once("SIGINT", () => onSignal("SIGINT"));

  try {
    await store.start();
    if (settings.leaderElection.enabled) {
      const le = settings.leaderElection;
      const elector = new LeaderElector({
        lease: kubeLeaseClient(kc),
        identity,
        leaseName: le.leaseName,
        namespace: le.namespace,
        leaseDurationMs: le.leaseDurationMs,
        renewDeadlineMs: le.renewDeadlineMs,
        retryPeriodMs: le.retryPeriodMs,
        onEvent: (e) => logger.info({ leaderElection: e }, `leader election: ${e.type}`),
      });
      await elector.run(stop.signal, async (leading) => {
        metrics.setLeader(true);
        logger.info({ identity, lease: `${le.namespace}/${le.leaseName}` }, "leading");
        try {
          // Stepping down returns from here: the elector then releases the Lease and stops.
          await reconcile(leading);
        } finally {
          metrics.setLeader(false);
          logger.info({ identity }, "no longer leading");
        }
      });
    } else {
      metrics.setLeader(true);
      await reconcile(stop.signal);
    }
    return steppedDown ? EXIT.error : EXIT.ok;
  } finally {
    await store.stop();
    await recorder.flush();
    await server.close();
    logger.info("stopped");
  }
}
