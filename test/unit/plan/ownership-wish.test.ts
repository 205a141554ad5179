import { describe, expect, it } from "vitest";
import type { PolicyWish } from "../../../src/model/policy-wish.js";
import { ownershipValue, parseOwnershipValue, readOwnershipValue } from "../../../src/plan/ownership.js";

const base = "heritage=route53-gslb,owner=c1,set-identifier=c1";

describe("policy wishes in ownership values", () => {
  const table: [string, PolicyWish, string][] = [
    ["weighted", { kind: "weighted", weight: 50 }, "policy=weighted,weight=50"],
    ["latency", { kind: "latency", region: "eu-west-2" }, "policy=latency,region=eu-west-2"],
    ["failover", { kind: "failover", role: "SECONDARY" }, "policy=failover,failover=SECONDARY"],
    [
      "geolocation, percent-encoded",
      { kind: "geolocation", location: { countryCode: "US", subdivisionCode: "CA" } },
      "policy=geolocation,location=country%3DUS%2Csubdivision%3DCA",
    ],
    [
      "the default location",
      { kind: "geolocation", location: { countryCode: "*" } },
      "policy=geolocation,location=%2A",
    ],
    ["multivalue", { kind: "multivalue" }, "policy=multivalue"],
    [
      "geoproximity at a region",
      { kind: "geoproximity", place: { kind: "region", region: "eu-west-1" }, bias: 10 },
      "policy=geoproximity,proximity=region%3Deu-west-1,bias=10",
    ],
    [
      "geoproximity at coordinates, a negative bias",
      {
        kind: "geoproximity",
        place: { kind: "coordinates", latitude: "49.22", longitude: "-74.01" },
        bias: -99,
      },
      "policy=geoproximity,proximity=coordinates%3D49.22%2C-74.01,bias=-99",
    ],
    [
      "geoproximity at a Local Zone group",
      { kind: "geoproximity", place: { kind: "local-zone-group", group: "us-east-1-bue-1" }, bias: 0 },
      "policy=geoproximity,proximity=local-zone-group%3Dus-east-1-bue-1,bias=0",
    ],
  ];
  for (const [name, wants, text] of table) {
    it(`${name}: written after every older field, read back exactly`, () => {
      const o = { owner: "c1", setIdentifier: "c1", wants };
      expect(ownershipValue(o)).toBe(`"${base},${text}"`);
      expect(parseOwnershipValue(ownershipValue(o))).toEqual(o);
    });
  }

  it("comes after the drain mark", () => {
    const o = {
      owner: "c1",
      setIdentifier: "c1",
      drained: { restoreWeight: 7 },
      wants: { kind: "multivalue" } as const,
    };
    expect(ownershipValue(o)).toBe(`"${base},drained=true,restore-weight=7,policy=multivalue"`);
    expect(parseOwnershipValue(ownershipValue(o))).toEqual(o);
  });

  it("a record without a wish reads as before (the owner wants the policy its member has)", () => {
    expect(parseOwnershipValue(`"${base}"`)).toEqual({ owner: "c1", setIdentifier: "c1" });
  });

  // A wish is consent to have another cluster rewrite the member: anything route53-gslb would not
  // write is not consent, and the whole record is untrusted, as every malformed value is.
  const bad: [string, string][] = [
    ["a setting without a policy", "region=eu-west-2"],
    ["a policy without its setting", "policy=latency"],
    ["a setting of another policy", "policy=latency,weight=5,region=eu-west-2"],
    ["a policy route53-gslb never asks for", "policy=simple"],
    ["an unknown policy", "policy=cidr"],
    ["geoproximity without its place", "policy=geoproximity,bias=0"],
    ["geoproximity without its bias", "policy=geoproximity,proximity=region%3Deu-west-1"],
    ["a bias out of range", "policy=geoproximity,proximity=region%3Deu-west-1,bias=100"],
    ["a bias of -0", "policy=geoproximity,proximity=region%3Deu-west-1,bias=-0"],
    ["coordinates not canonical", "policy=geoproximity,proximity=coordinates%3D49.20%2C-74.01,bias=0"],
    ["coordinates Route 53 would refuse", "policy=geoproximity,proximity=coordinates%3D91%2C0,bias=0"],
    ["a region Route 53 does not know", "policy=geoproximity,proximity=region%3Dmars-1,bias=0"],
    ["the bias before the place", "policy=geoproximity,bias=0,proximity=region%3Deu-west-1"],
    ["a weight out of range", "policy=weighted,weight=256"],
    ["a weight with a leading zero", "policy=weighted,weight=07"],
    ["a region Route 53 has no latency records for", "policy=latency,region=mars-1"],
    ["a failover role in lower case", "policy=failover,failover=primary"],
    ["a location in another spelling", "policy=geolocation,location=country%3Dus"],
    ["a location Route 53 does not know", "policy=geolocation,location=continent%3DXX"],
    ["the setting before the policy", "region=eu-west-2,policy=latency"],
    ["a wish before the drain mark", "policy=multivalue,drained=true"],
    ["the policy twice", "policy=multivalue,policy=multivalue"],
    ["a location not encoded", "policy=geolocation,location=continent=EU"],
  ];
  for (const [name, text] of bad) {
    it(`is untrusted with ${name}`, () => {
      expect(readOwnershipValue(`"${base},${text}"`).kind).toBe("malformed");
    });
  }
});
