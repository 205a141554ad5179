import { describe, expect, it } from "vitest";
import type { RecordSet } from "../../../../src/model/record-set.js";
import type { RoutingPolicy } from "../../../../src/model/routing-policy.js";
import { ExternalDnsRegistry, type RegistryClaim } from "../../../../src/plan/external-dns/registry.js";
import { externalDnsRecords, registryTxt } from "../../../fixtures/external-dns.js";
import { handMade, lbCluster1 } from "../../../fixtures/planner.js";

const NO_AFFIX = { prefix: "", suffix: "", wildcardReplacement: "" };
const weighted = (setIdentifier: string, weight = 100): RoutingPolicy => ({
  kind: "weighted",
  setIdentifier,
  weight,
});

const aliasA: RecordSet = {
  name: "web.example.com.",
  type: "A",
  policy: { kind: "simple" },
  target: {
    kind: "alias",
    dnsName: `${lbCluster1.dnsName}.`,
    hostedZoneId: "ZD4D7Y8KGAS4G",
    evaluateTargetHealth: true,
  },
};
const aliasAAAA: RecordSet = { ...aliasA, type: "AAAA" };
const plainA = handMade("web.example.com");
const cname = handMade("web.example.com", "CNAME", ["elsewhere.example.net"]);
const mx = handMade("web.example.com", "MX", ["10 mail.example.com"]);

/** The owner the registry gives `record` among `records`, or how it cannot tell. */
function owner(records: RecordSet[], record: RecordSet, affixes = NO_AFFIX): string {
  const claim: RegistryClaim = new ExternalDnsRegistry(records, affixes).claimOf(record);
  return claim.kind === "owned" ? claim.owner : claim.kind;
}

