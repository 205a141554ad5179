// `helm install`, `helm upgrade` and `helm uninstall` of the chart against the real kube-apiserver
// test peer, with the prometheus-operator CRDs (ServiceMonitor, PrometheusRule) installed so that
// every optional object is accepted or refused by the API server itself. The peer runs no kubelet
// or scheduler, so no pod starts: these tests check what the API server stores; the controller
// itself runs from the rendered container in helm-controller.test.ts.

import { randomBytes } from "node:crypto";
import { KubeConfig } from "@kubernetes/client-node";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { applyCrds, type KubeConnection, kubeRequest, readCrds } from "../../../scripts/peers/kube.mjs";
import { monitoringCrdFiles } from "../../../scripts/peers/monitoring-crds.mjs";
import {
  ciValues,
  type Deployment,
  helm,
  helmBinary,
  installArgs,
  type K8sObject,
  only,
  parseObjects,
  type RenderOptions,
} from "./chart.js";

let conn: KubeConnection;
let kubeconfig: string;

beforeAll(async () => {
  await helmBinary();
  kubeconfig = inject("kubeconfig");
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const cluster = kc.getCurrentCluster();
  const token = kc.getCurrentUser()?.token;
  if (!cluster || !token || !cluster.caData) throw new Error(`unexpected test kubeconfig ${kubeconfig}`);
  conn = { server: cluster.server, token, ca: Buffer.from(cluster.caData, "base64") };
  await applyCrds(
    conn,
    monitoringCrdFiles().flatMap((f) => readCrds(f)),
  );
}, 20 * 60_000);

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString("hex")}`;

async function install(o: RenderOptions & { release: string; namespace: string }): Promise<string> {
  return helm(["install", ...installArgs(o), "--create-namespace", "--kubeconfig", kubeconfig]);
}

/** What the release holds, as helm rendered it. */
async function manifest(release: string, namespace: string): Promise<K8sObject[]> {
  return parseObjects(
    await helm(["get", "manifest", release, "--namespace", namespace, "--kubeconfig", kubeconfig]),
  );
}

const PLURALS: Record<string, string> = {
  ServiceAccount: "serviceaccounts",
  Service: "services",
  Namespace: "namespaces",
  ClusterRole: "clusterroles",
  ClusterRoleBinding: "clusterrolebindings",
  Role: "roles",
  RoleBinding: "rolebindings",
  Deployment: "deployments",
  PodDisruptionBudget: "poddisruptionbudgets",
  NetworkPolicy: "networkpolicies",
  ServiceMonitor: "servicemonitors",
  PrometheusRule: "prometheusrules",
};

/** The object as the API server stores it (plain JSON, field names as on the wire), or undefined. */
async function stored(obj: K8sObject): Promise<Record<string, unknown> | undefined> {
  const plural = PLURALS[obj.kind];
  if (!plural) throw new Error(`no plural known for ${obj.kind}`);
  const base = obj.apiVersion === "v1" ? "/api/v1" : `/apis/${obj.apiVersion}`;
  const ns = obj.metadata.namespace ? `/namespaces/${obj.metadata.namespace}` : "";
  const r = await kubeRequest(conn, "GET", `${base}${ns}/${plural}/${obj.metadata.name}`);
  if (r.status === 404) return undefined;
  if (r.status !== 200)
    throw new Error(`GET ${obj.kind}/${obj.metadata.name}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, unknown>;
}

/** Fields a structural CRD schema prunes silently are missing from what the API server stores. */
function contentOf(obj: K8sObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata: _m, ...content } = obj;
  return content;
}

describe("helm install into the kube-apiserver peer", () => {
  it("creates every object of the release with every optional one on, stored as rendered (nothing pruned)", async () => {
    const release = unique("mon");
    const namespace = unique("gslb");
    const out = await install({ release, namespace, values: [ciValues("monitoring")] });
    // NOTES.txt: how to check that it works.
    expect(out).toContain(`kubectl -n ${namespace} rollout status deployment/${release}-route53-gslb`);
    expect(out).toContain("route53-gslb status --zone-id Z0123456789ABCDEFGHIJ");
    expect(out).toContain("curl -s localhost:7979/metrics");

    const rendered = await manifest(release, namespace);
    expect(rendered.map((o) => o.kind).sort()).toEqual([
      "ClusterRole",
      "ClusterRoleBinding",
      "Deployment",
      "NetworkPolicy",
      "PodDisruptionBudget",
      "PrometheusRule",
      "Role",
      "RoleBinding",
      "Service",
      "ServiceAccount",
      "ServiceMonitor",
    ]);
    for (const obj of rendered) {
      const got = await stored(obj);
      expect(got, `${obj.kind}/${obj.metadata.name}`).toBeDefined();
      expect(got).toMatchObject({ metadata: { labels: { "app.kubernetes.io/instance": release } } });
      expect(got, `${obj.kind}/${obj.metadata.name} as stored`).toMatchObject(contentOf(obj));
    }
    const status = JSON.parse(
      await helm([
        "status",
        release,
        "--namespace",
        namespace,
        "--output",
        "json",
        "--kubeconfig",
        kubeconfig,
      ]),
    ) as { info: { status: string } };
    expect(status.info.status).toBe("deployed");
  });

  it("upgrades in place (the same objects, new settings) and uninstalls everything, cluster-scoped RBAC too", async () => {
    const release = unique("up");
    const namespace = unique("gslb");
    await install({ release, namespace, values: [ciValues("irsa")] });
    const first = await manifest(release, namespace);

    await helm([
      "upgrade",
      release,
      ...installArgs({ release, namespace, values: [ciValues("irsa")] }).slice(1),
      "--set",
      "replicaCount=3",
      "--set",
      "interval=30s",
      "--kubeconfig",
      kubeconfig,
    ]);
    const deployment = await stored(only(first, "Deployment"));
    const spec = (deployment as unknown as Deployment).spec;
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.containers[0]?.env).toContainEqual({
      name: "ROUTE53_GSLB_INTERVAL",
      value: "30s",
    });
    const second = await manifest(release, namespace);
    expect(second.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      first.map((o) => `${o.kind}/${o.metadata.name}`).sort(),
    );

    await helm(["uninstall", release, "--namespace", namespace, "--kubeconfig", kubeconfig]);
    for (const obj of first) {
      expect(await stored(obj), `${obj.kind}/${obj.metadata.name} after uninstall`).toBeUndefined();
    }
  });

  it("namespace-scoped: the Role and RoleBinding land in the watched namespace", async () => {
    const release = unique("ns");
    const namespace = unique("gslb");
    const watched = unique("apps");
    const created = await kubeRequest(conn, "POST", "/api/v1/namespaces", { metadata: { name: watched } });
    expect(created.status).toBe(201);
    await install({ release, namespace, values: [ciValues("namespaced")], set: { watchNamespace: watched } });
    const rendered = await manifest(release, namespace);
    const role = only(rendered, "Role", `${release}-route53-gslb`);
    expect(role.metadata.namespace).toBe(watched);
    expect(await stored(role)).toBeDefined();
    expect(await stored(only(rendered, "RoleBinding", `${release}-route53-gslb`))).toBeDefined();
    expect(await stored(only(rendered, "ClusterRole"))).toMatchObject({
      rules: [{ resources: ["namespaces"], resourceNames: [watched] }],
    });
    await helm(["uninstall", release, "--namespace", namespace, "--kubeconfig", kubeconfig]);
  });
});
