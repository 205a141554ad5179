import type { PlannerConfig } from "../config/config.js";
import { err, ok, type Result } from "../model/result.js";
import { type AwsSettings, awsSettingsFrom } from "./aws-options.js";
import { type Env, readOptions } from "./options/read.js";
import type { RawFlags } from "./options/table.js";
import { type OutputFormat, plannerFrom } from "./plan-options.js";

/** `drain` / `undrain` flags as commander hands them over. */
export type RawDrainFlags = RawFlags<"drain">;

/** `drain` / `undrain` settings once validated. */
export interface DrainOptions {
  /** Who is drained (owner id) and which zones and names are in scope; the rest is unused. */
  planner: PlannerConfig;
  output: OutputFormat;
  aws: AwsSettings;
  /**
   * `--timeout`: the whole run is abandoned, exit 1, after this long (cli/run-deadline.ts).
   * @default the `timeout` option's (cli/options/table.ts)
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
  env: Env = {},
  command: "drain" | "undrain" = "drain",
): Result<DrainOptions, string[]> {
  const problems: string[] = [];
  const v = readOptions(command, raw, env, problems);
  const planner = plannerFrom(v, problems);
  const aws = awsSettingsFrom(v, problems, v.clusterName);
  if (problems.length > 0 || !planner) return err(problems);
  return ok({ planner, output: v.output, aws, timeoutMs: v.timeout, dryRun: v.dryRun });
}
