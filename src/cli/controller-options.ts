import type { PlannerConfig } from "../config/config.js";
import { err, ok, type Result } from "../model/result.js";
import type { SourceKind } from "../sources/source.js";
import { type AwsSettings, awsSettingsFrom } from "./aws-options.js";
import { type Env, readOptions } from "./options/read.js";
import type { LOG_FORMATS, LOG_LEVELS, RawFlags } from "./options/table.js";
import { plannerFrom } from "./plan-options.js";

/** `controller`'s flags as commander hands them over (flags or ROUTE53_GSLB_* environment variables). */
export type RawControllerFlags = RawFlags<"controller">;

/** `controller`'s settings once validated; the defaults are the options table's (cli/options/table.ts). */
export interface ControllerSettings {
  planner: PlannerConfig;
  aws: AwsSettings;
  /** Kubeconfig file; unset: in-cluster config, else $KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string;
  sources: SourceKind[];
  namespace?: string;
  labelSelector?: string;
  annotationFilter?: string;
  /** `--interval`: the full resync. */
  intervalMs: number;
  /** `--relist-interval`: the informers' safety-net re-list (sources/watchers/kind-watcher.ts). */
  relistIntervalMs: number;
  /** `--zone-resync-interval`: longest time a zone's records are reused without a full listing. */
  zoneResyncIntervalMs: number;
  /** `--min-event-interval`: least time between event-triggered reconciles. */
  minEventIntervalMs: number;
  /**
   * `/healthz` fails, and the leader steps down, after this many `--interval`s without progress (a
   * completed reconcile or an answer from AWS); 0 never (controller/liveness.ts).
   * @default DEFAULT_UNHEALTHY_AFTER
   */
  unhealthyAfter: number;
  dryRun: boolean;
  leaderElection: {
    /** Off with `--no-leader-elect` or `ROUTE53_GSLB_LEADER_ELECT=false`. */
    enabled: boolean;
    namespace: string;
    leaseName: string;
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
  };
  /** `--metrics-addr`: where /metrics, /healthz and /readyz are served. */
  metricsAddr: string;
  logLevel: (typeof LOG_LEVELS)[number];
  logFormat: (typeof LOG_FORMATS)[number];
}

/**
 * Validate `controller`'s flags once, reporting every problem at once. Each flag may also be set as
 * `ROUTE53_GSLB_<FLAG>` in `env` (flags win); lists there are comma-separated.
 */
export function parseControllerFlags(
  raw: RawControllerFlags,
  env: Env,
): Result<ControllerSettings, string[]> {
  const problems: string[] = [];
  const v = readOptions("controller", raw, env, problems);
  const leaseDurationMs = v.leaderElectionLeaseDuration;
  const renewDeadlineMs = v.leaderElectionRenewDeadline;
  const retryPeriodMs = v.leaderElectionRetryPeriod;
  // controller/leader.ts's rules, checked here so that they are named by their flags, with the rest,
  // before anything starts: a leader stops leading before another replica may take the Lease, and
  // gets more than one try to renew before it stops.
  if (renewDeadlineMs >= leaseDurationMs) {
    problems.push(
      "Expected `--leader-election-renew-deadline` to be shorter than `--leader-election-lease-duration`",
    );
  }
  if (retryPeriodMs >= renewDeadlineMs) {
    problems.push(
      "Expected `--leader-election-retry-period` to be shorter than `--leader-election-renew-deadline`",
    );
  }
  const planner = plannerFrom(v, problems);
  const aws = awsSettingsFrom(v, problems, v.clusterName);
  if (problems.length > 0 || !planner) return err(problems);
  planner.drain = v.drain;
  return ok({
    planner,
    aws,
    ...(v.kubeconfig ? { kubeconfig: v.kubeconfig } : {}),
    sources: v.sources,
    ...(v.namespace ? { namespace: v.namespace } : {}),
    ...(v.labelSelector ? { labelSelector: v.labelSelector } : {}),
    ...(v.annotationFilter ? { annotationFilter: v.annotationFilter } : {}),
    intervalMs: v.interval,
    relistIntervalMs: v.relistInterval,
    zoneResyncIntervalMs: v.zoneResyncInterval,
    minEventIntervalMs: v.minEventInterval,
    unhealthyAfter: v.unhealthyAfter,
    dryRun: v.controllerDryRun,
    leaderElection: {
      enabled: v.leaderElect,
      namespace: v.leaderElectionNamespace,
      leaseName: v.leaderElectionLeaseName ?? `route53-gslb-${planner.ownerId}`,
      leaseDurationMs,
      renewDeadlineMs,
      retryPeriodMs,
    },
    metricsAddr: v.metricsAddr,
    logLevel: v.logLevel,
    logFormat: v.logFormat,
  });
}
