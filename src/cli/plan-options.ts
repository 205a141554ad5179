import type { PlannerConfig, ZoneFilter } from "../config/config.js";
import { defaultPlannerConfig } from "../config/config.js";
import { err, ok, type Result } from "../model/result.js";
import type { StrictFindingKind } from "../report/strict-verdict.js";
import { type AdoptionValues, adoptionFrom } from "./adopt-options.js";
import { type AwsSettings, awsSettingsFrom } from "./aws-options.js";
import { type Env, readOptions } from "./options/read.js";
import type { CommandName } from "./options/spec.js";
import { OPTIONS, type OptionValues, OUTPUT_FORMATS, type RawFlags } from "./options/table.js";

export { OUTPUT_FORMATS };
/** Output formats of `plan`, `apply`, `drain` and `undrain`. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** `plan`'s and `apply`'s flags as commander hands them over: strings, unvalidated. */
export type RawPlanFlags = RawFlags<"plan" | "apply">;

/** `plan`'s settings once validated. */
export interface PlanOptions {
  /** Manifest files, directories, or `-` for stdin, in the order given. */
  manifests: string[];
  /** The zone snapshot file, or `aws` to read the current state from AWS (read-only). */
  zonesFile: string;
  planner: PlannerConfig;
  output: OutputFormat;
  /**
   * Exit 2 when the plan has changes (terraform's `-detailed-exitcode`).
   * @default false
   */
  detailedExitCode: boolean;
  /**
   * `--strict`: exit 3 when the plan reports a problem that counts (report/strict-verdict.ts).
   * @default false
   */
  strict: boolean;
  /**
   * `--strict-ignore`: finding kinds `--strict` lets pass.
   * @default []
   */
  strictIgnore: StrictFindingKind[];
  /** How to reach AWS when `zonesFile` is `aws` (and for `apply`). */
  aws: AwsSettings;
  /**
   * `--timeout`: the whole run is abandoned, exit 1, after this long (cli/run-deadline.ts).
   * @default the `timeout` option's (cli/options/table.ts)
   */
  timeoutMs: number;
  /**
   * `apply --dry-run`: print the plan, write nothing.
   * @default false
   */
  dryRun: boolean;
}

/**
 * Validate `plan`'s (or `apply`'s) flags once, reporting every problem at once, each worded like
 * p-queue's option errors: ``Expected `--default-weight` to be an integer from 0 to 255, got `x` ``.
 */
export function parsePlanFlags(
  raw: RawPlanFlags,
  env: Env = {},
  command: "plan" | "apply" = "plan",
): Result<PlanOptions, string[]> {
  const problems: string[] = [];
  // An offline plan never reaches AWS: the environment's AWS settings must not fail it.
  const zones = raw.zones ?? (command === "apply" ? OPTIONS.applyZones.default : undefined);
  const v = readOptions(command, raw, zones === "aws" ? env : {}, problems);
  const manifests = v.filename;
  if (manifests.filter((m) => m === "-").length > 1) problems.push("Expected `-f -` (stdin) at most once");
  const planner = plannerFrom(v, problems);
  const aws = awsSettingsFrom(v, problems, v.clusterName);
  if (problems.length > 0 || !planner) return err(problems);
  return ok({
    manifests,
    zonesFile: (command === "apply" ? v.applyZones : v.zones) ?? "",
    planner,
    output: v.output,
    detailedExitCode: v.detailedExitcode === true,
    strict: v.strict === true,
    strictIgnore: [...(v.strictIgnore ?? [])],
    aws,
    timeoutMs: v.timeout,
    dryRun: v.dryRun === true,
  });
}

/** The options a planner config is made of; the planning ones are absent for `drain`. */
export type PlannerValues = Pick<OptionValues<"drain">, "clusterName" | "ownerId" | ZoneFilterId> &
  Partial<
    Pick<
      OptionValues<"plan">,
      | "defaultRoutingPolicy"
      | "defaultWeight"
      | "policy"
      | "maxDeletions"
      | "splitHorizon"
      | "clusterHealthCheck"
    >
  > &
  AdoptionValues;

type ZoneFilterId = "domainFilter" | "excludeDomain" | "zoneType" | "zoneId" | "zoneTags";

/** Combine the planner options' values (already read and validated) into a planner config. */
export function plannerFrom(v: PlannerValues, problems: string[]): PlannerConfig | undefined {
  const adoption = adoptionFrom(v, problems);
  if (problems.length > 0 || v.clusterName === undefined) return undefined;
  return {
    ...defaultPlannerConfig(v.clusterName),
    ownerId: v.ownerId ?? v.clusterName,
    zoneFilter: zoneFilterFrom(v),
    ...(v.defaultRoutingPolicy ? { defaultRoutingPolicy: v.defaultRoutingPolicy } : {}),
    ...(v.defaultWeight !== undefined ? { defaultWeight: v.defaultWeight } : {}),
    ...(v.policy ? { policy: v.policy } : {}),
    ...(v.maxDeletions ? { maxDeletions: { ...v.maxDeletions } } : {}),
    ...(adoption ? { adoptExternalDns: adoption } : {}),
    ...(v.clusterHealthCheck ? { clusterHealthCheck: v.clusterHealthCheck } : {}),
  };
}

/**
 * The hosted zones and names route53-gslb manages. Every command that reads zones selects them with
 * the same options, so `status` shows exactly the names `plan` and the controller would manage.
 */
export function zoneFilterFrom(
  v: Pick<OptionValues<CommandName>, ZoneFilterId> & { splitHorizon?: boolean | undefined },
): ZoneFilter {
  return {
    domainFilter: v.domainFilter,
    excludeDomains: v.excludeDomain,
    zoneType: v.zoneType,
    zoneIds: v.zoneId,
    zoneTags: v.zoneTags,
    // Only the commands that place names take it; `status` and `drain` read what is there.
    splitHorizon: v.splitHorizon === true,
  };
}
