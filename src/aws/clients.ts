import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { Route53Client } from "@aws-sdk/client-route-53";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { type DeadlineHandlerHooks, DeadlineHttpHandler, type RequestDeadlines } from "./deadline-handler.js";
import type { RateLimitConfig } from "./rate-limiter.js";

/**
 * A role Route 53 calls are made with (`--aws-assume-role`): the hosted zones live in another account
 * (a central DNS account), so the pod's own identity assumes this role through STS AssumeRole.
 */
export interface AssumeRoleSettings {
  /** The role's ARN, `arn:aws:iam::<dns-account>:role/<name>`. */
  roleArn: string;
  /** The `sts:ExternalId` the role's trust policy requires (`--aws-assume-role-external-id`). */
  externalId?: string;
  /** The session name CloudTrail shows in the DNS account: `route53-gslb-<cluster>`. */
  sessionName: string;
}

/** How the process reaches AWS. Credentials come from the SDK's standard chain, then optionally a role. */
export interface AwsSettings {
  /** One endpoint for every AWS client, STS included (an emulator such as moto or LocalStack); unset for AWS itself. */
  endpoint?: string;
  /**
   * Region of the Route 53 client (Route 53 is global; its API lives in us-east-1) and of STS. ELBv2
   * clients use the region each load balancer's DNS name names.
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
  /**
   * The role Route 53 calls assume (`--aws-assume-role`); ELBv2 lookups keep the pod's own identity,
   * because the load balancers live in the cluster's account.
   * @default undefined: Route 53 calls use the pod's own identity too
   */
  assumeRole?: AssumeRoleSettings;
}

/** The SDK clients of one process: one Route 53 client, and an ELBv2 client per region on demand. */
export interface AwsClients {
  route53: Route53Client;
  /** A new ELBv2 client for `region` (targets/load-balancers.ts keeps one per region). */
  elbV2For(region: string): ElasticLoadBalancingV2Client;
}

/** A source of credentials, as the SDK's clients take it. */
type CredentialProvider = ReturnType<typeof fromNodeProviderChain>;

/** How long assumed-role credentials last; the clients refresh them 5 minutes before they expire. */
const ASSUMED_ROLE_SECONDS = 3600;

/**
 * Build the real clients. Credentials come from the SDK's standard chain (environment, profile, IRSA
 * web identity through STS AssumeRoleWithWebIdentity, EKS Pod Identity's container endpoint), built
 * here so that the STS client the chain uses goes to `settings.endpoint` with our deadlines. With
 * `settings.assumeRole`, Route 53 calls use that role's credentials (STS AssumeRole, made with the
 * chain's credentials); the SDK client memoizes them and assumes the role again 5 minutes before
 * they expire.
 *
 * The SDK's own retries are off (`maxAttempts: 1`): our retries and the one shared limiter pace every
 * call, so SDK retries would only go around them. Every request has the deadlines of
 * `settings.timeouts` (aws/deadline-handler.ts); `hooks.signal` aborts them all, and `hooks.onAnswer`
 * hears of every answer.
 */
export function createAwsClients(settings: AwsSettings, hooks: DeadlineHandlerHooks = {}): AwsClients {
  // One handler per client: a client may reconfigure its handler, and destroys it with itself.
  const clientConfig = () => ({
    maxAttempts: 1,
    requestHandler: new DeadlineHttpHandler(settings.timeouts, hooks),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  });
  // STS (web identity, assume role) is reached like every other service. A failed credential call
  // fails the AWS call that needed it, which our retries repeat (maxAttempts 1 here too).
  const stsConfig = () => ({ region: settings.region, ...clientConfig() });
  const own: CredentialProvider = fromNodeProviderChain({ clientConfig: stsConfig() });
  return {
    route53: new Route53Client({
      region: settings.region,
      credentials: settings.assumeRole ? assumedRole(settings.assumeRole, own, stsConfig()) : own,
      ...clientConfig(),
    }),
    elbV2For: (region) => new ElasticLoadBalancingV2Client({ region, credentials: own, ...clientConfig() }),
  };
}

/** Credentials of `role`, assumed with `own` through STS AssumeRole. */
function assumedRole(
  role: AssumeRoleSettings,
  own: CredentialProvider,
  stsConfig: { region: string; maxAttempts: number; requestHandler: DeadlineHttpHandler; endpoint?: string },
): CredentialProvider {
  return fromTemporaryCredentials({
    masterCredentials: own,
    params: {
      RoleArn: role.roleArn,
      RoleSessionName: role.sessionName,
      DurationSeconds: ASSUMED_ROLE_SECONDS,
      ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
    },
    clientConfig: stsConfig,
  });
}
