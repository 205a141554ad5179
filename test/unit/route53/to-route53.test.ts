import type { ResourceRecordSet } from "@aws-sdk/client-route-53";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalAddress } from "../../../src/model/address.js";
import type { HealthCheckSpec } from "../../../src/model/health-check.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import type { RoutingPolicy } from "../../../src/model/routing-policy.js";
import type { Target } from "../../../src/model/target.js";
import { fromHealthCheckConfig, fromResourceRecordSet } from "../../../src/route53/from-route53.js";
import {
  toChange,
  toHealthCheckConfig,
  toResourceRecordSet,
  toTags,
} from "../../../src/route53/to-route53.js";
import { httpsHealthCheck } from "../../fixtures/health-checks.js";

const alias: Target = {
  kind: "alias",
  dnsName: "lb-1.eu-west-2.elb.amazonaws.com.",
  hostedZoneId: "ZHURV8PSTC4K8",
  evaluateTargetHealth: true,
};
const sdkAlias = {
  HostedZoneId: "ZHURV8PSTC4K8",
  DNSName: "lb-1.eu-west-2.elb.amazonaws.com.",
  EvaluateTargetHealth: true,
};
const ips: Target = { kind: "values", values: ["192.0.2.1"], ttl: 60 };

describe("toResourceRecordSet", () => {
  const table: [title: string, input: RecordSet, expected: ResourceRecordSet][] = [
    [
      "simple values",
      { name: "a.example.com.", type: "A", policy: { kind: "simple" }, target: ips },
      { Name: "a.example.com.", Type: "A", TTL: 60, ResourceRecords: [{ Value: "192.0.2.1" }] },
    ],
    [
      "weighted alias carries no TTL",
      {
        name: "a.example.com.",
        type: "A",
        policy: { kind: "weighted", setIdentifier: "c1", weight: 100 },
        target: alias,
      },
      { Name: "a.example.com.", Type: "A", SetIdentifier: "c1", Weight: 100, AliasTarget: sdkAlias },
    ],
    [
      "latency",
      {
        name: "a.example.com.",
        type: "AAAA",
        policy: { kind: "latency", setIdentifier: "c1", region: "eu-west-2" },
        target: alias,
      },
      {
        Name: "a.example.com.",
        Type: "AAAA",
        SetIdentifier: "c1",
        Region: "eu-west-2",
        AliasTarget: sdkAlias,
      },
    ],
    [
      "failover with health check",
      {
        name: "a.example.com.",
        type: "A",
        policy: { kind: "failover", setIdentifier: "c1", role: "PRIMARY" },
        target: alias,
        healthCheckId: "hc-1",
      },
      {
        Name: "a.example.com.",
        Type: "A",
        SetIdentifier: "c1",
        Failover: "PRIMARY",
        AliasTarget: sdkAlias,
        HealthCheckId: "hc-1",
      },
    ],
    [
      "geolocation",
      {
        name: "a.example.com.",
        type: "A",
        policy: { kind: "geolocation", setIdentifier: "eu", location: { continentCode: "EU" } },
        target: alias,
      },
      {
        Name: "a.example.com.",
        Type: "A",
        SetIdentifier: "eu",
        GeoLocation: { ContinentCode: "EU" },
        AliasTarget: sdkAlias,
      },
    ],
    [
      "multivalue",
      { name: "a.example.com.", type: "A", policy: { kind: "multivalue", setIdentifier: "m" }, target: ips },
      {
        Name: "a.example.com.",
        Type: "A",
        SetIdentifier: "m",
        MultiValueAnswer: true,
        TTL: 60,
        ResourceRecords: [{ Value: "192.0.2.1" }],
      },
    ],
    [
      "geoproximity at a region, bias 0 sent",
      {
        name: "a.example.com.",
        type: "A",
        policy: {
          kind: "geoproximity",
          setIdentifier: "c1",
          place: { kind: "region", region: "eu-west-2" },
          bias: 0,
        },
        target: alias,
      },
      {
        Name: "a.example.com.",
        Type: "A",
        SetIdentifier: "c1",
        GeoProximityLocation: { AWSRegion: "eu-west-2", Bias: 0 },
        AliasTarget: sdkAlias,
      },
    ],
    [
      "geoproximity at a Local Zone group",
      {
        name: "a.example.com.",
        type: "A",
        policy: {
          kind: "geoproximity",
          setIdentifier: "c1",
          place: { kind: "local-zone-group", group: "us-east-1-bue-1" },
          bias: -20,
        },
        target: ips,
      },
      {
        Name: "a.example.com.",
        Type: "A",
        SetIdentifier: "c1",
        GeoProximityLocation: { LocalZoneGroup: "us-east-1-bue-1", Bias: -20 },
        TTL: 60,
        ResourceRecords: [{ Value: "192.0.2.1" }],
      },
    ],
    [
      "geoproximity at coordinates",
      {
        name: "a.example.com.",
        type: "A",
        policy: {
          kind: "geoproximity",
          setIdentifier: "c1",
          place: { kind: "coordinates", latitude: "49.22", longitude: "-74.01" },
          bias: 99,
        },
        target: ips,
      },
      {
        Name: "a.example.com.",
        Type: "A",
        SetIdentifier: "c1",
        GeoProximityLocation: { Coordinates: { Latitude: "49.22", Longitude: "-74.01" }, Bias: 99 },
        TTL: 60,
        ResourceRecords: [{ Value: "192.0.2.1" }],
      },
    ],
    [
      "wildcard name and a quoted TXT value",
      {
        name: "*.a.example.com.",
        type: "TXT",
        policy: { kind: "simple" },
        target: { kind: "values", values: ['"v=1" "x"'], ttl: 300 },
      },
      { Name: "*.a.example.com.", Type: "TXT", TTL: 300, ResourceRecords: [{ Value: '"v=1" "x"' }] },
    ],
  ];
  for (const [title, input, expected] of table) {
    it(title, () => expect(toResourceRecordSet(input)).toEqual(expected));
  }

  it("wraps a planned change", () => {
    const record: RecordSet = { name: "a.example.com.", type: "A", policy: { kind: "simple" }, target: ips };
    expect(
      toChange({
        zoneId: "Z1",
        zoneName: "example.com.",
        action: "UPSERT",
        purpose: "record",
        record,
        group: "g",
      }),
    ).toEqual({
      Action: "UPSERT",
      ResourceRecordSet: toResourceRecordSet(record),
    });
  });
});

