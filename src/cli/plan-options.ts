import type { ChangePolicy, MaxDeletions, PlannerConfig, ZoneFilter } from "../config/config.js";
import { defaultPlannerConfig } from "../config/config.js";
import { normalizeHostname } from "../model/hostname.js";
import { err, ok, type Result } from "../model/result.js";
import { WRITABLE_POLICY_KINDS, type WritablePolicyKind } from "../model/routing-policy.js";
import { bareZoneId } from "../model/zone.js";
import { type AwsSettings, parseAwsFlags, type RawAwsFlags } from "./aws-options.js";
import { durationFlagReader } from "./duration-flags.js";
import { DEFAULT_RUN_TIMEOUT_MS } from "./run-deadline.js";

/** Output formats of `plan`. */
export const OUTPUT_FORMATS = ["text", "json", "markdown"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const ZONE_TYPES = ["public", "private", "any"] as const;
const CHANGE_POLICIES: readonly ChangePolicy[] = ["sync", "upsert-only", "create-only"];

/** `plan`'s flags as commander hands them over: strings, unvalidated. */
export interface RawPlanFlags extends RawAwsFlags {
  filename?: string[];
  zones?: string;
  clusterName?: string;
  ownerId?: string;
  domainFilter?: string[];
  excludeDomain?: string[];
  zoneType?: string;
  zoneId?: string[];
  defaultRoutingPolicy?: string;
  defaultWeight?: string;
  policy?: string;
  maxDeletions?: string;
  output?: string;
  detailedExitcode?: boolean;
  timeout?: string;
  /** `apply` only. */
  dryRun?: boolean;
}

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
  /** How to reach AWS when `zonesFile` is `aws` (and for `apply`). */
  aws: AwsSettings;
  /**
   * `--timeout`: the whole run is abandoned, exit 1, after this long (cli/run-deadline.ts).
   * @default 600000
   */
  timeoutMs: number;
  /**
   * `apply --dry-run`: print the plan, write nothing.
   * @default false
   */
  dryRun: boolean;
}

/**
 * Cluster names and owner ids end up as Route 53 `SetIdentifier`s (1–128 characters) and inside the
 * ownership TXT value (`owner=<id>,set-identifier=…`), so they may not hold commas, `=`, quotes or
 * spaces; this conservative alphabet keeps both safe.
 */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const IDENTIFIER_ACCEPTS = "1 to 128 letters, digits, `.`, `_`, `:` or `-`, starting with a letter or digit";

/**
 * Validate `plan`'s flags once, reporting every problem at once, each worded like p-queue's option
 * errors: ``Expected `--default-weight` to be an integer from 0 to 255, got `x` ``.
 */
export function parsePlanFlags(
  raw: RawPlanFlags,
  env: Record<string, string | undefined> = {},
): Result<PlanOptions, string[]> {
  const problems: string[] = [];
  const expected = expectedIn(problems);

  const manifests = raw.filename ?? [];
  if (manifests.length === 0) {
    problems.push(
      "Expected `-f, --filename` to name a manifest file, a directory or `-` (stdin), got nothing",
    );
  }
  for (const m of manifests) if (m.trim() === "") expected("-f, --filename", "a file, a directory or `-`", m);
  if (manifests.filter((m) => m === "-").length > 1) problems.push("Expected `-f -` (stdin) at most once");

  const zonesFile = raw.zones ?? "";
  if (zonesFile === "") {
    expected("--zones", "`aws` or a snapshot file (.json, .yaml or .yml)", raw.zones);
  } else if (zonesFile === "-") {
    problems.push("Expected `--zones` to be a snapshot file, got `-`: stdin is reserved for `-f -`");
  }

  const planner = parsePlannerFlags(raw, problems);

  const output = raw.output ?? "text";
  if (!isOneOf(OUTPUT_FORMATS, output)) expected("--output", oneOf(OUTPUT_FORMATS), raw.output);

  // An offline plan never reaches AWS: the environment's AWS settings must not fail it.
  const aws = parseAwsFlags(raw, zonesFile === "aws" ? env : {}, problems);
  const timeoutMs = durationFlagReader(problems)("--timeout", raw.timeout, DEFAULT_RUN_TIMEOUT_MS);

  if (problems.length > 0 || !planner) return err(problems);

  return ok({
    manifests,
    zonesFile,
    planner,
    output: output as OutputFormat,
    detailedExitCode: raw.detailedExitcode === true,
    aws,
    timeoutMs,
    dryRun: raw.dryRun === true,
  });
}

/** The planner settings' flags as commander hands them over (shared by plan, apply and controller). */
export type RawPlannerFlags = Pick<
  RawPlanFlags,
  | "clusterName"
  | "ownerId"
  | "domainFilter"
  | "excludeDomain"
  | "zoneType"
  | "zoneId"
  | "defaultRoutingPolicy"
  | "defaultWeight"
  | "policy"
  | "maxDeletions"
>;

