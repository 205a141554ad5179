import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../../../../src/sources/kube-object.js";
import { endpointsFromObjects } from "../../../../src/sources/source.js";
import { slimObject } from "../../../../src/sources/watchers/slim-object.js";
import { gateway, httpRoute, lbService, listener } from "../objects.js";

const examples = fileURLToPath(new URL("../../../../examples/bookinfo", import.meta.url));

function manifests(cluster: string): KubeObject[] {
  const dir = join(examples, cluster);
  return readdirSync(dir).flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), "utf8"))
      .map((doc) => doc.toJSON() as KubeObject | null)
      .filter((obj): obj is KubeObject => obj !== null),
  );
}

/** What the API server fills in on a Service's spec, none of it read by a source. */
function bloatedServiceSpec(spec: unknown): Record<string, unknown> {
  const s = typeof spec === "object" && spec !== null ? (spec as Record<string, unknown>) : {};
  const ports = Array.isArray(s.ports) ? s.ports : [];
  return {
    ...s,
    clusterIP: "10.96.0.17",
    clusterIPs: ["10.96.0.17"],
    ipFamilies: ["IPv4"],
    ipFamilyPolicy: "SingleStack",
    internalTrafficPolicy: "Cluster",
    externalTrafficPolicy: "Cluster",
    sessionAffinity: "None",
    allocateLoadBalancerNodePorts: true,
    ports: ports.map((p: Record<string, unknown>, i: number) => ({
      name: `port-${i}`,
      protocol: "TCP",
      targetPort: 8080,
      nodePort: 30000 + i,
      ...p,
    })),
  };
}

/** What the API server and tools add to an object that no source reads. */
function bloated(obj: KubeObject): KubeObject {
  const status = typeof obj.status === "object" && obj.status !== null ? obj.status : {};
  return {
    ...obj,
    ...(obj.apiVersion === "v1" && obj.kind === "Service" ? { spec: bloatedServiceSpec(obj.spec) } : {}),
    metadata: {
      ...obj.metadata,
      annotations: {
        ...obj.metadata.annotations,
        "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify(obj),
      },
      resourceVersion: "42",
      generation: 3,
      ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: "u" }],
      finalizers: ["example.com/finalizer"],
      managedFields: [{ manager: "kubectl", operation: "Apply", fieldsV1: { "f:spec": {} } }],
    } as KubeObject["metadata"],
    status: {
      ...status,
      conditions: [{ type: "Programmed", status: "True", reason: "Programmed", message: "x".repeat(200) }],
      listeners: [{ name: "https", attachedRoutes: 1, conditions: [] }],
    },
  };
}

describe("slimObject", () => {
  const objects = [
    ...manifests("cluster-1"),
    ...manifests("cluster-2"),
    gateway({ name: "gw" }, [listener("https", "*.example.com")]),
    // A parent that rejected the route: the source must still see status.parents[].conditions.
    httpRoute({ name: "rejected" }, ["shop.example.com"], [{ name: "gw" }], {
      parents: [
        {
          parentRef: { name: "gw" },
          conditions: [{ type: "Accepted", status: "False", reason: "NotAllowed" }],
        },
      ],
    }),
    lbService(
      { name: "svc", annotations: { "route53-gslb.io/hostnames": "svc.example.com" } },
      { app: "a" },
      [{ ip: "192.0.2.1" }],
    ),
  ].map(bloated);

  it("every source publishes the same endpoints and problems from slimmed objects as from whole ones", () => {
    const whole = endpointsFromObjects(objects);
    const slim = endpointsFromObjects(objects.map(slimObject));
    expect(whole.endpoints.length).toBeGreaterThan(5);
    expect(slim).toEqual(whole);
  });

  it("drops what no source reads and keeps what the watcher compares", () => {
    const [first] = objects;
    if (!first) throw new Error("no objects");
    const slim = slimObject(first);
    const metadata = slim.metadata as unknown as Record<string, unknown>;
    for (const dropped of ["managedFields", "ownerReferences", "finalizers", "generation"])
      expect(metadata).not.toHaveProperty(dropped);
    expect(metadata.resourceVersion).toBe("42");
    expect(slim.metadata.annotations).not.toHaveProperty("kubectl.kubernetes.io/last-applied-configuration");
    expect(slim.status).not.toHaveProperty("conditions");
    expect(slim.status).not.toHaveProperty("listeners");
    expect(JSON.stringify(slim).length).toBeLessThan(JSON.stringify(first).length / 2);
  });

  it("keeps of a Service's spec its type, the ports' numbers and the selector", () => {
    const service = objects.find((o) => o.kind === "Service" && o.metadata.name === "svc");
    if (!service) throw new Error("no Service");
    expect(slimObject(service).spec).toEqual({
      type: "LoadBalancer",
      ports: (service.spec as { ports: { port: number }[] }).ports.map((p) => ({ port: p.port })),
      selector: { app: "a" },
    });
  });

  it("leaves the object it is given unchanged", () => {
    const [first] = objects;
    const before = JSON.stringify(first);
    if (first) slimObject(first);
    expect(JSON.stringify(first)).toBe(before);
  });
});
