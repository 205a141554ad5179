import { describe, expect, it } from "vitest";
import type { EndpointIntent } from "../../../src/model/endpoint.js";
import { hostsWithChangedEndpoints } from "../../../src/plan/plan-scope.js";
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
