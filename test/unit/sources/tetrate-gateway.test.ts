import { describe, expect, it } from "vitest";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import { formatSourceRef } from "../../../src/model/source-ref.js";
import type { KubeObject } from "../../../src/sources/kube-object.js";
import { tetrateGatewayEndpoints } from "../../../src/sources/tetrate-gateway.js";
import { ELB, lbService, tetrateGateway } from "./objects.js";

/** A skip's or conflict's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

const T = "gateway.tsb.tetrate.io/Gateway";
const edge = lbService({ name: "edgegw", namespace: "edge" }, { app: "edgegw" }, [{ hostname: ELB }]);

function summary(objects: KubeObject[]) {
  const out = tetrateGatewayEndpoints(objects);
  return {
    endpoints: out.endpoints.map(
      (e) => `${formatSourceRef(e.source)} ${e.hostname} -> ${e.targets.join(",")}`,
    ),
    skipped: out.skipped.map((s) => `${formatSourceRef(s.source)} | ${s.hostname ?? "-"} | ${msg(s)}`),
  };
}

describe("tetrateGatewayEndpoints", () => {
  it("an invalid hostname names its server, and an annotation's names the annotation", () => {
    const gw = tetrateGateway(
      { namespace: "edge", annotations: { "route53-gslb.io/hostnames": "x..example.com" } },
      {
        workloadSelector: { labels: { app: "edgegw" } },
        http: [{ hostname: "a.example.com" }],
        tls: [{ hostname: "bad_name.example.com" }],
      },
    );
    expect(summary([gw, edge]).skipped).toEqual([
      expect.stringMatching(
        /\| x\.\.example\.com \| invalid hostname in metadata\.annotations\["route53-gslb\.io\/hostnames"\]: /,
      ),
      expect.stringMatching(/\| bad_name\.example\.com \| invalid hostname in spec\.tls\[0\]\.hostname: /),
    ]);
  });

  it("publishes http, tls and tcp hostnames at the Service matching the workload selector", () => {
    const gw = tetrateGateway(
      { name: "bookinfo-edge", namespace: "bookinfo" },
      {
        workloadSelector: { namespace: "edge", labels: { app: "edgegw" } },
        http: [{ name: "bookinfo", port: 80, hostname: "bookinfo.tse.tetratelabs.io" }],
        tls: [{ name: "secure", port: 443, hostname: "secure.tse.tetratelabs.io" }],
        tcp: [
          { name: "db", port: 5432, hostname: "db.tse.tetratelabs.io" },
          { name: "nohost", port: 1 },
        ],
      },
    );
    expect(summary([gw, edge])).toEqual({
      endpoints: [
        `${T} bookinfo/bookinfo-edge bookinfo.tse.tetratelabs.io. -> ${ELB}`,
        `${T} bookinfo/bookinfo-edge secure.tse.tetratelabs.io. -> ${ELB}`,
        `${T} bookinfo/bookinfo-edge db.tse.tetratelabs.io. -> ${ELB}`,
      ],
      skipped: [],
    });
  });

  it("looks in the Gateway's namespace when the selector names none, and only there", () => {
    const gw = tetrateGateway(
      { namespace: "edge" },
      { workloadSelector: { labels: { app: "edgegw" } }, http: [{ hostname: "a.example.com" }] },
    );
    expect(summary([gw, edge]).endpoints).toEqual([`${T} edge/tsb-gw a.example.com. -> ${ELB}`]);
    const elsewhere = tetrateGateway(
      { namespace: "apps" },
      { workloadSelector: { labels: { app: "edgegw" } }, http: [{ hostname: "a.example.com" }] },
    );
    expect(summary([elsewhere, edge]).skipped).toEqual([
      `${T} apps/tsb-gw | - | no LoadBalancer Service in namespace \`apps\` selects app=edgegw`,
    ]);
  });

  it("skips with a reason when the Service has no address or the labels are empty", () => {
    const pending = lbService({ name: "edgegw", namespace: "edge" }, { app: "edgegw" }, []);
    const gw = tetrateGateway(
      {},
      {
        workloadSelector: { namespace: "edge", labels: { app: "edgegw" } },
        http: [{ hostname: "a.example.com" }],
      },
    );
    expect(summary([gw, pending]).skipped).toEqual([
      `${T} default/tsb-gw | - | LoadBalancer Service edge/edgegw has no address in status.loadBalancer.ingress yet`,
    ]);
    const noLabels = tetrateGateway(
      {},
      { workloadSelector: { namespace: "edge" }, http: [{ hostname: "a.example.com" }] },
    );
    expect(summary([noLabels, edge]).skipped).toEqual([
      `${T} default/tsb-gw | - | spec.workloadSelector.labels is empty, so no LoadBalancer Service can be told apart`,
    ]);
  });

  it("reports malformed specs", () => {
    const junk = tetrateGateway({ name: "junk" }, {
      http: "nope",
      tls: [null, 3],
      workloadSelector: 7,
    } as Record<string, unknown>);
    expect(summary([junk, edge])).toEqual({
      endpoints: [],
      skipped: [
        `${T} default/junk | - | \`spec.http\` is "nope"; expected a list (the object's records are kept until it is fixed)`,
      ],
    });
  });

  it("reports Tetrate gateway kinds and versions it does not read as not supported, naming what is", () => {
    const as = (apiVersion: string, kind: string, name: string): KubeObject => ({
      ...tetrateGateway({ name, namespace: "edge" }, { http: [{ hostname: `${name}.example.com` }] }),
      apiVersion,
      kind,
    });
    const objects = [
      as("gateway.tsb.tetrate.io/v1", "Gateway", "old"),
      as("gateway.tsb.tetrate.io/v2", "IngressGateway", "ingress"),
      as("gateway.tsb.tetrate.io/v2", "Tier1Gateway", "tier1"),
      as("install.tetrate.io/v1alpha1", "IngressGateway", "eastwest"),
      // Kinds that carry no hostnames are ignored like any unrelated kind.
      as("gateway.tsb.tetrate.io/v2", "Group", "group"),
      as("traffic.tsb.tetrate.io/v2", "TrafficSetting", "traffic"),
      edge,
    ];
    const supported =
      "is not supported: route53-gslb reads Tetrate hostnames from `gateway.tsb.tetrate.io/v2` `Gateway` only; " +
      "publish them through such a Gateway, or annotate the gateway's LoadBalancer Service with route53-gslb.io/hostnames";
    expect(summary(objects)).toEqual({
      endpoints: [],
      skipped: [
        `${T} edge/old | - | \`gateway.tsb.tetrate.io/v1\` \`Gateway\` ${supported}`,
        `gateway.tsb.tetrate.io/IngressGateway edge/ingress | - | \`gateway.tsb.tetrate.io/v2\` \`IngressGateway\` ${supported}`,
        `gateway.tsb.tetrate.io/Tier1Gateway edge/tier1 | - | \`gateway.tsb.tetrate.io/v2\` \`Tier1Gateway\` ${supported}`,
        `install.tetrate.io/IngressGateway edge/eastwest | - | \`install.tetrate.io/v1alpha1\` \`IngressGateway\` ${supported}`,
      ],
    });
  });
});
