/** What the planner needs to know about an AWS load balancer (from ELBv2 `DescribeLoadBalancers`). */
export interface LoadBalancer {
  /** Lowercase, no trailing dot, as ELBv2 returns it: `a1b2-123.eu-west-2.elb.amazonaws.com`. */
  dnsName: string;
  /** The load balancer's own Route 53 zone id, used as the alias target's `HostedZoneId`. */
  canonicalHostedZoneId: string;
  region: string;
  type: "application" | "network" | "gateway" | "classic";
  scheme: "internet-facing" | "internal";
  /** `dualstack` load balancers get an AAAA alias beside the A alias. */
  ipAddressType: "ipv4" | "dualstack" | "dualstack-without-public-ipv4";
  arn?: string;
}

const ELB_HOSTNAME = /\.elb(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?\.?$/;

/** True when a hostname is an AWS load balancer's DNS name (`*.elb.amazonaws.com`, `*.elb.<region>.amazonaws.com`). */
export function isLoadBalancerHostname(hostname: string): boolean {
  return ELB_HOSTNAME.test(hostname.toLowerCase());
}

/**
 * The region an ELB DNS name names: ALB/CLB `name-id.<region>.elb.amazonaws.com`,
 * NLB `name-id.elb.<region>.amazonaws.com`. Undefined when the name does not say.
 */
export function regionOfLoadBalancerHostname(hostname: string): string | undefined {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  const nlb = /\.elb\.([a-z]{2}(-gov)?-[a-z]+-\d)\.amazonaws\.com(\.cn)?$/.exec(h);
  if (nlb) return nlb[1];
  const alb = /\.([a-z]{2}(-gov)?-[a-z]+-\d)\.elb\.amazonaws\.com(\.cn)?$/.exec(h);
  if (alb) return alb[1];
  return undefined;
}
