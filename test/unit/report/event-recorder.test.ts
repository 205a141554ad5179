import type { CoreV1Api, CoreV1Event } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import {
  type EventObjectRef,
  EventReason,
  type EventsApi,
  KubeEventRecorder,
  type KubeEventRecorderOptions,
  MemoryEventRecorder,
} from "../../../src/report/event-recorder.js";

const gateway: EventObjectRef = {
  group: "gateway.networking.k8s.io",
  kind: "Gateway",
  namespace: "bookinfo",
  name: "bookinfo-gateway",
  uid: "0b9c1c1e-1111-2222-3333-444455556666",
  apiVersion: "gateway.networking.k8s.io/v1",
};
const other: EventObjectRef = { group: "", kind: "Service", namespace: "istio-system", name: "ingress" };

type Call =
  | { op: "create"; namespace: string; body: CoreV1Event }
  | { op: "patch"; name: string; namespace: string; body: unknown };

/** The Events API as a recorder of requests: this unit test is about what the recorder sends, and when. */
function fakeApi(fail?: (call: Call) => unknown): EventsApi & { calls: Call[] } {
  const calls: Call[] = [];
  const answer = (call: Call) => {
    calls.push(call);
    const error = fail?.(call);
    return error === undefined ? Promise.resolve({}) : Promise.reject(error);
  };
  return {
    calls,
    createNamespacedEvent: ({ namespace, body }) => answer({ op: "create", namespace, body }),
    patchNamespacedEvent: ({ name, namespace, body }) => answer({ op: "patch", name, namespace, body }),
  };
}

function recorder(options: Partial<KubeEventRecorderOptions> = {}) {
  const clock = { now: 1_700_000_000_000 };
  const api = fakeApi();
  const errors: unknown[] = [];
  const r = new KubeEventRecorder({
    api,
    instance: "route53-gslb-7d9f-abcde",
    clock: () => clock.now,
    onError: (e) => errors.push(e),
    ...options,
  });
  return { r, api: (options.api as ReturnType<typeof fakeApi> | undefined) ?? api, clock, errors };
}

