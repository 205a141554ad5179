import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RoutingIntent } from "../../../src/model/endpoint.js";
import { displayName, normalizeHostname } from "../../../src/model/hostname.js";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import { dnsEndpointEndpoints } from "../../../src/sources/dns-endpoint.js";
import { dnsEndpoint, ELB } from "./objects.js";

/** A skip's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

const HC = "0d3c5b6a-1234-4abc-8def-0123456789ab";
const ps = (...pairs: [string, string?][]) =>
  pairs.map(([name, value]) => (value === undefined ? { name } : { name, value }));
const entry = (
  dnsName: string,
  recordType: string,
  targets: string[],
  extra: Record<string, unknown> = {},
) => ({
  dnsName,
  recordType,
  targets,
  ...extra,
});

describe("dnsEndpointEndpoints: each entry is a record", () => {
  // entry, expected hostname, targets, routing
  const cases: [
    string,
    Record<string, unknown>,
    string,
    string[],
    Omit<RoutingIntent, "healthCheckSettings">,
  ][] = [
    [
      "A with a TTL",
      entry("a.example.com", "A", ["192.0.2.2", "192.0.2.1"], { recordTTL: 300 }),
      "a.example.com.",
      ["192.0.2.1", "192.0.2.2"],
      { ttl: 300 },
    ],
    ["AAAA", entry("v6.example.com", "AAAA", ["2001:DB8::1"]), "v6.example.com.", ["2001:db8::1"], {}],
    [
      "a TTL of 0 is external-dns's unset",
      entry("z.example.com", "A", ["192.0.2.1"], { recordTTL: 0 }),
      "z.example.com.",
      ["192.0.2.1"],
      {},
    ],
    [
      "CNAME to a hostname, trailing dot allowed",
      entry("c.example.com", "CNAME", ["www.example.net."]),
      "c.example.com.",
      ["www.example.net"],
      {},
    ],
    [
      "CNAME to a load balancer (published as an alias)",
      entry("lb.example.com", "CNAME", [ELB]),
      "lb.example.com.",
      [ELB],
      {},
    ],
    [
      "A with alias to a load balancer",
      entry("al.example.com", "A", [ELB], { providerSpecific: ps(["alias", "true"]) }),
      "al.example.com.",
      [ELB],
      {},
    ],
    [
      "a wildcard name",
      entry("*.apps.example.com", "A", ["192.0.2.1"]),
      "*.apps.example.com.",
      ["192.0.2.1"],
      {},
    ],
    [
      "weighted",
      entry("w.example.com", "CNAME", [ELB], {
        setIdentifier: "eu",
        providerSpecific: ps(["aws/weight", "10"]),
      }),
      "w.example.com.",
      [ELB],
      { policy: "weighted", weight: 10, setIdentifier: "eu" },
    ],
    [
      "failover with a health check, evaluate-target-health off",
      entry("f.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "primary",
        providerSpecific: ps(
          ["aws/failover", "PRIMARY"],
          ["aws/health-check-id", HC],
          ["aws/evaluate-target-health", "false"],
        ),
      }),
      "f.example.com.",
      ["192.0.2.1"],
      {
        policy: "failover",
        failover: "PRIMARY",
        setIdentifier: "primary",
        healthCheck: { kind: "existing", id: HC },
        evaluateTargetHealth: false,
      },
    ],
    [
      "latency",
      entry("l.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "x",
        providerSpecific: ps(["aws/region", "eu-west-1"]),
      }),
      "l.example.com.",
      ["192.0.2.1"],
      { policy: "latency", region: "eu-west-1", setIdentifier: "x" },
    ],
    [
      "geolocation",
      entry("g.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "de",
        providerSpecific: ps(["aws/geolocation-country-code", "DE"]),
      }),
      "g.example.com.",
      ["192.0.2.1"],
      { policy: "geolocation", geolocation: { countryCode: "DE" }, setIdentifier: "de" },
    ],
    [
      "geoproximity at coordinates with a bias, and a pinned zone (docs/sources.md)",
      entry("gp.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "van",
        providerSpecific: ps(
          ["aws/geoproximity-coordinates", "49.20,-123.10"],
          ["aws/geoproximity-bias", "15"],
          ["aws/hosted-zone-id", "Z0123456789EXAMPLE"],
        ),
      }),
      "gp.example.com.",
      ["192.0.2.1"],
      {
        policy: "geoproximity",
        geoproximity: { kind: "coordinates", latitude: "49.2", longitude: "-123.1" },
        bias: 15,
        setIdentifier: "van",
        hostedZoneId: {
          id: "Z0123456789EXAMPLE",
          key: "external-dns.alpha.kubernetes.io/aws-hosted-zone-id",
        },
      },
    ],
    [
      "geoproximity at a Local Zone group",
      entry("lz.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "bos",
        providerSpecific: ps(["aws/geoproximity-local-zone-group", "us-east-1-bos-1"]),
      }),
      "lz.example.com.",
      ["192.0.2.1"],
      {
        policy: "geoproximity",
        geoproximity: { kind: "local-zone-group", group: "us-east-1-bos-1" },
        setIdentifier: "bos",
      },
    ],
    [
      "multivalue: the key's presence, as external-dns reads it",
      entry("m.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "m",
        providerSpecific: ps(["aws/multi-value-answer"]),
      }),
      "m.example.com.",
      ["192.0.2.1"],
      { policy: "multivalue", setIdentifier: "m" },
    ],
    [
      "another provider's setting is ignored, as external-dns's AWS provider does",
      entry("o.example.com", "A", ["192.0.2.1"], {
        providerSpecific: ps(["cloudflare/proxied", "true"], ["webhook/x", "y"]),
      }),
      "o.example.com.",
      ["192.0.2.1"],
      {},
    ],
  ];
  it.each(cases)("%s", (_name, e, hostname, targets, routing) => {
    const out = dnsEndpointEndpoints([dnsEndpoint({}, [e])]);
    expect(out.skipped).toEqual([]);
    expect(out.endpoints).toEqual([
      {
        source: { group: "externaldns.k8s.io", kind: "DNSEndpoint", namespace: "default", name: "dns" },
        hostname,
        targets,
        routing: { ...routing, healthCheckSettings: {} },
      },
    ]);
  });

  it("publishes an A and an AAAA entry of one name as one endpoint", () => {
    const out = dnsEndpointEndpoints([
      dnsEndpoint({}, [
        entry("d.example.com", "A", ["192.0.2.1"]),
        entry("d.example.com", "AAAA", ["2001:db8::1"]),
      ]),
    ]);
    expect(out.endpoints.map((e) => [e.hostname, e.targets])).toEqual([
      ["d.example.com.", ["192.0.2.1", "2001:db8::1"]],
    ]);
  });

  it("takes the object's own annotations as defaults the entries override; external-dns's are not read", () => {
    const obj = dnsEndpoint(
      {
        annotations: {
          "route53-gslb.io/routing-policy": "simple",
          "route53-gslb.io/ttl": "120",
          "external-dns.alpha.kubernetes.io/ttl": "5",
        },
      },
      [
        entry("s.example.com", "A", ["192.0.2.1"]),
        entry("w.example.com", "A", ["192.0.2.1"], {
          recordTTL: 30,
          setIdentifier: "a",
          providerSpecific: ps(["aws/weight", "5"]),
        }),
      ],
    );
    const out = dnsEndpointEndpoints([obj]);
    expect(out.skipped).toEqual([]);
    expect(Object.fromEntries(out.endpoints.map((e) => [e.hostname, e.routing]))).toEqual({
      "s.example.com.": { policy: "simple", ttl: 120, healthCheckSettings: {} },
      "w.example.com.": {
        policy: "weighted",
        weight: 5,
        setIdentifier: "a",
        ttl: 30,
        healthCheckSettings: {},
      },
    });
  });
});

describe("dnsEndpointEndpoints: what cannot be written as asked is reported, naming the field", () => {
  const ok = entry("ok.example.com", "A", ["192.0.2.9"]);
  // entry, whether the whole object's records are held, the message
  const cases: [string, Record<string, unknown>, boolean, string][] = [
    [
      "MX",
      entry("mail.example.com", "MX", ["10 mx.example.com"]),
      false,
      "spec.endpoints[1].recordType is `MX`: route53-gslb writes A, AAAA and CNAME records (a load balancer as an alias); leave other record types to another tool",
    ],
    [
      "SRV",
      entry("_sip._tcp.example.com", "SRV", ["0 5 5060 sip.example.com."]),
      false,
      "spec.endpoints[1].recordType is `SRV`: route53-gslb writes A, AAAA and CNAME records (a load balancer as an alias); leave other record types to another tool",
    ],
    [
      "NS",
      entry("sub.example.com", "NS", ["ns1.example.net"]),
      false,
      "spec.endpoints[1].recordType is `NS`: route53-gslb writes A, AAAA and CNAME records (a load balancer as an alias); leave other record types to another tool",
    ],
    [
      "TXT",
      entry("t.example.com", "TXT", ["v=spf1 -all"]),
      false,
      "spec.endpoints[1].recordType is `TXT`: route53-gslb writes A, AAAA and CNAME records (a load balancer as an alias); leave other record types to another tool",
    ],
    [
      "lower-case type",
      entry("x.example.com", "a", ["192.0.2.1"]),
      false,
      "spec.endpoints[1].recordType is `a`: route53-gslb writes A, AAAA and CNAME records (a load balancer as an alias); leave other record types to another tool",
    ],
    [
      "a name of no provider",
      entry("x.example.com", "A", ["192.0.2.1"], { providerSpecific: ps(["weight", "5"]) }),
      false,
      "spec.endpoints[1].providerSpecific[0] names `weight`, which route53-gslb does not know; it reads `alias` and external-dns's `aws/…` settings",
    ],
    [
      "alias to something else than a load balancer",
      entry("x.example.com", "CNAME", ["d111.cloudfront.net"], { providerSpecific: ps(["alias", "true"]) }),
      false,
      "spec.endpoints[1].providerSpecific[0].value asks for an alias to `d111.cloudfront.net`: route53-gslb writes aliases to load balancers only (found through ELBv2), so it cannot honour it",
    ],
    [
      "a CNAME to a load balancer",
      entry("x.example.com", "CNAME", [ELB], { providerSpecific: ps(["alias", "false"]) }),
      false,
      `spec.endpoints[1].providerSpecific[0].value asks for a CNAME to load balancer \`${ELB}\`: route53-gslb publishes a load balancer as an alias, never a CNAME, so it cannot honour it`,
    ],
    [
      "an A-only alias",
      entry("x.example.com", "CNAME", [ELB], { providerSpecific: ps(["alias", "A"]) }),
      false,
      "spec.endpoints[1].providerSpecific[0].value asks for an A alias only: route53-gslb writes a load balancer's A alias, and its AAAA alias when it is dualstack",
    ],
    [
      "no targets",
      entry("x.example.com", "A", []),
      false,
      "spec.endpoints[1].targets is empty: external-dns fills it from its --default-targets, which route53-gslb does not have; name the targets",
    ],
    [
      "alias yes",
      entry("x.example.com", "CNAME", [ELB], { providerSpecific: ps(["alias", "yes"]) }),
      true,
      '`spec.endpoints[1].providerSpecific[0].value` is "yes"; expected `true` or `false`',
    ],
    [
      "a bad weight",
      entry("x.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "a",
        providerSpecific: ps(["aws/weight", "heavy"]),
      }),
      true,
      '`spec.endpoints[1].providerSpecific[0].value` is "heavy"; expected an integer from 0 to 255 (`aws/weight`)',
    ],
    [
      "weight and failover",
      entry("x.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "a",
        providerSpecific: ps(["aws/weight", "1"], ["aws/failover", "PRIMARY"]),
      }),
      true,
      '`spec.endpoints[1].providerSpecific[1].value` is "PRIMARY"; expected set only with routing policy `failover`: `aws/weight` implies `weighted`; set `route53-gslb.io/routing-policy` to choose one (`aws/failover`)',
    ],
    [
      "a bad region",
      entry("x.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "a",
        providerSpecific: ps(["aws/region", "xx-west-9"]),
      }),
      true,
      '`spec.endpoints[1].providerSpecific[0].value` is "xx-west-9"; expected ',
    ],
    [
      "a name twice",
      entry("x.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "a",
        providerSpecific: ps(["aws/weight", "1"], ["aws/weight", "2"]),
      }),
      true,
      '`spec.endpoints[1].providerSpecific[1].name` is "aws/weight"; expected each provider-specific name once',
    ],
    [
      "multivalue false",
      entry("x.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "a",
        providerSpecific: ps(["aws/multi-value-answer", "false"]),
      }),
      true,
      '`spec.endpoints[1].providerSpecific[0].value` is "false"; expected no value or `true`: external-dns reads the key\'s presence as a multivalue answer',
    ],
    [
      "a long set identifier",
      entry("x.example.com", "A", ["192.0.2.1"], { setIdentifier: "s".repeat(129) }),
      true,
      "`spec.endpoints[1].setIdentifier` is ",
    ],
    [
      "an A to a hostname",
      entry("x.example.com", "A", ["www.example.net"]),
      true,
      '`spec.endpoints[1].targets` is ["www.example.net"]; expected IPv4 addresses for an A record (or one load balancer, with `alias: true`)',
    ],
    [
      "an A to an IPv6 address",
      entry("x.example.com", "A", ["2001:db8::1"]),
      true,
      '`spec.endpoints[1].targets` is ["2001:db8::1"]; expected IPv4 addresses for an A record (or one load balancer, with `alias: true`)',
    ],
    [
      "an AAAA to a load balancer",
      entry("x.example.com", "AAAA", [ELB], { providerSpecific: ps(["alias", "true"]) }),
      true,
      `\`spec.endpoints[1].targets\` is ["${ELB}"]; expected IPv6 addresses for an AAAA record`,
    ],
    [
      "a CNAME to two names",
      entry("x.example.com", "CNAME", ["a.example.net", "b.example.net"]),
      true,
      '`spec.endpoints[1].targets` is ["a.example.net","b.example.net"]; expected exactly one hostname for a CNAME record',
    ],
    [
      "a CNAME to an IP",
      entry("x.example.com", "CNAME", ["192.0.2.1"]),
      true,
      '`spec.endpoints[1].targets` is ["192.0.2.1"]; expected exactly one hostname for a CNAME record',
    ],
    [
      "a target that is no name",
      entry("x.example.com", "CNAME", ["bad_target.example.net"]),
      true,
      '`spec.endpoints[1].targets` is "bad_target.example.net"; expected an IP address or a hostname: ',
    ],
  ];
  it.each(cases)("%s", (_name, bad, holdsObject, why) => {
    const out = dnsEndpointEndpoints([dnsEndpoint({}, [ok, bad])]);
    // The other entries are published.
    expect(out.endpoints.map((e) => e.hostname)).toEqual(["ok.example.com."]);
    expect(out.skipped).toHaveLength(1);
    const [s] = out.skipped;
    expect(s?.hostname).toBe(String(bad.dnsName));
    expect(Boolean(s?.holdsObject)).toBe(holdsObject);
    expect(msg(s).startsWith(why), msg(s)).toBe(true);
  });

  it("holds a record type it does not write at the name as the planner spells it", () => {
    const out = dnsEndpointEndpoints([
      dnsEndpoint({}, [
        entry("Mail.Example.com.", "MX", ["10 mx.example.net"]),
        entry("_dmarc.example.com", "TXT", ["v=DMARC1"]),
      ]),
    ]);
    expect(out.skipped.map((s) => [s.hostname, s.holdsObject])).toEqual([
      ["mail.example.com", undefined],
      ["_dmarc.example.com", undefined],
    ]);
  });

  it("a problem from the object's own annotation combined with an entry names the annotation", () => {
    const obj = dnsEndpoint({ annotations: { "route53-gslb.io/routing-policy": "failover" } }, [
      entry("x.example.com", "A", ["192.0.2.1"], { setIdentifier: "a" }),
    ]);
    const out = dnsEndpointEndpoints([obj]);
    expect(out.endpoints).toEqual([]);
    expect(out.skipped.map((s) => [s.hostname, s.holdsObject, s.problem.kind, msg(s)])).toEqual([
      [
        "x.example.com",
        true,
        "invalid-annotation",
        "Expected `route53-gslb.io/failover` to be `primary` or `secondary`, got ``: routing policy `failover` needs it",
      ],
    ]);
  });

  it("a second member of one name is refused: a cluster writes one member per name", () => {
    const out = dnsEndpointEndpoints([
      dnsEndpoint({}, [
        entry("w.example.com", "A", ["192.0.2.1"], {
          setIdentifier: "a",
          providerSpecific: ps(["aws/weight", "1"]),
        }),
        entry("w.example.com", "A", ["192.0.2.2"], {
          setIdentifier: "b",
          providerSpecific: ps(["aws/weight", "1"]),
        }),
      ]),
    ]);
    expect(out.endpoints.map((e) => [e.hostname, e.targets])).toEqual([["w.example.com.", ["192.0.2.1"]]]);
    expect(out.skipped.map((s) => [s.hostname, msg(s)])).toEqual([
      [
        "w.example.com",
        "spec.endpoints[1] asks for other routing, TTL or set identifier than spec.endpoints[0] at the same name; a cluster writes one member per name, so the entries of one name must agree",
      ],
    ]);
  });
});

describe("dnsEndpointEndpoints: hostile input holds the object's records and names the field", () => {
  const cases: [string, unknown, string][] = [
    ["endpoints a string", "a.example.com", '`spec.endpoints` is "a.example.com"; expected a list'],
    [
      "endpoints a map",
      { dnsName: "a.example.com" },
      '`spec.endpoints` is {"dnsName":"a.example.com"}; expected a list',
    ],
    [
      "a null entry",
      [null],
      "`spec.endpoints[0]` is null; expected an endpoint (`dnsName`, `recordType`, `targets`, …)",
    ],
    [
      "a string entry",
      ["a.example.com"],
      '`spec.endpoints[0]` is "a.example.com"; expected an endpoint (`dnsName`, `recordType`, `targets`, …)',
    ],
    [
      "dnsName a number",
      [{ dnsName: 42, recordType: "A", targets: ["192.0.2.1"] }],
      "`spec.endpoints[0].dnsName` is 42; expected a hostname",
    ],
    [
      "dnsName missing",
      [{ recordType: "A", targets: ["192.0.2.1"] }],
      "`spec.endpoints[0].dnsName` is undefined; expected a hostname",
    ],
    [
      "recordType missing",
      [{ dnsName: "a.example.com", targets: ["192.0.2.1"] }],
      "`spec.endpoints[0].recordType` is undefined; expected a record type: `A`, `AAAA` or `CNAME`",
    ],
    [
      "targets a string",
      [{ dnsName: "a.example.com", recordType: "A", targets: "192.0.2.1" }],
      '`spec.endpoints[0].targets` is "192.0.2.1"; expected a list of strings',
    ],
    [
      "targets of numbers",
      [{ dnsName: "a.example.com", recordType: "A", targets: [1] }],
      "`spec.endpoints[0].targets` is [1]; expected a list of strings",
    ],
    [
      "recordTTL a string",
      [{ dnsName: "a.example.com", recordType: "A", targets: ["192.0.2.1"], recordTTL: "60" }],
      '`spec.endpoints[0].recordTTL` is "60"; expected a TTL in seconds, an integer from 0 to 2147483647',
    ],
    [
      "recordTTL negative",
      [{ dnsName: "a.example.com", recordType: "A", targets: ["192.0.2.1"], recordTTL: -1 }],
      "`spec.endpoints[0].recordTTL` is -1; expected a TTL in seconds, an integer from 0 to 2147483647",
    ],
    [
      "recordTTL a fraction",
      [{ dnsName: "a.example.com", recordType: "A", targets: ["192.0.2.1"], recordTTL: 1.5 }],
      "`spec.endpoints[0].recordTTL` is 1.5; expected a TTL in seconds, an integer from 0 to 2147483647",
    ],
    [
      "setIdentifier a number",
      [{ dnsName: "a.example.com", recordType: "A", targets: ["192.0.2.1"], setIdentifier: 5 }],
      "`spec.endpoints[0].setIdentifier` is 5; expected a string",
    ],
    [
      "providerSpecific a map",
      [
        {
          dnsName: "a.example.com",
          recordType: "A",
          targets: ["192.0.2.1"],
          providerSpecific: { "aws/weight": "1" },
        },
      ],
      '`spec.endpoints[0].providerSpecific` is {"aws/weight":"1"}; expected a list',
    ],
    [
      "a setting without name",
      [
        {
          dnsName: "a.example.com",
          recordType: "A",
          targets: ["192.0.2.1"],
          providerSpecific: [{ value: "1" }],
        },
      ],
      '`spec.endpoints[0].providerSpecific[0]` is {"value":"1"}; expected a `name` and a `value`, both strings',
    ],
    [
      "a setting whose value is a number",
      [
        {
          dnsName: "a.example.com",
          recordType: "A",
          targets: ["192.0.2.1"],
          providerSpecific: [{ name: "aws/weight", value: 10 }],
        },
      ],
      '`spec.endpoints[0].providerSpecific[0]` is {"name":"aws/weight","value":10}; expected a `name` and a `value`, both strings',
    ],
  ];
  it.each(cases)("%s", (_name, endpoints, why) => {
    const out = dnsEndpointEndpoints([dnsEndpoint({}, endpoints)]);
    expect(out.endpoints).toEqual([]);
    expect(out.skipped.map((s) => [s.hostname, s.holdsObject, msg(s)])).toEqual([
      [undefined, true, `${why} (the object's records are kept until it is fixed)`],
    ]);
  });

  it("an invalid dnsName holds the object and names it", () => {
    const out = dnsEndpointEndpoints([dnsEndpoint({}, [entry("bad_name.example.com", "A", ["192.0.2.1"])])]);
    expect(out.skipped.map((s) => [s.hostname, s.holdsObject, s.problem.kind])).toEqual([
      ["bad_name.example.com", true, "invalid-hostname"],
    ]);
  });

  it.each([
    ["a blank name", " ", "hostname is empty"],
    ["an underscore", "bad_name.example.com", "bad_name"],
  ])("an invalid dnsName says which entry it is (%s)", (_name, dnsName, says) => {
    const out = dnsEndpointEndpoints([
      dnsEndpoint({}, [entry("a.example.com", "A", ["192.0.2.1"]), entry(dnsName, "A", ["192.0.2.1"])]),
    ]);
    const text = out.skipped.map(msg);
    expect(text).toHaveLength(1);
    expect(text[0]).toMatch(/^invalid hostname in spec\.endpoints\[1\]\.dnsName: /);
    expect(text[0]).toContain(says);
  });

  it("the object's annotations: ours are read (a bad one skips it all), hostnames and target are refused", () => {
    const e = [entry("a.example.com", "A", ["192.0.2.1"])];
    const skipped = (annotations: Record<string, string>) =>
      dnsEndpointEndpoints([dnsEndpoint({ annotations }, e)]).skipped.map(
        (s) => `${s.problem.kind}: ${msg(s)}`,
      );
    // A bad default is the problem of every entry that takes it.
    expect(skipped({ "route53-gslb.io/weight": "heavy" })).toEqual([
      "invalid-annotation: Expected `route53-gslb.io/weight` to be an integer from 0 to 255, got `heavy`",
    ]);
    const overridden = dnsEndpoint({ annotations: { "route53-gslb.io/weight": "heavy" } }, [
      entry("a.example.com", "A", ["192.0.2.1"], {
        setIdentifier: "a",
        providerSpecific: ps(["aws/weight", "3"]),
      }),
    ]);
    expect(dnsEndpointEndpoints([overridden]).skipped).toEqual([]);
    expect(skipped({ "route53-gslb.io/enabled": "false" })).toEqual([
      "opted-out: disabled by route53-gslb.io/enabled=false",
    ]);
    expect(skipped({ "route53-gslb.io/target": "192.0.2.9" })).toEqual([
      "not-supported: `route53-gslb.io/hostnames` and `route53-gslb.io/target` are not read on a DNSEndpoint: each entry of spec.endpoints names its own dnsName and targets",
    ]);
    // external-dns reads none of a DNSEndpoint's annotations, so neither do we.
    expect(
      skipped({
        "external-dns.alpha.kubernetes.io/hostname": "x.example.com",
        "external-dns.alpha.kubernetes.io/aws-weight": "x",
      }),
    ).toEqual([]);
  });

  it("reads only externaldns.k8s.io/v1alpha1", () => {
    const obj = {
      ...dnsEndpoint({}, [entry("a.example.com", "A", ["192.0.2.1"])]),
      apiVersion: "externaldns.k8s.io/v1",
    };
    expect(dnsEndpointEndpoints([obj])).toEqual({ endpoints: [], skipped: [] });
  });
});

describe("dnsEndpointEndpoints: no entry is dropped in silence (property)", () => {
  // Values external-dns's schema allows, values it does not, and hostile ones.
  const anyValue = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.integer(),
    fc.string(),
    fc.array(fc.string()),
  );
  const settingName = fc.constantFrom(
    "aws/weight",
    "aws/failover",
    "aws/region",
    "aws/health-check-id",
    "aws/multi-value-answer",
    "aws/geoproximity-bias",
    "alias",
    "cloudflare/proxied",
    "record-type",
  );
  const entryArb = fc.record(
    {
      dnsName: fc.oneof(
        fc.constantFrom("a.example.com", "b.example.com", "*.example.com", "bad_name.example.com", ""),
        anyValue,
      ),
      recordType: fc.oneof(fc.constantFrom("A", "AAAA", "CNAME", "MX", "TXT"), anyValue),
      targets: fc.oneof(
        fc.array(fc.constantFrom("192.0.2.1", "2001:db8::1", "www.example.net", ELB, "not a target", ""), {
          maxLength: 3,
        }),
        anyValue,
      ),
      recordTTL: fc.oneof(fc.integer({ min: -5, max: 400 }), anyValue),
      setIdentifier: fc.oneof(fc.constantFrom("a", "b", ""), anyValue),
      providerSpecific: fc.oneof(
        fc.array(
          fc.record({
            name: settingName,
            value: fc.oneof(fc.constantFrom("1", "true", "false", "PRIMARY", "eu-west-1", ""), anyValue),
          }),
          {
            maxLength: 3,
          },
        ),
        anyValue,
      ),
    },
    { requiredKeys: [] },
  );

  it("publishes each entry, or reports it by its index, its name, or the whole list", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(entryArb, anyValue), { maxLength: 5 }), (entries) => {
        const out = dnsEndpointEndpoints([dnsEndpoint({}, entries)]);
        const published = new Set(out.endpoints.map((e) => e.hostname));
        const text = out.skipped.map((s) => JSON.stringify(s.problem)).join("\n");
        entries.forEach((e, i) => {
          const name =
            typeof (e as { dnsName?: unknown })?.dnsName === "string"
              ? String((e as { dnsName: string }).dnsName)
              : undefined;
          const normalised = name === undefined ? undefined : normalizeHostname(name);
          const accounted =
            text.includes(`spec.endpoints[${i}]`) ||
            (normalised?.ok === true &&
              (published.has(normalised.value) ||
                out.skipped.some((s) => s.hostname === displayName(normalised.value))));
          expect(accounted, JSON.stringify({ i, e, out })).toBe(true);
        });
        for (const s of out.skipped) expect(msgOf(s.problem).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