describe("toHealthCheckConfig", () => {
  const spec = httpsHealthCheck({ fqdn: "lb.elb.amazonaws.com" });
  it("HTTPS without regions leaves Regions out", () => {
    expect(toHealthCheckConfig(spec)).toEqual({
      Type: "HTTPS",
      FullyQualifiedDomainName: "lb.elb.amazonaws.com",
      Port: 443,
      ResourcePath: "/healthz",
      RequestInterval: 30,
      FailureThreshold: 3,
      EnableSNI: true,
    });
  });
  it("string match with regions", () => {
    expect(
      toHealthCheckConfig({
        ...spec,
        type: "HTTPS_STR_MATCH",
        searchString: "ok",
        regions: ["us-east-1", "eu-west-1", "ap-southeast-1"],
      }),
    ).toMatchObject({
      Type: "HTTPS_STR_MATCH",
      SearchString: "ok",
      Regions: ["us-east-1", "eu-west-1", "ap-southeast-1"],
    });
  });
  it("an IP address is sent as IPAddress", () => {
    const config = toHealthCheckConfig({
      ...spec,
      type: "TCP",
      fqdn: "2001:db8::1",
      port: 80,
      enableSni: false,
      resourcePath: undefined,
    });
    expect(config).toEqual({
      Type: "TCP",
      IPAddress: "2001:db8::1",
      Port: 80,
      RequestInterval: 30,
      FailureThreshold: 3,
      EnableSNI: false,
    });
  });
});

describe("toHealthCheckConfig: CALCULATED", () => {
  it("sends only the children, the threshold (and Inverted when set), and reads back equal", () => {
    const spec = { type: "CALCULATED" as const, children: ["m-1", "c-1"], healthThreshold: 2 };
    const config = toHealthCheckConfig(spec);
    expect(config).toEqual({ Type: "CALCULATED", ChildHealthChecks: ["m-1", "c-1"], HealthThreshold: 2 });
    expect(fromHealthCheckConfig(config)).toEqual({ ok: true, value: spec });
    const inverted = { ...spec, inverted: true as const };
    expect(fromHealthCheckConfig(toHealthCheckConfig(inverted))).toEqual({ ok: true, value: inverted });
  });
});

describe("toTags", () => {
  it("sorts by key", () =>
    expect(toTags({ b: "2", a: "1" })).toEqual([
      { Key: "a", Value: "1" },
      { Key: "b", Value: "2" },
    ]));
});

// ── Round trips ───────────────────────────────────────────────────────────────────────────────────

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-_]{0,10}[a-z0-9])?$/);
const name = fc
  .tuple(fc.boolean(), fc.array(label, { minLength: 1, maxLength: 3 }))
  .map(([wild, labels]) => `${wild ? "*." : ""}${labels.join(".")}.example.com.`);
