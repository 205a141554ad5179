// The Helm chart deploy/helm/route53-gslb, linted and rendered by a real helm (built from the Go
// module proxy by scripts/tools/helm.mjs; a build that fails fails here). What it renders is read
// back with the controller's own option parser, so the values map to flags that exist and the
// chart's defaults are the controller's; the PrometheusRule may only name metrics the controller's
// registry has.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HELM_VERSION } from "../../../scripts/tools/helm.mjs";
import { parseControllerFlags } from "../../../src/cli/controller-options.js";
import { envNameOf } from "../../../src/cli/options/spec.js";
import { OPTIONS } from "../../../src/cli/options/table.js";
import { ControllerMetrics } from "../../../src/controller/metrics.js";
import {
  CHART_DIR,
  ciValues,
  controllerContainer,
  type Deployment,
  helm,
  helmBinary,
  helmFails,
  type K8sObject,
  objectsOf,
  only,
  type PolicyRule,
  REPO,
  render,
  renderFails,
  resolveEnv,
} from "./chart.js";

const POD = { name: "route53-gslb-5d9c7b-x2x4z", namespace: "route53-gslb" };
const CI_FILES = readdirSync(join(CHART_DIR, "ci"))
  .filter((f) => f.endsWith("-values.yaml"))
  .sort();

/** The controller's settings from the rendered container's environment, exactly as it reads them. */
function settingsOf(objs: K8sObject[]) {
  const env = resolveEnv(controllerContainer(objs), POD);
  const read = parseControllerFlags({}, env);
  if (!read.ok) throw new Error(`the controller refuses the rendered env:\n${read.error.join("\n")}`);
  return read.value;
}

const rulesOf = (obj: K8sObject): PolicyRule[] => (obj as K8sObject & { rules: PolicyRule[] }).rules;
const resourcesGranted = (rules: PolicyRule[]) =>
  rules.flatMap((r) => (r.resources ?? []).map((res) => `${r.apiGroups?.[0] ?? ""}/${res}`)).sort();

beforeAll(async () => {
  await helmBinary();
}, 20 * 60_000);

describe("helm lint --strict", () => {
  it("passes with the defaults (and the one required value)", async () => {
    const out = await helm(["lint", "--strict", CHART_DIR, "--set", "clusterName=lint"]);
    expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it.each(CI_FILES)("passes with ci/%s", async (file) => {
    const out = await helm(["lint", "--strict", CHART_DIR, "--values", join(CHART_DIR, "ci", file)]);
    expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it("fails on a value the schema refuses (the lint really checks)", async () => {
    const out = await helmFails([
      "lint",
      "--strict",
      CHART_DIR,
      "--set",
      "clusterName=lint",
      "--set",
      "policy=upsert",
    ]);
    expect(out).toMatch(/\/policy/);
  });
});

describe("required values and the schema", () => {
  it("refuses to render without clusterName, saying what to set", async () => {
    const err = await renderFails();
    expect(err).toContain("clusterName is required: this cluster's unique name");
  });

  it("refuses a misspelt value (additionalProperties false), naming it", async () => {
    const top = await renderFails({ set: { clusterName: "c1", clustername: "c2" } });
    expect(top).toMatch(/additional properties 'clustername' not allowed/);
    const nested = await renderFails({ set: { clusterName: "c1", "aws.regoin": "eu-west-1" } });
    expect(nested).toMatch(/at '\/aws'.*additional properties 'regoin' not allowed/s);
  });

  it("refuses values the controller would refuse at start-up", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ policy: "upsert" }, /\/policy/],
      [{ defaultWeight: "300" }, /\/defaultWeight/],
      [{ interval: "1 minute" }, /\/interval/],
      [{ maxDeletions: "120%" }, /\/maxDeletions/],
      [{ "sources[0]": "contour-httpproxy" }, /\/sources\/0/],
      [{ "aws.assumeRole": "dns-role" }, /\/aws\/assumeRole/],
      [{ "image.digest": "latest" }, /\/image\/digest/],
    ];
    for (const [set, where] of cases) {
      expect(await renderFails({ set: { clusterName: "c1", ...set } })).toMatch(where);
    }
  });

  it("refuses replicas without leader election, and an external id without a role", async () => {
    expect(await renderFails({ set: { clusterName: "c1", "leaderElection.enabled": "false" } })).toMatch(
      /leaderElection.enabled=false needs replicaCount: 1 \(got 2\)/,
    );
    expect(await renderFails({ set: { clusterName: "c1", "aws.assumeRoleExternalId": "x" } })).toMatch(
      /aws.assumeRoleExternalId needs aws.assumeRole/,
    );
  });
});

