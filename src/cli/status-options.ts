import type { ZoneFilter } from "../config/config.js";
import { err, ok, type Result } from "../model/result.js";
import { type AwsSettings, awsSettingsFrom } from "./aws-options.js";
import { type Env, readOptions } from "./options/read.js";
import { type RawFlags, STATUS_OUTPUT_FORMATS } from "./options/table.js";
import { zoneFilterFrom } from "./plan-options.js";

export { STATUS_OUTPUT_FORMATS };
/** Output formats of `status`. */
export type StatusOutputFormat = (typeof STATUS_OUTPUT_FORMATS)[number];

/** `status`'s flags as commander hands them over: strings, unvalidated. */
export type RawStatusFlags = RawFlags<"status">;

/** `status`'s settings once validated. */
export interface StatusOptions {
  /**
   * Names to show, normalised (lowercase, absolute, punycode). Empty shows every managed name.
   * @default []
   */
  hostnames: string[];
  /** Which zones and names are managed: the same flags, with the same meaning, as `plan`'s. */
  zoneFilter: ZoneFilter;
  /** @default "text" */
  output: StatusOutputFormat;
  aws: AwsSettings;
  /**
   * `--timeout`: the whole run is abandoned, exit 1, after this long (cli/run-deadline.ts).
   * @default the `timeout` option's (cli/options/table.ts)
   */
  timeoutMs: number;
}

/**
 * Validate `status`'s flags once, reporting every problem at once, worded like `plan`'s:
 * ``Expected `--output` to be one of `text` or `json`, got `yaml` ``.
 */
export function parseStatusFlags(raw: RawStatusFlags, env: Env = {}): Result<StatusOptions, string[]> {
  const problems: string[] = [];
  const v = readOptions("status", raw, env, problems);
  const zoneFilter = zoneFilterFrom(v);
  const aws = awsSettingsFrom(v, problems);
  if (problems.length > 0) return err(problems);
  return ok({ hostnames: v.hostname, zoneFilter, output: v.statusOutput, aws, timeoutMs: v.timeout });
}
