import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BatchLimits,
  changeCost,
  lowerBound,
  MAX_RESOURCE_RECORD_ELEMENTS,
  MAX_VALUE_CHARACTERS,
  packChanges,
  ROUTE53_BATCH_LIMITS,
} from "../../../src/apply/batches.js";
import type { ChangeAction, RecordChange } from "../../../src/model/changes.js";
import {
  aliasRecord,
  aliasWithOwnership,
  change,
  singleRecordGroups,
  valuesRecord,
} from "../../fixtures/changes.js";

const elementsOnly = (maxElements: number): BatchLimits => ({ maxElements, maxValueCharacters: 1_000_000 });

describe("changeCost", () => {
  it.each([
    {
      name: "CREATE of 3 values",
      c: change(valuesRecord("a.example.com.", ["1.1.1.1", "2.2.2.2", "3.3.3.3"])),
      elements: 3,
      characters: 21,
      tokens: 1,
    },
    {
      name: "UPSERT counts elements and characters twice",
      c: change(valuesRecord("a.example.com.", ["1.1.1.1", "2.2.2.2"]), { action: "UPSERT" }),
      elements: 4,
      characters: 28,
      tokens: 2,
    },
    {
      name: "DELETE counts once",
      c: change(valuesRecord("a.example.com.", ["1.1.1.1"]), { action: "DELETE" }),
      elements: 1,
      characters: 7,
      tokens: 1,
    },
    {
      name: "alias is one element, no Value characters",
      c: change(aliasRecord("a.example.com.")),
      elements: 1,
      characters: 0,
      tokens: 1,
    },
    {
      name: "UPSERT of an alias",
      c: change(aliasRecord("a.example.com."), { action: "UPSERT" }),
      elements: 2,
      characters: 0,
      tokens: 2,
    },
    {
      name: "TXT value counted with its quotes",
      c: change(valuesRecord("t.example.com.", ['"abc"'], "TXT")),
      elements: 1,
      characters: 5,
      tokens: 1,
    },
  ])("$name", ({ c, elements, characters, tokens }) => {
    expect(changeCost(c)).toEqual({ elements, characters, changeTokens: tokens });
  });
});

describe("packChanges", () => {
  it("uses AWS's documented limits by default", () => {
    expect(ROUTE53_BATCH_LIMITS).toEqual({ maxElements: 1000, maxValueCharacters: 32000 });
    expect([MAX_RESOURCE_RECORD_ELEMENTS, MAX_VALUE_CHARACTERS]).toEqual([1000, 32000]);
  });

  it("returns nothing for no changes", () => {
    expect(packChanges([])).toEqual({ requests: [], oversized: [] });
    expect(lowerBound([])).toBe(0);
  });

  it("counts each UPSERT element twice", () => {
    const creates = singleRecordGroups(6, "CREATE");
    const upserts = singleRecordGroups(6, "UPSERT");
    expect(packChanges(creates, elementsOnly(10)).requests).toHaveLength(1);
    const packed = packChanges(upserts, elementsOnly(10));
    expect(packed.requests.map((r) => r.changes.length)).toEqual([5, 1]);
    expect(packed.requests.map((r) => r.cost.elements)).toEqual([10, 2]);
  });

  it("packs many-value records by characters, not by count", () => {
    // 50 records of 8 values × 400 characters: 400 elements (one request by count) but 160,000 characters.
    const values = Array.from({ length: 8 }, (_, i) => `"${String(i).repeat(398)}"`);
    const changes = Array.from({ length: 50 }, (_, i) =>
      change(valuesRecord(`txt${i}.example.com.`, values, "TXT")),
    );
    const packed = packChanges(changes);
    expect(lowerBound(changes)).toBe(5);
    expect(packed.requests).toHaveLength(5);
    for (const r of packed.requests) expect(r.cost.characters).toBe(32_000);
  });

  it("stays within one request of the bound when character sizes do not divide the limit", () => {
    // 2,500 characters per record: 12 fit in a request (30,000), so 100 records take 9 against a bound of 8.
    const values = Array.from({ length: 10 }, () => "x".repeat(250));
    const changes = Array.from({ length: 100 }, (_, i) =>
      change(valuesRecord(`txt${i}.example.com.`, values, "TXT")),
    );
    const requests = packChanges(changes).requests.length;
    expect(lowerBound(changes)).toBe(8);
    expect(requests).toBeLessThanOrEqual(lowerBound(changes) + 1);
  });

  it.each([
    { name: "2,500 single-record CREATE groups", changes: singleRecordGroups(2500), requests: 3 },
    { name: "2,500 single-record UPSERT groups", changes: singleRecordGroups(2500, "UPSERT"), requests: 5 },
    {
      name: "2,500 alias + ownership groups",
      changes: Array.from({ length: 2500 }, (_, i) => aliasWithOwnership(`h${i}.example.com.`)).flat(),
      requests: 5,
    },
    {
      name: "2,500 alias + ownership UPSERT groups",
      changes: Array.from({ length: 2500 }, (_, i) =>
        aliasWithOwnership(`h${i}.example.com.`, "UPSERT"),
      ).flat(),
      requests: 10,
    },
  ])("$name take the lower bound of requests ($requests)", ({ changes, requests }) => {
    expect(lowerBound(changes)).toBe(requests);
    const packed = packChanges(changes);
    expect(packed.requests).toHaveLength(requests);
    expect(packed.oversized).toEqual([]);
  });

  it("never splits a group, even when that leaves room in a request", () => {
    const changes = ["a", "b", "c", "d", "e"].flatMap((h) => aliasWithOwnership(`${h}.example.com.`));
    const packed = packChanges(changes, elementsOnly(5));
    expect(packed.requests.map((r) => r.groups.map((g) => g.group))).toEqual([
      ["a.example.com.|A", "b.example.com.|A"],
      ["c.example.com.|A", "d.example.com.|A"],
      ["e.example.com.|A"],
    ]);
    expect(lowerBound(changes, elementsOnly(5))).toBe(2);
  });

  it("keeps a group's changes together and in order even when the input interleaves them", () => {
    const [a1, a2] = aliasWithOwnership("a.example.com.");
    const [b1, b2] = aliasWithOwnership("b.example.com.");
    const packed = packChanges([a1, b1, a2, b2] as RecordChange[]);
    expect(packed.requests[0]?.changes).toEqual([a1, a2, b1, b2]);
  });

  it("reports a group too large for any request and packs the rest", () => {
    const big = change(
      valuesRecord(
        "big.example.com.",
        Array.from({ length: 6 }, (_, i) => `10.0.0.${i}`),
      ),
      {
        action: "UPSERT",
      },
    );
    const long = change(valuesRecord("long.example.com.", ["y".repeat(60)], "TXT"));
    const small = singleRecordGroups(3);
    const packed = packChanges([small[0], big, small[1], long, small[2]] as RecordChange[], {
      maxElements: 10,
      maxValueCharacters: 50,
    });
    expect(packed.oversized.map((o) => o.group)).toEqual(["big.example.com.|A", "long.example.com.|TXT"]);
    expect(packed.oversized[0]?.reason).toContain("needs 12 ResourceRecord elements (UPSERT counted twice)");
    expect(packed.oversized[0]?.reason).toContain("at most 10");
    expect(packed.oversized[1]?.reason).toContain("needs 60 characters of record values");
    expect(packed.requests.flatMap((r) => r.changes)).toEqual(small);
    expect(lowerBound([...small, big, long], { maxElements: 10, maxValueCharacters: 50 })).toBe(1);
  });
});