describe("helm template", () => {
  it("defaults: two replicas, leader election, a ClusterRole for every source, PDB, spread, hardened pods", async () => {
    const objs = await render({ set: { clusterName: "c1" } });
    expect(objs.map((o) => o.kind).sort()).toEqual([
      "ClusterRole",
      "ClusterRoleBinding",
      "Deployment",
      "PodDisruptionBudget",
      "Role",
      "RoleBinding",
      "ServiceAccount",
    ]);
    const deployment = only<Deployment>(objs, "Deployment");
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe("route53-gslb");
    expect(pod.topologySpreadConstraints?.map((c) => c.topologyKey)).toEqual([
      "kubernetes.io/hostname",
      "topology.kubernetes.io/zone",
    ]);
    expect(pod.topologySpreadConstraints?.[0]?.labelSelector).toEqual({
      matchLabels: { "app.kubernetes.io/name": "route53-gslb", "app.kubernetes.io/instance": "route53-gslb" },
    });
    const c = controllerContainer(objs);
    expect(c.image).toBe("ghcr.io/route53-gslb/route53-gslb:0.1.0");
    expect(c.args).toEqual(["controller"]);
    expect(c.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "metrics" });
    expect(c.readinessProbe?.httpGet).toEqual({ path: "/readyz", port: "metrics" });
    expect(c).toMatchObject({
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
    });
    expect(pod).toMatchObject({ securityContext: { runAsNonRoot: true, runAsUser: 65532 } });

    expect(resourcesGranted(rulesOf(only(objs, "ClusterRole")))).toEqual([
      "/events",
      "/namespaces",
      "/services",
      "externaldns.k8s.io/dnsendpoints",
      "gateway.networking.k8s.io/gateways",
      "gateway.networking.k8s.io/grpcroutes",
      "gateway.networking.k8s.io/httproutes",
      "gateway.networking.k8s.io/tcproutes",
      "gateway.networking.k8s.io/tlsroutes",
      "gateway.tsb.tetrate.io/gateways",
      "networking.istio.io/gateways",
      "networking.k8s.io/ingresses",
    ]);
    const lease = only(objs, "Role", "route53-gslb-leader-election");
    expect(lease.metadata.namespace).toBe("route53-gslb");
    expect(resourcesGranted(rulesOf(lease))).toEqual(["coordination.k8s.io/leases"]);
  });

  it("the chart's defaults are the controller's: the rendered env reads back as if nothing were set", async () => {
    const rendered = settingsOf(await render({ set: { clusterName: "c1" } }));
    const bare = parseControllerFlags(
      {},
      { ROUTE53_GSLB_CLUSTER_NAME: "c1", ROUTE53_GSLB_LEADER_ELECTION_NAMESPACE: POD.namespace },
    );
    expect(bare.ok && bare.value).toEqual(rendered);
  });

  it("every value reaches the controller through a ROUTE53_GSLB_* variable it really reads", async () => {
    const objs = await render({
      values: [ciValues("central-dns")],
      set: {
        labelSelector: "team=a",
        annotationFilter: "route53-gslb.io/publish=true",
        zoneIds: "{Z0123456789ABC}",
        minEventInterval: "250ms",
        unhealthyAfter: "0",
        drain: "true",
        dryRun: "true",
        defaultRoutingPolicy: "latency",
        defaultWeight: "7",
        maxDeletions: "10",
        policy: "create-only",
        "leaderElection.leaseName": "gslb-lease",
        "leaderElection.leaseDuration": "20s",
        "leaderElection.renewDeadline": "12s",
        "leaderElection.retryPeriod": "3s",
        "aws.region": "eu-west-1",
        "aws.endpoint": "http://127.0.0.1:4566",
        "aws.changeRate": "50",
        "aws.changeBurst": "500",
        "aws.connectTimeout": "2s",
        "metrics.port": "9100",
        "logging.level": "debug",
        "logging.format": "pretty",
        watchNamespace: "apps",
        zoneTags: "{env=prod}",
        splitHorizon: "true",
        sources: "{gateway-api,service}",
        "adoptExternalDns.owner": "team-a",
        "adoptExternalDns.txtPrefix": "ext-",
        "adoptExternalDns.txtWildcardReplacement": "any",
        clusterHealthCheck: "https://edge.us-east-1-b.example.com/healthz",
      },
    });
    const env = controllerContainer(objs).env ?? [];
    const controllerVars = new Set(
      Object.values(OPTIONS)
        .filter((o) => (o.commands as readonly string[]).includes("controller"))
        .map((o) => envNameOf(o.flag)),
    );
    const ours = env.map((e) => e.name).filter((n) => n.startsWith("ROUTE53_GSLB_"));
    expect(ours.filter((n) => !controllerVars.has(n))).toEqual([]);
    // Every controller flag can be set from the chart, except --kubeconfig (in-cluster config); the
    // registry's suffix excludes its prefix (as in external-dns), so it is rendered below on its own.
    expect([...controllerVars].filter((n) => !ours.includes(n))).toEqual([
      "ROUTE53_GSLB_EXTERNAL_DNS_TXT_SUFFIX",
      "ROUTE53_GSLB_KUBECONFIG",
    ]);

    const s = settingsOf(objs);
    expect(s.planner).toMatchObject({
      clusterName: "us-east-1-b",
      ownerId: "us-east-1-b",
      zoneFilter: {
        domainFilter: ["tse.tetratelabs.io.", "example.org."],
        excludeDomains: ["internal.example.org."],
        zoneType: "public",
        zoneIds: ["Z0123456789ABC"],
      },
      defaultRoutingPolicy: "latency",
      defaultWeight: 7,
      policy: "create-only",
      maxDeletions: { kind: "count", value: 10 },
      drain: true,
      adoptExternalDns: { owner: "team-a", txtPrefix: "ext-", txtSuffix: "", txtWildcardReplacement: "any" },
      clusterHealthCheck: {
        type: "HTTPS",
        fqdn: "edge.us-east-1-b.example.com",
        port: 443,
        resourcePath: "/healthz",
      },
    });
    const suffixed = await render({
      values: [ciValues("central-dns")],
      set: { "adoptExternalDns.owner": "team-a", "adoptExternalDns.txtSuffix": "-%{record_type}" },
    });
    expect(settingsOf(suffixed).planner.adoptExternalDns).toEqual({
      owner: "team-a",
      txtPrefix: "",
      txtSuffix: "-%{record_type}",
      txtWildcardReplacement: "",
    });
    expect(s).toMatchObject({
      sources: ["gateway-api", "service"],
      namespace: "apps",
      labelSelector: "team=a",
      annotationFilter: "route53-gslb.io/publish=true",
      minEventIntervalMs: 250,
      unhealthyAfter: 0,
      dryRun: true,
      leaderElection: {
        enabled: true,
        namespace: POD.namespace,
        leaseName: "gslb-lease",
        leaseDurationMs: 20_000,
        renewDeadlineMs: 12_000,
        retryPeriodMs: 3_000,
      },
      metricsAddr: ":9100",
      logLevel: "debug",
      logFormat: "pretty",
    });
    expect(s.aws).toMatchObject({
      endpoint: "http://127.0.0.1:4566",
      region: "eu-west-1",
      assumeRole: {
        roleArn: "arn:aws:iam::210987654321:role/route53-gslb-dns",
        externalId: "route53-gslb-us-east-1-b",
      },
      rateLimits: { requestRate: 2, requestBurst: 10, changeRate: 50, changeBurst: 500 },
      timeouts: { connectMs: 2_000, requestMs: 20_000 },
    });
    expect(s.aws.rateLimits.healthCheckCreateRate).toBe(0.1);
    expect(controllerContainer(objs).ports).toEqual([
      { name: "metrics", containerPort: 9100, protocol: "TCP" },
    ]);
  });

  it("IRSA: the role ARN is the ServiceAccount's annotation, and nothing else about credentials changes", async () => {
    const objs = await render({ values: [ciValues("irsa")] });
    expect(only(objs, "ServiceAccount").metadata.annotations).toEqual({
      "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/route53-gslb-eu-west-2-a",
    });
    const env = controllerContainer(objs).env ?? [];
    expect(env.filter((e) => /^AWS_|ROUTE53_GSLB_AWS_/.test(e.name))).toEqual([
      { name: "ROUTE53_GSLB_AWS_REGION", value: "eu-west-2" },
    ]);
  });

  it("namespace-scoped: Roles in the watched namespace, no ClusterRole but one Namespace by name", async () => {
    const objs = await render({ values: [ciValues("namespaced")], namespace: "gslb" });
    const role = only(objs, "Role", "route53-gslb");
    expect(role.metadata.namespace).toBe("team-a-apps");
    // Only the enabled sources' kinds: gateway-api and service, no Istio or Tetrate.
    expect(resourcesGranted(rulesOf(role))).toEqual([
      "/events",
      "/services",
      "gateway.networking.k8s.io/gateways",
      "gateway.networking.k8s.io/grpcroutes",
      "gateway.networking.k8s.io/httproutes",
      "gateway.networking.k8s.io/tcproutes",
      "gateway.networking.k8s.io/tlsroutes",
    ]);
    expect(only(objs, "RoleBinding", "route53-gslb").metadata.namespace).toBe("team-a-apps");
    const clusterRoles = objectsOf(objs, "ClusterRole");
    expect(clusterRoles.map((r) => rulesOf(r))).toEqual([
      [
        {
          apiGroups: [""],
          resources: ["namespaces"],
          resourceNames: ["team-a-apps"],
          verbs: ["get", "list", "watch"],
        },
      ],
    ]);
    expect(only(objs, "Role", "route53-gslb-leader-election").metadata.namespace).toBe("gslb");
    expect(settingsOf(objs)).toMatchObject({ namespace: "team-a-apps", sources: ["gateway-api", "service"] });
  });

  it("namespace-scoped without gateway-api reads no Namespace at all", async () => {
    const objs = await render({ values: [ciValues("namespaced")], set: { sources: "{service}" } });
    expect(objectsOf(objs, "ClusterRole")).toEqual([]);
    expect(objectsOf(objs, "ClusterRoleBinding")).toEqual([]);
    expect(resourcesGranted(rulesOf(only(objs, "Role", "route53-gslb")))).toEqual(["/events", "/services"]);
  });

  it("gateway-api alone still reads Services: a Gateway's Service tells whether it exposes the status port", async () => {
    const objs = await render({ values: [ciValues("namespaced")], set: { sources: "{gateway-api}" } });
    expect(resourcesGranted(rulesOf(only(objs, "Role", "route53-gslb")))).toContain("/services");
  });

  it("monitoring on: metrics Service, ServiceMonitor, PrometheusRule and NetworkPolicy; the image by digest", async () => {
    const objs = await render({ values: [ciValues("monitoring")], namespace: "gslb" });
    const service = only(objs, "Service", "route53-gslb-metrics") as K8sObject & {
      spec: { ports: { port: number; targetPort: string }[] };
    };
    expect(service.spec.ports).toEqual([
      { name: "metrics", port: 7979, targetPort: "metrics", protocol: "TCP" },
    ]);
    const monitor = only(objs, "ServiceMonitor") as K8sObject & { spec: { endpoints: unknown[] } };
    expect(monitor.metadata.labels?.release).toBe("kube-prometheus-stack");
    expect(monitor.spec.endpoints).toEqual([
      { port: "metrics", path: "/metrics", interval: "30s", scrapeTimeout: "10s", honorLabels: true },
    ]);
    const policy = only(objs, "NetworkPolicy") as K8sObject & {
      spec: { ingress: { ports: unknown[] }[]; egress: { ports: { port: number | string }[] }[] };
    };
    expect(policy.spec.ingress[0]?.ports).toEqual([{ port: "metrics", protocol: "TCP" }]);
    expect(policy.spec.egress.map((e) => e.ports.map((p) => p.port))).toEqual([
      [53, 53],
      [443, 6443],
      [443],
      [80],
    ]);
    expect(only<Deployment>(objs, "Deployment").spec.template.spec.priorityClassName).toBe(
      "system-cluster-critical",
    );
    expect(controllerContainer(objs).image).toBe(
      "ghcr.io/route53-gslb/route53-gslb@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    );
    const rule = alertsOf(objs);
    expect(rule.map((r) => r.alert)).toEqual([
      "Route53GslbSyncStale",
      "Route53GslbNoLeader",
      "Route53GslbAbsent",
      "Route53GslbRoute53Throttled",
      "Route53GslbAwsErrors",
      "Route53GslbChangesRejected",
      "Route53GslbOwnershipConflicts",
      "Route53GslbDeletionsHeldBack",
    ]);
    // 3 intervals of 2m.
    expect(rule[0]?.expr).toBe(
      'time() - max by (namespace) (route53_gslb_last_successful_sync_timestamp_seconds{namespace="gslb"}) > 360',
    );
  });

  it("PrometheusRule expressions name only metrics, and labels, the controller's registry has", async () => {
    const objs = await render({
      values: [ciValues("monitoring")],
      set: { "prometheusRule.selector": 'job="gslb"' },
    });
    const registry = new ControllerMetrics().registry;
    const metrics: RegistryMetrics = new Map();
    for (const m of await registry.getMetricsAsJSON()) {
      // prom-client keeps a metric's label names on the metric object; its JSON omits them.
      const labels = (registry.getSingleMetric(m.name) as unknown as { labelNames: string[] }).labelNames;
      metrics.set(m.name, { type: String(m.type), labels });
    }
    expect(metricProblems(alertsOf(objs), metrics)).toEqual([]);
    const named = alertsOf(objs).flatMap((r) =>
      [...r.expr.matchAll(/route53_gslb_[a-z_]+/g)].map((m) => m[0]),
    );
    expect(new Set(named).size).toBeGreaterThanOrEqual(7);

    // The check can fail: a metric the controller does not export, a label its metric does not have.
    const wrong = await render({
      values: [ciValues("monitoring")],
      set: {
        "prometheusRule.additionalRules[0].alert": "Nope",
        "prometheusRule.additionalRules[0].expr": "route53_gslb_nope > 0",
        "prometheusRule.additionalRules[1].alert": "BadLabel",
        "prometheusRule.additionalRules[1].expr": 'route53_gslb_leader{service="route53"} > 0',
      },
    });
    expect(metricProblems(alertsOf(wrong), metrics)).toEqual([
      "Nope: route53_gslb_nope is not a metric of the controller",
      "BadLabel: route53_gslb_leader has no label service",
    ]);
  });

  it("disabled alerts are left out", async () => {
    const objs = await render({
      values: [ciValues("monitoring")],
      set: { "prometheusRule.disabled": "{Route53GslbDeletionsHeldBack,Route53GslbAbsent}" },
    });
    const names = alertsOf(objs).map((r) => r.alert);
    expect(names).not.toContain("Route53GslbDeletionsHeldBack");
    expect(names).not.toContain("Route53GslbAbsent");
    expect(names).toHaveLength(6);
  });

  it("one replica without leader election: no Lease Role, election off, extras passed through", async () => {
    const objs = await render({ values: [ciValues("single-replica")] });
    expect(objectsOf(objs, "Role")).toEqual([]);
    expect(objectsOf(objs, "PodDisruptionBudget")).toEqual([]);
    const c = controllerContainer(objs);
    expect(c.args).toEqual(["controller", "--min-event-interval", "500ms"]);
    expect(c.env?.find((e) => e.name === "ROUTE53_GSLB_LEADER_ELECTION_NAMESPACE")).toBeUndefined();
    expect(c.env?.at(-1)).toEqual({ name: "NODE_OPTIONS", value: "--max-old-space-size=384" });
    expect(c.envFrom).toEqual([{ secretRef: { name: "route53-gslb-extra" } }]);
    expect(only<Deployment>(objs, "Deployment").spec.template.spec).toMatchObject({
      nodeSelector: { "kubernetes.io/os": "linux" },
      tolerations: [{ key: "dedicated", operator: "Equal", value: "platform", effect: "NoSchedule" }],
    });
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
    const read = parseControllerFlags({}, env);
    expect(read.ok && read.value.leaderElection.enabled).toBe(false);
    expect(read.ok && read.value.dryRun).toBe(true);
  });

  it("serviceAccount.create=false uses the named ServiceAccount, and requires its name", async () => {
    expect(await renderFails({ set: { clusterName: "c1", "serviceAccount.create": "false" } })).toMatch(
      /serviceAccount.name is required when serviceAccount.create is false/,
    );
    const objs = await render({
      set: { clusterName: "c1", "serviceAccount.create": "false", "serviceAccount.name": "platform-dns" },
    });
    expect(objectsOf(objs, "ServiceAccount")).toEqual([]);
    expect(only<Deployment>(objs, "Deployment").spec.template.spec.serviceAccountName).toBe("platform-dns");
    const binding = only(objs, "ClusterRoleBinding") as K8sObject & { subjects: { name: string }[] };
    expect(binding.subjects.map((s) => s.name)).toEqual(["platform-dns"]);
  });

  it("every value is in docs/helm.md's table", () => {
    const doc = readFileSync(join(REPO, "docs", "helm.md"), "utf8");
    const values = parse(readFileSync(join(CHART_DIR, "values.yaml"), "utf8")) as Record<string, unknown>;
    // Kubernetes objects passed through as they are: documented as a whole, not field by field.
    const whole = new Set([
      "resources",
      "podSecurityContext",
      "securityContext",
      "livenessProbe",
      "readinessProbe",
    ]);
    const leaves = (obj: Record<string, unknown>, prefix: string): string[] =>
      Object.entries(obj).flatMap(([k, v]) =>
        v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0 && !whole.has(k)
          ? leaves(v as Record<string, unknown>, `${prefix}${k}.`)
          : [`${prefix}${k}`],
      );
    const missing = leaves(values, "")
      .filter(
        (path) => !path.startsWith("prometheusRule.alertLabels.") && !path.startsWith("networkPolicy.dns.to"),
      )
      .filter((path) => {
        const [first] = path.split(".");
        const last = path.split(".").at(-1);
        return !doc.includes(`\`${path}\``) && !(doc.includes(`\`${first}.`) && doc.includes(`.${last}\``));
      });
    expect(missing).toEqual([]);
  });

  it("Chart.yaml's appVersion is package.json's version; release.yml installs the helm the tests build", () => {
    const chart = parse(readFileSync(join(CHART_DIR, "Chart.yaml"), "utf8")) as { appVersion: string };
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    expect(chart.appVersion).toBe(pkg.version);
    const release = readFileSync(join(REPO, ".github", "workflows", "release.yml"), "utf8");
    expect(release).toContain(`version: ${HELM_VERSION}`);
  });
});

