import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EndpointIntent } from "../../../src/model/endpoint.js";
import { compareText } from "../../../src/model/text-order.js";
import { hostsWithChangedEndpoints } from "../../../src/plan/plan-scope.js";
import { endpointKey } from "../../../src/sources/source.js";
import { endpoint } from "../../fixtures/planner.js";

const a1 = endpoint("a.example.com", { targets: ["192.0.2.1"] });
const b1 = endpoint("b.example.com", { targets: ["192.0.2.2"] });
const c1 = endpoint("c.example.com", { targets: ["192.0.2.3"] });

describe("hostsWithChangedEndpoints", () => {
  const table: [string, EndpointIntent[], EndpointIntent[], string[]][] = [
    ["the same objects: nothing", [a1, b1], [a1, b1], []],
    [
      "the same content in new objects (re-listed, merged): nothing",
      [a1, b1],
      [{ ...a1 }, structuredClone(b1)],
      [],
    ],
    ["an endpoint added", [a1], [a1, b1], ["b.example.com."]],
    ["an endpoint removed", [a1, b1], [a1], ["b.example.com."]],
    [
      "an endpoint changed",
      [a1, b1, c1],
      [a1, endpoint("b.example.com", { targets: ["192.0.2.9"] }), c1],
      ["b.example.com."],
    ],
    ["a second endpoint at a host", [a1], [a1, { ...a1 }], ["a.example.com."]],
    ["one of two equal endpoints gone", [a1, { ...a1 }], [a1], ["a.example.com."]],
  ];
  for (const [what, before, after, hosts] of table) {
    it(what, () => expect([...hostsWithChangedEndpoints(before, after)].sort()).toEqual(hosts));
  }
});

describe("hostsWithChangedEndpoints, lists in key order or not", () => {
  // Lists as endpointsFromObjects gives them (by key, each key once) are walked side by side; any
  // other list is compared as a set. Both must give the same hosts.
  const pool = ["a", "b", "c", "d"].flatMap((h) =>
    ["192.0.2.1", "192.0.2.2"].map((t) => endpoint(`${h}.example.com`, { targets: [t] })),
  );
  const listArb = fc.subarray(pool).chain((list) =>
    // Some endpoints as new objects with the same content (a re-listed object).
    fc
      .array(fc.boolean(), { minLength: list.length, maxLength: list.length })
      .map((fresh) => list.map((e, i) => (fresh[i] ? structuredClone(e) : e))),
  );
  const inKeyOrder = (list: EndpointIntent[]) => {
    const byKey = new Map<string, EndpointIntent>();
    for (const e of list) byKey.set(endpointKey(e), e);
    return [...byKey.values()].sort((x, y) => compareText(endpointKey(x), endpointKey(y)));
  };

  it("the walk in key order gives what the set comparison gives", () => {
    fc.assert(
      fc.property(listArb, listArb, (rawBefore, rawAfter) => {
        const before = inKeyOrder(rawBefore);
        const after = inKeyOrder(rawAfter);
        const walked = [...hostsWithChangedEndpoints(before, after)].sort();
        // Reversed lists of two or more are out of order, so they are compared as sets.
        const asSets = [...hostsWithChangedEndpoints([...before].reverse(), [...after].reverse())].sort();
        expect(walked).toEqual(asSets);
      }),
      { numRuns: 300 },
    );
  });
});
