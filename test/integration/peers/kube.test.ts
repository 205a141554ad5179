// Proves the Kubernetes test peer (scripts/peers/kube.mjs, started once per run
// by test/setup/kube-global-setup.ts): a real kube-apiserver + etcd with the
// Gateway API, Istio and Tetrate Gateway CRDs installed, reached through
// @kubernetes/client-node the way the controller reaches a cluster — CRUD,
// the status subresource, watches and RBAC.

import {
  ApiException,
  ApiextensionsV1Api,
  AuthenticationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  VersionApi,
  Watch,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const GW = { group: "gateway.networking.k8s.io", version: "v1", plural: "gateways" };
const ISTIO = { group: "networking.istio.io", version: "v1", plural: "gateways" };
const TSB = { group: "gateway.tsb.tetrate.io", version: "v2", plural: "gateways" };

let kc: KubeConfig;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const ns = `kube-peer-${Date.now().toString(36)}`;

type Obj = {
  metadata: { name: string; resourceVersion?: string; uid?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
};

function gatewayApiGateway(name: string): Obj & Record<string, unknown> {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name },
    spec: {
      gatewayClassName: "test",
      listeners: [{ name: "http", protocol: "HTTP", port: 80, hostname: `${name}.example.com` }],
    },
  };
}

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(inject("kubeconfig"));
  core = kc.makeApiClient(CoreV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

afterAll(async () => {
  // No namespace controller runs (apiserver + etcd only): the namespace stays
  // Terminating, harmless in a throw-away apiserver.
  await core?.deleteNamespace({ name: ns }).catch(() => {});
});

describe("kube-apiserver test peer", () => {
  it("is a real kube-apiserver 1.31 with the Gateway API, Istio, Tetrate and DNSEndpoint CRDs Established", async () => {
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version.major).toBe("1");
    expect(version.minor).toBe("31");

    const ext = kc.makeApiClient(ApiextensionsV1Api);
    const crds = await ext.listCustomResourceDefinition();
    const established = new Set(
      crds.items
        .filter((c) => c.status?.conditions?.some((x) => x.type === "Established" && x.status === "True"))
        .map((c) => c.metadata?.name),
    );
    for (const name of [
      "gatewayclasses.gateway.networking.k8s.io",
      "gateways.gateway.networking.k8s.io",
      "httproutes.gateway.networking.k8s.io",
      "grpcroutes.gateway.networking.k8s.io",
      "tlsroutes.gateway.networking.k8s.io",
      "tcproutes.gateway.networking.k8s.io",
      "referencegrants.gateway.networking.k8s.io",
      "gateways.networking.istio.io",
      "virtualservices.networking.istio.io",
      "gateways.gateway.tsb.tetrate.io",
      "dnsendpoints.externaldns.k8s.io",
    ]) {
      expect(established, name).toContain(name);
    }
    // TLSRoute and TCPRoute at their current version (Gateway API v1.7.0's standard channel).
    for (const name of ["tlsroutes.gateway.networking.k8s.io", "tcproutes.gateway.networking.k8s.io"]) {
      const crd = crds.items.find((c) => c.metadata?.name === name);
      expect(crd?.spec.versions.filter((v) => v.served).map((v) => v.name)).toEqual(["v1"]);
    }
    const istio = crds.items.find((c) => c.metadata?.name === "gateways.networking.istio.io");
    expect(istio?.spec.versions.filter((v) => v.served).map((v) => v.name)).toEqual(
      expect.arrayContaining(["v1", "v1beta1"]),
    );
  });

  it("Gateway API Gateway: create, patch the status subresource with an address, list it back", async () => {
    const created = (await custom.createNamespacedCustomObject({
      ...GW,
      namespace: ns,
      body: gatewayApiGateway("web"),
    })) as Obj;
    expect(created.metadata.uid).toBeTruthy();

    const patched = (await custom.patchNamespacedCustomObjectStatus(
      {
        ...GW,
        namespace: ns,
        name: "web",
        body: { status: { addresses: [{ type: "IPAddress", value: "203.0.113.10" }] } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    )) as Obj;
    expect(patched.status?.addresses).toEqual([{ type: "IPAddress", value: "203.0.113.10" }]);

    // status is a subresource: an update of the main resource leaves it alone
    const replaced = (await custom.replaceNamespacedCustomObject({
      ...GW,
      namespace: ns,
      name: "web",
      body: {
        ...gatewayApiGateway("web"),
        metadata: { name: "web", resourceVersion: patched.metadata.resourceVersion },
      },
    })) as Obj;
    expect(replaced.status?.addresses).toEqual([{ type: "IPAddress", value: "203.0.113.10" }]);

    const list = (await custom.listNamespacedCustomObject({ ...GW, namespace: ns })) as { items: Obj[] };
    const web = list.items.find((g) => g.metadata.name === "web");
    expect(web?.status?.addresses).toEqual([{ type: "IPAddress", value: "203.0.113.10" }]);
    expect((web?.spec?.listeners as { hostname: string }[] | undefined)?.[0]?.hostname).toBe(
      "web.example.com",
    );
  });

  it("rejects a Gateway API Gateway the CRD schema forbids (real validation, not a fake)", async () => {
    const bad = gatewayApiGateway("bad");
    (bad.spec as { listeners: unknown[] }).listeners = [];
    const err = await custom.createNamespacedCustomObject({ ...GW, namespace: ns, body: bad }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<unknown>).code).toBe(422);
  });

  it("Istio Gateway (networking.istio.io/v1, also served as v1beta1)", async () => {
    await custom.createNamespacedCustomObject({
      ...ISTIO,
      namespace: ns,
      body: {
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: { name: "istio-gw" },
        spec: {
          selector: { istio: "ingressgateway" },
          servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["shop.example.com"] }],
        },
      },
    });
    const v1beta1 = (await custom.getNamespacedCustomObject({
      ...ISTIO,
      version: "v1beta1",
      namespace: ns,
      name: "istio-gw",
    })) as Obj & { apiVersion: string };
    expect(v1beta1.apiVersion).toBe("networking.istio.io/v1beta1");
    expect((v1beta1.spec?.servers as { hosts: string[] }[] | undefined)?.[0]?.hosts).toEqual([
      "shop.example.com",
    ]);
  });

  it("Tetrate Gateway (gateway.tsb.tetrate.io/v2) keeps the fields our CRD does not model", async () => {
    await custom.createNamespacedCustomObject({
      ...TSB,
      namespace: ns,
      body: {
        apiVersion: "gateway.tsb.tetrate.io/v2",
        kind: "Gateway",
        metadata: { name: "tsb-gw" },
        spec: {
          workloadSelector: { namespace: "ingress", labels: { app: "tsb-gateway" } },
          http: [
            {
              name: "bookinfo",
              port: 8443,
              hostname: "bookinfo.example.com",
              tls: { mode: "SIMPLE", secretName: "bookinfo-certs" },
              routing: { rules: [{ route: { serviceDestination: { host: "bookinfo/productpage" } } }] },
            },
          ],
          tcp: [{ name: "db", port: 5432, hostname: "db.example.com" }],
        },
      },
    });
    const got = (await custom.getNamespacedCustomObject({ ...TSB, namespace: ns, name: "tsb-gw" })) as Obj;
    const http = got.spec?.http as { hostname: string; port: number; tls: unknown; routing: unknown }[];
    expect(http[0]?.hostname).toBe("bookinfo.example.com");
    expect(http[0]?.port).toBe(8443);
    expect(http[0]?.tls).toEqual({ mode: "SIMPLE", secretName: "bookinfo-certs" });
    expect(http[0]?.routing).toEqual({
      rules: [{ route: { serviceDestination: { host: "bookinfo/productpage" } } }],
    });
    expect(got.spec?.workloadSelector).toEqual({ namespace: "ingress", labels: { app: "tsb-gateway" } });
  });

  it("a Watch on Gateways sees ADDED, MODIFIED (status) and DELETED", async () => {
    const seen: string[] = [];
    let resolveDeleted: () => void = () => {};
    const deleted = new Promise<void>((r) => {
      resolveDeleted = r;
    });
    const name = "watched";
    const abort = await new Watch(kc).watch(
      `/apis/${GW.group}/${GW.version}/namespaces/${ns}/${GW.plural}`,
      { allowWatchBookmarks: true },
      (phase: string, obj: Obj) => {
        if (obj?.metadata?.name !== name) return;
        seen.push(phase === "MODIFIED" ? `MODIFIED:${JSON.stringify(obj.status?.addresses ?? null)}` : phase);
        if (phase === "DELETED") resolveDeleted();
      },
      () => {},
    );
    try {
      await custom.createNamespacedCustomObject({ ...GW, namespace: ns, body: gatewayApiGateway(name) });
      await custom.patchNamespacedCustomObjectStatus(
        {
          ...GW,
          namespace: ns,
          name,
          body: { status: { addresses: [{ type: "Hostname", value: "lb.example.net" }] } },
        },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );
      await custom.deleteNamespacedCustomObject({ ...GW, namespace: ns, name });
      await Promise.race([
        deleted,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`no DELETED event; saw ${seen}`)), 20_000),
        ),
      ]);
    } finally {
      abort.abort();
    }
    expect(seen).toEqual(["ADDED", 'MODIFIED:[{"type":"Hostname","value":"lb.example.net"}]', "DELETED"]);
  });

  it("enforces RBAC for ServiceAccount tokens from the TokenRequest API", async () => {
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: "reader" } } });
    const tr = await core.createNamespacedServiceAccountToken({
      namespace: ns,
      name: "reader",
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const token = tr.status?.token;
    expect(token).toBeTruthy();

    const saKc = new KubeConfig();
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error("no cluster in kubeconfig");
    saKc.loadFromOptions({
      clusters: [cluster],
      users: [{ name: "reader", token }],
      contexts: [{ name: "reader", cluster: cluster.name, user: "reader" }],
      currentContext: "reader",
    });
    const review = await saKc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(review.status?.userInfo?.username).toBe(`system:serviceaccount:${ns}:reader`);

    const err = await saKc
      .makeApiClient(CustomObjectsApi)
      .listNamespacedCustomObject({ ...GW, namespace: ns })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<unknown>).code).toBe(403);
  });
});
