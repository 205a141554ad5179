// The watchers against a real kube-apiserver with the Gateway API, Tetrate and DNSEndpoint CRDs installed
// (test/setup/kube-global-setup.ts provides `inject("kubeconfig")`). The test sets Gateway status
// itself: no controller-manager or gateway controller runs.

import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1CustomResourceDefinition,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { endpointsFromObjects } from "../../../src/sources/source.js";
import { createKubeObjectStore } from "../../../src/sources/watchers/kube-watchers.js";
import type { ObjectStore, WatchStatus } from "../../../src/sources/watchers/object-store.js";

// What the store held, added to a timeout message: the state a failed wait was looking at.
let diagnostics = () => "";
const GW = { group: "gateway.networking.k8s.io", version: "v1", plural: "gateways" };
const TSB = { group: "gateway.tsb.tetrate.io", version: "v2", plural: "gateways" };
const TSB_CRD = "gateways.gateway.tsb.tetrate.io";
const ISTIO_CRD = "gateways.networking.istio.io";
const TLS_ROUTE_CRD = "tlsroutes.gateway.networking.k8s.io";
const DNSENDPOINT_CRD = "dnsendpoints.externaldns.k8s.io";

async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${diagnostics()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const statusOf = (store: ObjectStore, group: string, kind = "Gateway"): WatchStatus | undefined =>
  store.status().find((s) => s.kind === kind && s.group === group);

/** A CRD as it can be created again: no server-set metadata, no status. */
function recreatable(crd: V1CustomResourceDefinition): V1CustomResourceDefinition {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: crd.metadata?.name,
      labels: crd.metadata?.labels,
      annotations: crd.metadata?.annotations,
    },
    spec: crd.spec,
  };
}

