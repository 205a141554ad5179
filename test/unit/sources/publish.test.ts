import { describe, expect, it } from "vitest";
import {
  emptyOutput,
  listOf,
  loadBalancerAddresses,
  publish,
  selectorContains,
} from "../../../src/sources/publish.js";
import { ELB, lbService } from "./objects.js";

const ref = { group: "", kind: "Service", namespace: "default", name: "s" };

describe("publish helpers", () => {
  it("publishes each valid hostname once, with sorted unique targets", () => {
    const out = emptyOutput();
    publish(out, ref, ["A.example.com", "a.example.com.", "bad name"], ["b", "a", "b"], {
      healthCheckSettings: {},
    });
    expect(out.endpoints).toEqual([
      { source: ref, hostname: "a.example.com.", targets: ["a", "b"], routing: { healthCheckSettings: {} } },
    ]);
    expect(out.skipped).toEqual([
      {
        source: ref,
        hostname: "bad name",
        problem: { kind: "invalid-hostname", error: expect.stringContaining("`bad name`") },
        holdsObject: true,
      },
    ]);
  });

  it("reads load balancer ingress, preferring hostnames over IPs", () => {
    const svc = lbService({}, {}, [
      { hostname: ELB.toUpperCase(), ip: "192.0.2.9" },
      { ip: "192.0.2.1" },
      { ip: "junk!" },
      {},
    ]);
    expect(loadBalancerAddresses(svc)).toEqual(["192.0.2.1", ELB]);
  });

  it("checks that a selector holds every required label", () => {
    expect(selectorContains({ app: "gw", istio: "ingress" }, { istio: "ingress" })).toBe(true);
    expect(selectorContains({ app: "gw" }, { istio: "ingress" })).toBe(false);
    expect(selectorContains({}, {})).toBe(true);
  });

  it("lists names for people", () => {
    expect(listOf([])).toBe("");
    expect(listOf(["a"])).toBe("`a`");
    expect(listOf(["a", "b", "c"])).toBe("`a`, `b` and `c`");
  });
});
