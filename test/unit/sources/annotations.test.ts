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
    ["multi-value false", { "aws-multi-value-answer": "false" }, {}],
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
      "one of `simple`, `weighted`, `latency`, `failover`, `geolocation`, `multivalue`",
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
    ),
  );
  const values = fc.oneof(
    fc.string(),
    fc.constantFrom("true", "false", "10", "failover", "primary", "*", "/x"),
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
