import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RoutingIntent } from "../../../src/model/endpoint.js";
import { quote } from "../../../src/model/shorten.js";
import { type AnnotationProblem, parseAnnotations } from "../../../src/sources/annotations.js";

const P = "route53-gslb.io/";
const E = "external-dns.kubernetes.io/";
const A = "external-dns.alpha.kubernetes.io/";
const HC_ID = "3f2a6b1e-9c4d-4e8f-a1b2-c3d4e5f60718";

function routingOf(annotations: Record<string, string>): RoutingIntent {
  const r = parseAnnotations(annotations);
  if (!r.ok) throw new Error(r.error.map((p) => p.message).join("\n"));
  return r.value.routing;
}

function problemsOf(annotations: Record<string, string>): AnnotationProblem[] {
  const r = parseAnnotations(annotations);
  if (r.ok) throw new Error(`expected problems, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe("parseAnnotations: our keys", () => {
  const cases: [string, Record<string, string>, Omit<RoutingIntent, "healthCheckSettings">][] = [
    ["no annotations", {}, {}],
    ["simple", { [`${P}routing-policy`]: "simple" }, { policy: "simple" }],
    ["weighted, any case", { [`${P}routing-policy`]: " Weighted " }, { policy: "weighted" }],
    ["latency", { [`${P}routing-policy`]: "latency" }, { policy: "latency" }],
    ["multivalue", { [`${P}routing-policy`]: "multivalue" }, { policy: "multivalue" }],
    [
      "failover with role",
      { [`${P}routing-policy`]: "failover", [`${P}failover`]: "Primary" },
      { policy: "failover", failover: "PRIMARY" },
    ],
    ["failover implied", { [`${P}failover`]: "secondary" }, { policy: "failover", failover: "SECONDARY" }],
    [
      "geolocation with location",
      { [`${P}routing-policy`]: "geolocation", [`${P}geolocation`]: "continent=eu" },
      { policy: "geolocation", geolocation: { continentCode: "EU" } },
    ],
    [
      "geolocation country",
      { [`${P}geolocation`]: "country=DE" },
      { policy: "geolocation", geolocation: { countryCode: "DE" } },
    ],
    [
      "geolocation subdivision",
      { [`${P}geolocation`]: "country=US, subdivision=CA" },
      { policy: "geolocation", geolocation: { countryCode: "US", subdivisionCode: "CA" } },
    ],
    [
      "regions Route 53 added lately",
      { [`${P}routing-policy`]: "latency", [`${P}region`]: "mx-central-1" },
      { policy: "latency", region: "mx-central-1" },
    ],
    [
      "a Ukrainian subdivision (Route 53 lists Ukraine's oblasts)",
      { [`${P}geolocation`]: "country=UA,subdivision=30" },
      { policy: "geolocation", geolocation: { countryCode: "UA", subdivisionCode: "30" } },
    ],
    [
      "geolocation default",
      { [`${P}geolocation`]: "*" },
      { policy: "geolocation", geolocation: { countryCode: "*" } },
    ],
    ["set identifier", { [`${P}set-identifier`]: "cluster-1" }, { setIdentifier: "cluster-1" }],
    ["weight 0 implies weighted", { [`${P}weight`]: "0" }, { policy: "weighted", weight: 0 }],
    ["weight 255", { [`${P}weight`]: "255" }, { policy: "weighted", weight: 255 }],
    ["region alone implies nothing", { [`${P}region`]: "eu-west-2" }, { region: "eu-west-2" }],
    ["gov region", { [`${P}region`]: "us-gov-west-1" }, { region: "us-gov-west-1" }],
    [
      "region with weighted",
      { [`${P}routing-policy`]: "weighted", [`${P}region`]: "eu-west-1" },
      { policy: "weighted", region: "eu-west-1" },
    ],
    ["ttl 0", { [`${P}ttl`]: "0" }, { ttl: 0 }],
    ["ttl max", { [`${P}ttl`]: "2147483647" }, { ttl: 2147483647 }],
    [
      "target list, normalised, sorted, unique",
      { [`${P}target`]: "Lb.Example.com., 192.0.2.1, 2001:DB8::1, lb.example.com" },
      { targets: ["192.0.2.1", "2001:db8::1", "lb.example.com"] },
    ],
    ["evaluate-target-health", { [`${P}evaluate-target-health`]: "FALSE" }, { evaluateTargetHealth: false }],
    ["health-check auto", { [`${P}health-check`]: "auto" }, { healthCheck: { kind: "auto" } }],
    ["health-check none", { [`${P}health-check`]: "None" }, { healthCheck: { kind: "none" } }],
    [
      "health-check id",
      { [`${P}health-check`]: HC_ID.toUpperCase() },
      { healthCheck: { kind: "existing", id: HC_ID } },
    ],
    ["enabled true", { [`${P}enabled`]: "true" }, {}],
  ];
  it.each(cases)("%s", (_name, annotations, expected) => {
    expect(routingOf(annotations)).toEqual({ healthCheckSettings: {}, ...expected });
  });

  it("reads every health-check setting", () => {
    const routing = routingOf({
      [`${P}health-check`]: "auto",
      [`${P}health-check-protocol`]: "http",
      [`${P}health-check-port`]: "8080",
      [`${P}health-check-path`]: "/healthz",
      [`${P}health-check-host`]: "Canary.Example.com",
      [`${P}health-check-search-string`]: "ok",
      [`${P}health-check-interval`]: "10",
      [`${P}health-check-failure-threshold`]: "10",
      [`${P}health-check-regions`]: "us-west-2, eu-west-1,us-east-1,eu-west-1",
    });
    expect(routing.healthCheckSettings).toEqual({
      protocol: "HTTP",
      port: 8080,
      path: "/healthz",
      host: "canary.example.com",
      searchString: "ok",
      interval: 10,
      failureThreshold: 10,
      regions: ["eu-west-1", "us-east-1", "us-west-2"],
    });
  });

  it("returns the extra hostnames as written", () => {
    const r = parseAnnotations({ [`${P}hostnames`]: " a.example.com, ,B.example.com " });
    expect(r).toEqual({
      ok: true,
      value: {
        enabled: true,
        extraHostnames: ["a.example.com", "B.example.com"],
        hostnamesKey: "route53-gslb.io/hostnames",
        routing: { healthCheckSettings: {} },
      },
    });
  });

  it("treats enabled=false as an opt-out and ignores every other key", () => {
    expect(
      parseAnnotations({ [`${P}enabled`]: "False", [`${P}weight`]: "heavy", [`${P}bogus`]: "x" }),
    ).toEqual({
      ok: true,
      value: { enabled: false, extraHostnames: [], routing: { healthCheckSettings: {} } },
    });
  });
});

describe("parseAnnotations: external-dns keys", () => {
  const cases: [string, Record<string, string>, Omit<RoutingIntent, "healthCheckSettings">][] = [
    ["target", { target: "192.0.2.7" }, { targets: ["192.0.2.7"] }],
    ["ttl seconds", { ttl: "120" }, { ttl: 120 }],
    ["ttl duration", { ttl: "1m30s" }, { ttl: 90 }],
    ["set-identifier", { "set-identifier": "blue" }, { setIdentifier: "blue" }],
    ["aws-weight", { "aws-weight": "20" }, { policy: "weighted", weight: 20 }],
    ["aws-region implies latency", { "aws-region": "eu-west-1" }, { policy: "latency", region: "eu-west-1" }],
    ["aws-failover", { "aws-failover": "PRIMARY" }, { policy: "failover", failover: "PRIMARY" }],
    [
      "aws-health-check-id",
      { "aws-health-check-id": HC_ID },
      { healthCheck: { kind: "existing", id: HC_ID } },
    ],
    ["aws-evaluate-target-health", { "aws-evaluate-target-health": "true" }, { evaluateTargetHealth: true }],
    [
      "continent",
      { "aws-geolocation-continent-code": "eu" },
      { policy: "geolocation", geolocation: { continentCode: "EU" } },
    ],
    [
      "country + subdivision",
      { "aws-geolocation-country-code": "US", "aws-geolocation-subdivision-code": "CA" },
      { policy: "geolocation", geolocation: { countryCode: "US", subdivisionCode: "CA" } },
    ],
    [
      "default country",
      { "aws-geolocation-country-code": "*" },
      { policy: "geolocation", geolocation: { countryCode: "*" } },
    ],
    ["multi-value true", { "aws-multi-value-answer": "true" }, { policy: "multivalue" }],
    ["keys we do not use are ignored", { "cloudflare-proxied": "true", "aws-zone-type": "public" }, {}],
  ];
  for (const prefix of [E, A]) {
    it.each(cases)(`${prefix} %s`, (_name, annotations, expected) => {
      const prefixed = Object.fromEntries(Object.entries(annotations).map(([k, v]) => [`${prefix}${k}`, v]));
      expect(routingOf(prefixed)).toEqual({ healthCheckSettings: {}, ...expected });
    });
    it(`${prefix}hostname gives extra hostnames`, () => {
      const r = parseAnnotations({ [`${prefix}hostname`]: "a.example.com,b.example.com" });
      expect(r.ok && r.value.extraHostnames).toEqual(["a.example.com", "b.example.com"]);
    });
  }
});

describe("parseAnnotations: precedence", () => {
  const cases: [string, Record<string, string>, Omit<RoutingIntent, "healthCheckSettings">][] = [
    [
      "our weight over aws-weight",
      { [`${P}weight`]: "10", [`${E}aws-weight`]: "20" },
      { policy: "weighted", weight: 10 },
    ],
    ["current prefix over alpha", { [`${E}ttl`]: "30", [`${A}ttl`]: "60" }, { ttl: 30 }],
    ["alpha alone", { [`${A}ttl`]: "60" }, { ttl: 60 }],
    [
      "our region silences aws-region's latency",
      { [`${P}region`]: "eu-west-2", [`${E}aws-region`]: "eu-west-1", [`${P}weight`]: "5" },
      { policy: "weighted", weight: 5, region: "eu-west-2" },
    ],
    [
      "our routing-policy over aws-multi-value-answer",
      { [`${P}routing-policy`]: "weighted", [`${E}aws-multi-value-answer`]: "true" },
      { policy: "weighted" },
    ],
    [
      "aws-region keeps its region under an explicit policy",
      { [`${P}routing-policy`]: "weighted", [`${A}aws-region`]: "eu-west-1" },
      { policy: "weighted", region: "eu-west-1" },
    ],
    [
      "our geolocation over external-dns codes",
      { [`${P}geolocation`]: "country=DE", [`${E}aws-geolocation-continent-code`]: "EU" },
      { policy: "geolocation", geolocation: { countryCode: "DE" } },
    ],
    [
      "our health-check over aws-health-check-id",
      { [`${P}health-check`]: "none", [`${E}aws-health-check-id`]: HC_ID },
      { healthCheck: { kind: "none" } },
    ],
    [
      "our target over external-dns's",
      { [`${P}target`]: "192.0.2.1", [`${E}target`]: "192.0.2.2" },
      { targets: ["192.0.2.1"] },
    ],
    [
      "explicit policy agrees with implied",
      { [`${P}routing-policy`]: "weighted", [`${E}aws-weight`]: "7" },
      { policy: "weighted", weight: 7 },
    ],
  ];
  it.each(cases)("%s", (_name, annotations, expected) => {
    expect(routingOf(annotations)).toEqual({ healthCheckSettings: {}, ...expected });
  });
});

describe("parseAnnotations: problems name the key, the value and what is accepted", () => {
  /** Assert each problem names its key and value, and says what `says` says. */
  function expectProblems(
    annotations: Record<string, string>,
    expected: [key: string, value: string, says: string][],
  ) {
    const problems = problemsOf(annotations);
    expect(problems.map(({ key, value }) => [key, value])).toEqual(
      expected.map(([key, value]) => [key, value]),
    );
    for (const [i, p] of problems.entries()) {
      expect(p.message).toMatch(/^(Expected|Unknown annotation) `/);
      // Keys and values over 80 characters are quoted cut, with their length.
      expect(p.message).toContain(quote(p.key));
      if (p.value !== "") expect(p.message).toContain(quote(p.value));
      expect(p.message).toContain(expected[i]?.[2]);
    }
  }

  // One annotation with a bad value: [key, value, what the message says is accepted].
  const single: [string, string, string][] = [
    [`${P}weight`, "heavy", "an integer from 0 to 255"],
    [`${P}weight`, "256", "0 to 255"],
    [`${P}weight`, "1.5", "0 to 255"],
    [`${E}aws-weight`, "-1", "0 to 255"],
    [
      `${P}routing-policy`,
      "random",
      "one of `simple`, `weighted`, `latency`, `failover`, `geolocation`, `multivalue`, `geoproximity`",
    ],
    [`${P}set-identifier`, "x".repeat(129), "1 to 128"],
    [`${P}set-identifier`, " ", "1 to 128"],
    [`${P}region`, "Europe", "an AWS region Route 53 accepts for latency records, such as `us-east-1`"],
    [`${P}failover`, "main", "`primary` or `secondary`"],
    [`${P}geolocation`, "continent=XX", "`continent=<AF|AN|AS|EU|NA|OC|SA>`"],
    [`${P}geolocation`, "subdivision=CA", "`country=<code>,subdivision=<code>`"],
    [`${P}geolocation`, "continent=EU,country=DE", "or `*`"],
    [`${P}geolocation`, "country=DEU", "`country=<2-letter code>`"],
    [`${P}ttl`, "1m", "an integer from 0 to 2147483647"],
    [`${E}ttl`, "2147483648", "seconds from 0 to 2147483647 or a duration"],
    [`${P}target`, "192.0.2.1, not_a host", "a comma-separated list of hostnames or IP addresses"],
    [`${A}target`, "*.example.com", "wildcard"],
    [`${P}target`, " , ", "hostnames or IP addresses"],
    [`${P}hostnames`, "", "a comma-separated list of hostnames"],
    [`${P}evaluate-target-health`, "yes", "`true` or `false`"],
    [`${P}health-check`, "hc-1", "`auto`, `none` or the id of an existing Route 53 health check"],
    [`${E}aws-health-check-id`, "auto", "(a UUID)"],
    [`${P}health-check-protocol`, "UDP", "one of `HTTP`, `HTTPS`, `TCP`"],
    [`${P}health-check-port`, "0", "1 to 65535"],
    [`${P}health-check-port`, "65536", "1 to 65535"],
    [`${P}health-check-path`, "healthz", "starting with `/`"],
    [`${P}health-check-path`, `/${"a".repeat(255)}`, "at most 255"],
    [`${P}health-check-host`, "*.example.com", "a hostname"],
    [`${P}health-check-search-string`, "s".repeat(256), "1 to 255"],
    [`${P}health-check-interval`, "60", "`10` or `30`"],
    [`${P}health-check-failure-threshold`, "11", "1 to 10"],
    [`${P}health-check-regions`, "us-east-1,eu-west-1,us-east-1", "at least 3"],
    [
      `${P}health-check-regions`,
      "us-east-1,eu-west-1,eu-west-2",
      "`eu-west-2` has no Route 53 health checkers",
    ],
    [`${P}enabled`, "no", "`true` or `false`"],
    [`${P}wieght`, "10", "did you mean `route53-gslb.io/weight`?"],
    [`${P}colour`, "red", "expected one of `hostnames`,"],
    [`${E}aws-multi-value-answer`, "yes", "`true` or `false`"],
    // external-dns makes a multivalue record for any value: "false" must not quietly become weighted.
    [`${E}aws-multi-value-answer`, "false", "whenever this key is set, even to `false`"],
    [`${E}aws-geolocation-continent-code`, "XX", "a continent code, one of `AF`"],
    [`${A}aws-geolocation-country-code`, "USA", "a 2-letter country code or `*`"],
    [`${E}aws-geolocation-subdivision-code`, "CA", "set only with a country code"],
    // Well-formed, but not in Route 53's lists (src/model/latency-regions.ts, geo-locations.ts).
    [`${P}region`, "xx-west-9", "an AWS region Route 53 accepts for latency records"],
    [`${E}aws-region`, "eu-west-9", "see docs/route53-locations.md"],
    [`${P}geolocation`, "country=XX", "`XX` is not a country code Route 53 accepts"],
    [`${P}geolocation`, "country=US,subdivision=ZZ", "`ZZ` is not a subdivision of `US` Route 53 accepts"],
    [
      `${P}geolocation`,
      "country=DE,subdivision=BY",
      "Route 53 has no subdivisions of `DE`; only of `UA` and `US`",
    ],
    [`${A}aws-geolocation-country-code`, "XX", "`XX` is not a country code Route 53 accepts"],
  ];
  it.each(single)("%s: %s", (key, value, says) => expectProblems({ [key]: value }, [[key, value, says]]));

  // Annotations that are fine alone and wrong together.
  const combined: [string, Record<string, string>, [string, string, string][]][] = [
    [
      "weight with latency",
      { [`${P}routing-policy`]: "latency", [`${P}weight`]: "10" },
      [[`${P}weight`, "10", "`route53-gslb.io/routing-policy` is `latency`"]],
    ],
    [
      "aws-weight with failover",
      { [`${P}routing-policy`]: "failover", [`${P}failover`]: "primary", [`${E}aws-weight`]: "10" },
      [[`${E}aws-weight`, "10", "only with routing policy `weighted`"]],
    ],
    [
      "geolocation with weighted",
      { [`${P}routing-policy`]: "weighted", [`${P}geolocation`]: "*" },
      [[`${P}geolocation`, "*", "only with routing policy `geolocation`"]],
    ],
    [
      "implied policies disagree",
      { [`${P}weight`]: "10", [`${P}failover`]: "primary" },
      [[`${P}failover`, "primary", "`route53-gslb.io/weight` implies `weighted`"]],
    ],
    [
      "external-dns implied policies disagree",
      { [`${E}aws-weight`]: "10", [`${E}aws-region`]: "eu-west-1" },
      [[`${E}aws-region`, "eu-west-1", "only with routing policy `latency`"]],
    ],
    [
      "failover without role",
      { [`${P}routing-policy`]: "failover" },
      [[`${P}failover`, "", "routing policy `failover` needs it"]],
    ],
    [
      "geolocation without location",
      { [`${P}routing-policy`]: "geolocation" },
      [[`${P}geolocation`, "", "routing policy `geolocation` needs it"]],
    ],
    [
      "set-identifier with simple",
      { [`${P}routing-policy`]: "simple", [`${P}set-identifier`]: "a" },
      [[`${P}set-identifier`, "a", "other than `simple`"]],
    ],
    [
      "settings for no health check",
      { [`${P}health-check`]: "none", [`${P}health-check-path`]: "/x" },
      [[`${P}health-check-path`, "/x", "`route53-gslb.io/health-check` is `none`"]],
    ],
    [
      "settings for an existing check",
      { [`${E}aws-health-check-id`]: HC_ID, [`${P}health-check-port`]: "80" },
      [[`${P}health-check-port`, "80", "only when"]],
    ],
    [
      "path with TCP",
      { [`${P}health-check-protocol`]: "TCP", [`${P}health-check-path`]: "/x" },
      [[`${P}health-check-path`, "/x", "only for HTTP or HTTPS"]],
    ],
    [
      "subdivision code too long",
      { [`${E}aws-geolocation-country-code`]: "US", [`${E}aws-geolocation-subdivision-code`]: "CALI" },
      [[`${E}aws-geolocation-subdivision-code`, "CALI", "1 to 3"]],
    ],
    [
      "continent and country",
      { [`${E}aws-geolocation-continent-code`]: "EU", [`${E}aws-geolocation-country-code`]: "DE" },
      [[`${E}aws-geolocation-country-code`, "DE", "a continent or a country"]],
    ],
    [
      "every problem at once",
      { [`${P}weight`]: "heavy", [`${P}ttl`]: "-5", [`${P}bogus`]: "1", [`${P}failover`]: "maybe" },
      [
        [`${P}bogus`, "1", "expected one of"],
        [`${P}weight`, "heavy", "integer"],
        [`${P}failover`, "maybe", "`primary`"],
        [`${P}ttl`, "-5", "integer"],
      ],
    ],
  ];
  it.each(combined)("%s", (_name, annotations, expected) => expectProblems(annotations, expected));

  it("words a message like p-queue", () => {
    expect(problemsOf({ [`${P}weight`]: "heavy" })[0]?.message).toBe(
      "Expected `route53-gslb.io/weight` to be an integer from 0 to 255, got `heavy`",
    );
  });
});

