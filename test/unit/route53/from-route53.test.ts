import type { ResourceRecordSet } from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import type { RecordSet } from "../../../src/model/record-set.js";
import { fromHostedZone, fromResourceRecordSet } from "../../../src/route53/from-route53.js";

const ALB = "k8s-bookinfo-1234.eu-west-2.elb.amazonaws.com";
const alias = {
  HostedZoneId: "ZHURV8PSTC4K8",
  DNSName: `dualstack.${ALB.toUpperCase()}.`,
  EvaluateTargetHealth: true,
};
const modelAlias = {
  kind: "alias",
  dnsName: `dualstack.${ALB}.`,
  hostedZoneId: "ZHURV8PSTC4K8",
  evaluateTargetHealth: true,
} as const;

describe("fromResourceRecordSet: routing policies", () => {
  const table: [title: string, input: ResourceRecordSet, expected: RecordSet][] = [
    [
      "simple A with values",
      {
        Name: "app.example.com.",
        Type: "A",
        TTL: 60,
        ResourceRecords: [{ Value: "192.0.2.1" }, { Value: "192.0.2.2" }],
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: { kind: "simple" },
        target: { kind: "values", values: ["192.0.2.1", "192.0.2.2"], ttl: 60 },
      },
    ],
    [
      "weighted alias",
      { Name: "app.example.com.", Type: "A", SetIdentifier: "cluster-1", Weight: 100, AliasTarget: alias },
      {
        name: "app.example.com.",
        type: "A",
        policy: { kind: "weighted", setIdentifier: "cluster-1", weight: 100 },
        target: modelAlias,
      },
    ],
    [
      "weight 0 is still weighted",
      { Name: "app.example.com.", Type: "A", SetIdentifier: "c", Weight: 0, AliasTarget: alias },
      {
        name: "app.example.com.",
        type: "A",
        policy: { kind: "weighted", setIdentifier: "c", weight: 0 },
        target: modelAlias,
      },
    ],
    [
      "latency",
      {
        Name: "app.example.com.",
        Type: "AAAA",
        SetIdentifier: "eu",
        Region: "eu-west-2",
        AliasTarget: alias,
      },
      {
        name: "app.example.com.",
        type: "AAAA",
        policy: { kind: "latency", setIdentifier: "eu", region: "eu-west-2" },
        target: modelAlias,
      },
    ],
    [
      "failover primary with a health check",
      {
        Name: "app.example.com.",
        Type: "A",
        SetIdentifier: "p",
        Failover: "PRIMARY",
        AliasTarget: alias,
        HealthCheckId: "hc-1",
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: { kind: "failover", setIdentifier: "p", role: "PRIMARY" },
        target: modelAlias,
        healthCheckId: "hc-1",
      },
    ],
    [
      "failover secondary",
      {
        Name: "app.example.com.",
        Type: "CNAME",
        SetIdentifier: "s",
        Failover: "SECONDARY",
        TTL: 30,
        ResourceRecords: [{ Value: "b.example.org" }],
      },
      {
        name: "app.example.com.",
        type: "CNAME",
        policy: { kind: "failover", setIdentifier: "s", role: "SECONDARY" },
        target: { kind: "values", values: ["b.example.org"], ttl: 30 },
      },
    ],
    [
      "geolocation by country and subdivision",
      {
        Name: "app.example.com.",
        Type: "A",
        SetIdentifier: "us-ca",
        GeoLocation: { CountryCode: "US", SubdivisionCode: "CA" },
        AliasTarget: alias,
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: {
          kind: "geolocation",
          setIdentifier: "us-ca",
          location: { countryCode: "US", subdivisionCode: "CA" },
        },
        target: modelAlias,
      },
    ],
    [
      "geolocation default location",
      {
        Name: "app.example.com.",
        Type: "A",
        SetIdentifier: "default",
        GeoLocation: { CountryCode: "*" },
        AliasTarget: alias,
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: { kind: "geolocation", setIdentifier: "default", location: { countryCode: "*" } },
        target: modelAlias,
      },
    ],
    [
      "multivalue",
      {
        Name: "app.example.com.",
        Type: "A",
        SetIdentifier: "m1",
        MultiValueAnswer: true,
        TTL: 60,
        ResourceRecords: [{ Value: "192.0.2.1" }],
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: { kind: "multivalue", setIdentifier: "m1" },
        target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
      },
    ],
    [
      "CIDR routing is read as other",
      {
        Name: "app.example.com.",
        Type: "A",
        SetIdentifier: "office",
        CidrRoutingConfig: { CollectionId: "c-1", LocationName: "office" },
        TTL: 60,
        ResourceRecords: [{ Value: "192.0.2.1" }],
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: { kind: "other", setIdentifier: "office", description: "cidr c-1/office" },
        target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
      },
    ],
    [
      "geoproximity at a region",
      {
        Name: "app.example.com.",
        Type: "A",
        SetIdentifier: "gp",
        GeoProximityLocation: { AWSRegion: "eu-west-1", Bias: 10 },
        AliasTarget: alias,
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: {
          kind: "geoproximity",
          setIdentifier: "gp",
          place: { kind: "region", region: "eu-west-1" },
          bias: 10,
        },
        target: modelAlias,
      },
    ],
    [
      "geoproximity at a Local Zone group, without a bias (read as 0)",
      {
        Name: "app.example.com.",
        Type: "A",
        SetIdentifier: "gp",
        GeoProximityLocation: { LocalZoneGroup: "us-east-1-bue-1" },
        AliasTarget: alias,
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: {
          kind: "geoproximity",
          setIdentifier: "gp",
          place: { kind: "local-zone-group", group: "us-east-1-bue-1" },
          bias: 0,
        },
        target: modelAlias,
      },
    ],
    [
      "geoproximity at coordinates, kept as listed",
      {
        Name: "app.example.com.",
        Type: "A",
        SetIdentifier: "gp",
        GeoProximityLocation: { Coordinates: { Latitude: "49.20", Longitude: "-74.01" }, Bias: -99 },
        AliasTarget: alias,
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: {
          kind: "geoproximity",
          setIdentifier: "gp",
          place: { kind: "coordinates", latitude: "49.20", longitude: "-74.01" },
          bias: -99,
        },
        target: modelAlias,
      },
    ],
    [
      "a geoproximity location naming two places (Route 53 allows one) is read as other",
      {
        Name: "app.example.com.",
        Type: "A",
        SetIdentifier: "gp",
        GeoProximityLocation: { AWSRegion: "eu-west-1", LocalZoneGroup: "us-east-1-bue-1", Bias: 10 },
        AliasTarget: alias,
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: { kind: "other", setIdentifier: "gp", description: "geoproximity eu-west-1 bias=10" },
        target: modelAlias,
      },
    ],
    [
      "a set identifier without a policy field is read as other",
      {
        Name: "app.example.com.",
        Type: "A",
        SetIdentifier: "odd",
        TTL: 60,
        ResourceRecords: [{ Value: "192.0.2.1" }],
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: {
          kind: "other",
          setIdentifier: "odd",
          description: "set identifier without a routing policy",
        },
        target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
      },
    ],
    [
      "MultiValueAnswer false is simple",
      {
        Name: "app.example.com.",
        Type: "A",
        MultiValueAnswer: false,
        TTL: 60,
        ResourceRecords: [{ Value: "192.0.2.1" }],
      },
      {
        name: "app.example.com.",
        type: "A",
        policy: { kind: "simple" },
        target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
      },
    ],
  ];
  for (const [title, input, expected] of table) {
    it(title, () => expect(fromResourceRecordSet(input)).toEqual({ ok: true, value: expected }));
  }
});

