import { describe, expect, it } from "vitest";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import { formatSourceRef } from "../../../src/model/source-ref.js";
import { endpointsFromObjects, SOURCE_KINDS } from "../../../src/sources/source.js";
import { ELB, gateway, httpRoute, istioGateway, lbService, listener, tetrateGateway } from "./objects.js";

/** A skip's or conflict's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

const P = "route53-gslb.io/";

const objects = () => [
  httpRoute({ name: "web", namespace: "shop" }, ["shop.example.com"], [{ name: "gw", namespace: "default" }]),
  gateway(
    { name: "gw" },
    [
      listener("a", "App.Example.com"),
      listener("b", undefined, { allowedRoutes: { namespaces: { from: "All" } } }),
    ],
    [{ value: "192.0.2.10" }],
  ),
  istioGateway({ name: "bookinfo", namespace: "bookinfo" }, { istio: "ingressgateway" }, [
    ["bookinfo/bookinfo.example.com"],
  ]),
  tetrateGateway(
    { name: "edge", namespace: "edge" },
    { workloadSelector: { labels: { app: "edgegw" } }, http: [{ hostname: "edge.example.com" }] },
  ),
  lbService({ name: "ingress", namespace: "istio-system" }, { istio: "ingressgateway" }, [{ hostname: ELB }]),
  lbService({ name: "edgegw", namespace: "edge" }, { app: "edgegw" }, [{ ip: "192.0.2.30" }]),
  lbService({ name: "direct", annotations: { [`${P}hostnames`]: "direct.example.com" } }, {}, [
    { ip: "192.0.2.40" },
  ]),
  { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "ignored" }, spec: {} },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ignored" }, data: {} },
];

const lines = (out: ReturnType<typeof endpointsFromObjects>) =>
  out.endpoints.map((e) => `${formatSourceRef(e.source)} ${e.hostname} -> ${e.targets.join(",")}`);

describe("endpointsFromObjects", () => {
  it("reads every source, ignores other kinds, and sorts by source then hostname", () => {
    const out = endpointsFromObjects(objects());
    expect(lines(out)).toEqual([
      "Service default/direct direct.example.com. -> 192.0.2.40",
      "gateway.networking.k8s.io/Gateway default/gw app.example.com. -> 192.0.2.10",
      "gateway.networking.k8s.io/HTTPRoute shop/web shop.example.com. -> 192.0.2.10",
      "gateway.tsb.tetrate.io/Gateway edge/edge edge.example.com. -> 192.0.2.30",
      `networking.istio.io/Gateway bookinfo/bookinfo bookinfo.example.com. -> ${ELB}`,
    ]);
    expect(out.skipped).toEqual([]);
  });

  it("is deterministic whatever the input order", () => {
    const forward = endpointsFromObjects(objects());
    const backward = endpointsFromObjects(objects().reverse());
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
  });

  it("publishes only the chosen sources, still using Services as targets", () => {
    const out = endpointsFromObjects(objects(), { sources: ["istio-gateway"] });
    expect(lines(out)).toEqual([
      `networking.istio.io/Gateway bookinfo/bookinfo bookinfo.example.com. -> ${ELB}`,
    ]);
    expect(SOURCE_KINDS).toEqual([
      "gateway-api",
      "istio-gateway",
      "tetrate-gateway",
      "service",
      "ingress",
      "dnsendpoint",
    ]);
  });

  it("fills the source reference: group, kind, namespace (default `default`), name, creation time, uid", () => {
    const gw = gateway({ name: "gw", creationTimestamp: "2024-05-01T10:00:00Z", uid: "u-1" }, [
      listener("a", "a.example.com"),
    ]);
    delete (gw.metadata as { namespace?: string }).namespace;
    const created = new Date("2024-05-02T10:00:00Z");
    const svc = lbService({ name: "s", annotations: { [`${P}hostnames`]: "s.example.com" } }, {}, [
      { ip: "192.0.2.1" },
    ]);
    (svc.metadata as unknown as Record<string, unknown>).creationTimestamp = created;
    const out = endpointsFromObjects([gw, svc]);
    expect(out.endpoints.map((e) => e.source)).toEqual([
      {
        group: "",
        kind: "Service",
        namespace: "default",
        name: "s",
        creationTimestamp: "2024-05-02T10:00:00Z",
      },
      {
        group: "gateway.networking.k8s.io",
        kind: "Gateway",
        namespace: "default",
        name: "gw",
        creationTimestamp: "2024-05-01T10:00:00Z",
        uid: "u-1",
      },
    ]);
  });

  it("normalises wildcard and IDN hostnames, and skips invalid ones by name", () => {
    const gw = gateway(
      {
        annotations: {
          [`${P}hostnames`]: "München.example.com, \\052.wild.example.com, a..example.com, localhost",
        },
      },
      [listener("a", "*.Example.com")],
    );
    const out = endpointsFromObjects([gw]);
    expect(out.endpoints.map((e) => e.hostname)).toEqual([
      "*.example.com.",
      "*.wild.example.com.",
      "xn--mnchen-3ya.example.com.",
    ]);
    // Each names the field it was read from: here the hostnames annotation.
    const field = `invalid hostname in metadata.annotations["${P}hostnames"]:`;
    expect(out.skipped.map((s) => [s.hostname, msg(s).slice(0, field.length)])).toEqual([
      ["a..example.com", field],
      ["localhost", field],
    ]);
    expect(out.skipped.every((s) => msg(s).includes(s.hostname ?? "?"))).toBe(true);
  });

  it("cuts a 100 KB annotation value and a 100 KB hostname in skip reasons", () => {
    const huge = "v".repeat(100_000);
    const badWeight = gateway({ name: "w", annotations: { [`${P}weight`]: huge } }, [
      listener("a", "w.example.com"),
    ]);
    const badHost = gateway({ name: "h", annotations: { [`${P}hostnames`]: `${huge}.example.com` } }, [
      listener("a", "h.example.com"),
    ]);
    const out = endpointsFromObjects([badWeight, badHost]);
    expect(out.skipped.map((s) => msg(s))).toEqual([
      `invalid hostname in metadata.annotations["${P}hostnames"]: \`${"v".repeat(80)}… (100012 characters)\`: label \`${"v".repeat(80)}… (100000 characters)\` is 100000 characters; at most 63 are allowed`,
      `Expected \`${P}weight\` to be an integer from 0 to 255, got \`${"v".repeat(80)}… (100000 characters)\``,
    ]);
  });

  it("keeps the target annotation in routing and the discovered addresses as targets", () => {
    const gw = gateway({ annotations: { [`${P}target`]: "203.0.113.9, 203.0.113.8" } }, [
      listener("a", "a.example.com"),
    ]);
    const [e] = endpointsFromObjects([gw]).endpoints;
    expect(e?.targets).toEqual(["192.0.2.10"]);
    expect(e?.routing.targets).toEqual(["203.0.113.8", "203.0.113.9"]);
  });

  it("merges one route's hostname reached through two Gateways into one endpoint", () => {
    const all = { allowedRoutes: { namespaces: { from: "All" } } };
    const out = endpointsFromObjects([
      gateway({ name: "v4" }, [listener("a", undefined, all)], [{ value: "192.0.2.2" }]),
      gateway({ name: "v6" }, [listener("a", undefined, all)], [{ value: "2001:db8::2" }]),
      httpRoute({}, ["a.example.com"], [{ name: "v6" }, { name: "v4" }, { name: "v4" }]),
    ]);
    expect(lines(out)).toEqual([
      "gateway.networking.k8s.io/HTTPRoute default/route a.example.com. -> 192.0.2.2,2001:db8::2",
    ]);
  });

  it("skips the whole object on bad annotations, one entry per problem naming key and value", () => {
    const gw = gateway(
      { annotations: { [`${P}weight`]: "heavy", [`${P}routing-policy`]: "latency", [`${P}colour`]: "red" } },
      [listener("a", "a.example.com")],
    );
    const out = endpointsFromObjects([gw]);
    expect(out.endpoints).toEqual([]);
    expect(out.skipped.map((s) => msg(s))).toEqual([
      "Expected `route53-gslb.io/weight` to be an integer from 0 to 255, got `heavy`",
      "Unknown annotation `route53-gslb.io/colour` (value `red`); expected one of `hostnames`, `routing-policy`, `set-identifier`, `weight`, `region`, `failover`, `geolocation`, `geoproximity`, `geoproximity-bias`, `hosted-zone-id`, `ttl`, `target`, `evaluate-target-health`, `health-check`, `health-check-protocol`, `health-check-port`, `health-check-path`, `health-check-host`, `health-check-search-string`, `health-check-interval`, `health-check-failure-threshold`, `health-check-regions`, `enabled` under `route53-gslb.io/`",
    ]);
  });

  it("reports an opted-out object", () => {
    const gw = gateway({ annotations: { [`${P}enabled`]: "false" } }, [listener("a", "a.example.com")]);
    expect(endpointsFromObjects([gw]).skipped).toEqual([
      {
        source: expect.objectContaining({ name: "gw" }),
        problem: { kind: "opted-out", key: "route53-gslb.io/enabled" },
      },
    ]);
  });

  it("reads unquoted YAML scalars in annotations as the text written, and ignores non-objects", () => {
    const gw = gateway({}, [listener("a", "a.example.com")]);
    (gw.metadata as unknown as Record<string, unknown>).annotations = {
      [`${P}weight`]: 7,
      [`${P}enabled`]: true,
    };
    const out = endpointsFromObjects([
      gw,
      null,
      42,
      "x",
      { kind: "Gateway" },
      { apiVersion: "v1", kind: "Service", metadata: {} },
    ]);
    expect(out.endpoints.map((e) => e.routing)).toEqual([
      { policy: "weighted", weight: 7, healthCheckSettings: {} },
    ]);
  });

  it("survives malformed specs and statuses", () => {
    const weird = [
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "a" },
        spec: "x",
        status: [],
      },
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "b" },
        spec: { listeners: [null, { hostname: 5 }] },
      },
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: "r" },
        spec: { parentRefs: [null, 3, { name: "a" }], hostnames: [1, "a.example.com"] },
      },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: { name: "i" },
        spec: { servers: [{ hosts: "x" }, null] },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "s", annotations: { [`${P}hostnames`]: "s.example.com" } },
        spec: { type: "LoadBalancer" },
        status: { loadBalancer: { ingress: [{ ip: "not-an-ip!" }, {}] } },
      },
    ];
    const out = endpointsFromObjects(weird);
    expect(out.endpoints).toEqual([]);
    // Fields of the wrong type make an object unreadable: reported, and its records held (not dropped).
    expect(out.skipped.map((s) => `${s.source.name}: ${msg(s)}`)).toEqual([
      "s: no address in status.loadBalancer.ingress yet",
      "b: `spec.listeners[1].hostname` is 5; expected a hostname (the object's records are kept until it is fixed)",
      'r: `spec.hostnames` is [1,"a.example.com"]; expected a list of strings (the object\'s records are kept until it is fixed)',
      'i: `spec.servers[0].hosts` is "x"; expected a list of strings (the object\'s records are kept until it is fixed)',
    ]);
    expect(out.skipped.filter((s) => s.holdsObject).map((s) => s.source.name)).toEqual(["b", "r", "i"]);
  });
});