const setIdentifier = fc.stringMatching(/^[A-Za-z0-9 _-]{1,20}$/);
const geo = fc
  .record(
    {
      continentCode: fc.constantFrom("EU", "NA", "AS"),
      countryCode: fc.constantFrom("DE", "US", "*"),
      subdivisionCode: fc.constantFrom("CA", "TX"),
    },
    { requiredKeys: [] },
  )
  .filter((g) => Object.keys(g).length > 0);
const policy: fc.Arbitrary<RoutingPolicy> = fc.oneof(
  fc.constant({ kind: "simple" } as const),
  fc.record({
    kind: fc.constant("weighted" as const),
    setIdentifier,
    weight: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant("latency" as const),
    setIdentifier,
    region: fc.constantFrom("eu-west-1", "eu-west-2", "us-east-1"),
  }),
  fc.record({
    kind: fc.constant("failover" as const),
    setIdentifier,
    role: fc.constantFrom("PRIMARY" as const, "SECONDARY" as const),
  }),
  fc.record({ kind: fc.constant("geolocation" as const), setIdentifier, location: geo }),
  fc.record({ kind: fc.constant("multivalue" as const), setIdentifier }),
  fc.record({
    kind: fc.constant("geoproximity" as const),
    setIdentifier,
    place: fc.oneof(
      fc.record({ kind: fc.constant("region" as const), region: fc.constantFrom("eu-west-1", "us-east-1") }),
      fc.record({
        kind: fc.constant("local-zone-group" as const),
        group: fc.constantFrom("us-east-1-bue-1", "us-west-2-lax-1"),
      }),
      fc.record({
        kind: fc.constant("coordinates" as const),
        latitude: fc.integer({ min: -9000, max: 9000 }).map((n) => String(n / 100)),
        longitude: fc.integer({ min: -18000, max: 18000 }).map((n) => String(n / 100)),
      }),
    ),
    bias: fc.integer({ min: -99, max: 99 }),
  }),
);
const target: fc.Arbitrary<Target> = fc.oneof(
  fc.record({
    kind: fc.constant("alias" as const),
    dnsName: label.map((l) => `${l}.eu-west-2.elb.amazonaws.com.`),
    hostedZoneId: fc.stringMatching(/^Z[A-Z0-9]{8,20}$/),
    evaluateTargetHealth: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("values" as const),
    values: fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 4 }),
    ttl: fc.integer({ min: 0, max: 604800 }),
  }),
);
const recordSet: fc.Arbitrary<RecordSet> = fc
  .record(
    {
      name,
      type: fc.constantFrom("A", "AAAA", "CNAME", "TXT", "MX", "SRV"),
      policy,
      target,
      healthCheckId: fc.uuid(),
    },
    { requiredKeys: ["name", "type", "policy", "target"] },
  )
  .map((r) => r as RecordSet);

const healthCheckSpec: fc.Arbitrary<HealthCheckSpec> = fc
  .record(
    {
      type: fc.constantFrom("HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP") as fc.Arbitrary<
        HealthCheckSpec["type"]
      >,
      fqdn: fc.oneof(
        name.map((n) => n.slice(0, -1).replace("*.", "")),
        fc.ipV4(),
        // The planner writes an IPv6 address in its canonical spelling (healthCheckSpec), as it reads it.
        fc.ipV6().map(canonicalAddress),
      ),
      port: fc.integer({ min: 1, max: 65535 }),
      resourcePath: fc.stringMatching(/^\/[a-z0-9/]{0,20}$/),
      searchString: fc.string({ maxLength: 20 }),
      requestInterval: fc.constantFrom(10 as const, 30 as const),
      failureThreshold: fc.integer({ min: 1, max: 10 }),
      regions: fc.subarray(["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1"]),
      enableSni: fc.boolean(),
    },
    { requiredKeys: ["type", "fqdn", "port", "requestInterval", "failureThreshold", "regions", "enableSni"] },
  )
  .map((s) => s as HealthCheckSpec);

describe("round trips (property)", () => {
  it("from(to(record)) is the record, for every record the model can write", () => {
    fc.assert(
      fc.property(recordSet, (record) => {
        expect(fromResourceRecordSet(toResourceRecordSet(record))).toEqual({ ok: true, value: record });
      }),
    );
  });

  it("to(from(rrs)) is the record set, for Route 53 record sets in canonical form", () => {
    fc.assert(
      fc.property(recordSet, (record) => {
        const rrs = toResourceRecordSet(record);
        const back = fromResourceRecordSet(rrs);
        expect(back.ok && toResourceRecordSet(back.value)).toEqual(rrs);
      }),
    );
  });

  it("from(to(spec)) is the health-check spec", () => {
    fc.assert(
      fc.property(healthCheckSpec, (spec) => {
        expect(fromHealthCheckConfig(toHealthCheckConfig(spec))).toEqual({ ok: true, value: spec });
      }),
    );
  });
});
