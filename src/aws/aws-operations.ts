/**
 * Every AWS operation route53-gslb sends — all of them, and nothing else — with the IAM action that
 * allows it and the kind of resource IAM checks it against. This table is where the IAM policies come
 * from: `route53-gslb iam-policy` (iam/least-privilege.ts) builds its statements from it, and the tests
 * hold it to what the code really sends (a static scan of every `new …Command(` in src/, and the
 * request log of real runs against moto).
 *
 *   operation                 sent by                                     IAM resource
 *   ───────────────────────── ─────────────────────────────────────────── ─────────────────────────────
 *   ListHostedZones           route53/hosted-zones.ts                     *  (no resource-level control)
 *   ListResourceRecordSets    route53/record-sets.ts (also read-back)     hostedzone/<id>
 *   ChangeResourceRecordSets  route53/route53-api.ts, for the batcher     hostedzone/<id> + conditions
 *   ListHealthChecks          route53/health-check-list.ts                *
 *   ListTagsForResources      route53/health-check-list.ts                healthcheck/<id>
 *   CreateHealthCheck         health/health-checks.ts                     *  (the id does not exist yet)
 *   UpdateHealthCheck         health/health-checks.ts                     healthcheck/<id>
 *   DeleteHealthCheck         health/health-checks.ts                     healthcheck/<id>
 *   ChangeTagsForResource     health/health-checks.ts (create and update) healthcheck/<id>
 *   GetHealthCheckStatus      route53/health-check-status.ts (`status`)   healthcheck/<id>
 *   DescribeLoadBalancers     targets/load-balancers.ts                   *
 *   AssumeRole                aws/clients.ts (`--aws-assume-role`)        the role's ARN
 *
 * Not listed because route53-gslb never sends them: `GetHealthCheck`, `GetChange` (nothing waits for
 * a change to reach INSYNC), `ListTagsForResource`. IRSA's `AssumeRoleWithWebIdentity` is sent by the
 * SDK unsigned, allowed by the role's trust policy rather than by a permission of the caller.
 */
export const AWS_OPERATIONS = {
  ListHostedZones: { service: "route53", resource: "any" },
  ListResourceRecordSets: { service: "route53", resource: "hostedzone" },
  ChangeResourceRecordSets: { service: "route53", resource: "hostedzone" },
  ListHealthChecks: { service: "route53", resource: "any" },
  ListTagsForResources: { service: "route53", resource: "healthcheck" },
  CreateHealthCheck: { service: "route53", resource: "any" },
  UpdateHealthCheck: { service: "route53", resource: "healthcheck" },
  DeleteHealthCheck: { service: "route53", resource: "healthcheck" },
  ChangeTagsForResource: { service: "route53", resource: "healthcheck" },
  GetHealthCheckStatus: { service: "route53", resource: "healthcheck" },
  DescribeLoadBalancers: { service: "elasticloadbalancing", resource: "any" },
  AssumeRole: { service: "sts", resource: "role" },
} as const satisfies Record<string, { service: AwsService; resource: IamResourceKind }>;

/** The IAM service prefixes of the operations (`route53:`, `elasticloadbalancing:`, `sts:`). */
export type AwsService = "route53" | "elasticloadbalancing" | "sts";

/**
 * What IAM checks an operation against: `any` — the action supports no resource-level permissions,
 * so only `"Resource": "*"` allows it; `hostedzone` / `healthcheck` — `arn:<partition>:route53:::<kind>/<id>`;
 * `role` — the IAM role's ARN.
 */
export type IamResourceKind = "any" | "hostedzone" | "healthcheck" | "role";

export type AwsOperation = keyof typeof AWS_OPERATIONS;

/** The Route 53 operations (route53/route53-api.ts sends exactly these). */
export type Route53Operation = {
  [K in AwsOperation]: (typeof AWS_OPERATIONS)[K]["service"] extends "route53" ? K : never;
}[AwsOperation];

/** `route53:ListHostedZones`: the IAM action of an operation. */
export function iamActionOf(operation: AwsOperation): string {
  return `${AWS_OPERATIONS[operation].service}:${operation}`;
}