/** Validate the planner flags, appending every problem to `problems`; undefined when there were any. */
export function parsePlannerFlags(raw: RawPlannerFlags, problems: string[]): PlannerConfig | undefined {
  const before = problems.length;
  const expected = expectedIn(problems);
  const clusterName = raw.clusterName ?? "";
  if (!IDENTIFIER.test(clusterName)) expected("--cluster-name", IDENTIFIER_ACCEPTS, raw.clusterName);
  const ownerId = raw.ownerId ?? clusterName;
  if (raw.ownerId !== undefined && !IDENTIFIER.test(raw.ownerId)) {
    expected("--owner-id", IDENTIFIER_ACCEPTS, raw.ownerId);
  }

  const zoneFilter = parseZoneFilterFlags(raw, problems);

  const defaultPolicy = raw.defaultRoutingPolicy ?? "weighted";
  if (!isOneOf(WRITABLE_POLICY_KINDS, defaultPolicy)) {
    expected("--default-routing-policy", oneOf(WRITABLE_POLICY_KINDS), raw.defaultRoutingPolicy);
  }

  const weight = raw.defaultWeight === undefined ? 100 : parseInteger(raw.defaultWeight);
  if (weight === undefined || weight < 0 || weight > 255) {
    expected("--default-weight", "an integer from 0 to 255", raw.defaultWeight);
  }

  const policy = raw.policy ?? "sync";
  if (!isOneOf(CHANGE_POLICIES, policy)) expected("--policy", oneOf(CHANGE_POLICIES), raw.policy);

  const maxDeletions = raw.maxDeletions === undefined ? undefined : parseMaxDeletions(raw.maxDeletions);
  if (raw.maxDeletions !== undefined && maxDeletions === undefined) {
    expected(
      "--max-deletions",
      "a count such as `10` or a percentage from 0% to 100% such as `50%`",
      raw.maxDeletions,
    );
  }

  if (problems.length > before) return undefined;
  const planner = defaultPlannerConfig(clusterName);
  planner.ownerId = ownerId;
  planner.zoneFilter = zoneFilter;
  planner.defaultRoutingPolicy = defaultPolicy as WritablePolicyKind;
  planner.defaultWeight = weight as number;
  planner.policy = policy as ChangePolicy;
  if (maxDeletions) planner.maxDeletions = maxDeletions;
  return planner;
}

/** The zone-filter flags as commander hands them over (shared by plan, apply, controller and status). */
export type RawZoneFilterFlags = Pick<RawPlanFlags, "domainFilter" | "excludeDomain" | "zoneType" | "zoneId">;

/**
 * Validate the flags that select the hosted zones and names route53-gslb manages, appending every
 * problem to `problems`. Every command that reads zones selects them the same way, so `status` shows
 * exactly the names `plan` and the controller would manage with the same flags.
 */
export function parseZoneFilterFlags(raw: RawZoneFilterFlags, problems: string[]): ZoneFilter {
  const expected = expectedIn(problems);
  const domains = (flag: string, values: string[] | undefined): string[] => {
    const out: string[] = [];
    for (const value of values ?? []) {
      // external-dns users write `.example.com` for "below example.com"; the filter means that anyway.
      const name = normalizeHostname(value.trim().replace(/^\.(?=[^.])/, ""));
      if (name.ok && !name.value.startsWith("*.")) out.push(name.value);
      else expected(flag, "a domain name such as `example.com`", value);
    }
    return out;
  };
  const domainFilter = domains("--domain-filter", raw.domainFilter);
  const excludeDomains = domains("--exclude-domain", raw.excludeDomain);

  const zoneType = raw.zoneType ?? "any";
  if (!isOneOf(ZONE_TYPES, zoneType)) expected("--zone-type", oneOf(ZONE_TYPES), raw.zoneType);

  const zoneIds: string[] = [];
  for (const value of raw.zoneId ?? []) {
    const id = bareZoneId(value.trim());
    if (/^[A-Z0-9]{1,32}$/.test(id)) zoneIds.push(id);
    else
      expected(
        "--zone-id",
        "a hosted zone id such as `Z0123456789ABC` or `/hostedzone/Z0123456789ABC`",
        value,
      );
  }

  return {
    domainFilter,
    excludeDomains,
    zoneType: isOneOf(ZONE_TYPES, zoneType) ? zoneType : "any",
    zoneIds,
  };
}

/**
 * A collector of ``Expected `--flag` to be …, got `x` `` problems, p-queue's wording, so that every
 * command's flag errors read alike.
 */
export function expectedIn(
  problems: string[],
): (flag: string, what: string, got: string | undefined) => void {
  return (flag, what, got) => {
    problems.push(
      got === undefined
        ? `Expected \`${flag}\` to be ${what}, got nothing`
        : `Expected \`${flag}\` to be ${what}, got \`${got}\``,
    );
  };
}

/** A non-negative decimal integer, or undefined (no signs, no exponents, no `1.0`). */
function parseInteger(text: string): number | undefined {
  const t = text.trim();
  if (!/^[0-9]{1,9}$/.test(t)) return undefined;
  return Number(t);
}

/** `N` (a count) or `N%` (a percentage of owned records, 0–100). */
export function parseMaxDeletions(text: string): MaxDeletions | undefined {
  const t = text.trim();
  if (t.endsWith("%")) {
    const value = parseInteger(t.slice(0, -1));
    return value === undefined || value > 100 ? undefined : { kind: "percent", value };
  }
  const value = parseInteger(t);
  return value === undefined ? undefined : { kind: "count", value };
}

export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** "one of `a`, `b` or `c`" */
export function oneOf(values: readonly string[]): string {
  const quoted = values.map((v) => `\`${v}\``);
  return `one of ${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}
