import type { AwsSettings } from "../aws/clients.js";
import { DEFAULT_REQUEST_DEADLINES, type RequestDeadlines } from "../aws/deadline-handler.js";
import type { RateLimitConfig } from "../aws/rate-limiter.js";
import { DEFAULT_RATE_LIMIT_CONFIG } from "../aws/rate-limiter.js";
import { durationFlagReader } from "./duration-flags.js";

// The settings live with the clients they build (aws/clients.ts); the CLI only parses them.
export type { AwsSettings } from "../aws/clients.js";

/** AWS flags as commander hands them over. */
export interface RawAwsFlags {
  awsEndpoint?: string;
  awsRegion?: string;
  awsRate?: string;
  awsBurst?: string;
  awsChangeRate?: string;
  awsChangeBurst?: string;
  awsHealthCheckRate?: string;
  awsConnectTimeout?: string;
  awsRequestTimeout?: string;
}

/** The AWS flags, their help text and the limiter field each one sets. */
export const AWS_RATE_FLAGS = [
  {
    flag: "--aws-rate",
    key: "awsRate",
    field: "requestRate",
    help: "Route 53 requests per second for this process",
  },
  { flag: "--aws-burst", key: "awsBurst", field: "requestBurst", help: "Route 53 request burst" },
  {
    flag: "--aws-change-rate",
    key: "awsChangeRate",
    field: "changeRate",
    help: "record changes per second (UPSERT counts 2)",
  },
  { flag: "--aws-change-burst", key: "awsChangeBurst", field: "changeBurst", help: "record change burst" },
  {
    flag: "--aws-health-check-rate",
    key: "awsHealthCheckRate",
    field: "healthCheckCreateRate",
    help: "CreateHealthCheck calls per second",
  },
] as const;

/** Validate the AWS flags; `env` is the process environment (read only by the CLI). */
export function parseAwsFlags(
  raw: RawAwsFlags,
  env: Record<string, string | undefined>,
  problems: string[],
): AwsSettings {
  const rateLimits: RateLimitConfig = { ...DEFAULT_RATE_LIMIT_CONFIG };
  for (const { flag, key, field } of AWS_RATE_FLAGS) {
    const value = raw[key];
    if (value === undefined) continue;
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n <= 0) {
      problems.push(`Expected \`${flag}\` to be a number above 0, got \`${value}\``);
    } else {
      rateLimits[field] = n;
    }
  }
  const endpoint = raw.awsEndpoint ?? env.AWS_ENDPOINT_URL;
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    problems.push(
      `Expected \`--aws-endpoint\` to be an http(s) URL such as \`http://127.0.0.1:5000\`, got \`${endpoint}\``,
    );
  }
  const region = raw.awsRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
  if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(region)) {
    problems.push(`Expected \`--aws-region\` to be an AWS region such as \`us-east-1\`, got \`${region}\``);
  }
  const duration = durationFlagReader(problems);
  const timeouts: RequestDeadlines = {
    connectMs: duration("--aws-connect-timeout", raw.awsConnectTimeout, DEFAULT_REQUEST_DEADLINES.connectMs),
    requestMs: duration("--aws-request-timeout", raw.awsRequestTimeout, DEFAULT_REQUEST_DEADLINES.requestMs),
  };
  // The request deadline counts from the start, connecting included: a longer connect timeout never fires.
  if (timeouts.connectMs > timeouts.requestMs) {
    problems.push("Expected `--aws-connect-timeout` to be at most `--aws-request-timeout`");
  }
  return { ...(endpoint ? { endpoint } : {}), region, rateLimits, timeouts };
}
