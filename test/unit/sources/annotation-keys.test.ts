import { describe, expect, it } from "vitest";
import { classifyKey, overlayAnnotations } from "../../../src/sources/annotation-keys.js";

describe("classifyKey", () => {
  const table: [string, ReturnType<typeof classifyKey>][] = [
    ["route53-gslb.io/weight", { kind: "ours", key: "weight" }],
    ["route53-gslb.io/Weight", { kind: "unknown-ours" }],
    ["route53-gslb.io/", { kind: "unknown-ours" }],
    [
      "external-dns.kubernetes.io/aws-weight",
      {
        kind: "external-dns",
        name: "aws-weight",
        standsFor: "weight",
        prefix: "external-dns.kubernetes.io/",
      },
    ],
    [
      "external-dns.alpha.kubernetes.io/hostname",
      {
        kind: "external-dns",
        name: "hostname",
        standsFor: "hostnames",
        prefix: "external-dns.alpha.kubernetes.io/",
      },
    ],
    [
      "external-dns.kubernetes.io/aws-geoproximity-coordinates",
      {
        kind: "external-dns",
        name: "aws-geoproximity-coordinates",
        standsFor: "geoproximity",
        prefix: "external-dns.kubernetes.io/",
      },
    ],
    [
      "external-dns.alpha.kubernetes.io/alias",
      {
        kind: "external-dns",
        name: "alias",
        standsFor: "target",
        prefix: "external-dns.alpha.kubernetes.io/",
      },
    ],
    ["route53-gslb.io/geoproximity-bias", { kind: "ours", key: "geoproximity-bias" }],
    ["route53-gslb.io/hosted-zone-id", { kind: "ours", key: "hosted-zone-id" }],
    ["external-dns.alpha.kubernetes.io/cloudflare-proxied", { kind: "foreign" }],
    ["kubectl.kubernetes.io/last-applied-configuration", { kind: "foreign" }],
    ["weight", { kind: "foreign" }],
  ];
  it.each(table)("%s", (key, expected) => expect(classifyKey(key)).toEqual(expected));
});

describe("overlayAnnotations", () => {
  const cases: [string, Record<string, string>, Record<string, string>, Record<string, string>][] = [
    [
      "inherits what the top does not set",
      { "route53-gslb.io/ttl": "30" },
      {},
      { "route53-gslb.io/ttl": "30" },
    ],
    [
      "top wins per key",
      { "route53-gslb.io/ttl": "30" },
      { "route53-gslb.io/ttl": "60" },
      { "route53-gslb.io/ttl": "60" },
    ],
    [
      "top wins per setting across spellings",
      { "route53-gslb.io/ttl": "30" },
      { "external-dns.alpha.kubernetes.io/ttl": "90" },
      { "external-dns.alpha.kubernetes.io/ttl": "90" },
    ],
    [
      "the policy travels as a unit",
      {
        "route53-gslb.io/routing-policy": "weighted",
        "route53-gslb.io/weight": "10",
        "external-dns.kubernetes.io/aws-region": "eu-west-1",
        "route53-gslb.io/ttl": "5",
      },
      { "route53-gslb.io/failover": "primary" },
      { "route53-gslb.io/failover": "primary", "route53-gslb.io/ttl": "5" },
    ],
    [
      "a route's geoproximity place replaces the Gateway's whole policy, weight and bias too",
      {
        "route53-gslb.io/weight": "10",
        "external-dns.kubernetes.io/aws-geoproximity-bias": "5",
        "route53-gslb.io/ttl": "5",
      },
      { "external-dns.kubernetes.io/aws-geoproximity-region": "eu-west-1" },
      { "external-dns.kubernetes.io/aws-geoproximity-region": "eu-west-1", "route53-gslb.io/ttl": "5" },
    ],
    [
      "a route's target replaces the Gateway's external-dns alias keys",
      {
        "external-dns.kubernetes.io/alias": "true",
        "external-dns.kubernetes.io/aws-target-hosted-zone": "Z1",
      },
      { "route53-gslb.io/target": "192.0.2.1" },
      { "route53-gslb.io/target": "192.0.2.1" },
    ],
    [
      "hostnames are not inherited",
      {
        "route53-gslb.io/hostnames": "gw.example.com",
        "external-dns.kubernetes.io/hostname": "x.example.com",
      },
      {},
      {},
    ],
    ["foreign keys are dropped", { "app.kubernetes.io/name": "x" }, { "other/y": "z" }, {}],
    [
      "unknown keys of ours are kept to be reported",
      { "route53-gslb.io/bogus": "1" },
      {},
      { "route53-gslb.io/bogus": "1" },
    ],
  ];
  it.each(cases)("%s", (_name, base, top, expected) =>
    expect(overlayAnnotations(base, top)).toEqual(expected),
  );
});
