import { describe, expect, it } from "vitest";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import { formatSourceRef } from "../../../src/model/source-ref.js";
import { ingressEndpoints } from "../../../src/sources/ingress.js";
import type { KubeObject } from "../../../src/sources/kube-object.js";
import { ELB, ingress } from "./objects.js";

/** A skip's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

const I = "networking.k8s.io/Ingress default/ing";

function summary(objects: KubeObject[]) {
  const out = ingressEndpoints(objects);
  return {
    endpoints: out.endpoints.map(
      (e) => `${formatSourceRef(e.source)} ${e.hostname} -> ${e.targets.join(",")}`,
    ),
    skipped: out.skipped.map((s) => `${formatSourceRef(s.source)} | ${s.hostname ?? "-"} | ${msg(s)}`),
  };
}

const rule = (host?: unknown) => ({
  ...(host === undefined ? {} : { host }),
  http: {
    paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }],
  },
});

describe("ingressEndpoints", () => {
  // annotations, spec, published hostnames
  const cases: [string, Record<string, string>, Record<string, unknown>, string[]][] = [
    [
      "rule hosts",
      {},
      { rules: [rule("a.example.com"), rule("B.Example.com")] },
      ["a.example.com.", "b.example.com."],
    ],
    ["a wildcard rule host", {}, { rules: [rule("*.apps.example.com")] }, ["*.apps.example.com."]],
    [
      "tls hosts too",
      {},
      {
        rules: [rule("a.example.com")],
        tls: [{ hosts: ["a.example.com", "t.example.com"], secretName: "s" }],
      },
      ["a.example.com.", "t.example.com."],
    ],
    [
      "a rule without host matches every name: nothing to publish",
      {},
      { rules: [rule()], defaultBackend: {} },
      [],
    ],
    ["empty hosts are left out", {}, { rules: [rule("")], tls: [{ hosts: [""] }] }, []],
    [
      "the hostnames annotation adds names",
      { "route53-gslb.io/hostnames": "x.example.com" },
      { rules: [rule("a.example.com")] },
      ["a.example.com.", "x.example.com."],
    ],
    [
      "external-dns hostname",
      { "external-dns.alpha.kubernetes.io/hostname": "e.example.com" },
      { rules: [] },
      ["e.example.com."],
    ],
    [
      "ingress-hostname-source defined-hosts-only",
      {
        "external-dns.alpha.kubernetes.io/hostname": "e.example.com",
        "external-dns.alpha.kubernetes.io/ingress-hostname-source": "defined-hosts-only",
      },
      { rules: [rule("a.example.com")] },
      ["a.example.com."],
    ],
    [
      "ingress-hostname-source annotation-only",
      {
        "external-dns.kubernetes.io/hostname": "e.example.com",
        "external-dns.kubernetes.io/ingress-hostname-source": "annotation-only",
      },
      { rules: [rule("a.example.com")], tls: [{ hosts: ["t.example.com"] }] },
      ["e.example.com."],
    ],
  ];
  it.each(cases)("%s", (_name, annotations, spec, hostnames) => {
    const out = ingressEndpoints([ingress({ annotations }, spec)]);
    expect(out.endpoints.map((e) => e.hostname)).toEqual(hostnames);
    expect(out.endpoints.every((e) => e.targets.join() === ELB)).toBe(true);
    expect(out.skipped).toEqual([]);
  });

  it("points at status.loadBalancer.ingress, a hostname before an IP", () => {
    const spec = { rules: [rule("a.example.com")] };
    expect(
      summary([ingress({}, spec, [{ ip: "192.0.2.7" }, { ip: "192.0.2.8", hostname: "lb.example.net" }])])
        .endpoints,
    ).toEqual([`${I} a.example.com. -> 192.0.2.7,lb.example.net`]);
  });

  it("reads routing annotations, ours and external-dns's", () => {
    const out = ingressEndpoints([
      ingress(
        { annotations: { "external-dns.alpha.kubernetes.io/aws-weight": "20", "route53-gslb.io/ttl": "30" } },
        { rules: [rule("a.example.com")] },
      ),
    ]);
    expect(out.endpoints[0]?.routing).toEqual({
      policy: "weighted",
      weight: 20,
      ttl: 30,
      healthCheckSettings: {},
    });
  });

  it("waits for an address, unless a target annotation names one", () => {
    const spec = { rules: [rule("a.example.com")] };
    expect(summary([ingress({}, spec, [])])).toEqual({
      endpoints: [],
      skipped: [`${I} | - | no address in status.loadBalancer.ingress yet, and no \`target\` annotation`],
    });
    // Ingress controllers that never fill the status are published through external-dns's target.
    const out = ingressEndpoints([
      ingress({ annotations: { "external-dns.alpha.kubernetes.io/target": "edge.example.net" } }, spec, []),
    ]);
    expect(out.endpoints.map((e) => [e.hostname, e.targets, e.routing.targets])).toEqual([
      ["a.example.com.", [], ["edge.example.net"]],
    ]);
  });

  it("reads only networking.k8s.io/v1", () => {
    const spec = { rules: [rule("a.example.com")] };
    expect(
      summary([
        ingress({ name: "beta" }, spec, undefined, "networking.k8s.io/v1beta1"),
        ingress({ name: "ext" }, spec, undefined, "extensions/v1beta1"),
      ]),
    ).toEqual({ endpoints: [], skipped: [] });
  });

  describe("hostile input: the object is skipped, its records held, the field named", () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["rules not a list", { rules: "a.example.com" }, '`spec.rules` is "a.example.com"; expected a list'],
      ["a host that is a number", { rules: [rule(42)] }, "`spec.rules[0].host` is 42; expected a hostname"],
      [
        "tls not a list",
        { rules: [rule("a.example.com")], tls: { hosts: [] } },
        '`spec.tls` is {"hosts":[]}; expected a list',
      ],
      [
        "tls hosts a string",
        { tls: [{ hosts: "t.example.com" }] },
        '`spec.tls[0].hosts` is "t.example.com"; expected a list of strings',
      ],
      [
        "tls hosts of numbers",
        { tls: [{ hosts: [1] }] },
        "`spec.tls[0].hosts` is [1]; expected a list of strings",
      ],
    ];
    it.each(cases)("%s", (_name, spec, why) => {
      const out = ingressEndpoints([ingress({}, spec)]);
      expect(out.endpoints).toEqual([]);
      expect(out.skipped).toHaveLength(1);
      expect(out.skipped[0]?.holdsObject).toBe(true);
      expect(msg(out.skipped[0])).toBe(`${why} (the object's records are kept until it is fixed)`);
    });

    it("an invalid host holds the object and names the host; the others are published", () => {
      const s = summary([ingress({}, { rules: [rule("bad_name.example.com"), rule("ok.example.com")] })]);
      expect(s.endpoints).toEqual([`${I} ok.example.com. -> ${ELB}`]);
      expect(s.skipped).toEqual([
        expect.stringMatching(
          /^networking.k8s.io\/Ingress default\/ing \| bad_name.example.com \| invalid hostname in spec\.rules\[0\]\.host: /,
        ),
      ]);
    });

    it("an invalid TLS host names its place in spec.tls", () => {
      const spec = {
        rules: [rule("ok.example.com")],
        tls: [{ hosts: ["ok.example.com", "-bad.example.com"] }],
      };
      expect(summary([ingress({}, spec)]).skipped).toEqual([
        expect.stringMatching(/\| -bad\.example\.com \| invalid hostname in spec\.tls\[0\]\.hosts\[1\]: /),
      ]);
    });

    it("a bad annotation or hostname source skips the object, naming key and value", () => {
      const spec = { rules: [rule("a.example.com")] };
      expect(
        summary([ingress({ annotations: { "route53-gslb.io/weight": "heavy" } }, spec)]).skipped,
      ).toEqual([
        `${I} | - | Expected \`route53-gslb.io/weight\` to be an integer from 0 to 255, got \`heavy\``,
      ]);
      expect(
        summary([
          ingress(
            { annotations: { "external-dns.alpha.kubernetes.io/ingress-hostname-source": "all" } },
            spec,
          ),
        ]).skipped,
      ).toEqual([
        `${I} | - | Expected \`external-dns.alpha.kubernetes.io/ingress-hostname-source\` to be \`defined-hosts-only\` or \`annotation-only\`, got \`all\``,
      ]);
    });

    it("opting out is reported as such", () => {
      const out = ingressEndpoints([
        ingress({ annotations: { "route53-gslb.io/enabled": "false" } }, { rules: [rule("a.example.com")] }),
      ]);
      expect(out.skipped.map((s) => s.problem.kind)).toEqual(["opted-out"]);
    });
  });
});
