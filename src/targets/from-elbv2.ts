import type { LoadBalancer as SdkLoadBalancer } from "@aws-sdk/client-elastic-load-balancing-v2";
import { type LoadBalancer, regionOfLoadBalancerHostname } from "../model/load-balancer.js";
import { err, ok, type Result } from "../model/result.js";
import { elbCanonicalZoneId } from "./elb-zone-ids.js";

/**
 * What `aws elb describe-load-balancers` (Classic) returns where ELBv2 says `CanonicalHostedZoneId`;
 * accepted so a snapshot can list Classic Load Balancers as the CLI prints them.
 */
export type ElbLoadBalancerInput = SdkLoadBalancer & { CanonicalHostedZoneNameID?: string };

const TYPES = ["application", "network", "gateway"] as const;
const SCHEMES = ["internet-facing", "internal"] as const;
const IP_TYPES = ["ipv4", "dualstack", "dualstack-without-public-ipv4"] as const;

/** `arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/…` → `eu-west-2`. */
export function regionOfLoadBalancerArn(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts[0] === "arn" && parts[2] === "elasticloadbalancing" && parts[3] ? parts[3] : undefined;
}

/**
 * Map an ELBv2 `LoadBalancer` to the model. The region comes from the ARN, else from the DNS name.
 * `CanonicalHostedZoneId` is the load balancer's own; only when it is missing does the built-in table
 * (elb-zone-ids.ts) fill it in. A load balancer without `Type` but with Classic's
 * `CanonicalHostedZoneNameID` is a Classic Load Balancer. Errors name the field that is missing or
 * not one ELBv2 returns.
 */
export function fromLoadBalancer(lb: ElbLoadBalancerInput): Result<LoadBalancer, string> {
  const dnsName = lb.DNSName?.toLowerCase().replace(/\.$/, "");
  if (!dnsName) return err("load balancer has no DNSName");
  const region =
    (lb.LoadBalancerArn && regionOfLoadBalancerArn(lb.LoadBalancerArn)) ??
    regionOfLoadBalancerHostname(dnsName);
  if (!region) {
    return err(`load balancer \`${dnsName}\`: no region in its LoadBalancerArn or DNSName`);
  }
  let type: LoadBalancer["type"];
  if (lb.Type === undefined) {
    if (lb.CanonicalHostedZoneNameID === undefined) {
      return err(`load balancer \`${dnsName}\` has no Type; expected one of ${TYPES.join(", ")}`);
    }
    type = "classic";
  } else {
    const t = TYPES.find((x) => x === lb.Type);
    if (!t)
      return err(`load balancer \`${dnsName}\` has Type \`${lb.Type}\`; expected one of ${TYPES.join(", ")}`);
    type = t;
  }
  const scheme = SCHEMES.find((s) => s === (lb.Scheme ?? "internet-facing"));
  if (!scheme) {
    return err(
      `load balancer \`${dnsName}\` has Scheme \`${lb.Scheme}\`; expected one of ${SCHEMES.join(", ")}`,
    );
  }
  const ipAddressType = IP_TYPES.find((s) => s === (lb.IpAddressType ?? "ipv4"));
  if (!ipAddressType) {
    return err(
      `load balancer \`${dnsName}\` has IpAddressType \`${lb.IpAddressType}\`; expected one of ${IP_TYPES.join(", ")}`,
    );
  }
  const canonicalHostedZoneId =
    lb.CanonicalHostedZoneId ?? lb.CanonicalHostedZoneNameID ?? elbCanonicalZoneId(region, type);
  if (!canonicalHostedZoneId) {
    return err(
      `load balancer \`${dnsName}\` has no CanonicalHostedZoneId and the built-in table has none for ${type} load balancers in ${region}`,
    );
  }
  const out: LoadBalancer = { dnsName, canonicalHostedZoneId, region, type, scheme, ipAddressType };
  if (lb.LoadBalancerArn) out.arn = lb.LoadBalancerArn;
  return ok(out);
}
