import type { ZoneFilter } from "../config/config.js";
import { normalizeHostname } from "../model/hostname.js";
import { err, ok, type Result } from "../model/result.js";
import { type AwsSettings, parseAwsFlags, type RawAwsFlags } from "./aws-options.js";
import { durationFlagReader } from "./duration-flags.js";
import { expectedIn, isOneOf, oneOf, parseZoneFilterFlags, type RawZoneFilterFlags } from "./plan-options.js";
import { DEFAULT_RUN_TIMEOUT_MS } from "./run-deadline.js";

/** Output formats of `status`. */
export const STATUS_OUTPUT_FORMATS = ["text", "json"] as const;
export type StatusOutputFormat = (typeof STATUS_OUTPUT_FORMATS)[number];

/** `status`'s flags as commander hands them over: strings, unvalidated. */
export interface RawStatusFlags extends RawZoneFilterFlags, RawAwsFlags {
  hostname?: string[];
  output?: string;
  timeout?: string;
}

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
   * @default 600000
   */
  timeoutMs: number;
}

/**
 * Validate `status`'s flags once, reporting every problem at once, worded like `plan`'s:
 * ``Expected `--output` to be one of `text` or `json`, got `yaml` ``.
 */
export function parseStatusFlags(
  raw: RawStatusFlags,
  env: Record<string, string | undefined> = {},
): Result<StatusOptions, string[]> {
  const problems: string[] = [];
  const expected = expectedIn(problems);

  const hostnames: string[] = [];
  for (const value of raw.hostname ?? []) {
    // The model's spelling, so `App.Example.COM` and `app.example.com.` find the same name.
    const name = normalizeHostname(value);
    if (name.ok) hostnames.push(name.value);
    else expected("--hostname", "a DNS name such as `app.example.com`", value);
  }

  const zoneFilter = parseZoneFilterFlags(raw, problems);

  const output = raw.output ?? "text";
  if (!isOneOf(STATUS_OUTPUT_FORMATS, output)) expected("--output", oneOf(STATUS_OUTPUT_FORMATS), raw.output);

  const aws = parseAwsFlags(raw, env, problems);
  const timeoutMs = durationFlagReader(problems)("--timeout", raw.timeout, DEFAULT_RUN_TIMEOUT_MS);

  if (problems.length > 0) return err(problems);
  return ok({ hostnames, zoneFilter, output: output as StatusOutputFormat, aws, timeoutMs });
}
