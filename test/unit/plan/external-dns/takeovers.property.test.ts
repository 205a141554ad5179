import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExternalDnsAdoption } from "../../../../src/config/config.js";
import { applyChangesToZones } from "../../../../src/model/applied-state.js";
import { keyOf, type RecordSet, recordKeyString } from "../../../../src/model/record-set.js";
import type { GeoProximityPlace, RoutingPolicy } from "../../../../src/model/routing-policy.js";
import { ExternalDnsRegistry } from "../../../../src/plan/external-dns/registry.js";
import { planChanges } from "../../../../src/plan/planner.js";
import { externalDnsRecords, registryTxt } from "../../../fixtures/external-dns.js";
import { config, endpoint, lbCluster1, lbCluster2, soa, state, zone } from "../../../fixtures/planner.js";

/*
 * Invariants of taking records over from external-dns, over arbitrary zones holding the records of
 * several external-dns owners (current, legacy and pre-0.12 registry TXTs) and arbitrary wishes of
 * this cluster:
 *
 * - every record the plan UPSERTs or DELETEs is one it takes over from the adopted owner, or one of
 *   that owner's registry TXTs — and the registry really says the adopted owner owns it;
 * - nothing is taken over at a name this cluster does not publish;
 * - once applied, the next plan has nothing left to do and takes nothing over.
 */

const ADOPT: ExternalDnsAdoption = {
  owner: "team-a",
  txtPrefix: "",
  txtSuffix: "",
  txtWildcardReplacement: "",
};
const hosts = ["a.example.com", "b.example.com", "c.sub.example.com", "*.w.example.com", "example.com"];

/** Places as external-dns writes them (coordinates as annotated, trailing zeros and all). */
const placeArb = fc.constantFrom<GeoProximityPlace>(
  { kind: "region", region: "eu-west-2" },
  { kind: "local-zone-group", group: "us-east-1-bos-1" },
  { kind: "coordinates", latitude: "49.20", longitude: "-123.10" },
);
/** The same places as this cluster's annotations give them (coordinates canonical). */
const wantedPlaceArb = fc.constantFrom<GeoProximityPlace>(
  { kind: "region", region: "eu-west-2" },
  { kind: "local-zone-group", group: "us-east-1-bos-1" },
  { kind: "coordinates", latitude: "49.2", longitude: "-123.1" },
);
const biasArb = fc.constantFrom(0, 10, -20);

const policyArb: fc.Arbitrary<RoutingPolicy | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({
    kind: fc.constant("weighted" as const),
    setIdentifier: fc.constantFrom("cluster-1", "eu"),
    weight: fc.constantFrom(0, 50, 100),
  }),
  // external-dns always writes a bias with a place (0 when not annotated).
  fc.record({
    kind: fc.constant("geoproximity" as const),
    setIdentifier: fc.constantFrom("cluster-1", "eu"),
    place: placeArb,
    bias: biasArb,
  }),
);

const writeArb = fc.record({
  host: fc.constantFrom(...hosts),
  owner: fc.constantFrom("team-a", "team-b", ""),
  target: fc.constantFrom<"lb1" | "lb2" | "ip">("lb1", "lb2", "ip"),
  policy: policyArb,
  oldFormat: fc.boolean(),
  legacyCname: fc.boolean(),
});

type Write = typeof writeArb extends fc.Arbitrary<infer T> ? T : never;

/** Records as external-dns of several owners wrote them; the first write at a key wins (Route 53 has one). */
function zoneOf(writes: Write[]): RecordSet[] {
  const records = new Map<string, RecordSet>();
  for (const w of writes) {
    const name = `${w.host}.`;
    const written = externalDnsRecords({
      name,
      owner: w.owner,
      target:
        w.target === "ip"
          ? { ips: ["192.0.2.7"] }
          : { loadBalancer: w.target === "lb1" ? lbCluster1 : lbCluster2 },
      ...(w.policy ? { policy: w.policy } : {}),
    });
    const extra = [
      ...(w.oldFormat ? [registryTxt(name, w.owner, undefined, w.policy)] : []),
      ...(w.legacyCname && w.target !== "ip"
        ? [registryTxt(`cname-${name}`, w.owner, undefined, w.policy)]
        : []),
    ];
    for (const r of [...written, ...extra]) {
      const key = recordKeyString(keyOf(r));
      if (!records.has(key)) records.set(key, r);
    }
  }
  return [...records.values()];
}

