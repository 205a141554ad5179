import { describe, expect, it } from "vitest";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import { indexLoadBalancers } from "../../../src/plan/desired-records.js";
import { claimsByZone } from "../../../src/plan/zone-claims.js";
import { ZoneMatcher } from "../../../src/zones/zone-matcher.js";
import { config, endpoint, lbCluster1, zone } from "../../fixtures/planner.js";

/** A skip's or conflict's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

describe("claimsByZone", () => {
  const zones = [zone(), zone([], "ZSUB", "sub.example.com.")];
  const matcher = new ZoneMatcher(zones, config().zoneFilter);
  const lbs = indexLoadBalancers([lbCluster1]);
  // hostname, target → zone ids claimed, or the start of the skip reason
  const table: [string, string, string[] | RegExp][] = [
    ["a.example.com", lbCluster1.dnsName, ["ZEXAMPLE"]],
    ["a.sub.example.com", lbCluster1.dnsName, ["ZSUB"]],
    ["a.example.org", lbCluster1.dnsName, /./],
    ["b.example.com", "unknown-123.elb.eu-west-2.amazonaws.com", /load balancer/],
  ];
  for (const [host, target, expected] of table) {
    it(`${host} -> ${expected}`, () => {
      const out = claimsByZone([endpoint(host, { targets: [target] })], matcher, config(), lbs);
      if (Array.isArray(expected)) {
        expect(out.claims.map((c) => c.zone.id)).toEqual(expected);
        expect(out.skipped).toEqual([]);
      } else {
        expect(out.claims).toEqual([]);
        expect(out.skipped.map((s) => [s.hostname, msg(s)])).toEqual([
          [host, expect.stringMatching(expected)],
        ]);
      }
    });
  }
});

describe("claimsByZone: hosted-zone-id pins the records to one of the zones the name goes to", () => {
  const pub = zone([], "ZPUB", "example.com.");
  const priv = zone([], "ZPRIV", "example.com.", true);
  const matcher = new ZoneMatcher([pub, priv], config().zoneFilter);
  const lbs = indexLoadBalancers([lbCluster1]);
  const key = "external-dns.kubernetes.io/aws-hosted-zone-id";
  const pinned = (id: string) => endpoint("a.example.com", { routing: { hostedZoneId: { id, key } } });

  it("without a pin, both halves of a public and private pair", () => {
    const out = claimsByZone([endpoint("a.example.com")], matcher, config(), lbs);
    expect(out.claims.map((c) => c.zone.id)).toEqual(["ZPRIV", "ZPUB"]);
  });

  it("a pin to one half writes only there", () => {
    const out = claimsByZone([pinned("ZPRIV")], matcher, config(), lbs);
    expect(out.claims.map((c) => c.zone.id)).toEqual(["ZPRIV"]);
    expect(out.skipped).toEqual([]);
  });

  it("a pin to a zone the name does not go to skips it, naming the pin and the zones", () => {
    const out = claimsByZone([pinned("ZELSEWHERE")], matcher, config(), lbs);
    expect(out.claims).toEqual([]);
    expect(out.skipped.map(msg)).toEqual([
      `${key} pins the records to hosted zone \`ZELSEWHERE\`, which is not a zone this name goes to (\`ZPRIV\` (example.com), \`ZPUB\` (example.com))`,
    ]);
  });
});