describe("kube watchers on a real kube-apiserver", () => {
  const kc = new KubeConfig();
  kc.loadFromFile(inject("kubeconfig"));
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const crds = kc.makeApiClient(ApiextensionsV1Api);
  const namespace = `watchers-${process.pid}-${Date.now().toString(36)}`;
  let tetrateCrd: V1CustomResourceDefinition | undefined;
  let store: ObjectStore | undefined;
  const logs: string[] = [];

  async function tetrateServed(): Promise<boolean> {
    try {
      const list = await custom.getAPIResources({ group: TSB.group, version: TSB.version });
      return list.resources.some((r) => r.name === TSB.plural);
    } catch {
      return false;
    }
  }

  async function installTetrateCrd(): Promise<void> {
    if (!tetrateCrd || (await tetrateServed())) return;
    await crds.createCustomResourceDefinition({ body: recreatable(tetrateCrd) });
    await until("Tetrate CRD served", tetrateServed);
  }

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    // The Tetrate CRD is missing when the store starts: keep its definition to install it again.
    tetrateCrd = await crds.readCustomResourceDefinition({ name: TSB_CRD });
    await crds.deleteCustomResourceDefinition({ name: TSB_CRD });
    await until("Tetrate CRD gone", async () => !(await tetrateServed()));
  });

  afterAll(async () => {
    await store?.stop();
    // Leave the apiserver as the harness set it up, whatever failed above.
    await installTetrateCrd();
    await core.deleteNamespace({ name: namespace }).catch(() => {});
  });

  it("syncs, reports the missing CRD once, follows a Gateway, and picks up the CRD when installed", async () => {
    store = createKubeObjectStore(
      kc,
      {
        sources: ["gateway-api", "tetrate-gateway"],
        namespace,
        relistIntervalMs: 2_000,
        crdPollIntervalMs: 300,
        restartBackoff: { baseMs: 100, maxMs: 1_000 },
      },
      { log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields)}`) },
    );
    let changes = 0;
    store.onChange(() => changes++);
    await store.start();
    const s = store;
    diagnostics = () => JSON.stringify({ status: s.status(), objects: s.objects(), logs }, null, 1);

    await until("synced", () => s.synced());
    expect(statusOf(s, GW.group)).toMatchObject({
      state: "synced",
      apiVersion: "gateway.networking.k8s.io/v1",
    });
    expect(statusOf(s, TSB.group)).toMatchObject({ state: "missing-crd", restarts: 0 });
    expect(statusOf(s, "", "Namespace")).toMatchObject({ state: "synced", objects: 1 });

    // A Gateway with a hostname listener and an address in its status.
    await custom.createNamespacedCustomObject({
      ...GW,
      namespace,
      body: {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "web", namespace },
        spec: {
          gatewayClassName: "test",
          listeners: [{ name: "http", port: 80, protocol: "HTTP", hostname: "web.example.com" }],
        },
      },
    });
    const created = (await custom.getNamespacedCustomObject({ ...GW, namespace, name: "web" })) as {
      status?: Record<string, unknown>;
    };
    const before = changes;
    await custom.replaceNamespacedCustomObjectStatus({
      ...GW,
      namespace,
      name: "web",
      body: {
        ...created,
        status: { ...created.status, addresses: [{ type: "IPAddress", value: "192.0.2.10" }] },
      },
    });
    const published = await until("the Gateway's endpoint", () => {
      const out = endpointsFromObjects(s.objects(), { sources: ["gateway-api"] });
      return out.endpoints.find((e) => e.hostname === "web.example.com.");
    });
    expect(published.targets).toEqual(["192.0.2.10"]);
    expect(changes).toBeGreaterThan(before);
    // Same shape as a manifest: plain objects, no managedFields.
    const gateway = s.objects().find((o) => o.kind === "Gateway");
    expect(Object.getPrototypeOf(gateway)).toBe(Object.prototype);
    expect(gateway?.metadata).not.toHaveProperty("managedFields");

    await custom.deleteNamespacedCustomObject({ ...GW, namespace, name: "web" });
    await until("the Gateway gone", () => !s.objects().some((o) => o.kind === "Gateway"));

    // The CRD arrives: the next poll finds it, lists and watches.
    await installTetrateCrd();
    await until("Tetrate Gateways synced", () => statusOf(s, TSB.group)?.state === "synced");
    expect(statusOf(s, TSB.group)?.apiVersion).toBe("gateway.tsb.tetrate.io/v2");
    await custom.createNamespacedCustomObject({
      ...TSB,
      namespace,
      body: {
        apiVersion: "gateway.tsb.tetrate.io/v2",
        kind: "Gateway",
        metadata: { name: "tsb", namespace },
        spec: {
          workloadSelector: { namespace, labels: { app: "gw" } },
          http: [{ name: "web", port: 80, hostname: "tsb.example.com" }],
        },
      },
    });
    await until("the Tetrate Gateway", () =>
      s.objects().some((o) => o.apiVersion === "gateway.tsb.tetrate.io/v2"),
    );

    // Reported once, however many polls it took.
    expect(logs.filter((l) => l.includes("CRD not installed") && l.includes(TSB.group))).toHaveLength(1);
    // A CRD just installed can answer 429 for a moment (seen here): that kind may have restarted.
    // So may any kind: the apiserver starts a CRD's watch cache on its first request and answers
    // 429 until the cache is ready (seen for GRPCRoutes on a busy machine). A restart for any other
    // reason would be ours.
    const failures = logs.filter((l) => l.includes("watch failed") && !l.includes(TSB.group));
    expect(
      failures.filter((l) => !/\b429\b/.test(l)),
      diagnostics(),
    ).toEqual([]);

    // The CRD deleted under a synced watch: its objects no longer exist, so they are dropped
    // (the controller's --max-deletions guard holds back what that would delete).
    await crds.deleteCustomResourceDefinition({ name: TSB_CRD });
    await until("Tetrate Gateways missing", () => statusOf(s, TSB.group)?.state === "missing-crd");
    expect(s.objects().some((o) => o.apiVersion.startsWith(TSB.group))).toBe(false);
    expect(s.synced()).toBe(true);
    await until("Tetrate CRD gone", async () => !(await tetrateServed()));
    await installTetrateCrd();
    await until("Tetrate Gateways synced again", () => statusOf(s, TSB.group)?.state === "synced");
    await s.stop();
  });

  it("keeps the last known objects while the API server does not answer, then recovers", async () => {
    const pid = inject("kubeApiserverPid");
    await custom.createNamespacedCustomObject({
      ...GW,
      namespace,
      body: {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "kept", namespace },
        spec: { gatewayClassName: "test", listeners: [{ name: "http", port: 80, protocol: "HTTP" }] },
      },
    });
    const s = createKubeObjectStore(kc, {
      sources: ["gateway-api"],
      namespace,
      relistIntervalMs: 500,
      requestTimeoutMs: 500,
      restartBackoff: { baseMs: 100, maxMs: 400 },
    });
    store = s;
    diagnostics = () => JSON.stringify({ status: s.status(), objects: s.objects() }, null, 1);
    await s.start();
    await until("the Gateway", () => s.objects().some((o) => o.metadata.name === "kept"));
    // Every kind (HTTPRoutes and Namespaces too) must have listed once before the outage: on a busy
    // machine the Gateway can arrive before the others have, and they could not list while stopped.
    await until("every kind synced", () => s.synced());
    process.kill(pid, "SIGSTOP");
    try {
      // The next re-list's first page times out: the kind is in error, its objects are still there.
      await until("the watch failing", () => statusOf(s, GW.group)?.state === "error");
      // Not a fixed sleep: two more failed restarts (each a timed-out list) kept the objects too.
      const failed = statusOf(s, GW.group)?.restarts ?? 0;
      await until("two more failed restarts", () => (statusOf(s, GW.group)?.restarts ?? 0) >= failed + 2);
      expect(s.objects().some((o) => o.metadata.name === "kept")).toBe(true);
      expect(s.synced()).toBe(true);
      expect(statusOf(s, GW.group)?.lastError).toContain("timed out");
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await until("recovered", () => statusOf(s, GW.group)?.state === "synced");
    expect(statusOf(s, GW.group)?.restarts).toBeGreaterThan(0);
    expect(s.objects().some((o) => o.metadata.name === "kept")).toBe(true);
    await s.stop();
  });

  it("notices a watch the API server no longer answers, without waiting for a re-list", async () => {
    const pid = inject("kubeApiserverPid");
    const s = createKubeObjectStore(kc, {
      sources: ["gateway-api"],
      namespace,
      // No re-list comes in this test: only the watch's own deadline (its 1–2 s timeout + 10 s) can
      // notice the stopped API server.
      relistIntervalMs: 600_000,
      watchTimeoutSeconds: 1,
      requestTimeoutMs: 500,
      restartBackoff: { baseMs: 100, maxMs: 400 },
    });
    store = s;
    diagnostics = () => JSON.stringify({ status: s.status(), objects: s.objects() }, null, 1);
    await s.start();
    await until("every kind synced", () => s.synced());
    await until("the Gateway watch resumed once", () => (statusOf(s, GW.group)?.resumes ?? 0) >= 1);
    process.kill(pid, "SIGSTOP");
    try {
      // The open watch is past its deadline and replaced; the replacement is never answered (or,
      // if the first had ended in time, that one): the kind fails and keeps its objects.
      await until("the watch failing", () => statusOf(s, GW.group)?.state === "error", 60_000);
      expect(statusOf(s, GW.group)?.lastError).toMatch(/^watch: watch request not answered within \d+ ms$/);
      expect(s.synced()).toBe(true);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await until("recovered", () => statusOf(s, GW.group)?.state === "synced");
    await s.stop();
  });

  it("filters publishing objects by annotation and keeps filtered Services as bare targets", async () => {
    const lb = (name: string, annotations: Record<string, string>) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace, annotations },
      spec: { type: "LoadBalancer", selector: { istio: name }, ports: [{ port: 443 }] },
    });
    await core.createNamespacedService({
      namespace,
      body: lb("published", {
        "route53-gslb.io/publish": "true",
        "route53-gslb.io/hostnames": "a.example.com",
      }),
    });
    await core.createNamespacedService({
      namespace,
      body: lb("target", { "route53-gslb.io/hostnames": "b.example.com" }),
    });
    const s = createKubeObjectStore(kc, {
      sources: ["service", "istio-gateway"],
      namespace,
      annotationFilter: "route53-gslb.io/publish=true",
    });
    store = s;
    diagnostics = () => JSON.stringify({ status: s.status(), objects: s.objects() }, null, 1);
    await s.start();
    await until("synced", () => s.synced());
    const services = s.objects().filter((o) => o.kind === "Service");
    expect(services.map((o) => [o.metadata.name, Object.keys(o.metadata.annotations ?? {}).length])).toEqual([
      ["published", 2],
      ["target", 0],
    ]);
    // Listed Services carry apiVersion and kind although the API server leaves them out of lists.
    expect(services.every((o) => o.apiVersion === "v1")).toBe(true);
    await s.stop();
  });

  it("resumes a watch the API server ends, from the last version, without a list or a restart", async () => {
    const s = createKubeObjectStore(kc, {
      sources: ["service"],
      namespace,
      // The API server ends each watch after 1–2 s; a re-list never comes in this test.
      watchTimeoutSeconds: 1,
      relistIntervalMs: 600_000,
    });
    store = s;
    diagnostics = () => JSON.stringify({ status: s.status(), objects: s.objects() }, null, 1);
    await s.start();
    await until("synced", () => s.synced());
    await until("two resumed watches", () => (statusOf(s, "", "Service")?.resumes ?? 0) >= 2);
    await core.createNamespacedService({
      namespace,
      body: {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
          name: "after-resume",
          namespace,
          annotations: { "route53-gslb.io/hostnames": "r.example.com" },
        },
        spec: { type: "LoadBalancer", ports: [{ port: 443 }] },
      },
    });
    await until("the Service created after the resumes", () =>
      s.objects().some((o) => o.metadata.name === "after-resume"),
    );
    expect(statusOf(s, "", "Service")).toMatchObject({ state: "synced", restarts: 0 });
    await s.stop();
  });

  it("watches Istio Gateways under v1beta1 when the CRD does not serve v1 (Istio before 1.22)", async () => {
    // The peer's Istio CRD serves v1, v1alpha3 and v1beta1 (the storage version). Stop serving v1,
    // as an older Istio installation does, and put it back whatever happens.
    const setV1Served = async (served: boolean) => {
      const crd = await crds.readCustomResourceDefinition({ name: ISTIO_CRD });
      for (const v of crd.spec.versions) if (v.name === "v1") v.served = served;
      await crds.replaceCustomResourceDefinition({ name: ISTIO_CRD, body: crd });
      await until(`Istio v1 ${served ? "served" : "not served"}`, async () => {
        try {
          const list = await custom.getAPIResources({ group: "networking.istio.io", version: "v1" });
          return list.resources.some((r) => r.name === "gateways") === served;
        } catch {
          return !served;
        }
      });
    };
    await setV1Served(false);
    try {
      await custom.createNamespacedCustomObject({
        group: "networking.istio.io",
        version: "v1beta1",
        plural: "gateways",
        namespace,
        body: {
          apiVersion: "networking.istio.io/v1beta1",
          kind: "Gateway",
          metadata: { name: "old-istio", namespace },
          spec: {
            selector: { istio: "ingress" },
            servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["old.example.com"] }],
          },
        },
      });
      const s = createKubeObjectStore(kc, { sources: ["istio-gateway"], namespace });
      store = s;
      diagnostics = () => JSON.stringify({ status: s.status(), objects: s.objects() }, null, 1);
      await s.start();
      await until("synced", () => s.synced());
      expect(statusOf(s, "networking.istio.io")).toMatchObject({
        state: "synced",
        apiVersion: "networking.istio.io/v1beta1",
      });
      const gateway = s.objects().find((o) => o.metadata.name === "old-istio");
      expect(gateway?.apiVersion).toBe("networking.istio.io/v1beta1");
      expect((gateway?.spec as { servers?: { hosts: string[] }[] } | undefined)?.servers?.[0]?.hosts).toEqual(
        ["old.example.com"],
      );
      await s.stop();
    } finally {
      await setV1Served(true);
    }
  });

  describe("Ingress, DNSEndpoint and every Gateway API route kind", () => {
    /** The definitions of the CRDs a test deletes, to install them again whatever happens. */
    const removed = new Map<string, V1CustomResourceDefinition>();
    const served = async (group: string, version: string, plural: string): Promise<boolean> => {
      try {
        const list = await custom.getAPIResources({ group, version });
        return list.resources.some((r) => r.name === plural);
      } catch {
        return false;
      }
    };
    const crdServed = async (name: string): Promise<boolean> => {
      const [plural = "", ...group] = name.split(".");
      const crd = removed.get(name) ?? (await crds.readCustomResourceDefinition({ name }));
      const version = crd.spec.versions.find((v) => v.served)?.name ?? "";
      return served(group.join("."), version, plural);
    };
    async function removeCrd(name: string): Promise<void> {
      removed.set(name, await crds.readCustomResourceDefinition({ name }));
      await crds.deleteCustomResourceDefinition({ name });
      await until(`${name} gone`, async () => !(await crdServed(name)));
    }
    async function restoreCrd(name: string): Promise<void> {
      const crd = removed.get(name);
      if (!crd) return;
      if (!(await crdServed(name))) {
        await crds.createCustomResourceDefinition({ body: recreatable(crd) }).catch(() => {});
        await until(`${name} served`, () => crdServed(name));
      }
      removed.delete(name);
    }
    beforeAll(async () => {
      await custom.createNamespacedCustomObject({ ...GW, namespace, body: gateway });
      await custom.patchNamespacedCustomObjectStatus(
        {
          ...GW,
          namespace,
          name: "routes",
          body: { status: { addresses: [{ type: "IPAddress", value: "192.0.2.20" }] } },
        },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );
    });
    afterAll(async () => {
      for (const name of [...removed.keys()]) await restoreCrd(name);
    });

    const gateway = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "routes" },
      spec: {
        gatewayClassName: "test",
        listeners: [
          { name: "http", port: 80, protocol: "HTTP", hostname: "*.apps.example.com" },
          {
            name: "tls",
            port: 443,
            protocol: "TLS",
            hostname: "*.tls.example.com",
            tls: { mode: "Passthrough" },
          },
          { name: "tcp", port: 5432, protocol: "TCP" },
        ],
      },
    };
    const route = (
      kind: string,
      version: string,
      name: string,
      spec: Record<string, unknown>,
      annotations = {},
    ) => ({
      apiVersion: `gateway.networking.k8s.io/${version}`,
      kind,
      metadata: { name, annotations },
      spec: { parentRefs: [{ name: "routes" }], ...spec },
    });
    const rule = (host: string) => ({
      host,
      http: {
        paths: [
          { path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } },
        ],
      },
    });
    /** What the store's objects publish, the Gateway's own listener names left out. */
    const published = (s: ObjectStore) =>
      endpointsFromObjects(s.objects(), { sources: ["gateway-api", "ingress", "dnsendpoint"] })
        .endpoints.filter((e) => e.source.kind !== "Gateway")
        .map((e) => `${e.source.kind} ${e.hostname} ${e.targets.join(",")}`);

    it("watches them all; a missing TLSRoute or DNSEndpoint CRD is reported while the rest syncs, then picked up", async () => {
      await removeCrd(TLS_ROUTE_CRD);
      await removeCrd(DNSENDPOINT_CRD);
      const ownLogs: string[] = [];
      const networking = kc.makeApiClient(NetworkingV1Api);
      const s = createKubeObjectStore(
        kc,
        {
          sources: ["gateway-api", "ingress", "dnsendpoint"],
          namespace,
          crdPollIntervalMs: 300,
          restartBackoff: { baseMs: 100, maxMs: 1_000 },
        },
        // Its own log: a store an earlier test left running (it failed) must not add lines here.
        { log: (level, msg, fields) => ownLogs.push(`${level} ${msg} ${JSON.stringify(fields)}`) },
      );
      store = s;
      diagnostics = () => JSON.stringify({ status: s.status(), objects: s.objects(), ownLogs }, null, 1);
      await s.start();
      await until("synced", () => s.synced());
      const state = (kind: string) => {
        const st = s.status().find((x) => x.kind === kind);
        return `${st?.state} ${st?.apiVersion ?? "-"}`;
      };
      expect(["GRPCRoute", "TCPRoute", "TLSRoute", "Ingress", "DNSEndpoint"].map(state)).toEqual([
        "synced gateway.networking.k8s.io/v1",
        "synced gateway.networking.k8s.io/v1",
        "missing-crd -",
        "synced networking.k8s.io/v1",
        "missing-crd -",
      ]);

      await custom.createNamespacedCustomObject({
        ...GW,
        plural: "grpcroutes",
        namespace,
        body: route("GRPCRoute", "v1", "grpc", { hostnames: ["grpc.apps.example.com"] }),
      });
      await custom.createNamespacedCustomObject({
        ...GW,
        plural: "tcproutes",
        namespace,
        body: route(
          "TCPRoute",
          "v1",
          "pg",
          {
            parentRefs: [{ name: "routes", sectionName: "tcp" }],
            rules: [{ backendRefs: [{ name: "pg", port: 5432 }] }],
          },
          { "external-dns.alpha.kubernetes.io/hostname": "pg.example.org" },
        ),
      });
      await networking.createNamespacedIngress({
        namespace,
        body: {
          metadata: { name: "web" },
          spec: { rules: [rule("web.example.com")], tls: [{ hosts: ["tls-web.example.com"] }] },
        },
      });
      await networking.patchNamespacedIngressStatus(
        {
          namespace,
          name: "web",
          body: { status: { loadBalancer: { ingress: [{ hostname: "lb.example.net" }] } } },
        },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );
      await until("the routes and the Ingress published", () => published(s).length === 4);
      expect(published(s).sort()).toEqual([
        "GRPCRoute grpc.apps.example.com. 192.0.2.20",
        "Ingress tls-web.example.com. lb.example.net",
        "Ingress web.example.com. lb.example.net",
        "TCPRoute pg.example.org. 192.0.2.20",
      ]);

      // The CRDs arrive: each is found by its next poll, listed and watched.
      await restoreCrd(TLS_ROUTE_CRD);
      await restoreCrd(DNSENDPOINT_CRD);
      await until(
        "TLSRoutes and DNSEndpoints synced",
        () => state("TLSRoute").startsWith("synced") && state("DNSEndpoint").startsWith("synced"),
      );
      expect([state("TLSRoute"), state("DNSEndpoint")]).toEqual([
        "synced gateway.networking.k8s.io/v1",
        "synced externaldns.k8s.io/v1alpha1",
      ]);
      await custom.createNamespacedCustomObject({
        ...GW,
        plural: "tlsroutes",
        namespace,
        body: route("TLSRoute", "v1", "db", {
          hostnames: ["db.tls.example.com"],
          rules: [{ backendRefs: [{ name: "db", port: 443 }] }],
        }),
      });
      await custom.createNamespacedCustomObject({
        group: "externaldns.k8s.io",
        version: "v1alpha1",
        plural: "dnsendpoints",
        namespace,
        body: {
          apiVersion: "externaldns.k8s.io/v1alpha1",
          kind: "DNSEndpoint",
          metadata: { name: "records" },
          spec: {
            endpoints: [
              {
                dnsName: "crd.example.com",
                recordType: "A",
                targets: ["192.0.2.30"],
                setIdentifier: "eu",
                providerSpecific: [{ name: "aws/weight", value: "7" }],
              },
            ],
          },
        },
      });
      await until("the TLSRoute and the DNSEndpoint published", () => published(s).length === 6);
      const out = endpointsFromObjects(s.objects(), { sources: ["dnsendpoint"] });
      expect(out.endpoints.map((e) => [e.hostname, e.targets, e.routing])).toEqual([
        [
          "crd.example.com.",
          ["192.0.2.30"],
          { policy: "weighted", weight: 7, setIdentifier: "eu", healthCheckSettings: {} },
        ],
      ]);
      expect(published(s)).toContain("TLSRoute db.tls.example.com. 192.0.2.20");
      // Each missing kind reported once, however many polls it took.
      for (const kind of ["TLSRoute.gateway.networking.k8s.io", "DNSEndpoint.externaldns.k8s.io"]) {
        expect(ownLogs.filter((l) => l.includes("CRD not installed") && l.includes(kind))).toHaveLength(1);
      }
      await s.stop();
    });

    it("watches TLSRoutes under v1alpha2 when the CRD does not serve v1 (Gateway API before 1.5)", async () => {
      // The peer's TLSRoute CRD (v1.7.0) serves only v1: serve v1alpha2 alone instead, as an older
      // installation does, and put it back whatever happens.
      const setServed = async (names: string[]) => {
        const crd = await crds.readCustomResourceDefinition({ name: TLS_ROUTE_CRD });
        for (const v of crd.spec.versions) v.served = names.includes(v.name);
        await crds.replaceCustomResourceDefinition({ name: TLS_ROUTE_CRD, body: crd });
        await until(`TLSRoute serving ${names}`, async () => {
          const v1 = await served(GW.group, "v1", "tlsroutes");
          const alpha = await served(GW.group, "v1alpha2", "tlsroutes");
          return v1 === names.includes("v1") && alpha === names.includes("v1alpha2");
        });
      };
      await setServed(["v1alpha2"]);
      try {
        await custom.createNamespacedCustomObject({
          ...GW,
          version: "v1alpha2",
          plural: "tlsroutes",
          namespace,
          body: route("TLSRoute", "v1alpha2", "old", {
            hostnames: ["old.tls.example.com"],
            rules: [{ backendRefs: [{ name: "db", port: 443 }] }],
          }),
        });
        const s = createKubeObjectStore(kc, { sources: ["gateway-api"], namespace });
        store = s;
        diagnostics = () => JSON.stringify({ status: s.status(), objects: s.objects() }, null, 1);
        await s.start();
        await until("synced", () => s.synced());
        expect(s.status().find((x) => x.kind === "TLSRoute")).toMatchObject({
          state: "synced",
          apiVersion: "gateway.networking.k8s.io/v1alpha2",
        });
        await until("the v1alpha2 TLSRoute published", () =>
          published(s).includes("TLSRoute old.tls.example.com. 192.0.2.20"),
        );
        await s.stop();
      } finally {
        await setServed(["v1"]);
      }
    });
  });
});