describe("fromResourceRecordSet: names, targets and types the controller never writes", () => {
  const table: [title: string, input: ResourceRecordSet, expected: Partial<RecordSet>][] = [
    [
      "wildcard escape decoded, name lowercased",
      { Name: "\\052.Apps.Example.com.", Type: "A", AliasTarget: alias },
      { name: "*.apps.example.com." },
    ],
    [
      "relative name made absolute",
      { Name: "app.example.com", Type: "A", AliasTarget: alias },
      { name: "app.example.com." },
    ],
    [
      "alias name lowercased and absolute; EvaluateTargetHealth defaults to false",
      {
        Name: "a.example.com.",
        Type: "A",
        AliasTarget: { HostedZoneId: "Z1", DNSName: "LB.ELB.amazonaws.com" } as never,
      },
      {
        target: {
          kind: "alias",
          dnsName: "lb.elb.amazonaws.com.",
          hostedZoneId: "Z1",
          evaluateTargetHealth: false,
        },
      },
    ],
    [
      "TXT values keep their quotes verbatim",
      {
        Name: "_gslb-a.app.example.com.",
        Type: "TXT",
        TTL: 300,
        ResourceRecords: [{ Value: '"heritage=route53-gslb" "part 2"' }],
      },
      { type: "TXT", target: { kind: "values", values: ['"heritage=route53-gslb" "part 2"'], ttl: 300 } },
    ],
    [
      "MX keeps type and values",
      {
        Name: "example.com.",
        Type: "MX",
        TTL: 300,
        ResourceRecords: [{ Value: "10 mail.example.com." }, { Value: "20 mx2.example.com." }],
      },
      {
        type: "MX",
        policy: { kind: "simple" },
        target: { kind: "values", values: ["10 mail.example.com.", "20 mx2.example.com."], ttl: 300 },
      },
    ],
    [
      "SOA keeps type and value",
      {
        Name: "example.com.",
        Type: "SOA",
        TTL: 900,
        ResourceRecords: [
          { Value: "ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400" },
        ],
      },
      {
        type: "SOA",
        target: {
          kind: "values",
          values: ["ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"],
          ttl: 900,
        },
      },
    ],
    [
      "NS",
      {
        Name: "dev.example.com.",
        Type: "NS",
        TTL: 172800,
        ResourceRecords: [{ Value: "ns-1.awsdns-00.com." }],
      },
      {
        name: "dev.example.com.",
        type: "NS",
        target: { kind: "values", values: ["ns-1.awsdns-00.com."], ttl: 172800 },
      },
    ],
    [
      "a traffic-policy record without values or TTL",
      { Name: "tp.example.com.", Type: "A", TrafficPolicyInstanceId: "tp-1" },
      { target: { kind: "values", values: [], ttl: 0 } },
    ],
  ];
  for (const [title, input, expected] of table) {
    it(title, () => {
      const result = fromResourceRecordSet(input);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value).toMatchObject(expected);
    });
  }

  const failures: [title: string, input: ResourceRecordSet, reason: string][] = [
    ["no name", { Name: undefined, Type: "A" }, "record set has no Name"],
    ["no type", { Name: "a.example.com.", Type: undefined }, "record set `a.example.com.` has no Type"],
    [
      "policy without set identifier",
      { Name: "a.example.com.", Type: "A", Weight: 10, AliasTarget: alias },
      "record set `a.example.com.` A: has a weighted routing policy but no SetIdentifier",
    ],
  ];
  for (const [title, input, reason] of failures) {
    it(`returns an error, never throws: ${title}`, () =>
      expect(fromResourceRecordSet(input)).toEqual({ ok: false, error: reason }));
  }
});

describe("fromHostedZone", () => {
  it("strips /hostedzone/, decodes the name, reads PrivateZone", () => {
    expect(
      fromHostedZone(
        { Id: "/hostedzone/Z1", Name: "Example.com.", CallerReference: "r", Config: { PrivateZone: true } },
        [],
      ),
    ).toEqual({
      ok: true,
      value: { id: "Z1", name: "example.com.", private: true, records: [] },
    });
    expect(fromHostedZone({ Id: "Z2", Name: "example.org", CallerReference: "r" }, [])).toMatchObject({
      value: { private: false },
    });
  });
  it("reports a zone without an id or a name", () => {
    expect(fromHostedZone({ Id: undefined, Name: "x.", CallerReference: "r" }, [])).toEqual({
      ok: false,
      error: "hosted zone has no Id",
    });
    expect(fromHostedZone({ Id: "Z1", Name: undefined, CallerReference: "r" }, [])).toEqual({
      ok: false,
      error: "hosted zone Z1 has no Name",
    });
  });
});