describe("parseAnnotations: geoproximity", () => {
  const place = (p: NonNullable<RoutingIntent["geoproximity"]>) => ({
    policy: "geoproximity" as const,
    geoproximity: p,
  });
  const cases: [string, Record<string, string>, Omit<RoutingIntent, "healthCheckSettings">][] = [
    [
      "our region place",
      { [`${P}geoproximity`]: "region=eu-west-1" },
      place({ kind: "region", region: "eu-west-1" }),
    ],
    [
      "our Local Zone group, form in any case",
      { [`${P}geoproximity`]: " Local-Zone-Group = us-east-1-bue-1 " },
      place({ kind: "local-zone-group", group: "us-east-1-bue-1" }),
    ],
    [
      "our coordinates, made canonical (`+`, trailing zeros)",
      { [`${P}geoproximity`]: "coordinates=+49.20, -074.01" },
      place({ kind: "coordinates", latitude: "49.2", longitude: "-74.01" }),
    ],
    [
      "the extremes of each axis",
      { [`${P}geoproximity`]: "coordinates=-90,180.00" },
      place({ kind: "coordinates", latitude: "-90", longitude: "180" }),
    ],
    [
      "bias with the place",
      { [`${P}geoproximity`]: "region=us-east-1", [`${P}geoproximity-bias`]: "-99" },
      { ...place({ kind: "region", region: "us-east-1" }), bias: -99 },
    ],
    [
      "the policy alone: the place is left to the planner (the load balancer's region)",
      { [`${P}routing-policy`]: "geoproximity", [`${P}geoproximity-bias`]: "+5" },
      { policy: "geoproximity", bias: 5 },
    ],
    ["a bias alone waits for --default-routing-policy", { [`${P}geoproximity-bias`]: "0" }, { bias: 0 }],
    [
      "external-dns region",
      { [`${E}aws-geoproximity-region`]: "us-west-2", [`${E}aws-geoproximity-bias`]: "10" },
      { ...place({ kind: "region", region: "us-west-2" }), bias: 10 },
    ],
    [
      "external-dns Local Zone group (old prefix)",
      { [`${A}aws-geoproximity-local-zone-group`]: "us-west-2-lax-1" },
      place({ kind: "local-zone-group", group: "us-west-2-lax-1" }),
    ],
    [
      "external-dns coordinates",
      { [`${E}aws-geoproximity-coordinates`]: "40.71,-74.00" },
      place({ kind: "coordinates", latitude: "40.71", longitude: "-74" }),
    ],
    [
      "ours over external-dns's",
      { [`${P}geoproximity`]: "region=eu-west-1", [`${E}aws-geoproximity-coordinates`]: "1,2" },
      place({ kind: "region", region: "eu-west-1" }),
    ],
    [
      "our bias over external-dns's",
      {
        [`${P}geoproximity-bias`]: "1",
        [`${E}aws-geoproximity-bias`]: "2",
        [`${P}geoproximity`]: "region=eu-west-1",
      },
      { ...place({ kind: "region", region: "eu-west-1" }), bias: 1 },
    ],
  ];
  it.each(cases)("%s", (_name, annotations, expected) => {
    expect(routingOf(annotations)).toEqual({ healthCheckSettings: {}, ...expected });
  });

  // Bad and hostile values: each skips the object with the key, the value and what is accepted.
  const bad: [string, string, string][] = [
    [`${P}geoproximity`, "us-east-1", "`region=<AWS region>`, `local-zone-group=<Local Zone group>` or"],
    [`${P}geoproximity`, "region=", "is not an AWS region Route 53 accepts"],
    [`${P}geoproximity`, "region=xx-east-9", "`xx-east-9` is not an AWS region Route 53 accepts"],
    [`${P}geoproximity`, "region=us-east-1,bias=5", "`us-east-1,bias=5` is not an AWS region"],
    [
      `${P}geoproximity`,
      "local-zone-group=us-east-1-bue-1a",
      "its group is the zone's code without the last letter, `us-east-1-bue-1`",
    ],
    [`${P}geoproximity`, "local-zone-group=us-east-1", "not a Local Zone group such as `us-east-1-bue-1`"],
    [`${P}geoproximity`, "local-zone-group=xx-east-1-bue-1", "names the region `xx-east-1`"],
    [`${P}geoproximity`, `local-zone-group=us-east-1-${"b".repeat(100)}-1`, "not a Local Zone group"],
    [`${P}geoproximity`, "coordinates=40.7128,-74.0060", "latitude `40.7128` has more than two decimals"],
    [`${P}geoproximity`, "coordinates=91,0", "latitude `91` is outside -90 to 90"],
    [`${P}geoproximity`, "coordinates=0,-180.01", "longitude `-180.01` is outside -180 to 180"],
    [`${P}geoproximity`, "coordinates=49.22", "a latitude and a longitude, separated by a comma"],
    [`${P}geoproximity`, "coordinates=1,2,3", "a latitude and a longitude"],
    [`${P}geoproximity`, "coordinates=NaN,Infinity", "latitude `NaN` is not a number of degrees"],
    [`${P}geoproximity`, "coordinates=1e1,2", "latitude `1e1` is not a number of degrees"],
    [`${P}geoproximity`, "coordinates=0x10,2", "latitude `0x10` is not a number of degrees"],
    [`${P}geoproximity`, "coordinates=.5,2", "latitude `.5` is not a number of degrees"],
    [`${P}geoproximity`, "coordinates= , ", "latitude `` is not a number of degrees"],
    [`${P}geoproximity-bias`, "100", "an integer from -99 to 99"],
    [`${P}geoproximity-bias`, "-100", "an integer from -99 to 99"],
    [`${P}geoproximity-bias`, "1.5", "an integer from -99 to 99"],
    [`${P}geoproximity-bias`, "", "an integer from -99 to 99"],
    [`${E}aws-geoproximity-bias`, "ten", "an integer from -99 to 99"],
    [`${E}aws-geoproximity-region`, "Europe", "an AWS region Route 53 accepts"],
    [`${E}aws-geoproximity-local-zone-group`, "us-east-1-bue-1a", "without the last letter"],
    [`${E}aws-geoproximity-coordinates`, "49.22;-74.01", "`<latitude>,<longitude>` such as `49.22,-74.01`"],
    [`${E}aws-geoproximity-coordinates`, "95,10", "latitude `95` is outside -90 to 90"],
  ];
  it.each(bad)("%s: %s", (key, value, says) => {
    const problems = problemsOf({ [key]: value });
    expect(problems.map((p) => [p.key, p.value])).toEqual([[key, value]]);
    expect(problems[0]?.message).toContain(quote(key));
    expect(problems[0]?.message).toContain(says);
  });

  const together: [string, Record<string, string>, [string, string, string][]][] = [
    [
      "two external-dns places (Route 53 takes one)",
      { [`${E}aws-geoproximity-region`]: "eu-west-1", [`${E}aws-geoproximity-coordinates`]: "1,2" },
      [[`${E}aws-geoproximity-coordinates`, "1,2", "Route 53 takes one place per member"]],
    ],
    [
      "a place with aws-weight: the record would silently be one or the other",
      { [`${E}aws-geoproximity-region`]: "eu-west-1", [`${E}aws-weight`]: "10" },
      [
        [
          `${E}aws-geoproximity-region`,
          "eu-west-1",
          "`external-dns.kubernetes.io/aws-weight` implies `weighted`",
        ],
      ],
    ],
    [
      "bias under another explicit policy",
      { [`${P}routing-policy`]: "weighted", [`${E}aws-geoproximity-bias`]: "10" },
      [[`${E}aws-geoproximity-bias`, "10", "set only with routing policy `geoproximity`"]],
    ],
    [
      "bias beside an implied policy",
      { [`${P}failover`]: "primary", [`${P}geoproximity-bias`]: "10" },
      [[`${P}geoproximity-bias`, "10", "the routing policy is `failover`"]],
    ],
    [
      "a place under another explicit policy",
      { [`${P}routing-policy`]: "latency", [`${P}geoproximity`]: "region=eu-west-1" },
      [[`${P}geoproximity`, "region=eu-west-1", "`route53-gslb.io/routing-policy` is `latency`"]],
    ],
  ];
  it.each(together)("%s", (_name, annotations, expected) => {
    const problems = problemsOf(annotations);
    expect(problems.map((p) => [p.key, p.value])).toEqual(expected.map(([k, v]) => [k, v]));
    for (const [i, p] of problems.entries()) expect(p.message).toContain(expected[i]?.[2]);
  });
});