// --- property: a packing loses nothing, splits nothing, reorders nothing, and respects the limits ---

const actionArb = fc.constantFrom<ChangeAction>("CREATE", "UPSERT", "DELETE");
const changeArb = fc.record({
  host: fc.integer({ min: 0, max: 12 }),
  action: actionArb,
  alias: fc.boolean(),
  values: fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 6 }),
});
const limitsArb = fc.record({
  maxElements: fc.integer({ min: 2, max: 30 }),
  maxValueCharacters: fc.integer({ min: 20, max: 400 }),
});

function build(spec: { host: number; action: ChangeAction; alias: boolean; values: string[] }): RecordChange {
  const name = `h${spec.host}.example.com.`;
  return change(spec.alias ? aliasRecord(name) : valuesRecord(name, spec.values), {
    action: spec.action,
    group: `${name}|A`,
  });
}

describe("packChanges (property)", () => {
  it("places every change exactly once, keeps groups whole and ordered, and stays within limits", () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 60 }), limitsArb, (specs, limits) => {
        const changes = specs.map(build);
        const { requests, oversized } = packChanges(changes, limits);

        // Exactly once, by identity.
        const placed = [...requests.flatMap((r) => r.changes), ...oversized.flatMap((o) => o.changes)];
        expect(placed).toHaveLength(changes.length);
        expect(new Set(placed).size).toBe(changes.length);

        // Each group lives in one place, with its changes in input order.
        const units = [...requests.flatMap((r) => r.groups), ...oversized];
        const groupKeys = units.map((g) => g.group);
        expect(new Set(groupKeys).size).toBe(groupKeys.length);
        for (const unit of units) expect(unit.changes).toEqual(changes.filter((c) => c.group === unit.group));

        // Groups in plan order (order of first appearance).
        const firstSeen = [...new Set(changes.map((c) => c.group))];
        const sent = requests.flatMap((r) => r.groups.map((g) => g.group));
        expect(sent).toEqual(firstSeen.filter((g) => sent.includes(g)));

        for (const [i, r] of requests.entries()) {
          expect(r.cost.elements).toBeLessThanOrEqual(limits.maxElements);
          expect(r.cost.characters).toBeLessThanOrEqual(limits.maxValueCharacters);
          expect(r.groups.length).toBeGreaterThan(0);
          // As full as plan order allows: the next request's first group did not fit in this one.
          const next = requests[i + 1]?.groups[0];
          if (next) {
            const fitsBoth =
              r.cost.elements + next.cost.elements <= limits.maxElements &&
              r.cost.characters + next.cost.characters <= limits.maxValueCharacters;
            expect(fitsBoth).toBe(false);
          }
        }
        expect(requests.length).toBeGreaterThanOrEqual(lowerBound(changes, limits));
        for (const o of oversized) {
          expect(o.cost.elements > limits.maxElements || o.cost.characters > limits.maxValueCharacters).toBe(
            true,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
