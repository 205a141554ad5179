import type { AssumeRoleSettings, AwsSettings } from "../aws/clients.js";
import type { RequestDeadlines } from "../aws/deadline-handler.js";
import type { RateLimitConfig } from "../aws/rate-limiter.js";
import { DEFAULT_RATE_LIMIT_CONFIG } from "../aws/rate-limiter.js";
import { type Env, readOptions } from "./options/read.js";
import type { AwsCommandName } from "./options/spec.js";
import type { OptionValues, RawFlags } from "./options/table.js";

// The settings live with the clients they build (aws/clients.ts); the CLI only parses them.
export type { AwsSettings } from "../aws/clients.js";

/** AWS flags as commander hands them over: every command takes them alike. */
export type RawAwsFlags = Pick<RawFlags<"status">, AwsId>;

type AwsId =
  | "awsEndpoint"
  | "awsRegion"
  | "awsConnectTimeout"
  | "awsRequestTimeout"
  | "awsRate"
  | "awsBurst"
  | "awsChangeRate"
  | "awsChangeBurst"
  | "awsHealthCheckRate"
  | "awsAssumeRole"
  | "awsAssumeRoleExternalId";

/** The AWS options once read (options/table.ts), as every command's values hold them. */
export type AwsValues = Pick<OptionValues<AwsCommandName>, AwsId>;

/**
 * The AWS flags alone, read and validated the way every command reads them (`env` is the process
 * environment: `AWS_ENDPOINT_URL`, `AWS_REGION`); problems are appended to `problems`.
 */
export function parseAwsFlags(raw: RawAwsFlags, env: Env, problems: string[]): AwsSettings {
  return awsSettingsFrom(readOptions("status", raw, env, problems), problems);
}

/**
 * Combine the AWS options' values into the settings; checks what spans two flags. `clusterName` names
 * the assumed role's session (`route53-gslb-<cluster>`, what CloudTrail shows in the DNS account).
 */
export function awsSettingsFrom(v: AwsValues, problems: string[], clusterName?: string): AwsSettings {
  const rateLimits: RateLimitConfig = {
    ...DEFAULT_RATE_LIMIT_CONFIG,
    requestRate: v.awsRate,
    requestBurst: v.awsBurst,
    changeRate: v.awsChangeRate,
    changeBurst: v.awsChangeBurst,
    healthCheckCreateRate: v.awsHealthCheckRate,
  };
  const timeouts: RequestDeadlines = { connectMs: v.awsConnectTimeout, requestMs: v.awsRequestTimeout };
  // The request deadline counts from the start, connecting included: a longer connect timeout never fires.
  if (timeouts.connectMs > timeouts.requestMs) {
    problems.push("Expected `--aws-connect-timeout` to be at most `--aws-request-timeout`");
  }
  if (v.awsAssumeRoleExternalId !== undefined && v.awsAssumeRole === undefined) {
    problems.push("Expected `--aws-assume-role` with `--aws-assume-role-external-id`, got no role");
  }
  const assumeRole: AssumeRoleSettings | undefined = v.awsAssumeRole
    ? {
        roleArn: v.awsAssumeRole,
        sessionName: sessionName(clusterName),
        ...(v.awsAssumeRoleExternalId === undefined ? {} : { externalId: v.awsAssumeRoleExternalId }),
      }
    : undefined;
  return {
    ...(v.awsEndpoint ? { endpoint: v.awsEndpoint } : {}),
    region: v.awsRegion,
    rateLimits,
    timeouts,
    ...(assumeRole ? { assumeRole } : {}),
  };
}

/** `route53-gslb-<cluster>`, within STS's RoleSessionName rules (2-64 of `[\w+=,.@-]`). */
export function sessionName(clusterName: string | undefined): string {
  const name = clusterName ? `route53-gslb-${clusterName.replace(/[^\w+=,.@-]/g, "-")}` : "route53-gslb";
  return name.slice(0, 64);
}