describe("parseAnnotations: every AWS key external-dns reads is honoured or reported, never ignored", () => {
  /*
   * external-dns's AWS provider reads these (provider/aws/aws.go `providerSpecific*` at external-dns
   * 2bf1bf8; `alias` and `set-identifier` are provider-neutral keys it reads too). Each row: a value
   * route53-gslb honours and what it reads, and a value it cannot honour and what it says.
   */
  const keys: [
    key: string,
    honoured: string,
    reads: Omit<RoutingIntent, "healthCheckSettings">,
    refused: string,
    says: string,
  ][] = [
    ["aws-weight", "5", { policy: "weighted", weight: 5 }, "5.5", "an integer from 0 to 255"],
    ["aws-region", "eu-west-1", { policy: "latency", region: "eu-west-1" }, "mars-1", "an AWS region"],
    [
      "aws-failover",
      "SECONDARY",
      { policy: "failover", failover: "SECONDARY" },
      "TERTIARY",
      "`primary` or `secondary`",
    ],
    [
      "aws-geolocation-continent-code",
      "AF",
      { policy: "geolocation", geolocation: { continentCode: "AF" } },
      "ZZ",
      "a continent code",
    ],
    [
      "aws-geolocation-country-code",
      "DE",
      { policy: "geolocation", geolocation: { countryCode: "DE" } },
      "ZZ",
      "a 2-letter country code",
    ],
    [
      "aws-geoproximity-region",
      "eu-west-1",
      { policy: "geoproximity", geoproximity: { kind: "region", region: "eu-west-1" } },
      "eu",
      "an AWS region",
    ],
    [
      "aws-geoproximity-local-zone-group",
      "us-east-1-bue-1",
      { policy: "geoproximity", geoproximity: { kind: "local-zone-group", group: "us-east-1-bue-1" } },
      "bue",
      "a Local Zone group",
    ],
    [
      "aws-geoproximity-coordinates",
      "1.5,2",
      { policy: "geoproximity", geoproximity: { kind: "coordinates", latitude: "1.5", longitude: "2" } },
      "1.555,2",
      "more than two decimals",
    ],
    ["aws-multi-value-answer", "true", { policy: "multivalue" }, "false", "even to `false`"],
    ["aws-health-check-id", HC_ID, { healthCheck: { kind: "existing", id: HC_ID } }, "hc-1", "a UUID"],
    ["aws-evaluate-target-health", "false", { evaluateTargetHealth: false }, "maybe", "`true` or `false`"],
    [
      "aws-hosted-zone-id",
      "/hostedzone/Z0PINNED",
      { hostedZoneId: { id: "Z0PINNED", key: `${E}aws-hosted-zone-id` } },
      "zone 1",
      "a hosted zone id",
    ],
    [
      "aws-target-hosted-zone",
      "Z35SXDOTRQ7X7K",
      { aliasTargetZone: { id: "Z35SXDOTRQ7X7K", key: `${E}aws-target-hosted-zone` } },
      "elb",
      "a hosted zone id",
    ],
    ["alias", "true", { alias: { key: `${E}alias` } }, "A", "`true` or `false`"],
    ["set-identifier", "blue", { setIdentifier: "blue" }, "", "1 to 128 characters"],
  ];
  it.each(keys)("%s", (key, honoured, reads, refused, says) => {
    expect(routingOf({ [`${E}${key}`]: honoured })).toEqual({ healthCheckSettings: {}, ...reads });
    const problems = problemsOf({ [`${E}${key}`]: refused });
    expect(problems.map((p) => p.key)).toEqual([`${E}${key}`]);
    expect(problems[0]?.message).toContain(says);
  });

  it("the bias and the subdivision need their companions", () => {
    expect(routingOf({ [`${E}aws-geoproximity-bias`]: "-3" })).toEqual({ healthCheckSettings: {}, bias: -3 });
    expect(problemsOf({ [`${E}aws-geolocation-subdivision-code`]: "CA" })[0]?.message).toContain(
      "set only with a country code",
    );
  });

  it("`alias: false` is what external-dns does without the key, and so is route53-gslb", () => {
    expect(routingOf({ [`${A}alias`]: "false" })).toEqual({ healthCheckSettings: {} });
  });

  it("our hosted-zone-id wins over aws-hosted-zone-id", () => {
    expect(routingOf({ [`${P}hosted-zone-id`]: "ZOURS", [`${E}aws-hosted-zone-id`]: "ZTHEIRS" })).toEqual({
      healthCheckSettings: {},
      hostedZoneId: { id: "ZOURS", key: `${P}hosted-zone-id` },
    });
  });
});

