import { V1Service } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import {
  describeError,
  formatKubeTime,
  statusCodeOf,
  toPlainObject,
} from "../../../../src/sources/watchers/kube-api.js";

describe("toPlainObject", () => {
  it("turns a client-node class instance into the JSON a manifest or watch event has", () => {
    const s = new V1Service();
    s.apiVersion = "v1";
    s.kind = "Service";
    s.metadata = {
      name: "gw",
      namespace: "istio-system",
      creationTimestamp: new Date("2024-05-01T10:00:00Z"),
      managedFields: [{ manager: "kubectl" }],
    };
    s.spec = { type: "LoadBalancer", selector: { istio: "ingressgateway" } };
    const plain = toPlainObject(s);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(plain).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "gw", namespace: "istio-system", creationTimestamp: "2024-05-01T10:00:00Z" },
      spec: { type: "LoadBalancer", selector: { istio: "ingressgateway" } },
    });
  });
});

describe("statusCodeOf", () => {
  it("reads ApiException.code and the watch's statusCode, not Node's error codes", () => {
    expect(statusCodeOf({ code: 404 })).toBe(404);
    expect(statusCodeOf(Object.assign(new Error("Not Found"), { statusCode: 404 }))).toBe(404);
    expect(statusCodeOf(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBeUndefined();
    expect(statusCodeOf(undefined)).toBeUndefined();
  });
});

describe("describeError", () => {
  it("keeps the first line and names the status code once", () => {
    expect(describeError(Object.assign(new Error("HTTP-Code: 503\nBody: {...}"), { code: 503 }))).toBe(
      "HTTP-Code: 503",
    );
    expect(describeError(Object.assign(new Error("Service Unavailable"), { statusCode: 503 }))).toBe(
      "HTTP 503: Service Unavailable",
    );
    expect(describeError(new Error("connect ECONNREFUSED 127.0.0.1:6443"))).toBe(
      "connect ECONNREFUSED 127.0.0.1:6443",
    );
  });
});

describe("formatKubeTime", () => {
  it("writes seconds precision as metav1.Time does", () => {
    expect(formatKubeTime(new Date("2024-05-01T10:00:00.123Z"))).toBe("2024-05-01T10:00:00Z");
  });
});
