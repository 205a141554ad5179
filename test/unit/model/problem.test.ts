import { describe, expect, it } from "vitest";
import { type Problem, problemMessage } from "../../../src/model/problem.js";
import type { SourceRef } from "../../../src/model/source-ref.js";

const gateway: SourceRef = {
  group: "gateway.networking.k8s.io",
  kind: "Gateway",
  namespace: "ns",
  name: "gw",
};
const route: SourceRef = {
  group: "gateway.networking.k8s.io",
  kind: "HTTPRoute",
  namespace: "ns",
  name: "r",
};

describe("problemMessage", () => {
  // The wording plan output, Events and logs showed before problems were data: kept byte for byte.
  it.each<[Problem, string]>([
    [{ kind: "opted-out", key: "route53-gslb.io/enabled" }, "disabled by route53-gslb.io/enabled=false"],
    [
      { kind: "opted-out", key: "route53-gslb.io/enabled", inheritedFrom: gateway },
      "disabled by route53-gslb.io/enabled=false (inherited from gateway.networking.k8s.io/Gateway ns/gw)",
    ],
    [
      {
        kind: "invalid-annotation",
        key: "route53-gslb.io/weight",
        value: "heavy",
        accepted: "an integer from 0 to 255",
        text: "Expected `route53-gslb.io/weight` to be an integer from 0 to 255, got `heavy`",
        inheritedFrom: gateway,
      },
      "Expected `route53-gslb.io/weight` to be an integer from 0 to 255, got `heavy` (inherited from gateway.networking.k8s.io/Gateway ns/gw)",
    ],
    [
      { kind: "invalid-field", field: "spec.hostnames", value: "42", expected: "a list of strings" },
      "`spec.hostnames` is 42; expected a list of strings (the object's records are kept until it is fixed)",
    ],
    [{ kind: "invalid-hostname", error: "`a b` is bad" }, "invalid hostname: `a b` is bad"],
    [
      {
        kind: "unreadable-metadata",
        objectKind: "Service",
        fields: [
          { field: "metadata.name", value: "1234", expected: "a Kubernetes name" },
          { field: "metadata.namespace", value: "[]", expected: "a namespace name" },
        ],
      },
      "`metadata.name` is 1234; expected a Kubernetes name; `metadata.namespace` is []; expected a namespace name; the records of every Service it could be are kept until it is fixed",
    ],
    [
      { kind: "no-zone", detail: "no hosted zone contains `a.example.org`" },
      "no hosted zone contains `a.example.org`",
    ],
    [
      { kind: "conflict", winner: gateway, claimants: [gateway, route] },
      "hostname is also claimed by gateway.networking.k8s.io/Gateway ns/gw with different settings; the oldest object wins",
    ],
    [
      { kind: "route53-rule", rule: "a CNAME exists at the name" },
      "conflict: a CNAME exists at the name; records this cluster does not own are never changed",
    ],
    [
      {
        kind: "contested",
        host: "app.example.com.",
        type: "A",
        setIdentifier: "c2",
        claims: [
          { record: "_gslb-a.app.example.com.", owner: "c1", source: gateway },
          { record: "_gslb-a.app.example.com.", owner: "c2" },
        ],
      },
      "contested: app.example.com A set=c2 is claimed by the ownership records of c1 (gateway.networking.k8s.io/Gateway ns/gw) and c2; nobody changes or deletes it (or anything else at app.example.com) until a person deletes the wrong ownership record",
    ],
    [
      {
        kind: "untrusted-ownership",
        record: "_gslb-a.app.example.com.",
        setIdentifier: "c1",
        host: "app.example.com.",
        type: "A",
        why: "its value does not read back",
      },
      "untrusted ownership record: _gslb-a.app.example.com TXT set=c1 says route53-gslb but its value does not read back; it is not anyone's, so the A records at app.example.com it might guard are never changed through it",
    ],
    [
      {
        kind: "takeover-blocked",
        host: "app.example.com.",
        type: "A",
        setIdentifier: "eu",
        owner: "team-a",
        why: "external-dns's registry TXT `a-app.example.com` holds several values",
      },
      "cannot take app.example.com A set=eu over from external-dns owner `team-a`: external-dns's registry TXT `a-app.example.com` holds several values; it is left as it is, and so is everything at app.example.com",
    ],
  ])("%o", (problem, message) => {
    expect(problemMessage(problem)).toBe(message);
  });
});