describe("KubeEventRecorder", () => {
  it("takes client-node's CoreV1Api as its Events API (checked by the compiler)", () => {
    const asEventsApi = (api: CoreV1Api): EventsApi => api;
    expect(asEventsApi).toBeTypeOf("function");
  });

  it("posts a core/v1 Event on the object", async () => {
    const { r, api } = recorder();
    r.record(gateway, "Warning", EventReason.InvalidAnnotation, "Expected `weight` to be ...");
    await r.flush();
    expect(api.calls).toHaveLength(1);
    const call = api.calls[0];
    expect(call?.op).toBe("create");
    if (call?.op !== "create") return;
    expect(call.namespace).toBe("bookinfo");
    expect(call.body).toMatchObject({
      metadata: { namespace: "bookinfo" },
      involvedObject: {
        kind: "Gateway",
        namespace: "bookinfo",
        name: "bookinfo-gateway",
        uid: gateway.uid,
        apiVersion: "gateway.networking.k8s.io/v1",
      },
      type: "Warning",
      reason: "InvalidAnnotation",
      message: "Expected `weight` to be ...",
      count: 1,
      source: { component: "route53-gslb", host: "route53-gslb-7d9f-abcde" },
      reportingComponent: "route53-gslb.io/controller",
      reportingInstance: "route53-gslb-7d9f-abcde",
    });
    expect(call.body.metadata.name).toMatch(/^bookinfo-gateway\.[0-9a-f]+$/);
    expect(call.body.firstTimestamp).toEqual(new Date(1_700_000_000_000));
  });

  it("defaults apiVersion to v1 for the core group only", async () => {
    const { r, api } = recorder();
    r.record(other, "Warning", "HostnameSkipped", "x");
    r.record({ ...gateway, apiVersion: undefined }, "Warning", "HostnameSkipped", "x");
    await r.flush();
    const bodies = api.calls.map((c) => (c.op === "create" ? c.body.involvedObject : undefined));
    expect(bodies[0]?.apiVersion).toBe("v1");
    expect(bodies[1]).not.toHaveProperty("apiVersion");
  });

  it("folds repeats into one Event and patches count and lastTimestamp at most once per interval", async () => {
    const { r, api, clock } = recorder({ patchIntervalMs: 60_000 });
    r.record(gateway, "Warning", "Conflict", "same");
    await r.flush();
    for (let i = 0; i < 5; i++) {
      clock.now += 10_000; // a reconcile every 10 s
      r.record(gateway, "Warning", "Conflict", "same");
    }
    await r.flush();
    expect(api.calls.map((c) => c.op)).toEqual(["create"]);
    clock.now += 10_000; // 60 s after the create
    r.record(gateway, "Warning", "Conflict", "same");
    await r.flush();
    const created = api.calls[0];
    const patch = api.calls[1];
    expect(patch).toEqual({
      op: "patch",
      name: created?.op === "create" ? created.body.metadata.name : "",
      namespace: "bookinfo",
      body: [
        { op: "replace", path: "/count", value: 7 },
        { op: "replace", path: "/lastTimestamp", value: new Date(clock.now).toISOString() },
      ],
    });
    expect(r.stats()).toMatchObject({ created: 1, patched: 1, deduplicated: 6 });
  });

  it("creates a new Event when the message, reason or type differs, or after the window", async () => {
    const { r, api, clock } = recorder({ dedupeWindowMs: 60_000 });
    r.record(gateway, "Warning", "Conflict", "a");
    r.record(gateway, "Warning", "Conflict", "b");
    r.record(gateway, "Warning", "HostnameSkipped", "a");
    r.record(gateway, "Normal", "Conflict", "a");
    r.record(other, "Warning", "Conflict", "a");
    clock.now += 60_001;
    r.record(gateway, "Warning", "Conflict", "a");
    await r.flush();
    expect(api.calls.map((c) => c.op)).toEqual(["create", "create", "create", "create", "create", "create"]);
    const names = api.calls.map((c) => (c.op === "create" ? c.body.metadata.name : ""));
    expect(new Set(names).size).toBe(6);
  });

  it("rate-limits each object with a token bucket", async () => {
    const { r, api, clock } = recorder({ perObject: { burst: 3, refillMs: 10_000 } });
    for (let i = 0; i < 5; i++) r.record(gateway, "Warning", "HostnameSkipped", `host ${i}`);
    r.record(other, "Warning", "HostnameSkipped", "not limited by the Gateway's bucket");
    await r.flush();
    expect(api.calls).toHaveLength(4);
    expect(r.stats().suppressed).toBe(2);
    clock.now += 10_000; // one token back
    r.record(gateway, "Warning", "HostnameSkipped", "host 3");
    r.record(gateway, "Warning", "HostnameSkipped", "host 4");
    await r.flush();
    expect(api.calls).toHaveLength(5);
    // A dropped create is not remembered: the problem's next occurrence is written.
    clock.now += 10_000;
    r.record(gateway, "Warning", "HostnameSkipped", "host 4");
    await r.flush();
    expect(api.calls.map((c) => (c.op === "create" ? c.body.message : ""))).toContain("host 4");
  });

  it("caps the whole process's writes", async () => {
    const { r, api } = recorder({ global: { burst: 3, refillMs: 1000 } });
    for (let i = 0; i < 5; i++) r.record({ ...gateway, name: `gw-${i}` }, "Warning", "HostnameSkipped", "x");
    await r.flush();
    expect(api.calls).toHaveLength(3);
  });

  it("never throws into the caller: errors go to onError, and a failed create is retried next time", async () => {
    const api = fakeApi((c) => (c.op === "create" ? new Error("apiserver down") : undefined));
    const { r, errors } = recorder({ api });
    expect(() => r.record(gateway, "Warning", "Conflict", "x")).not.toThrow();
    await r.flush();
    expect(errors).toEqual([new Error("apiserver down")]);
    r.record(gateway, "Warning", "Conflict", "x");
    await r.flush();
    expect(api.calls.map((c) => c.op)).toEqual(["create", "create"]);
    expect(r.stats().failed).toBe(2);
  });

  it("creates a new Event when the patched one has expired (404)", async () => {
    const api = fakeApi((c) =>
      c.op === "patch" ? Object.assign(new Error("not found"), { code: 404 }) : undefined,
    );
    const { r, clock, errors } = recorder({ api, patchIntervalMs: 0 });
    r.record(gateway, "Warning", "Conflict", "x");
    await r.flush();
    clock.now += 1000;
    r.record(gateway, "Warning", "Conflict", "x");
    await r.flush();
    clock.now += 1000;
    r.record(gateway, "Warning", "Conflict", "x");
    await r.flush();
    expect(api.calls.map((c) => c.op)).toEqual(["create", "patch", "create"]);
    expect(errors).toEqual([]);
  });

  it("survives a throwing onError hook", async () => {
    const api = fakeApi(() => new Error("down"));
    const { r } = recorder({
      api,
      onError: () => {
        throw new Error("logger broke");
      },
    });
    r.record(gateway, "Warning", "Conflict", "x");
    await expect(r.flush()).resolves.toBeUndefined();
  });

  it("truncates long messages", async () => {
    const { r, api } = recorder();
    r.record(gateway, "Warning", "Conflict", "x".repeat(5000));
    await r.flush();
    const call = api.calls[0];
    expect(call?.op === "create" ? call.body.message?.length : 0).toBe(1024);
  });
});

describe("MemoryEventRecorder", () => {
  it("keeps every Event and finds them by object and reason", async () => {
    const r = new MemoryEventRecorder();
    r.record(gateway, "Warning", "Conflict", "a");
    r.record(gateway, "Normal", "Published", "b");
    await r.flush();
    expect(r.events).toHaveLength(2);
    expect(r.on("gateway.networking.k8s.io/Gateway bookinfo/bookinfo-gateway", "Conflict")).toEqual([
      { ref: gateway, type: "Warning", reason: "Conflict", message: "a" },
    ]);
  });
});