describe("parseAnnotations: properties", () => {
  const keys = fc.oneof(
    fc.string(),
    fc.constantFrom(P, E, A).chain((prefix) => fc.string().map((k) => `${prefix}${k}`)),
    fc.constantFrom(
      `${P}weight`,
      `${P}routing-policy`,
      `${P}failover`,
      `${P}geolocation`,
      `${P}health-check`,
      `${P}health-check-path`,
      `${P}target`,
      `${P}enabled`,
      `${E}aws-weight`,
      `${E}aws-region`,
      `${A}aws-geolocation-subdivision-code`,
      `${A}aws-multi-value-answer`,
      `${P}geoproximity`,
      `${P}geoproximity-bias`,
      `${E}aws-geoproximity-coordinates`,
      `${E}aws-geoproximity-region`,
      `${E}aws-hosted-zone-id`,
      `${E}alias`,
    ),
  );
  const values = fc.oneof(
    fc.string(),
    fc.constantFrom(
      "true",
      "false",
      "10",
      "failover",
      "primary",
      "*",
      "/x",
      "region=eu-west-1",
      "coordinates=1,2",
    ),
  );

  it("never throws, and every problem's message names its key", () => {
    fc.assert(
      fc.property(fc.dictionary(keys, values), (annotations) => {
        const r = parseAnnotations(annotations);
        if (!r.ok) {
          expect(r.error.length).toBeGreaterThan(0);
          for (const p of r.error) expect(p.message).toContain(p.key);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parseAnnotations: long values in messages", () => {
  const huge = "w".repeat(100_000);

  it("a 100 KB bad value is quoted as its first 80 characters and its length", () => {
    const [problem] = problemsOf({ [`${P}weight`]: huge });
    expect(problem?.message).toBe(
      `Expected \`${P}weight\` to be an integer from 0 to 255, got \`${"w".repeat(80)}… (100000 characters)\``,
    );
    // The problem still carries the whole value as data.
    expect(problem?.value).toBe(huge);
  });

  it("an unknown key with a long value, and a long unknown key, are cut too", () => {
    const [value] = problemsOf({ [`${P}wieght`]: huge });
    expect(value?.message.length).toBeLessThan(1_000);
    expect(value?.message).toContain("… (100000 characters)");
    const longKey = `${P}${"k".repeat(5_000)}`;
    const [key] = problemsOf({ [longKey]: "1" });
    expect(key?.message.length).toBeLessThan(1_000);
    expect(key?.message).toContain(`… (${longKey.length} characters)`);
  });
});
