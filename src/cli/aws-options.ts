import type { RateLimitConfig } from "../apply/rate-limiter.js";
import { DEFAULT_RATE_LIMIT_CONFIG } from "../apply/rate-limiter.js";
import type { RequestDeadlines } from "../route53/deadline-handler.js";
import { type Env, readOptions } from "./options/read.js";
import type { CommandName } from "./options/spec.js";
import type { OptionValues, RawFlags } from "./options/table.js";

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
  | "awsHealthCheckRate";

/** The AWS options once read (options/table.ts), as every command's values hold them. */
export type AwsValues = Pick<OptionValues<CommandName>, AwsId>;

/** How the CLI reaches AWS. Credentials always come from the SDK's standard chain. */
export interface AwsSettings {
  /** One endpoint for every AWS client (an emulator such as moto or LocalStack); unset for AWS itself. */
  endpoint?: string;
  /**
   * Region of the Route 53 client (Route 53 is global; its API lives in us-east-1). ELBv2 clients use
   * the region each load balancer's DNS name names.
   * @default AWS_REGION, else AWS_DEFAULT_REGION, else "us-east-1" (the `--aws-region` option)
   */
  region: string;
  /** The shared limiter's figures (DESIGN.md: defaults of AWS's reported quotas, lowered to share). */
  rateLimits: RateLimitConfig;
  /**
   * Deadlines of every AWS request attempt (`--aws-connect-timeout`, `--aws-request-timeout`). A
   * timed-out attempt is retried like any transient error, at most `maxTimeoutAttempts` times in all
   * (route53/retries.ts), so a silent endpoint fails a call within about a minute.
   * @default DEFAULT_REQUEST_DEADLINES
   */
  timeouts: RequestDeadlines;
}

/**
 * The AWS flags alone, read and validated the way every command reads them (`env` is the process
 * environment: `AWS_ENDPOINT_URL`, `AWS_REGION`); problems are appended to `problems`.
 */
export function parseAwsFlags(raw: RawAwsFlags, env: Env, problems: string[]): AwsSettings {
  return awsSettingsFrom(readOptions("status", raw, env, problems), problems);
}

/** Combine the AWS options' values into the settings; checks what spans two flags. */
export function awsSettingsFrom(v: AwsValues, problems: string[]): AwsSettings {
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
  return { ...(v.awsEndpoint ? { endpoint: v.awsEndpoint } : {}), region: v.awsRegion, rateLimits, timeouts };
}
