// The Event recorder's two calls against a real kube-apiserver (test/setup/kube-global-setup.ts): the
// create the recorder sends for a new Event, and the JSON patch it sends for a repeat, read back
// with client-node's own typed API.

import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kubeRequests, statusCodeOf } from "../../../src/kube/kube-http.js";
import { kubeEventsApi } from "../../../src/report/kube-events-api.js";

describe("Events over plain HTTP on a real kube-apiserver", () => {
  const kc = new KubeConfig();
  kc.loadFromFile(inject("kubeconfig"));
  const core = kc.makeApiClient(CoreV1Api);
  const api = kubeEventsApi(kubeRequests(kc));
  const namespace = `events-${process.pid}-${Date.now().toString(36)}`;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
  });
  afterAll(async () => {
    await core.deleteNamespace({ name: namespace }).catch(() => {});
  });

  it("creates an Event, then bumps its count and last timestamp with a JSON patch", async () => {
    const first = new Date("2026-12-02T10:00:00Z");
    await api.createNamespacedEvent({
      namespace,
      body: {
        metadata: { name: "web.1", namespace },
        involvedObject: { kind: "Service", namespace, name: "web", apiVersion: "v1" },
        type: "Warning",
        reason: "InvalidAnnotation",
        message: "route53-gslb.io/weight: `x` is not a number from 0 to 255",
        count: 1,
        firstTimestamp: first,
        lastTimestamp: first,
        source: { component: "route53-gslb" },
        reportingComponent: "route53-gslb.io/controller",
        reportingInstance: "test",
      },
    });
    await api.patchNamespacedEvent({
      name: "web.1",
      namespace,
      body: [
        { op: "replace", path: "/count", value: 3 },
        { op: "replace", path: "/lastTimestamp", value: "2026-12-02T10:05:00.000Z" },
      ],
    });
    const event = await core.readNamespacedEvent({ name: "web.1", namespace });
    expect(event.count).toBe(3);
    expect(event.reason).toBe("InvalidAnnotation");
    expect(new Date(event.firstTimestamp ?? 0).toISOString()).toBe("2026-12-02T10:00:00.000Z");
    expect(new Date(event.lastTimestamp ?? 0).toISOString()).toBe("2026-12-02T10:05:00.000Z");
  });

  it("a patch of an Event that is gone fails with 404, which the recorder reads as a status", async () => {
    const error = await api
      .patchNamespacedEvent({ name: "gone", namespace, body: [{ op: "replace", path: "/count", value: 2 }] })
      .catch((e: unknown) => e);
    expect(statusCodeOf(error)).toBe(404);
  });
});
