import type { PlannerConfig } from "../config/config.js";
import { DEFAULT_UNHEALTHY_AFTER } from "../controller/liveness.js";
import { err, ok, type Result } from "../model/result.js";
import { SOURCE_KINDS, type SourceKind } from "../sources/source.js";
import { type AwsSettings, parseAwsFlags, type RawAwsFlags } from "./aws-options.js";
import { durationFlagReader } from "./duration-flags.js";
import { parsePlannerFlags, type RawPlannerFlags } from "./plan-options.js";

/** `controller`'s flags as commander hands them over (flags or ROUTE53_GSLB_* environment variables). */
export interface RawControllerFlags extends RawPlannerFlags, RawAwsFlags {
  kubeconfig?: string;
  sources?: string;
  namespace?: string;
  labelSelector?: string;
  annotationFilter?: string;
  interval?: string;
  minEventInterval?: string;
  unhealthyAfter?: string;
  dryRun?: boolean;
  drain?: boolean;
  leaderElect?: boolean;
  leaderElectionNamespace?: string;
  leaderElectionLeaseName?: string;
  leaderElectionLeaseDuration?: string;
  leaderElectionRenewDeadline?: string;
  leaderElectionRetryPeriod?: string;
  metricsAddr?: string;
  logLevel?: string;
  logFormat?: string;
}

/** `controller`'s settings once validated. */
export interface ControllerSettings {
  planner: PlannerConfig;
  aws: AwsSettings;
  /** Kubeconfig file; unset: in-cluster config, else $KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string;
  sources: SourceKind[];
  namespace?: string;
  labelSelector?: string;
  annotationFilter?: string;
  /** @default 60000 */
  intervalMs: number;
  /** @default 1000 */
  minEventIntervalMs: number;
  /**
   * `/healthz` fails, and the leader steps down, after this many `--interval`s without progress (a
   * completed reconcile or an answer from AWS); 0 never (controller/liveness.ts).
   * @default 5
   */
  unhealthyAfter: number;
  dryRun: boolean;
  leaderElection: {
    /** @default true */
    enabled: boolean;
    namespace: string;
    leaseName: string;
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
  };
  /** @default ":7979" */
  metricsAddr: string;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  logFormat: "json" | "pretty";
}

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

/** Validate `controller`'s flags once, reporting every problem at once. */
export function parseControllerFlags(
  raw: RawControllerFlags,
  env: Record<string, string | undefined>,
): Result<ControllerSettings, string[]> {
  const problems: string[] = [];
  // Lists may also come from one environment variable, comma-separated.
  const split = (values: string[] | undefined) =>
    values?.flatMap((v) => v.split(",")).filter((v) => v.trim() !== "");
  const planner = parsePlannerFlags(
    {
      ...raw,
      ...(raw.domainFilter ? { domainFilter: split(raw.domainFilter) } : {}),
      ...(raw.excludeDomain ? { excludeDomain: split(raw.excludeDomain) } : {}),
      ...(raw.zoneId ? { zoneId: split(raw.zoneId) } : {}),
    },
    problems,
  );
  const aws = parseAwsFlags(raw, env, problems);
  const duration = durationFlagReader(problems);
  const sources = (raw.sources ?? SOURCE_KINDS.join(",")).split(",").map((s) => s.trim());
  for (const s of sources) {
    if (!(SOURCE_KINDS as readonly string[]).includes(s)) {
      problems.push(
        `Expected \`--sources\` to list ${SOURCE_KINDS.map((k) => `\`${k}\``).join(", ")}, got \`${s}\``,
      );
    }
  }
  const logLevel = raw.logLevel ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`Expected \`--log-level\` to be one of ${LOG_LEVELS.join(", ")}, got \`${logLevel}\``);
  }
  const logFormat = raw.logFormat ?? "json";
  if (logFormat !== "json" && logFormat !== "pretty") {
    problems.push(`Expected \`--log-format\` to be \`json\` or \`pretty\`, got \`${logFormat}\``);
  }
  const intervalMs = duration("--interval", raw.interval, 60_000);
  const minEventIntervalMs = duration("--min-event-interval", raw.minEventInterval, 1_000);
  const unhealthyAfter = Number(raw.unhealthyAfter ?? DEFAULT_UNHEALTHY_AFTER);
  if (raw.unhealthyAfter?.trim() === "" || !Number.isInteger(unhealthyAfter) || unhealthyAfter < 0) {
    problems.push(
      `Expected \`--unhealthy-after\` to be a whole number of intervals (0: never), got \`${raw.unhealthyAfter}\``,
    );
  }
  const leaseDurationMs = duration(
    "--leader-election-lease-duration",
    raw.leaderElectionLeaseDuration,
    15_000,
  );
  const renewDeadlineMs = duration(
    "--leader-election-renew-deadline",
    raw.leaderElectionRenewDeadline,
    10_000,
  );
  const retryPeriodMs = duration("--leader-election-retry-period", raw.leaderElectionRetryPeriod, 2_000);
  if (renewDeadlineMs >= leaseDurationMs) {
    problems.push(
      "Expected `--leader-election-renew-deadline` to be shorter than `--leader-election-lease-duration`",
    );
  }
  if (problems.length > 0 || !planner) return err(problems);
  planner.drain = raw.drain === true;
  return ok({
    planner,
    aws,
    ...(raw.kubeconfig ? { kubeconfig: raw.kubeconfig } : {}),
    sources: sources as SourceKind[],
    ...(raw.namespace ? { namespace: raw.namespace } : {}),
    ...(raw.labelSelector ? { labelSelector: raw.labelSelector } : {}),
    ...(raw.annotationFilter ? { annotationFilter: raw.annotationFilter } : {}),
    intervalMs,
    minEventIntervalMs,
    unhealthyAfter,
    dryRun: raw.dryRun === true,
    leaderElection: {
      enabled: raw.leaderElect !== false && env.ROUTE53_GSLB_LEADER_ELECT?.toLowerCase() !== "false",
      namespace: raw.leaderElectionNamespace ?? env.POD_NAMESPACE ?? "default",
      leaseName: raw.leaderElectionLeaseName ?? `route53-gslb-${planner.ownerId}`,
      leaseDurationMs,
      renewDeadlineMs,
      retryPeriodMs,
    },
    metricsAddr: raw.metricsAddr ?? ":7979",
    logLevel: logLevel as ControllerSettings["logLevel"],
    logFormat: logFormat as ControllerSettings["logFormat"],
  });
}
