import { describe, expect, it } from "vitest";
import { describeWish, sameWish, wishedPolicy, wishOf } from "../../../src/model/policy-wish.js";
import type { RoutingPolicy } from "../../../src/model/routing-policy.js";

describe("wishes and policies", () => {
  const policies: [RoutingPolicy, string][] = [
    [{ kind: "weighted", setIdentifier: "x", weight: 3 }, "weighted weight=3"],
    [{ kind: "latency", setIdentifier: "x", region: "us-east-1" }, "latency region=us-east-1"],
    [{ kind: "failover", setIdentifier: "x", role: "PRIMARY" }, "failover PRIMARY"],
    [
      { kind: "geolocation", setIdentifier: "x", location: { continentCode: "EU" } },
      "geolocation location=continent=EU",
    ],
    [{ kind: "multivalue", setIdentifier: "x" }, "multivalue"],
    [
      { kind: "geoproximity", setIdentifier: "x", place: { kind: "region", region: "eu-west-1" }, bias: 0 },
      "geoproximity region=eu-west-1 bias=0",
    ],
    [
      {
        kind: "geoproximity",
        setIdentifier: "x",
        place: { kind: "coordinates", latitude: "49.22", longitude: "-74.01" },
        bias: -5,
      },
      "geoproximity coordinates=49.22,-74.01 bias=-5",
    ],
  ];
  for (const [policy, words] of policies) {
    it(`${policy.kind}: the wish gives the policy back with the member's set identifier`, () => {
      const wish = wishOf(policy);
      expect(wish && wishedPolicy(wish, "x")).toEqual(policy);
      expect(wish && describeWish(wish)).toBe(words);
    });
  }
  it("simple and policies we never write are no wish", () => {
    expect(wishOf({ kind: "simple" })).toBeUndefined();
    expect(wishOf({ kind: "other", setIdentifier: "x", description: "cidr c-1/office" })).toBeUndefined();
  });
  it("compares kind and setting", () => {
    expect(sameWish({ kind: "weighted", weight: 1 }, { kind: "weighted", weight: 1 })).toBe(true);
    expect(sameWish({ kind: "weighted", weight: 1 }, { kind: "weighted", weight: 2 })).toBe(false);
    expect(sameWish({ kind: "multivalue" }, { kind: "weighted", weight: 2 })).toBe(false);
    const at = (region: string, bias: number) =>
      ({ kind: "geoproximity", place: { kind: "region", region }, bias }) as const;
    expect(sameWish(at("eu-west-1", 1), at("eu-west-1", 1))).toBe(true);
    expect(sameWish(at("eu-west-1", 1), at("eu-west-1", 2))).toBe(false);
    expect(sameWish(at("eu-west-1", 1), at("us-east-1", 1))).toBe(false);
  });
});
