import { describe, expect, it } from "vitest";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import { formatSourceRef } from "../../../src/model/source-ref.js";
import type { KubeObject } from "../../../src/sources/kube-object.js";
import { serviceEndpoints } from "../../../src/sources/service.js";
import { ELB, lbService } from "./objects.js";

/** A skip's or conflict's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

function summary(objects: KubeObject[]) {
  const out = serviceEndpoints(objects);
  return {
    endpoints: out.endpoints.map(
      (e) => `${formatSourceRef(e.source)} ${e.hostname} -> ${e.targets.join(",")}`,
    ),
    skipped: out.skipped.map((s) => `${formatSourceRef(s.source)} | ${s.hostname ?? "-"} | ${msg(s)}`),
  };
}

describe("serviceEndpoints", () => {
  const cases: [string, Record<string, string>, string[]][] = [
    [
      "our hostnames",
      { "route53-gslb.io/hostnames": "a.example.com,b.example.com" },
      ["a.example.com.", "b.example.com."],
    ],
    [
      "external-dns hostname",
      { "external-dns.alpha.kubernetes.io/hostname": "c.example.com" },
      ["c.example.com."],
    ],
    [
      "current external-dns prefix",
      { "external-dns.kubernetes.io/hostname": "d.example.com" },
      ["d.example.com."],
    ],
    [
      "ours win",
      {
        "route53-gslb.io/hostnames": "a.example.com",
        "external-dns.kubernetes.io/hostname": "x.example.com",
      },
      ["a.example.com."],
    ],
    ["no hostname annotation", { "route53-gslb.io/weight": "10" }, []],
    ["no annotations", {}, []],
  ];
  it.each(cases)("%s", (_name, annotations, hostnames) => {
    const svc = lbService({ annotations }, { app: "web" }, [{ hostname: ELB }, { ip: "192.0.2.1" }]);
    const out = serviceEndpoints([svc]);
    expect(out.endpoints.map((e) => e.hostname)).toEqual(hostnames);
    expect(out.skipped).toEqual([]);
    for (const e of out.endpoints) {
      expect(e.targets).toEqual(["192.0.2.1", ELB]);
      expect(e.source).toEqual({ group: "", kind: "Service", namespace: "default", name: "svc" });
    }
  });

  it("skips a LoadBalancer without address and complains about our key on other types only", () => {
    const pending = lbService(
      { name: "pending", annotations: { "route53-gslb.io/hostnames": "a.example.com" } },
      {},
      [],
    );
    const clusterIp = lbService(
      { name: "cip", annotations: { "route53-gslb.io/hostnames": "a.example.com" } },
      {},
      [],
      "ClusterIP",
    );
    const headless = lbService(
      { name: "headless", annotations: { "external-dns.alpha.kubernetes.io/hostname": "h.example.com" } },
      {},
      [],
      "ClusterIP",
    );
    expect(summary([pending, clusterIp, headless]).skipped).toEqual([
      "Service default/pending | - | no address in status.loadBalancer.ingress yet",
      "Service default/cip | - | `route53-gslb.io/hostnames` is read only on Services of type LoadBalancer",
    ]);
  });

  it("skips a Service with bad annotations or enabled=false", () => {
    const bad = lbService(
      {
        name: "bad",
        annotations: { "route53-gslb.io/hostnames": "a.example.com", "route53-gslb.io/failover": "first" },
      },
      {},
      [{ ip: "192.0.2.1" }],
    );
    const off = lbService(
      {
        name: "off",
        annotations: { "route53-gslb.io/hostnames": "a.example.com", "route53-gslb.io/enabled": "false" },
      },
      {},
      [{ ip: "192.0.2.1" }],
    );
    expect(summary([bad, off])).toEqual({
      endpoints: [],
      skipped: [
        "Service default/bad | - | Expected `route53-gslb.io/failover` to be `primary` or `secondary`, got `first`",
        "Service default/off | - | disabled by route53-gslb.io/enabled=false",
      ],
    });
  });
});
