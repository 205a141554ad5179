import { describe, expect, it } from "vitest";
import {
  annotationsOf,
  apiGroupOf,
  isKind,
  isKubeObject,
  matchesLabelSelector,
  namespaceOf,
} from "../../../src/sources/kube-object.js";

describe("isKubeObject", () => {
  const table: [unknown, boolean][] = [
    [{ apiVersion: "v1", kind: "Service", metadata: { name: "a" } }, true],
    [{ apiVersion: "v1", kind: "Service", metadata: {} }, false],
    [{ apiVersion: "v1", kind: "Service" }, false],
    [{ kind: "Service", metadata: { name: "a" } }, false],
    [null, false],
    [[], false],
    ["Service", false],
  ];
  it.each(table)("%j -> %s", (value, expected) => expect(isKubeObject(value)).toBe(expected));
});

describe("object helpers", () => {
  it("splits apiVersion and matches kinds", () => {
    const gw = { apiVersion: "gateway.networking.k8s.io/v1beta1", kind: "Gateway", metadata: { name: "g" } };
    expect(apiGroupOf(gw)).toBe("gateway.networking.k8s.io");
    expect(apiGroupOf({ apiVersion: "v1" })).toBe("");
    expect(isKind(gw, "gateway.networking.k8s.io", "Gateway", ["v1", "v1beta1"])).toBe(true);
    expect(isKind(gw, "gateway.networking.k8s.io", "Gateway", ["v1"])).toBe(false);
    expect(namespaceOf(gw)).toBe("default");
    expect(namespaceOf({ ...gw, metadata: { name: "g", namespace: "x" } })).toBe("x");
  });

  it("reads annotations as strings", () => {
    const obj = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s", annotations: { a: "x", b: 5, c: false, d: null, e: [1] } },
    };
    expect(annotationsOf(obj as never)).toEqual({ a: "x", b: "5", c: "false", d: "null", e: "[1]" });
  });
});

describe("matchesLabelSelector", () => {
  const labels = { env: "prod", tier: "web" };
  const table: [string, unknown, boolean][] = [
    ["empty", {}, true],
    ["undefined", undefined, true],
    ["matchLabels", { matchLabels: { env: "prod" } }, true],
    ["matchLabels miss", { matchLabels: { env: "dev" } }, false],
    ["In", { matchExpressions: [{ key: "env", operator: "In", values: ["dev", "prod"] }] }, true],
    ["In miss", { matchExpressions: [{ key: "env", operator: "In", values: ["dev"] }] }, false],
    ["NotIn", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] }, true],
    ["NotIn on absent key", { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, true],
    ["Exists", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, true],
    ["DoesNotExist", { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, false],
    ["unknown operator", { matchExpressions: [{ key: "tier", operator: "Gt", values: ["1"] }] }, false],
  ];
  it.each(table)("%s", (_name, selector, expected) =>
    expect(matchesLabelSelector(labels, selector)).toBe(expected),
  );
});
