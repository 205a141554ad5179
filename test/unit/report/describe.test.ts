import { describe, expect, it } from "vitest";
import { pendingHealthCheckId } from "../../../src/model/changes.js";
import type { RoutingPolicy } from "../../../src/model/routing-policy.js";
import {
  describeHealthCheckChange,
  describePolicy,
  hasChanges,
  summarize,
  summaryLine,
} from "../../../src/report/describe.js";
import { httpsHealthCheck } from "../../fixtures/health-checks.js";
import { emptyPlan, fullPlan } from "../../fixtures/plans.js";

describe("describePolicy", () => {
  it.each<[RoutingPolicy, string]>([
    [{ kind: "simple" }, "simple"],
    [{ kind: "weighted", setIdentifier: "c1", weight: 50 }, "weighted set=c1 weight=50"],
    [{ kind: "latency", setIdentifier: "c1", region: "eu-west-2" }, "latency set=c1 region=eu-west-2"],
    [{ kind: "failover", setIdentifier: "c1", role: "SECONDARY" }, "failover set=c1 SECONDARY"],
    [
      { kind: "geolocation", setIdentifier: "c1", location: { countryCode: "US", subdivisionCode: "CA" } },
      "geolocation set=c1 location=country=US,subdivision=CA",
    ],
    [
      { kind: "geolocation", setIdentifier: "c1", location: { countryCode: "*" } },
      "geolocation set=c1 location=*",
    ],
    [{ kind: "multivalue", setIdentifier: "c1" }, "multivalue set=c1"],
    [
      { kind: "geoproximity", setIdentifier: "c1", place: { kind: "region", region: "eu-west-2" }, bias: 0 },
      "geoproximity set=c1 region=eu-west-2 bias=0",
    ],
    [
      {
        kind: "geoproximity",
        setIdentifier: "c1",
        place: { kind: "coordinates", latitude: "49.22", longitude: "-74.01" },
        bias: -5,
      },
      "geoproximity set=c1 coordinates=49.22,-74.01 bias=-5",
    ],
    [
      {
        kind: "geoproximity",
        setIdentifier: "c1",
        place: { kind: "local-zone-group", group: "us-east-1-bue-1" },
        bias: 5,
      },
      "geoproximity set=c1 local-zone-group=us-east-1-bue-1 bias=5",
    ],
    [{ kind: "other", setIdentifier: "c1", description: "cidr" }, "cidr set=c1"],
  ])("%o → %s", (policy, text) => {
    expect(describePolicy(policy)).toBe(text);
  });
});

describe("summarize", () => {
  it("counts by action: record changes (ownership too) and health checks; held back is not counted", () => {
    expect(summarize(fullPlan())).toEqual({ create: 3, update: 1, delete: 1, skipped: 2 });
  });

  it("is all zero for an empty plan", () => {
    expect(summarize(emptyPlan())).toEqual({ create: 0, update: 0, delete: 0, skipped: 0 });
    expect(hasChanges(emptyPlan())).toBe(false);
    expect(summaryLine(emptyPlan())).toBe("No changes.");
  });

  it("treats a plan with only health-check changes as having changes", () => {
    const plan = { ...fullPlan(), changes: [] };
    expect(hasChanges(plan)).toBe(true);
    expect(summaryLine(plan)).toBe("Plan: 1 to create, 0 to update, 0 to delete, 2 skipped.");
  });
});

describe("describeHealthCheckChange: the cluster check and CALCULATED checks", () => {
  it("names the cluster check by its cluster and spells its URL", () => {
    expect(
      describeHealthCheckChange({
        action: "CREATE",
        callerReference: "r53gslb-c",
        spec: httpsHealthCheck({ fqdn: "edge.cluster-1.example.com" }),
        tags: { "route53-gslb/cluster": "cluster-1", "route53-gslb/kind": "cluster" },
        for: "(cluster cluster-1)",
      }),
    ).toBe(
      "for cluster cluster-1: HTTPS https://edge.cluster-1.example.com:443/healthz every 30s, 3 failures (caller reference r53gslb-c)",
    );
  });
  it("shows a CALCULATED check's children, a child this plan creates by its caller reference", () => {
    expect(
      describeHealthCheckChange({
        action: "CREATE",
        callerReference: "r53gslb-k",
        spec: {
          type: "CALCULATED",
          children: [pendingHealthCheckId("r53gslb-m"), "hc-cluster"],
          healthThreshold: 2,
        },
        tags: { "route53-gslb/kind": "calculated" },
        for: "shop.example.com.",
      }),
    ).toBe(
      "for shop.example.com (member + cluster): CALCULATED healthy when 2 of 2 are: (new r53gslb-m) and hc-cluster (caller reference r53gslb-k)",
    );
  });
});
