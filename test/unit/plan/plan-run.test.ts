import { describe, expect, it } from "vitest";
import { planRun } from "../../../src/plan/plan-run.js";
import { planChanges } from "../../../src/plan/planner.js";
import { endpointsFromObjects } from "../../../src/sources/source.js";
import { config, lbCluster1, soa, state, zone } from "../../fixtures/planner.js";

const service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: {
    name: "web",
    namespace: "default",
    annotations: { "route53-gslb.io/hostnames": "a.example.com" },
  },
  spec: { type: "LoadBalancer" },
  status: { loadBalancer: { ingress: [{ hostname: lbCluster1.dnsName }] } },
};

describe("planRun", () => {
  it("reads the state for the objects' endpoints and plans exactly as the planner does", async () => {
    const s = state([zone([soa])]);
    let asked: string[] = [];
    const run = await planRun({
      objects: [service],
      config: config(),
      readState: async (endpoints) => {
        asked = endpoints.map((e) => e.hostname);
        return { state: s };
      },
    });
    expect(asked).toEqual(["a.example.com."]);
    const { endpoints, skipped } = endpointsFromObjects([service]);
    expect(run.plan).toEqual(planChanges({ config: config(), endpoints, skipped, state: s }));
    expect(run.replan(state([zone([soa])]))).toEqual(run.plan);
  });

  it("honours the enabled sources", async () => {
    const run = await planRun({
      objects: [service],
      sources: ["gateway-api"],
      config: config(),
      readState: async () => ({ state: state([zone([soa])]) }),
    });
    expect(run.plan.changes).toEqual([]);
  });
});
