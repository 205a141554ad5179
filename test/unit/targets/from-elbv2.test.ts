import { describe, expect, it } from "vitest";
import type { LoadBalancer } from "../../../src/model/load-balancer.js";
import {
  type ElbLoadBalancerInput,
  fromLoadBalancer,
  regionOfLoadBalancerArn,
} from "../../../src/targets/from-elbv2.js";

describe("regionOfLoadBalancerArn", () => {
  const table: [arn: string, expected: string | undefined][] = [
    ["arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/a/1", "eu-west-2"],
    ["arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/net/a/1", "cn-north-1"],
    ["arn:aws:ec2:eu-west-2:123456789012:instance/i-1", undefined],
    ["not-an-arn", undefined],
  ];
  for (const [arn, expected] of table) it(arn, () => expect(regionOfLoadBalancerArn(arn)).toBe(expected));
});

describe("fromLoadBalancer", () => {
  const table: [title: string, input: ElbLoadBalancerInput, expected: LoadBalancer][] = [
    [
      "ALB with everything ELBv2 returns",
      {
        LoadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/a/1",
        DNSName: "A-1.EU-WEST-1.elb.amazonaws.com",
        CanonicalHostedZoneId: "Z32O12XQLNTSW2",
        Type: "application",
        Scheme: "internet-facing",
        IpAddressType: "dualstack",
      },
      {
        dnsName: "a-1.eu-west-1.elb.amazonaws.com",
        canonicalHostedZoneId: "Z32O12XQLNTSW2",
        region: "eu-west-1",
        type: "application",
        scheme: "internet-facing",
        ipAddressType: "dualstack",
        arn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/a/1",
      },
    ],
    [
      "the load balancer's own zone id wins over the table (moto's fake id included)",
      {
        DNSName: "n-1.elb.eu-west-2.amazonaws.com",
        CanonicalHostedZoneId: "Z2P70J7EXAMPLE",
        Type: "network",
        Scheme: "internal",
      },
      {
        dnsName: "n-1.elb.eu-west-2.amazonaws.com",
        canonicalHostedZoneId: "Z2P70J7EXAMPLE",
        region: "eu-west-2",
        type: "network",
        scheme: "internal",
        ipAddressType: "ipv4",
      },
    ],
    [
      "NLB without a zone id: region from the DNS name, zone id from the table",
      { DNSName: "n-1.elb.eu-west-2.amazonaws.com.", Type: "network" },
      {
        dnsName: "n-1.elb.eu-west-2.amazonaws.com",
        canonicalHostedZoneId: "ZD4D7Y8KGAS4G",
        region: "eu-west-2",
        type: "network",
        scheme: "internet-facing",
        ipAddressType: "ipv4",
      },
    ],
    [
      "Classic Load Balancer as `aws elb describe-load-balancers` prints it",
      {
        DNSName: "c-1.us-east-1.elb.amazonaws.com",
        CanonicalHostedZoneNameID: "Z35SXDOTRQ7X7K",
        Scheme: "internet-facing",
      },
      {
        dnsName: "c-1.us-east-1.elb.amazonaws.com",
        canonicalHostedZoneId: "Z35SXDOTRQ7X7K",
        region: "us-east-1",
        type: "classic",
        scheme: "internet-facing",
        ipAddressType: "ipv4",
      },
    ],
  ];
  for (const [title, input, expected] of table) {
    it(title, () => expect(fromLoadBalancer(input)).toEqual({ ok: true, value: expected }));
  }

  const failures: [title: string, input: ElbLoadBalancerInput, reason: string][] = [
    ["no DNS name", { Type: "application" }, "load balancer has no DNSName"],
    [
      "no region anywhere",
      { DNSName: "lb.example.com", Type: "application" },
      "load balancer `lb.example.com`: no region in its LoadBalancerArn or DNSName",
    ],
    [
      "no type",
      { DNSName: "a.eu-west-1.elb.amazonaws.com" },
      "load balancer `a.eu-west-1.elb.amazonaws.com` has no Type; expected one of application, network, gateway",
    ],
    [
      "a gateway load balancer without a zone id",
      { DNSName: "g.elb.eu-west-1.amazonaws.com", Type: "gateway" },
      "load balancer `g.elb.eu-west-1.amazonaws.com` has no CanonicalHostedZoneId and the built-in table has none for gateway load balancers in eu-west-1",
    ],
    [
      "an unknown scheme",
      { DNSName: "a.eu-west-1.elb.amazonaws.com", Type: "application", Scheme: "public" as never },
      "load balancer `a.eu-west-1.elb.amazonaws.com` has Scheme `public`; expected one of internet-facing, internal",
    ],
  ];
  for (const [title, input, reason] of failures) {
    it(`error: ${title}`, () => expect(fromLoadBalancer(input)).toEqual({ ok: false, error: reason }));
  }
});