describe("ExternalDnsRegistry: whose record, as external-dns v0.22 reads its registry", () => {
  it.each<[string, RecordSet[], RecordSet, string]>([
    [
      "the current format, `a-<name>`",
      [aliasA, registryTxt("a-web.example.com", "x", "ingress/default/web")],
      aliasA,
      "x",
    ],
    ["no registry TXT", [aliasA], aliasA, "none"],
    [
      "the TXT of another type does not count",
      [plainA, registryTxt("aaaa-web.example.com", "x", undefined)],
      plainA,
      "none",
    ],
    [
      "AAAA has its own, `aaaa-<name>`",
      [aliasAAAA, registryTxt("aaaa-web.example.com", "x", undefined)],
      aliasAAAA,
      "x",
    ],
    [
      "legacy `cname-<name>` of an alias A (before v0.22)",
      [aliasA, registryTxt("cname-web.example.com", "x", undefined)],
      aliasA,
      "x",
    ],
    [
      "legacy `cname-<name>` is not an A's that is no alias",
      [plainA, registryTxt("cname-web.example.com", "x", undefined)],
      plainA,
      "none",
    ],
    [
      "the pre-0.12 format at the record's own name",
      [plainA, registryTxt("web.example.com", "x", undefined)],
      plainA,
      "x",
    ],
    ["pre-0.12 format for a CNAME", [cname, registryTxt("web.example.com", "x", undefined)], cname, "x"],
    [
      "the pre-0.12 format never counts for AAAA",
      [aliasAAAA, registryTxt("web.example.com", "x", undefined)],
      aliasAAAA,
      "none",
    ],
    [
      "the current format wins over the legacy and old ones",
      [
        aliasA,
        registryTxt("web.example.com", "old", undefined),
        registryTxt("cname-web.example.com", "legacy", undefined),
        registryTxt("a-web.example.com", "new", undefined),
      ],
      aliasA,
      "new",
    ],
    [
      "the legacy one wins over the old one",
      [
        aliasA,
        registryTxt("web.example.com", "old", undefined),
        registryTxt("cname-web.example.com", "legacy", undefined),
      ],
      aliasA,
      "legacy",
    ],
    [
      "set identifiers must match",
      [
        { ...plainA, policy: weighted("eu") },
        registryTxt("a-web.example.com", "x", undefined, weighted("us")),
      ],
      { ...plainA, policy: weighted("eu") },
      "none",
    ],
    [
      "a TXT carries its record's set identifier (and weight)",
      externalDnsRecords({
        name: "web.example.com",
        owner: "x",
        target: { ips: ["192.0.2.1"] },
        policy: weighted("eu", 7),
      }),
      { ...plainA, policy: weighted("eu", 7) },
      "x",
    ],
    [
      "heritage without an owner: nobody's",
      [plainA, registryTxt("a-web.example.com", "", undefined)],
      plainA,
      "",
    ],
    [
      "encrypted",
      [
        plainA,
        {
          ...registryTxt("a-web.example.com", "x", undefined),
          target: { kind: "values", values: [`"${"A".repeat(60)}Zz=="`], ttl: 300 },
        },
      ],
      plainA,
      "unreadable",
    ],
    [
      "several values: external-dns would read the first; route53-gslb does not guess",
      [
        plainA,
        {
          ...registryTxt("a-web.example.com", "x", undefined),
          target: {
            kind: "values",
            values: ['"heritage=external-dns,external-dns/owner=x"', '"x"'],
            ttl: 300,
          },
        },
      ],
      plainA,
      "unreadable",
    ],
    [
      "another tool's TXT at the name is no registry entry",
      [plainA, handMade("a-web.example.com", "TXT", ['"heritage=route53-gslb,owner=x,set-identifier="'])],
      plainA,
      "none",
    ],
  ])("%s", (_name, records, record, expected) => {
    expect(owner(records, record)).toBe(expected);
  });

  it.each<[string, { prefix: string; suffix: string; wildcardReplacement: string }, string, string]>([
    [
      "a prefix",
      { prefix: "ext-", suffix: "", wildcardReplacement: "" },
      "ext-a-web.example.com",
      "web.example.com.",
    ],
    [
      "a templated prefix",
      { prefix: "%{record_type}.reg.", suffix: "", wildcardReplacement: "" },
      "a.reg.web.example.com",
      "web.example.com.",
    ],
    [
      "a suffix",
      { prefix: "", suffix: "-ext", wildcardReplacement: "" },
      "a-web-ext.example.com",
      "web.example.com.",
    ],
    [
      "a templated suffix",
      { prefix: "", suffix: ".%{record_type}-reg", wildcardReplacement: "" },
      "web.a-reg.example.com",
      "web.example.com.",
    ],
    ["a wildcard without replacement", NO_AFFIX, "a-*.example.com", "*.example.com."],
    [
      "a wildcard with a replacement",
      { prefix: "", suffix: "", wildcardReplacement: "any" },
      "a-any.example.com",
      "*.example.com.",
    ],
  ])("reads the registry TXT names of %s", (_name, affixes, txt, host) => {
    const record = handMade(host);
    expect(owner([record, registryTxt(txt, "x", undefined)], record, affixes)).toBe("x");
    expect(owner([record, registryTxt(`a-${host}`, "x", undefined)], record, affixes)).toBe(
      txt === `a-${host.slice(0, -1)}` ? "x" : "none",
    );
  });

  it("lists every entry external-dns would consult, most specific first", () => {
    const old = registryTxt("web.example.com", "x", undefined);
    const legacy = registryTxt("cname-web.example.com", "x", undefined);
    const current = registryTxt("a-web.example.com", "x", undefined);
    const registry = new ExternalDnsRegistry([aliasA, old, legacy, current], NO_AFFIX);
    expect(registry.candidatesFor(aliasA).map((e) => e.record)).toEqual([current, legacy, old]);
    expect(registry.candidatesFor(aliasAAAA)).toEqual([]);
  });

  it("knows which records an entry decides: a pre-0.12 TXT decides an MX beside the A that has its own", () => {
    const old = registryTxt("web.example.com", "x", undefined);
    const current = registryTxt("a-web.example.com", "x", undefined);
    const soa = handMade("web.example.com", "SOA", ["ns. host. 1 2 3 4 5"]);
    const registry = new ExternalDnsRegistry([aliasA, mx, soa, old, current], NO_AFFIX);
    const entry = (r: RecordSet) => registry.entryOf(r) ?? expect.fail("not an entry");
    expect(registry.decidedBy(entry(current))).toEqual([aliasA]);
    // external-dns's AWS provider never reads SOA records, so no TXT decides one.
    expect(registry.decidedBy(entry(old))).toEqual([mx]);
    expect(registry.entryOf(aliasA)).toBeUndefined();
  });
});
