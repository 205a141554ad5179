import { describe, expect, it } from "vitest";
import { problemMessage } from "../../../src/model/problem.js";
import { chooseHostnames, hostnameSourceOrSkip } from "../../../src/sources/hostname-source.js";
import { emptyOutput } from "../../../src/sources/publish.js";

const ref = { group: "networking.k8s.io", kind: "Ingress", namespace: "default", name: "web" };
const OLD = "external-dns.alpha.kubernetes.io/ingress-hostname-source";
const NEW = "external-dns.kubernetes.io/ingress-hostname-source";

describe("hostnameSourceOrSkip (external-dns's ingress- and gateway-hostname-source)", () => {
  const cases: [string, Record<string, string>, string | undefined][] = [
    ["unset: both", {}, "both"],
    ["old prefix", { [OLD]: "defined-hosts-only" }, "defined-hosts-only"],
    ["current prefix, any case, blanks", { [NEW]: " Annotation-Only " }, "annotation-only"],
    [
      "the current prefix wins",
      { [OLD]: "annotation-only", [NEW]: "defined-hosts-only" },
      "defined-hosts-only",
    ],
    [
      "the other kind's key is not read",
      { "external-dns.kubernetes.io/gateway-hostname-source": "x" },
      "both",
    ],
    ["an unknown value", { [NEW]: "all" }, undefined],
    ["empty", { [OLD]: "" }, undefined],
  ];
  it.each(cases)("%s", (_name, annotations, expected) => {
    const out = emptyOutput();
    expect(hostnameSourceOrSkip(out, ref, annotations, "ingress-hostname-source")).toBe(expected);
    expect(out.skipped.length).toBe(expected === undefined ? 1 : 0);
  });

  it("names the key, the value and what is accepted", () => {
    const out = emptyOutput();
    hostnameSourceOrSkip(out, ref, { [OLD]: "everything" }, "ingress-hostname-source");
    expect(out.skipped.map((s) => [s.hostname, s.problem.kind, problemMessage(s.problem)])).toEqual([
      [
        undefined,
        "invalid-annotation",
        "Expected `external-dns.alpha.kubernetes.io/ingress-hostname-source` to be `defined-hosts-only` or `annotation-only`, got `everything`",
      ],
    ]);
  });

  it("chooses the hostnames", () => {
    expect(chooseHostnames("both", ["a"], ["b"])).toEqual(["a", "b"]);
    expect(chooseHostnames("defined-hosts-only", ["a"], ["b"])).toEqual(["a"]);
    expect(chooseHostnames("annotation-only", ["a"], ["b"])).toEqual(["b"]);
  });
});
