import { describe, expect, it } from "vitest";
import type { RoutingPolicy } from "../../../src/model/routing-policy.js";
import { describePolicy, hasChanges, summarize, summaryLine } from "../../../src/report/describe.js";
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
