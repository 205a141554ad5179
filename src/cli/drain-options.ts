import type { PlannerConfig } from "../config/config.js";
import { err, ok, type Result } from "../model/result.js";
import { type AwsSettings, parseAwsFlags, type RawAwsFlags } from "./aws-options.js";
import { durationFlagReader } from "./duration-flags.js";
import {
  expectedIn,
  isOneOf,
  OUTPUT_FORMATS,
  type OutputFormat,
  oneOf,
  parsePlannerFlags,
  type RawPlannerFlags,
} from "./plan-options.js";
import { DEFAULT_RUN_TIMEOUT_MS } from "./run-deadline.js";

/** `drain` / `undrain` flags as commander hands them over. */
export interface RawDrainFlags
  extends RawAwsFlags,
    Pick<
      RawPlannerFlags,
      "clusterName" | "ownerId" | "domainFilter" | "excludeDomain" | "zoneType" | "zoneId"
    > {
  output?: string;
  dryRun?: boolean;
  timeout?: string;
}

/** `drain` / `undrain` settings once validated. */
export interface DrainOptions {
  /** Who is drained (owner id) and which zones and names are in scope; the rest is unused. */
  planner: PlannerConfig;
  output: OutputFormat;
  aws: AwsSettings;
  /**
   * `--timeout`: the whole run is abandoned, exit 1, after this long (cli/run-deadline.ts).
   * @default 600000
   */
  timeoutMs: number;
  /**
   * Print what would change; write nothing.
   * @default false
   */
  dryRun: boolean;
}

/** Validate the flags with the same rules and wording as `plan`'s, every problem at once. */
export function parseDrainFlags(
  raw: RawDrainFlags,
  env: Record<string, string | undefined> = {},
): Result<DrainOptions, string[]> {
  const problems: string[] = [];
  const planner = parsePlannerFlags(raw, problems);
  const output = raw.output ?? "text";
  if (!isOneOf(OUTPUT_FORMATS, output)) expectedIn(problems)("--output", oneOf(OUTPUT_FORMATS), raw.output);
  const aws = parseAwsFlags(raw, env, problems);
  const timeoutMs = durationFlagReader(problems)("--timeout", raw.timeout, DEFAULT_RUN_TIMEOUT_MS);
  if (problems.length > 0 || !planner) return err(problems);
  return ok({ planner, output: output as OutputFormat, aws, timeoutMs, dryRun: raw.dryRun === true });
}