const wishArb = fc.record({
  host: fc.constantFrom(...hosts),
  target: fc.constantFrom(lbCluster1.dnsName, lbCluster2.dnsName, "192.0.2.7"),
  policy: fc.constantFrom<"simple" | "weighted" | "geoproximity" | undefined>(
    "simple",
    "weighted",
    "geoproximity",
    undefined,
  ),
  place: wantedPlaceArb,
  bias: biasArb,
  setIdentifier: fc.option(fc.constantFrom("cluster-1", "eu"), { nil: undefined }),
  ttl: fc.option(fc.constantFrom(60, 300), { nil: undefined }),
});

const key = (r: RecordSet) => recordKeyString(keyOf(r));

describe("taking records over from external-dns: invariants", () => {
  it("changes only what it takes over from the adopted owner, at names it publishes, and is done once applied", () => {
    fc.assert(
      fc.property(
        fc.array(writeArb, { maxLength: 8 }),
        fc.uniqueArray(wishArb, { maxLength: 4, selector: (w) => w.host }),
        (writes, wishes) => {
          const records = [soa, ...zoneOf(writes)];
          const endpoints = wishes.map((w) =>
            endpoint(w.host, {
              name: `gw-${w.host}`,
              targets: [w.target],
              routing: {
                ...(w.policy ? { policy: w.policy } : {}),
                ...(w.policy === "geoproximity" ? { geoproximity: w.place, bias: w.bias } : {}),
                ...(w.setIdentifier ? { setIdentifier: w.setIdentifier } : {}),
                ...(w.ttl ? { ttl: w.ttl } : {}),
              },
            }),
          );
          const cfg = config({ adoptExternalDns: ADOPT, maxDeletions: { kind: "percent", value: 100 } });
          const plan = planChanges({ config: cfg, endpoints, skipped: [], state: state([zone(records)]) });

          const registry = new ExternalDnsRegistry(records, {
            prefix: "",
            suffix: "",
            wildcardReplacement: "",
          });
          const published = new Set(endpoints.map((e) => e.hostname));
          const takenKeys = new Set<string>();
          for (const t of plan.takeovers ?? []) {
            expect(published).toContain(t.current.name);
            const claim = registry.claimOf(t.current);
            expect(claim.kind === "owned" && claim.owner).toBe("team-a");
            for (const txt of t.externalDns.records) {
              const entry = registry.entryOf(txt);
              expect(entry?.read.kind === "owned" && entry.read.owner).toBe("team-a");
              takenKeys.add(key(txt));
            }
            takenKeys.add(key(t.current));
          }
          const before = new Map(records.map((r) => [key(r), r]));
          const deleted = new Set(
            plan.changes.filter((c) => c.action === "DELETE").map((c) => key(c.record)),
          );
          for (const c of plan.changes) {
            // Nothing in the zone is ours before the plan, so every write over an existing record is
            // a takeover's (a CREATE only where the same request deletes it first: a conversion).
            if (c.action === "CREATE" && before.has(key(c.record))) expect(deleted).toContain(key(c.record));
            if (c.action !== "CREATE" && before.has(key(c.record)))
              expect(takenKeys).toContain(key(c.record));
          }

          const after = applyChangesToZones([zone(records)], plan.changes);
          const again = planChanges({ config: cfg, endpoints, skipped: [], state: state(after) });
          expect(again.changes).toEqual([]);
          expect(again.takeovers).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