interface AlertRule {
  alert: string;
  expr: string;
}

type RegistryMetrics = Map<string, { type: string; labels: string[] }>;

/**
 * What in the alert expressions the registry does not have: metric names (a histogram's
 * `_bucket`/`_count`/`_sum` series count as the histogram) and the labels matched on them. `namespace`
 * and `job` are target labels Prometheus adds, not the controller's.
 */
function metricProblems(alerts: AlertRule[], metrics: RegistryMetrics): string[] {
  const problems: string[] = [];
  for (const { alert, expr } of alerts) {
    for (const m of expr.matchAll(/\b(route53_gslb_[a-z_]+)(\{([^}]*)\})?/g)) {
      const name = m[1] ?? "";
      const base = name.replace(/_(bucket|count|sum)$/, "");
      const metric =
        metrics.get(name) ?? (metrics.get(base)?.type === "histogram" ? metrics.get(base) : undefined);
      if (!metric) {
        problems.push(`${alert}: ${name} is not a metric of the controller`);
        continue;
      }
      for (const matcher of (m[3] ?? "").split(",").filter((x) => x.trim() !== "")) {
        const label = matcher.trim().split(/[!=~]/)[0] ?? "";
        if (label === "namespace" || label === "job") continue;
        if (!metric.labels.includes(label)) problems.push(`${alert}: ${name} has no label ${label}`);
      }
    }
  }
  return problems;
}

function alertsOf(objs: K8sObject[]): AlertRule[] {
  const rule = only(objs, "PrometheusRule") as K8sObject & { spec: { groups: { rules: AlertRule[] }[] } };
  return rule.spec.groups.flatMap((g) => g.rules);
}
