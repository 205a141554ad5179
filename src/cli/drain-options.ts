import type { PlannerConfig } from "../config/config.js";
import { err, ok, type Result } from "../model/result.js";
import { type AwsSettings, parseAwsFlags, type RawAwsFlags } from "./aws-options.js";
import {
  expectedIn,
  isOneOf,
  OUTPUT_FORMATS,
  type OutputFormat,
  oneOf,
  parsePlannerFlags,
  type RawPlannerFlags,
} from "./plan-options.js";

/** `drain` / `undrain` flags as commander hands them over. */
export interface RawDrainFlags
  extends RawAwsFlags,
    Pick<
      RawPlannerFlags,
      "clusterName" | "ownerId" | "domainFilter" | "excludeDomain" | "zoneType" | "zoneId"
    > {
  output?: string;
  dryRun?: boolean;
}

/** `drain` / `undrain` settings once validated. */
export interface DrainOptions {
  /** Who is drained (owner id) and which zones and names are in scope; the rest is unused. */
  planner: PlannerConfig;
  output: OutputFormat;
  aws: AwsSettings;
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
  if (problems.length > 0 || !planner) return err(problems);
  return ok({ planner, output: output as OutputFormat, aws, dryRun: raw.dryRun === true });
}
