import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { Route53Client } from "@aws-sdk/client-route-53";
import { type DeadlineHandlerHooks, DeadlineHttpHandler, type RequestDeadlines } from "./deadline-handler.js";
import type { RateLimitConfig } from "./rate-limiter.js";

/** How the process reaches AWS. Credentials always come from the SDK's standard chain. */
export interface AwsSettings {
  /** One endpoint for every AWS client (an emulator such as moto or LocalStack); unset for AWS itself. */
  endpoint?: string;
  /**
   * Region of the Route 53 client (Route 53 is global; its API lives in us-east-1). ELBv2 clients use
   * the region each load balancer's DNS name names.
   * @default AWS_REGION, else "us-east-1"
   */
  region: string;
  /** The shared limiter's figures (DESIGN.md: defaults of AWS's reported quotas, lowered to share). */
  rateLimits: RateLimitConfig;
  /**
   * Deadlines of every AWS request attempt (`--aws-connect-timeout`, `--aws-request-timeout`). A
   * timed-out attempt is retried like any transient error, at most `maxTimeoutAttempts` times in all
   * (aws/retries.ts), so a silent endpoint fails a call within about a minute.
   * @default DEFAULT_REQUEST_DEADLINES (5s, 15s)
   */
  timeouts: RequestDeadlines;
}

/** The SDK clients of one process: one Route 53 client, and an ELBv2 client per region on demand. */
export interface AwsClients {
  route53: Route53Client;
  /** A new ELBv2 client for `region` (targets/load-balancers.ts keeps one per region). */
  elbV2For(region: string): ElasticLoadBalancingV2Client;
}

/**
 * Build the real clients. Credentials come from the SDK's standard chain (environment, profile, IRSA
 * web identity). The SDK's own retries are off (`maxAttempts: 1`): our retries and the one shared
 * limiter pace every call, so SDK retries would only go around them. Every request has the deadlines
 * of `settings.timeouts` (aws/deadline-handler.ts); `hooks.signal` aborts them all, and `hooks.onAnswer`
 * hears of every answer.
 */
export function createAwsClients(settings: AwsSettings, hooks: DeadlineHandlerHooks = {}): AwsClients {
  // One handler per client: a client may reconfigure its handler, and destroys it with itself.
  const clientConfig = () => ({
    maxAttempts: 1,
    requestHandler: new DeadlineHttpHandler(settings.timeouts, hooks),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  });
  return {
    route53: new Route53Client({ region: settings.region, ...clientConfig() }),
    elbV2For: (region) => new ElasticLoadBalancingV2Client({ region, ...clientConfig() }),
  };
}
