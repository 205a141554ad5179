import { KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../src/sources/kube-object.js";
import { InvalidSelectorError, parseSelector } from "../../../../src/sources/watchers/annotation-filter.js";
import { createKubeObjectStore, keepFunction } from "../../../../src/sources/watchers/kube-watchers.js";

const sel = (text: string) => {
  const p = parseSelector(text);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

const service = (labels: Record<string, string>, annotations: Record<string, string>): KubeObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "s", namespace: "n", labels, annotations },
  spec: { type: "LoadBalancer" },
});

describe("keepFunction", () => {
  const labels = sel("team=a");
  const annotations = sel("route53-gslb.io/publish=true");
  const publishing = service(
    { team: "a" },
    { "route53-gslb.io/publish": "true", "route53-gslb.io/hostnames": "x" },
  );
  const other = service({ team: "b" }, { "route53-gslb.io/hostnames": "x" });

  it("drops source objects that miss a filter", () => {
    const keep = keepFunction({ roles: ["source"] }, labels, annotations);
    expect(keep(publishing)).toBe(publishing);
    expect(keep(other)).toBeUndefined();
    expect(keep(service({ team: "a" }, {}))).toBeUndefined();
  });

  it("keeps target Services that miss a filter, without their annotations, so they do not publish", () => {
    const keep = keepFunction({ roles: ["source", "target"] }, labels, annotations);
    expect(keep(publishing)).toBe(publishing);
    expect(keep(other)).toEqual({ ...other, metadata: { name: "s", namespace: "n", labels: { team: "b" } } });
  });

  it("never filters targets only or metadata", () => {
    expect(keepFunction({ roles: ["target"] }, labels, annotations)(other)).toBe(other);
    expect(keepFunction({ roles: ["metadata"] }, labels, annotations)(other)).toBe(other);
  });

  it("keeps everything without filters", () => {
    expect(keepFunction({ roles: ["source"] }, undefined, undefined)(other)).toBe(other);
  });

  it("keeps no Service a source cannot read: not a LoadBalancer and asking for no hostname", () => {
    const typed = (type: string, annotations: Record<string, string>): KubeObject => ({
      ...service({}, annotations),
      spec: { type },
    });
    for (const roles of [["source"], ["target"], ["source", "target"]] as const) {
      const keep = keepFunction({ roles: [...roles] }, undefined, undefined);
      expect(keep(typed("ClusterIP", {}))).toBeUndefined();
      expect(keep(typed("NodePort", { team: "a" }))).toBeUndefined();
      // Asking for a hostname: the `service` source says why it publishes nothing.
      const asking = typed("ClusterIP", { "route53-gslb.io/hostnames": "x" });
      expect(keep(asking)).toBe(asking);
      const external = typed("ClusterIP", { "external-dns.alpha.kubernetes.io/hostname": "x" });
      expect(keep(external)).toBe(external);
      const lb = typed("LoadBalancer", {});
      expect(keep(lb)).toBe(lb);
    }
    // A target Service filtered out loses its annotations, so a ClusterIP one is then not kept.
    const keep = keepFunction({ roles: ["source", "target"] }, labels, annotations);
    expect(keep(typed("ClusterIP", { "route53-gslb.io/hostnames": "x" }))).toBeUndefined();
    // Other kinds are not Services.
    const gateway: KubeObject = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "g" },
    };
    expect(keepFunction({ roles: ["source"] }, undefined, undefined)(gateway)).toBe(gateway);
  });
});

describe("createKubeObjectStore", () => {
  const kc = new KubeConfig();

  it("throws a typed error for an invalid annotation filter or label selector, before watching", () => {
    expect(() => createKubeObjectStore(kc, { sources: ["service"], annotationFilter: "a in (x" })).toThrow(
      InvalidSelectorError,
    );
    try {
      createKubeObjectStore(kc, { sources: ["service"], labelSelector: "a b" });
    } catch (error) {
      expect(error).toMatchObject({ name: "InvalidSelectorError", option: "labelSelector", value: "a b" });
    }
  });

  it("is not synced and reports every kind as syncing before start", () => {
    const store = createKubeObjectStore(kc, { sources: ["gateway-api", "service"] });
    expect(store.synced()).toBe(false);
    expect(store.objects()).toEqual([]);
    expect(store.status().map((s) => `${s.kind} ${s.group} ${s.state} ${s.restarts}`)).toEqual([
      "Gateway gateway.networking.k8s.io syncing 0",
      "HTTPRoute gateway.networking.k8s.io syncing 0",
      "GRPCRoute gateway.networking.k8s.io syncing 0",
      "TLSRoute gateway.networking.k8s.io syncing 0",
      "TCPRoute gateway.networking.k8s.io syncing 0",
      "Namespace  syncing 0",
      "Service  syncing 0",
    ]);
  });
});
