import { describe, expect, it } from "vitest";
import { normalizeHostname } from "../../../src/model/hostname.js";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import { formatSourceRef } from "../../../src/model/source-ref.js";
import { gatewayApiEndpoints, intersectHostnames } from "../../../src/sources/gateway-api.js";
import type { KubeObject } from "../../../src/sources/kube-object.js";
import { ELB, gateway, gatewayRoute, httpRoute, listener, namespace } from "./objects.js";

/** A skip's or conflict's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

const P = "route53-gslb.io/";

/** `hostname -> targets` per source, and skipped as `source | hostname | reason`. */
function summary(objects: KubeObject[]) {
  const out = gatewayApiEndpoints(objects);
  return {
    endpoints: out.endpoints.map(
      (e) => `${formatSourceRef(e.source)} ${e.hostname} -> ${e.targets.join(",")}`,
    ),
    skipped: out.skipped.map((s) => `${formatSourceRef(s.source)} | ${s.hostname ?? "-"} | ${msg(s)}`),
  };
}

const n = (h: string): string => {
  const r = normalizeHostname(h);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe("intersectHostnames (Gateway API HTTPRoute.spec.hostnames)", () => {
  const table: [string | undefined, string, string | undefined][] = [
    [undefined, "foo.example.com", "foo.example.com"],
    [undefined, "*.example.com", "*.example.com"],
    ["foo.example.com", "foo.example.com", "foo.example.com"],
    ["foo.example.com", "bar.example.com", undefined],
    ["*.example.com", "foo.example.com", "foo.example.com"],
    ["*.example.com", "foo.bar.example.com", "foo.bar.example.com"],
    ["*.example.com", "example.com", undefined],
    ["*.example.com", "foo.example.org", undefined],
    ["foo.example.com", "*.example.com", "foo.example.com"],
    ["foo.bar.example.com", "*.example.com", "foo.bar.example.com"],
    ["example.com", "*.example.com", undefined],
    ["*.example.com", "*.example.com", "*.example.com"],
    ["*.example.com", "*.foo.example.com", "*.foo.example.com"],
    ["*.foo.example.com", "*.example.com", "*.foo.example.com"],
    ["*.bar.com", "*.example.com", undefined],
    ["*.example.com", "fooexample.com", undefined],
  ];
  it.each(table)("listener %s, route %s -> %s", (l, r, expected) => {
    expect(intersectHostnames(l === undefined ? undefined : n(l), n(r))).toBe(
      expected === undefined ? undefined : n(expected),
    );
  });
});

describe("gatewayApiEndpoints: Gateway", () => {
  it("publishes listener hostnames (wildcards too) and the hostnames annotation at status.addresses", () => {
    const gw = gateway(
      { annotations: { [`${P}hostnames`]: "extra.example.com" } },
      [
        listener("a", "app.example.com"),
        listener("b", "*.apps.example.com"),
        listener("c"),
        listener("d", "App.Example.com"),
      ],
      [{ type: "Hostname", value: ELB }, { value: "192.0.2.1" }, { type: "IPAddress", value: "2001:DB8::1" }],
    );
    expect(summary([gw])).toEqual({
      endpoints: [
        `gateway.networking.k8s.io/Gateway default/gw app.example.com. -> 192.0.2.1,2001:db8::1,${ELB}`,
        `gateway.networking.k8s.io/Gateway default/gw *.apps.example.com. -> 192.0.2.1,2001:db8::1,${ELB}`,
        `gateway.networking.k8s.io/Gateway default/gw extra.example.com. -> 192.0.2.1,2001:db8::1,${ELB}`,
      ],
      skipped: [],
    });
  });

  it("reads v1beta1 and ignores other versions and groups", () => {
    const beta = {
      ...gateway({ name: "beta" }, [listener("a", "beta.example.com")]),
      apiVersion: "gateway.networking.k8s.io/v1beta1",
    };
    const alpha = {
      ...gateway({ name: "old" }, [listener("a", "old.example.com")]),
      apiVersion: "gateway.networking.k8s.io/v1alpha1",
    };
    const other = {
      ...gateway({ name: "x" }, [listener("a", "x.example.com")]),
      apiVersion: "example.com/v1",
    };
    expect(summary([beta, alpha, other]).endpoints).toEqual([
      "gateway.networking.k8s.io/Gateway default/beta beta.example.com. -> 192.0.2.10",
    ]);
  });

  it("ignores addresses of the wrong or unknown type", () => {
    const gw = gateway(
      {},
      [listener("a", "app.example.com")],
      [
        { type: "IPAddress", value: ELB },
        { type: "Hostname", value: "192.0.2.1" },
        { type: "NamedAddress", value: "my-lb" },
        { type: "Hostname", value: "lb.example.net" },
      ],
    );
    expect(summary([gw]).endpoints).toEqual([
      "gateway.networking.k8s.io/Gateway default/gw app.example.com. -> lb.example.net",
    ]);
  });

  it("skips a Gateway without addresses, with the reason", () => {
    expect(summary([gateway({}, [listener("a", "app.example.com")], [])])).toEqual({
      endpoints: [],
      skipped: [
        "gateway.networking.k8s.io/Gateway default/gw | - | no addresses in status.addresses yet (the Gateway has not been programmed)",
      ],
    });
  });

  it("says nothing about a Gateway whose listeners have no hostname", () => {
    expect(summary([gateway({}, [listener("a")], [])])).toEqual({ endpoints: [], skipped: [] });
  });

  it("skips an invalid listener hostname, naming it", () => {
    const s = summary([
      gateway({}, [listener("a", "bad_name.example.com"), listener("b", "ok.example.com")]),
    ]);
    expect(s.endpoints).toEqual([
      "gateway.networking.k8s.io/Gateway default/gw ok.example.com. -> 192.0.2.10",
    ]);
    expect(s.skipped).toEqual([
      expect.stringMatching(
        /^gateway.networking.k8s.io\/Gateway default\/gw \| bad_name.example.com \| invalid hostname in spec\.listeners\[0\]\.hostname: .*bad_name/,
      ),
    ]);
  });

  it("skips a Gateway with a bad annotation, naming key and value", () => {
    const s = summary([
      gateway({ annotations: { [`${P}weight`]: "heavy" } }, [listener("a", "app.example.com")]),
    ]);
    expect(s).toEqual({
      endpoints: [],
      skipped: [
        "gateway.networking.k8s.io/Gateway default/gw | - | Expected `route53-gslb.io/weight` to be an integer from 0 to 255, got `heavy`",
      ],
    });
  });
});

describe("gatewayApiEndpoints: HTTPRoute", () => {
  const gw = (
    listeners: Record<string, unknown>[],
    meta = {},
    addresses?: { type?: string; value: string }[],
  ) => gateway({ name: "shared", namespace: "infra", ...meta }, listeners, addresses);
  const routeIn = (
    ns: string,
    hostnames: string[],
    parentRef: Record<string, unknown> = {},
    status?: unknown,
  ) =>
    httpRoute(
      { name: "web", namespace: ns },
      hostnames,
      [{ name: "shared", namespace: "infra", ...parentRef }],
      status,
    );
  const R = "gateway.networking.k8s.io/HTTPRoute";

  it("publishes route hostnames intersected with the listeners; the source is the HTTPRoute", () => {
    const s = summary([
      gw([listener("wild", "*.example.com", { allowedRoutes: { namespaces: { from: "All" } } })]),
      routeIn("shop", ["shop.example.com", "*.example.com", "example.com"]),
    ]);
    expect(s.endpoints).toEqual([
      "gateway.networking.k8s.io/Gateway infra/shared *.example.com. -> 192.0.2.10",
      `${R} shop/web shop.example.com. -> 192.0.2.10`,
      `${R} shop/web *.example.com. -> 192.0.2.10`,
    ]);
    expect(s.skipped).toEqual([
      `${R} shop/web | example.com | matches no listener hostname of Gateway \`infra/shared\``,
    ]);
  });

  it("takes the listener's name when the route's wildcard covers it", () => {
    const s = summary([
      gw([listener("a", "api.example.com")], { namespace: "default" }),
      httpRoute({}, ["*.example.com"], [{ name: "shared" }]),
    ]);
    expect(s.endpoints).toContain(`${R} default/route api.example.com. -> 192.0.2.10`);
  });

  it("attaches to one listener with sectionName", () => {
    const listeners = [
      listener("one", "one.example.com", { allowedRoutes: { namespaces: { from: "All" } } }),
      listener("two", "two.example.com", { allowedRoutes: { namespaces: { from: "All" } } }),
    ];
    const s = summary([
      gw(listeners),
      routeIn("app", ["one.example.com", "two.example.com"], { sectionName: "two" }),
    ]);
    expect(s.endpoints.filter((e) => e.startsWith(R))).toEqual([
      `${R} app/web two.example.com. -> 192.0.2.10`,
    ]);
    expect(s.skipped).toEqual([
      `${R} app/web | one.example.com | matches no listener hostname of Gateway \`infra/shared\``,
    ]);
  });

  it("skips a sectionName or port no listener has", () => {
    const all = { allowedRoutes: { namespaces: { from: "All" } } };
    expect(
      summary([
        gw([listener("one", undefined, all)]),
        routeIn("app", ["a.example.com"], { sectionName: "nope" }),
      ]).skipped,
    ).toEqual([`${R} app/web | - | parent Gateway infra/shared has no listener named \`nope\``]);
    expect(
      summary([gw([listener("one", undefined, all)]), routeIn("app", ["a.example.com"], { port: 80 })])
        .skipped,
    ).toEqual([`${R} app/web | - | parent Gateway infra/shared has no listener on port 80`]);
    expect(
      summary([gw([listener("one", undefined, all)]), routeIn("app", ["a.example.com"], { port: 443 })])
        .endpoints,
    ).toEqual([`${R} app/web a.example.com. -> 192.0.2.10`]);
  });

  describe("cross-namespace parentRefs follow allowedRoutes", () => {
    const cases: [string, Record<string, unknown> | undefined, KubeObject[], boolean][] = [
      ["default Same refuses another namespace", undefined, [], false],
      ["All admits", { namespaces: { from: "All" } }, [], true],
      [
        "Selector on a Namespace's labels",
        { namespaces: { from: "Selector", selector: { matchLabels: { gateway: "shared" } } } },
        [namespace("shop", { gateway: "shared" })],
        true,
      ],
      [
        "Selector that does not match",
        { namespaces: { from: "Selector", selector: { matchLabels: { gateway: "shared" } } } },
        [namespace("shop", { gateway: "other" })],
        false,
      ],
      [
        "Selector on kubernetes.io/metadata.name without the Namespace object",
        {
          namespaces: {
            from: "Selector",
            selector: {
              matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["shop"] }],
            },
          },
        },
        [],
        true,
      ],
      ["kinds without HTTPRoute", { namespaces: { from: "All" }, kinds: [{ kind: "GRPCRoute" }] }, [], false],
      [
        "kinds with HTTPRoute",
        { namespaces: { from: "All" }, kinds: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute" }] },
        [],
        true,
      ],
    ];
    it.each(cases)("%s", (_name, allowedRoutes, extra, admitted) => {
      const s = summary([
        gw([listener("a", undefined, allowedRoutes ? { allowedRoutes } : {})]),
        routeIn("shop", ["shop.example.com"]),
        ...extra,
      ]);
      if (admitted) expect(s.endpoints).toEqual([`${R} shop/web shop.example.com. -> 192.0.2.10`]);
      else {
        expect(s.endpoints).toEqual([]);
        expect(s.skipped).toEqual([
          `${R} shop/web | - | no listener of parent Gateway infra/shared allows HTTPRoutes from namespace \`shop\``,
        ]);
      }
    });

    it("a TLS listener does not take HTTPRoutes", () => {
      const s = summary([
        gw([listener("tls", undefined, { protocol: "TLS", allowedRoutes: { namespaces: { from: "All" } } })]),
        routeIn("shop", ["a.example.com"]),
      ]);
      expect(s.endpoints).toEqual([]);
    });

    it("the parent namespace defaults to the route's", () => {
      const s = summary([
        gateway({ name: "shared", namespace: "shop" }, [listener("a")]),
        httpRoute({ name: "web", namespace: "shop" }, ["a.example.com"], [{ name: "shared" }]),
      ]);
      expect(s.endpoints).toEqual([`${R} shop/web a.example.com. -> 192.0.2.10`]);
    });
  });

  it("skips a route whose parent is missing, has no address, or rejected it", () => {
    const all = [listener("a", undefined, { allowedRoutes: { namespaces: { from: "All" } } })];
    expect(summary([routeIn("shop", ["a.example.com"])]).skipped).toEqual([
      `${R} shop/web | - | parent Gateway infra/shared not found`,
    ]);
    expect(summary([gw(all, {}, []), routeIn("shop", ["a.example.com"])]).skipped).toEqual([
      `${R} shop/web | - | parent Gateway infra/shared has no addresses in status.addresses yet`,
    ]);
    const rejected = {
      parents: [
        {
          parentRef: { name: "shared", namespace: "infra" },
          conditions: [{ type: "Accepted", status: "False", reason: "NotAllowedByListeners", message: "no" }],
        },
      ],
    };
    expect(summary([gw(all), routeIn("shop", ["a.example.com"], {}, rejected)]).skipped).toEqual([
      `${R} shop/web | - | not accepted by parent Gateway infra/shared: NotAllowedByListeners: no`,
    ]);
    const accepted = {
      parents: [
        {
          parentRef: { name: "shared", namespace: "infra" },
          conditions: [{ type: "Accepted", status: "True" }],
        },
      ],
    };
    expect(summary([gw(all), routeIn("shop", ["a.example.com"], {}, accepted)]).endpoints).toEqual([
      `${R} shop/web a.example.com. -> 192.0.2.10`,
    ]);
  });

  it("ignores parentRefs that are not Gateways", () => {
    const route = httpRoute({}, ["a.example.com"], [{ group: "", kind: "Service", name: "mesh" }]);
    expect(summary([route])).toEqual({ endpoints: [], skipped: [] });
  });

  it("overlays the route's annotations on its Gateway's (route keys win; policy travels as a unit)", () => {
    const g = gateway(
      {
        name: "shared",
        annotations: { [`${P}weight`]: "50", [`${P}ttl`]: "30", [`${P}hostnames`]: "gw.example.com" },
      },
      [listener("a")],
    );
    const plain = httpRoute({ name: "plain" }, ["plain.example.com"], [{ name: "shared" }]);
    const failover = httpRoute(
      { name: "fo", annotations: { [`${P}failover`]: "primary" } },
      ["fo.example.com"],
      [{ name: "shared" }],
    );
    const out = gatewayApiEndpoints([g, plain, failover]);
    const byHost = Object.fromEntries(out.endpoints.map((e) => [e.hostname, e.routing]));
    expect(byHost["plain.example.com."]).toEqual({
      policy: "weighted",
      weight: 50,
      ttl: 30,
      healthCheckSettings: {},
    });
    expect(byHost["fo.example.com."]).toEqual({
      policy: "failover",
      failover: "PRIMARY",
      ttl: 30,
      healthCheckSettings: {},
    });
    // The Gateway's own extra hostnames stay the Gateway's.
    expect(out.endpoints.filter((e) => e.hostname === "gw.example.com.").map((e) => e.source.kind)).toEqual([
      "Gateway",
    ]);
    expect(out.skipped).toEqual([]);
  });

  it("marks problems inherited from the Gateway, and a disabled Gateway disables its routes unless they opt in", () => {
    const bad = gateway({ name: "shared", annotations: { [`${P}ttl`]: "soon" } }, [listener("a")]);
    expect(summary([bad, httpRoute({}, ["a.example.com"], [{ name: "shared" }])]).skipped).toContain(
      `${R} default/route | - | Expected \`route53-gslb.io/ttl\` to be an integer from 0 to 2147483647, got \`soon\` (inherited from gateway.networking.k8s.io/Gateway default/shared)`,
    );
    const off = gateway({ name: "shared", annotations: { [`${P}enabled`]: "false" } }, [listener("a")]);
    const on = httpRoute(
      { name: "on", annotations: { [`${P}enabled`]: "true" } },
      ["on.example.com"],
      [{ name: "shared" }],
    );
    const s = summary([off, on, httpRoute({}, ["a.example.com"], [{ name: "shared" }])]);
    expect(
      gatewayApiEndpoints([off, httpRoute({}, ["a.example.com"], [{ name: "shared" }])]).skipped.map(
        (x) => x.problem.kind === "opted-out",
      ),
    ).toEqual([true, true]);
    expect(s.endpoints).toEqual([`${R} default/on on.example.com. -> 192.0.2.10`]);
    expect(s.skipped).toEqual([
      "gateway.networking.k8s.io/Gateway default/shared | - | disabled by route53-gslb.io/enabled=false",
      `${R} default/route | - | disabled by route53-gslb.io/enabled=false (inherited from gateway.networking.k8s.io/Gateway default/shared)`,
    ]);
  });

  it("publishes IDN route hostnames in punycode and skips invalid ones by name", () => {
    const s = summary([
      gateway({ name: "shared" }, [listener("a")]),
      httpRoute({}, ["Bücher.example.com", "-bad.example.com"], [{ name: "shared" }]),
    ]);
    expect(s.endpoints).toContain(`${R} default/route xn--bcher-kva.example.com. -> 192.0.2.10`);
    expect(s.skipped).toEqual([
      expect.stringMatching(
        /^gateway.networking.k8s.io\/HTTPRoute default\/route \| -bad.example.com \| invalid hostname in spec\.hostnames\[1\]: /,
      ),
    ]);
  });
});

