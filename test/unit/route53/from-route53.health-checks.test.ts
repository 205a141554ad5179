import type { HealthCheckConfig } from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import type { HealthCheckSpec } from "../../../src/model/health-check.js";
import { fromHealthCheck, fromHealthCheckConfig, fromTags } from "../../../src/route53/from-route53.js";
import { httpsHealthCheck } from "../../fixtures/health-checks.js";

describe("fromHealthCheckConfig", () => {
  const base = httpsHealthCheck({ fqdn: "lb.elb.amazonaws.com" });
  const table: [title: string, input: HealthCheckConfig, expected: HealthCheckSpec][] = [
    [
      "HTTPS with SNI",
      {
        Type: "HTTPS",
        FullyQualifiedDomainName: "LB.elb.amazonaws.com.",
        Port: 443,
        ResourcePath: "/healthz",
        RequestInterval: 30,
        FailureThreshold: 3,
        EnableSNI: true,
      },
      base,
    ],
    [
      "an IPv6 IPAddress in another spelling reads in the canonical one the planner writes",
      {
        Type: "HTTPS",
        IPAddress: "2001:0DB8:0:0:0:0:0:0001",
        Port: 443,
        ResourcePath: "/healthz",
        RequestInterval: 30,
        FailureThreshold: 3,
        EnableSNI: true,
      },
      { ...base, fqdn: "2001:db8::1" },
    ],
    [
      "HTTP_STR_MATCH with regions",
      {
        Type: "HTTP_STR_MATCH",
        FullyQualifiedDomainName: "lb.elb.amazonaws.com",
        Port: 8080,
        ResourcePath: "/status",
        SearchString: "ok",
        RequestInterval: 10,
        FailureThreshold: 2,
        Regions: ["us-east-1", "eu-west-1", "ap-southeast-1"],
        EnableSNI: false,
      },
      {
        type: "HTTP_STR_MATCH",
        fqdn: "lb.elb.amazonaws.com",
        port: 8080,
        resourcePath: "/status",
        searchString: "ok",
        requestInterval: 10,
        failureThreshold: 2,
        regions: ["us-east-1", "eu-west-1", "ap-southeast-1"],
        enableSni: false,
      },
    ],
    [
      "HTTPS_STR_MATCH",
      {
        Type: "HTTPS_STR_MATCH",
        FullyQualifiedDomainName: "h.example.com",
        Port: 443,
        ResourcePath: "/",
        SearchString: "up",
        EnableSNI: true,
      },
      { ...base, type: "HTTPS_STR_MATCH", fqdn: "h.example.com", resourcePath: "/", searchString: "up" },
    ],
    [
      "TCP to an IP address",
      { Type: "TCP", IPAddress: "192.0.2.10", Port: 5432 },
      {
        type: "TCP",
        fqdn: "192.0.2.10",
        port: 5432,
        requestInterval: 30,
        failureThreshold: 3,
        regions: [],
        enableSni: false,
      },
    ],
    [
      "Route 53 defaults when fields are omitted",
      { Type: "HTTP", FullyQualifiedDomainName: "h.example.com" },
      {
        type: "HTTP",
        fqdn: "h.example.com",
        port: 80,
        requestInterval: 30,
        failureThreshold: 3,
        regions: [],
        enableSni: false,
      },
    ],
  ];
  for (const [title, input, expected] of table) {
    it(title, () => expect(fromHealthCheckConfig(input)).toEqual({ ok: true, value: expected }));
  }

  it("a CALCULATED check: its children in Route 53's order, threshold and inversion", () => {
    expect(
      fromHealthCheckConfig({
        Type: "CALCULATED",
        ChildHealthChecks: ["b", "a"],
        HealthThreshold: 2,
        Inverted: true,
      }),
    ).toEqual({
      ok: true,
      value: { type: "CALCULATED", children: ["b", "a"], healthThreshold: 2, inverted: true },
    });
  });
  it("a CALCULATED check without a threshold reads as needing every child", () => {
    expect(fromHealthCheckConfig({ Type: "CALCULATED", ChildHealthChecks: ["a", "b"] })).toEqual({
      ok: true,
      value: { type: "CALCULATED", children: ["a", "b"], healthThreshold: 2 },
    });
  });

  const failures: [title: string, input: HealthCheckConfig, reason: string][] = [
    [
      "a CloudWatch alarm check",
      { Type: "CLOUDWATCH_METRIC", AlarmIdentifier: { Region: "us-east-1", Name: "a" } },
      "health check type CLOUDWATCH_METRIC is not an endpoint check",
    ],
    [
      "a recovery-control check",
      { Type: "RECOVERY_CONTROL", RoutingControlArn: "arn:aws:route53-recovery-control::1:x" },
      "health check type RECOVERY_CONTROL is not an endpoint check",
    ],
    [
      "a type unknown today",
      { Type: "SOMETHING_NEW" as HealthCheckConfig["Type"] },
      "health check type SOMETHING_NEW is not an endpoint check",
    ],
    ["no endpoint", { Type: "HTTP" }, "health check has neither FullyQualifiedDomainName nor IPAddress"],
    [
      "an interval Route 53 does not offer",
      { Type: "HTTP", FullyQualifiedDomainName: "h", RequestInterval: 20 },
      "health check RequestInterval 20 is not 10 or 30",
    ],
  ];
  for (const [title, input, reason] of failures) {
    it(`error for ${title}`, () =>
      expect(fromHealthCheckConfig(input)).toEqual({ ok: false, error: reason }));
  }
});

describe("fromHealthCheck and fromTags", () => {
  it("maps id, caller reference, version and tags", () => {
    const result = fromHealthCheck(
      {
        Id: "hc-1",
        CallerReference: "ref-1",
        HealthCheckVersion: 4,
        HealthCheckConfig: {
          Type: "HTTPS",
          FullyQualifiedDomainName: "h.example.com",
          Port: 443,
          ResourcePath: "/healthz",
          EnableSNI: true,
        },
      },
      [
        { Key: "route53-gslb/owner", Value: "cluster-1" },
        { Key: "Name", Value: undefined },
      ],
    );
    expect(result).toMatchObject({
      ok: true,
      value: {
        id: "hc-1",
        callerReference: "ref-1",
        version: 4,
        tags: { "route53-gslb/owner": "cluster-1", Name: "" },
      },
    });
  });
  it("names the check whose config does not map", () => {
    expect(
      fromHealthCheck({
        Id: "hc-2",
        CallerReference: "r",
        HealthCheckVersion: 1,
        HealthCheckConfig: { Type: "CLOUDWATCH_METRIC" },
      }),
    ).toEqual({
      ok: false,
      error: "health check hc-2: health check type CLOUDWATCH_METRIC is not an endpoint check",
    });
  });
  it("keeps the last value of a repeated tag key", () => {
    expect(fromTags([{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }, { Value: "orphan" }])).toEqual({
      a: "2",
    });
  });
});
