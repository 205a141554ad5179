import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../src/sources/kube-object.js";
import {
  backoffDelay,
  collectionPath,
  compareObjects,
  kindLabel,
  watchedKinds,
} from "../../../../src/sources/watchers/watched-kinds.js";

const labels = (sources: Parameters<typeof watchedKinds>[0]) =>
  watchedKinds(sources).map((k) => `${kindLabel(k)} ${k.versions.join("|")} ${k.roles.join("+")}`);

describe("watchedKinds", () => {
  it("watches Gateways, every route kind (current version first), Namespaces and target Services (for the status port) for gateway-api", () => {
    expect(labels({ sources: ["gateway-api"] })).toEqual([
      "Gateway.gateway.networking.k8s.io v1 source",
      "HTTPRoute.gateway.networking.k8s.io v1|v1beta1 source",
      "GRPCRoute.gateway.networking.k8s.io v1|v1alpha2 source",
      "TLSRoute.gateway.networking.k8s.io v1|v1alpha3|v1alpha2 source",
      "TCPRoute.gateway.networking.k8s.io v1|v1alpha2 source",
      "Namespace v1 metadata",
      "Service v1 target",
    ]);
    expect(labels({ sources: ["gateway-api"], namespaceLabels: false })).toHaveLength(6);
  });

  it("watches Ingresses (built in) and DNSEndpoints (external-dns's CRD) as sources", () => {
    expect(labels({ sources: ["ingress", "dnsendpoint"] })).toEqual([
      "Ingress.networking.k8s.io v1 source",
      "DNSEndpoint.externaldns.k8s.io v1alpha1 source",
    ]);
    const [ingress, dnsEndpoint] = watchedKinds({ sources: ["ingress", "dnsendpoint"] });
    if (!ingress || !dnsEndpoint) throw new Error("kinds");
    expect(collectionPath(ingress, "v1", "shop")).toBe(
      "/apis/networking.k8s.io/v1/namespaces/shop/ingresses",
    );
    expect(collectionPath(dnsEndpoint, "v1alpha1")).toBe("/apis/externaldns.k8s.io/v1alpha1/dnsendpoints");
  });

  it("watches Services as targets of Istio and Tetrate Gateways, Istio v1 before v1beta1", () => {
    expect(labels({ sources: ["istio-gateway", "tetrate-gateway"] })).toEqual([
      "Gateway.networking.istio.io v1|v1beta1 source",
      "Gateway.gateway.tsb.tetrate.io v2 source",
      "Service v1 target",
    ]);
  });

  it("gives Services both roles when the service source is on too", () => {
    expect(labels({ sources: ["service"] })).toEqual(["Service v1 source"]);
    expect(labels({ sources: ["service", "istio-gateway"] }).at(-1)).toBe("Service v1 source+target");
  });

  it("marks only CRD kinds as optional", () => {
    const kinds = watchedKinds({
      sources: ["gateway-api", "istio-gateway", "tetrate-gateway", "service", "ingress", "dnsendpoint"],
    });
    expect(kinds.filter((k) => !k.crd).map((k) => k.kind)).toEqual(["Namespace", "Ingress", "Service"]);
  });
});

describe("collectionPath", () => {
  const [gateway, , , , , namespace] = watchedKinds({ sources: ["gateway-api"] });
  const [service] = watchedKinds({ sources: ["service"] });

  it("builds group and core paths, across namespaces or in one", () => {
    if (!gateway || !namespace || !service) throw new Error("kinds");
    expect(collectionPath(gateway, "v1")).toBe("/apis/gateway.networking.k8s.io/v1/gateways");
    expect(collectionPath(gateway, "v1", "shop")).toBe(
      "/apis/gateway.networking.k8s.io/v1/namespaces/shop/gateways",
    );
    expect(collectionPath(service, "v1", "shop")).toBe("/api/v1/namespaces/shop/services");
    // Namespaces are cluster-scoped: a namespace option narrows them by field selector instead.
    expect(collectionPath(namespace, "v1", "shop")).toBe("/api/v1/namespaces");
  });
});

describe("compareObjects", () => {
  const obj = (apiVersion: string, kind: string, name: string, namespace?: string): KubeObject => ({
    apiVersion,
    kind,
    metadata: namespace === undefined ? { name } : { name, namespace },
  });

  it("orders by group, kind, namespace and name, whatever the arrival order", () => {
    const objects = [
      obj("v1", "Service", "b", "x"),
      obj("networking.istio.io/v1", "Gateway", "a", "x"),
      obj("gateway.networking.k8s.io/v1", "HTTPRoute", "r", "a"),
      obj("v1", "Namespace", "x"),
      obj("gateway.networking.k8s.io/v1", "Gateway", "g", "b"),
      obj("gateway.networking.k8s.io/v1", "Gateway", "g", "a"),
      obj("v1", "Service", "a", "x"),
    ];
    const names = (list: KubeObject[]) =>
      list.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`);
    const expected = [
      "Namespace//x",
      "Service/x/a",
      "Service/x/b",
      "Gateway/a/g",
      "Gateway/b/g",
      "HTTPRoute/a/r",
      "Gateway/x/a",
    ];
    expect(names([...objects].sort(compareObjects))).toEqual(expected);
    expect(names([...objects].reverse().sort(compareObjects))).toEqual(expected);
  });
});

describe("backoffDelay", () => {
  it("doubles from the base and stops at the cap", () => {
    const b = { baseMs: 100, maxMs: 1_000 };
    expect([0, 1, 2, 3, 4, 5, 100].map((n) => backoffDelay(n, b))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });
});