describe("gatewayApiEndpoints: GRPCRoute, TLSRoute and TCPRoute", () => {
  const all = { allowedRoutes: { namespaces: { from: "All" } } };
  const listeners = [
    listener("https", "*.example.com", all),
    listener("tls", "*.tls.example.com", { ...all, protocol: "TLS", port: 8443 }),
    listener("tcp", undefined, { ...all, protocol: "TCP", port: 5432 }),
  ];
  const shared = gateway({ name: "shared", namespace: "infra" }, listeners);
  const parent = { name: "shared", namespace: "infra" };
  const H = `${P}hostnames`;
  const ED = "external-dns.alpha.kubernetes.io/hostname";

  // kind, version, hostnames (undefined: no spec.hostnames), annotations, parentRef extra, published hosts
  const cases: [string, string, unknown, Record<string, string>, Record<string, unknown>, string[]][] = [
    ["GRPCRoute", "v1", ["grpc.example.com"], {}, {}, ["grpc.example.com."]],
    ["GRPCRoute", "v1alpha2", ["old-grpc.example.com"], {}, {}, ["old-grpc.example.com."]],
    // The TLS listener takes TLSRoutes only; the name is intersected with its wildcard.
    ["TLSRoute", "v1", ["db.tls.example.com", "web.example.com"], {}, {}, ["db.tls.example.com."]],
    ["TLSRoute", "v1alpha3", ["a.tls.example.com"], {}, {}, ["a.tls.example.com."]],
    ["TLSRoute", "v1alpha2", ["*.tls.example.com"], {}, {}, ["*.tls.example.com."]],
    ["TLSRoute", "v1alpha1", ["gone.tls.example.com"], {}, {}, []],
    // A TCPRoute has no spec.hostnames: its hostname annotation (ours or external-dns's) names it,
    // through the TCP listener (no hostname) or the TLS one (intersected).
    ["TCPRoute", "v1", undefined, { [H]: "pg.example.org" }, { sectionName: "tcp" }, ["pg.example.org."]],
    ["TCPRoute", "v1alpha2", undefined, { [ED]: "x.tls.example.com" }, {}, ["x.tls.example.com."]],
    ["TCPRoute", "v1", ["ignored.example.com"], {}, {}, []],
  ];
  it.each(cases)("%s %s %j %j", (kind, version, hostnames, annotations, ref, published) => {
    const route = gatewayRoute(kind, version, { name: "r", namespace: "app", annotations }, hostnames, [
      { ...parent, ...ref },
    ]);
    const out = gatewayApiEndpoints([shared, route]);
    const fromRoute = out.endpoints.filter((e) => e.source.kind === kind);
    expect(fromRoute.map((e) => e.hostname)).toEqual(published);
    expect(fromRoute.every((e) => e.source.namespace === "app" && e.targets.join() === "192.0.2.10")).toBe(
      true,
    );
  });

  it("attaches each kind only to listeners of its protocol, or those whose allowedRoutes.kinds name it", () => {
    const grpcOnTls = gatewayRoute(
      "GRPCRoute",
      "v1",
      { namespace: "app" },
      ["a.tls.example.com"],
      [{ ...parent, sectionName: "tls" }],
    );
    const tlsOnHttps = gatewayRoute(
      "TLSRoute",
      "v1",
      { namespace: "app" },
      ["b.example.com"],
      [{ ...parent, sectionName: "https" }],
    );
    const s = summary([shared, grpcOnTls, tlsOnHttps]);
    expect(s.endpoints.filter((e) => !e.includes("/Gateway "))).toEqual([]);
    expect(s.skipped).toEqual([
      "gateway.networking.k8s.io/GRPCRoute app/grpcroute | - | no listener of parent Gateway infra/shared allows GRPCRoutes from namespace `app`",
      "gateway.networking.k8s.io/TLSRoute app/tlsroute | - | no listener of parent Gateway infra/shared allows TLSRoutes from namespace `app`",
    ]);
    const onlyTcp = gateway({ name: "l4", namespace: "app" }, [
      listener("tls", undefined, { protocol: "TLS", allowedRoutes: { kinds: [{ kind: "TCPRoute" }] } }),
    ]);
    const tls = gatewayRoute("TLSRoute", "v1", { namespace: "app" }, ["c.example.com"], [{ name: "l4" }]);
    const tcp = gatewayRoute(
      "TCPRoute",
      "v1",
      { namespace: "app", annotations: { [H]: "d.example.com" } },
      undefined,
      [{ name: "l4" }],
    );
    expect(summary([onlyTcp, tls, tcp]).endpoints).toEqual([
      "gateway.networking.k8s.io/TCPRoute app/tcproute d.example.com. -> 192.0.2.10",
    ]);
  });

  it("says nothing about a TCPRoute without a hostname annotation, even one whose parent is missing", () => {
    const tcp = gatewayRoute("TCPRoute", "v1", { namespace: "app" }, undefined, [{ name: "nowhere" }]);
    expect(summary([tcp])).toEqual({ endpoints: [], skipped: [] });
    const named = gatewayRoute(
      "TCPRoute",
      "v1",
      { namespace: "app", annotations: { [H]: "e.example.com" } },
      undefined,
      [{ name: "nowhere" }],
    );
    expect(summary([named]).skipped).toEqual([
      "gateway.networking.k8s.io/TCPRoute app/tcproute | - | parent Gateway app/nowhere not found",
    ]);
  });

  it("holds a route whose hostnames have the wrong type, whatever its kind", () => {
    for (const [kind, hostnames] of [
      ["GRPCRoute", 42],
      ["TLSRoute", "db.example.com"],
      ["TLSRoute", [1, 2]],
    ] as const) {
      const out = gatewayApiEndpoints([
        shared,
        gatewayRoute(kind, "v1", { namespace: "app" }, hostnames, [parent]),
      ]);
      expect(out.endpoints.filter((e) => e.source.kind === kind)).toEqual([]);
      expect(out.skipped).toEqual([
        expect.objectContaining({
          holdsObject: true,
          problem: expect.objectContaining({ kind: "invalid-field", field: "spec.hostnames" }),
        }),
      ]);
    }
  });

  describe("external-dns gateway-hostname-source", () => {
    const route = (source: string | undefined) =>
      gatewayRoute(
        "TLSRoute",
        "v1",
        {
          namespace: "app",
          annotations: {
            [H]: "ann.tls.example.com",
            ...(source === undefined ? {} : { "external-dns.kubernetes.io/gateway-hostname-source": source }),
          },
        },
        ["spec.tls.example.com"],
        [parent],
      );
    const cases: [string | undefined, string[]][] = [
      [undefined, ["ann.tls.example.com.", "spec.tls.example.com."]],
      ["defined-hosts-only", ["spec.tls.example.com."]],
      ["Annotation-Only", ["ann.tls.example.com."]],
    ];
    it.each(cases)("%s publishes %j", (source, hosts) => {
      const out = gatewayApiEndpoints([shared, route(source)]);
      expect(
        out.endpoints
          .filter((e) => e.source.kind === "TLSRoute")
          .map((e) => e.hostname)
          .sort(),
      ).toEqual(hosts);
    });
    it("skips the route on a value external-dns does not know, naming it", () => {
      expect(summary([shared, route("both")]).skipped).toEqual([
        "gateway.networking.k8s.io/TLSRoute app/tlsroute | - | Expected `external-dns.kubernetes.io/gateway-hostname-source` to be `defined-hosts-only` or `annotation-only`, got `both`",
      ]);
    });
  });
});
