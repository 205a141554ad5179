// The controller as users run it — a child process with real flags — against the real kube-apiserver
// and moto (through a counting fault proxy). Each test gets its own namespace and a fresh Route 53.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListResourceRecordSetsCommand, type ResourceRecordSet } from "@aws-sdk/client-route-53";
import {
  ApiextensionsV1Api,
  KubeConfig,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { cli } from "../apply/bookinfo-on-moto.js";
import { createHostedZone, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";
import {
  type ControllerProcess,
  controllerFlags,
  eventually,
  reconcileCount,
  startController,
} from "./controller-process.js";
import { KubeObjects } from "./kube-objects.js";

const DOMAIN = "e2e.example.com";

async function records(zoneId: string): Promise<ResourceRecordSet[]> {
  const out = await route53Client().send(
    new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 1000 }),
  );
  return out.ResourceRecordSets ?? [];
}

function find(
  all: ResourceRecordSet[],
  host: string,
  setIdentifier: string,
  type = "A",
): ResourceRecordSet | undefined {
  return all.find(
    (r) => r.Name === `${host}.${DOMAIN}.` && r.Type === type && r.SetIdentifier === setIdentifier,
  );
}

describe("route53-gslb controller end to end (kube-apiserver + moto)", () => {
  let kube: KubeObjects;
  let ns: string;
  let zoneId: string;
  let proxy: FaultProxy;
  const running: ControllerProcess[] = [];

  const controller = async (extra: string[] = [], via: FaultProxy = proxy) => {
    const c = await startController([
      ...controllerFlags({ domain: DOMAIN, namespace: ns, endpoint: via.endpoint }),
      "--min-event-interval",
      "200ms",
      "--log-level",
      "debug",
      ...extra,
    ]);
    running.push(c);
    return c;
  };
  const changeRequests = () => proxy.count("ChangeResourceRecordSets").total;
  /** Reconcile runs `c` finished so far (all outcomes, or one). */
  const runs = async (c: ControllerProcess, outcome?: string) => reconcileCount(await c.metrics(), outcome);
  let barriers = 0;
  /**
   * A positive signal for a negative check: creates a Gateway with a bad annotation (it writes no
   * record) and waits for its Event. Events are written after a run's apply, and runs never overlap,
   * so when the Event is there every run that an earlier change triggered has finished.
   */
  const settled = async () => {
    const name = `barrier-${++barriers}`;
    await kube.gateway(ns, name, `${name}.${DOMAIN}`, { "route53-gslb.io/weight": "heavy" });
    await eventually(
      `the Event on ${name}`,
      async () => ((await kube.eventsFor(ns, name)).length > 0 ? true : undefined),
      30_000,
    );
  };

  beforeEach(async () => {
    await resetMoto();
    zoneId = await createHostedZone(DOMAIN);
    kube = new KubeObjects(inject("kubeconfig"));
    ns = await kube.namespace("e2e");
    proxy = await startFaultProxy(motoEndpoint());
  });

  afterEach(async (ctx) => {
    for (const c of running.splice(0)) {
      if (ctx.task.result?.state === "fail") console.log(c.output().slice(-4000));
      await c.stop();
    }
    await proxy.close();
  });

  it("publishes a Gateway on its watch event, a weight change is one UPSERT, and deleting it removes only its records", async () => {
    // Another cluster's member of the same set, written by its own `apply`.
    const dir = mkdtempSync(join(tmpdir(), "c2-"));
    writeFileSync(
      join(dir, "gw.yaml"),
      JSON.stringify({
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "web", namespace: "default" },
        spec: {
          gatewayClassName: "x",
          listeners: [{ name: "http", port: 80, protocol: "HTTP", hostname: `web.${DOMAIN}` }],
        },
        status: { addresses: [{ type: "IPAddress", value: "198.51.100.2" }] },
      }),
    );
    expect(
      (
        await cli([
          "apply",
          "-f",
          dir,
          "--cluster-name",
          "c2",
          "--domain-filter",
          DOMAIN,
          "--aws-endpoint",
          motoEndpoint(),
        ])
      ).code,
    ).toBe(0);

    const c = await controller();
    await eventually("the controller's first reconcile", async () =>
      (await c.metrics()).includes('route53_gslb_reconcile_duration_seconds_count{outcome="success"}')
        ? true
        : undefined,
    );
    // The process's own memory and heap are served too (docs/metrics.md).
    const text = await c.metrics();
    for (const name of [
      "route53_gslb_process_resident_memory_bytes",
      "route53_gslb_nodejs_heap_size_used_bytes",
    ]) {
      expect(text).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? \\d`, "m"));
    }
    const before = changeRequests();
    await kube.gateway(ns, "web", `web.${DOMAIN}`, { "route53-gslb.io/weight": "20" });
    // The timeout is well under the 60 s --interval: the watch event, not a resync, published it.
    await eventually("the member in Route 53", async () => find(await records(zoneId), "web", "c1"), 30_000);
    const all = await records(zoneId);
    expect(find(all, "web", "c1")?.Weight).toBe(20);
    expect(find(all, "_gslb-a.web", "c1", "TXT")).toBeDefined();
    expect(changeRequests() - before).toBe(1);

    const beforeWeight = changeRequests();
    await kube.annotate(ns, "web", { "route53-gslb.io/weight": "80" });
    await eventually("the new weight", async () =>
      find(await records(zoneId), "web", "c1")?.Weight === 80 ? true : undefined,
    );
    await settled();
    expect(changeRequests() - beforeWeight).toBe(1);

    await kube.deleteGateway(ns, "web");
    await eventually("our member gone", async () =>
      find(await records(zoneId), "web", "c1") ? undefined : true,
    );
    const after = await records(zoneId);
    expect(find(after, "_gslb-a.web", "c1", "TXT")).toBeUndefined();
    expect(find(after, "web", "c2")?.Weight).toBe(100);
    expect(find(after, "_gslb-a.web", "c2", "TXT")).toBeDefined();
  });

  it("keeps a drain made with `route53-gslb drain` until undrain, while its manifests still change", async () => {
    await kube.gateway(ns, "web", `web.${DOMAIN}`, { "route53-gslb.io/weight": "40" });
    await controller(["--interval", "60s"]);
    await eventually(
      "the member",
      async () => find(await records(zoneId), "web", "c1")?.Weight === 40 || undefined,
    );
    const admin = (command: string) =>
      cli([command, "--cluster-name", "c1", "--domain-filter", DOMAIN, "--aws-endpoint", motoEndpoint()]);

    expect((await admin("drain")).code).toBe(0);
    expect(find(await records(zoneId), "web", "c1")?.Weight).toBe(0);
    // At once, before any resync: the controller's cache still says weight 40 and no mark. It reads
    // the names it is about to overwrite again, finds the mark, and only moves the mark's weight.
    await kube.annotate(ns, "web", { "route53-gslb.io/weight": "60" });
    const txt = await eventually("the mark's new weight", async () => {
      const t = find(await records(zoneId), "_gslb-a.web", "c1", "TXT");
      return t?.ResourceRecords?.[0]?.Value?.includes("restore-weight=60") ? t : undefined;
    });
    expect(txt.ResourceRecords?.[0]?.Value).toMatch(/drained=true/);
    expect(find(await records(zoneId), "web", "c1")?.Weight).toBe(0);

    expect((await admin("undrain")).code).toBe(0);
    expect(find(await records(zoneId), "web", "c1")?.Weight).toBe(60);
    // The controller's cache still holds the drained member and the mark; a change of the manifests
    // now must not drain it again.
    await kube.annotate(ns, "web", { "route53-gslb.io/weight": "70" });
    await eventually(
      "the new weight",
      async () => find(await records(zoneId), "web", "c1")?.Weight === 70 || undefined,
    );
    const txt70 = find(await records(zoneId), "_gslb-a.web", "c1", "TXT")?.ResourceRecords?.[0]?.Value;
    expect(txt70).not.toMatch(/drained/);
  });

  it("publishes an Ingress and a DNSEndpoint, and reports the DNSEndpoint entry it cannot write", async () => {
    await kube.ingress(ns, "shop", [`shop.${DOMAIN}`], "192.0.2.50");
    await kube.dnsEndpoint(ns, "records", [
      {
        dnsName: `crd.${DOMAIN}`,
        recordType: "A",
        targets: ["192.0.2.60", "192.0.2.61"],
        recordTTL: 120,
        setIdentifier: "eu",
        providerSpecific: [{ name: "aws/weight", value: "7" }],
      },
      { dnsName: `mail.${DOMAIN}`, recordType: "MX", targets: ["10 mx.example.net"] },
    ]);
    const c = await controller(["--sources", "ingress,dnsendpoint"]);
    const shop = await eventually("the Ingress's member", async () =>
      find(await records(zoneId), "shop", "c1"),
    );
    expect(shop.ResourceRecords).toEqual([{ Value: "192.0.2.50" }]);
    expect(shop.Weight).toBe(100);
    const crd = await eventually("the DNSEndpoint's member", async () =>
      find(await records(zoneId), "crd", "eu"),
    );
    expect(crd.Weight).toBe(7);
    expect(crd.TTL).toBe(120);
    expect(crd.ResourceRecords).toEqual([{ Value: "192.0.2.60" }, { Value: "192.0.2.61" }]);
    const all = await records(zoneId);
    // Ownership records name each object, keyed by the owner id.
    expect(find(all, "_gslb-a.shop", "c1", "TXT")?.ResourceRecords?.[0]?.Value).toContain(
      `resource=networking.k8s.io/Ingress/${ns}/shop`,
    );
    expect(find(all, "_gslb-a.crd", "c1", "TXT")?.ResourceRecords?.[0]?.Value).toContain(
      `resource=externaldns.k8s.io/DNSEndpoint/${ns}/records`,
    );
    const events = await eventually("an Event on the DNSEndpoint", async () => {
      const e = await kube.eventsFor(ns, "records");
      return e.length > 0 ? e : undefined;
    });
    expect(events.map((e) => e.message).join("\n")).toMatch(/spec\.endpoints\[1\]\.recordType is `MX`/);
    expect(all.filter((r) => r.Type === "MX")).toEqual([]);
    expect(c.output()).not.toMatch(/"level":"(error|fatal)"/);
  });

  it("a bad annotation gives an Event on that Gateway naming the key, and the other Gateways still sync", async () => {
    await kube.gateway(ns, "bad", `bad.${DOMAIN}`, { "route53-gslb.io/weight": "heavy" });
    await kube.gateway(ns, "good", `good.${DOMAIN}`);
    await controller();
    await eventually("the good Gateway published", async () => find(await records(zoneId), "good", "c1"));
    const events = await eventually("an Event on the bad Gateway", async () => {
      const e = await kube.eventsFor(ns, "bad");
      return e.length > 0 ? e : undefined;
    });
    expect(events[0]?.type).toBe("Warning");
    expect(events[0]?.message).toMatch(/route53-gslb\.io\/weight/);
    expect(events[0]?.message).toMatch(/heavy/);
    expect(find(await records(zoneId), "bad", "c1")).toBeUndefined();
  });

  it("deletes nothing while the apiserver is stopped for 20 s, and converges after", async () => {
    await kube.gateway(ns, "a", `a.${DOMAIN}`);
    const c = await controller(["--interval", "2s"]);
    await eventually("the first record", async () => find(await records(zoneId), "a", "c1"));
    const pid = inject("kubeApiserverPid");
    process.kill(pid, "SIGSTOP");
    try {
      // Not a fixed sleep: wait until the controller has been through the outage — several resyncs
      // re-listed the zones and planned from the informers' last known objects, and the leader
      // stepped down once it could no longer renew its Lease.
      const before = await runs(c);
      await eventually(
        "three resyncs during the outage",
        async () => (await runs(c)) >= before + 3 || undefined,
        60_000,
      );
      await eventually(
        "the leader stepping down",
        async () => (/^route53_gslb_leader 0$/m.test(await c.metrics()) ? true : undefined),
        60_000,
      );
      expect(proxy.log.filter((l) => l.operation === "ChangeResourceRecordSets")).toHaveLength(1);
      expect(find(await records(zoneId), "a", "c1")).toBeDefined();
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await kube.gateway(ns, "b", `b.${DOMAIN}`);
    await eventually(
      "convergence after the outage",
      async () => find(await records(zoneId), "b", "c1"),
      30_000,
    );
    expect(find(await records(zoneId), "a", "c1")).toBeDefined();
    expect(c.output()).not.toMatch(/"msg":"reconcile failed"[^\n]*DELETE/);
  });

  it("a controller whose informers cannot sync yet never deletes", async () => {
    await kube.gateway(ns, "a", `a.${DOMAIN}`);
    const first = await controller();
    await eventually("the record", async () => find(await records(zoneId), "a", "c1"));
    await first.stop();
    const requests = changeRequests();
    const pid = inject("kubeApiserverPid");
    process.kill(pid, "SIGSTOP");
    let second: ControllerProcess | undefined;
    try {
      // Without leader election the reconcile loop runs at once, so it is the sync guard that holds.
      second = await controller(["--interval", "1s", "--no-leader-elect"]);
      const started = second;
      // Several runs refused to plan (the start and resyncs), not a fixed sleep.
      await eventually(
        "three runs skipped before sync",
        async () => ((await runs(started, "skipped-not-synced")) >= 3 ? true : undefined),
        30_000,
      );
      expect(changeRequests()).toBe(requests);
      expect(second.output()).toMatch(/informers not synced yet; not planning/);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    // Once synced, a run plans on the real objects: it finds the record in place and keeps it.
    const synced = second;
    await eventually(
      "a successful run after sync",
      async () => ((await runs(synced, "success")) >= 1 ? true : undefined),
      30_000,
    );
    expect(find(await records(zoneId), "a", "c1")).toBeDefined();
    expect(changeRequests()).toBe(requests);
  });

  it("two replicas with leader election: exactly one writes, and killing it hands over to the other", async () => {
    const proxyB = await startFaultProxy(motoEndpoint());
    try {
      const le = [
        "--leader-election-namespace",
        ns,
        "--leader-election-lease-duration",
        "3s",
        "--leader-election-renew-deadline",
        "2s",
        "--leader-election-retry-period",
        "500ms",
      ];
      const a = await controller(le);
      const b = await controller(le, proxyB);
      const isLeader = async (c: ControllerProcess) => /^route53_gslb_leader 1$/m.test(await c.metrics());
      const leader = await eventually("a leader", async () =>
        (await isLeader(a)) ? a : (await isLeader(b)) ? b : undefined,
      );
      const follower = leader === a ? b : a;
      const [leaderProxy, followerProxy] = leader === a ? [proxy, proxyB] : [proxyB, proxy];
      expect(await isLeader(follower)).toBe(false);

      await kube.gateway(ns, "one", `one.${DOMAIN}`);
      await eventually("the first record", async () => find(await records(zoneId), "one", "c1"));
      expect(leaderProxy.count("ChangeResourceRecordSets").total).toBeGreaterThan(0);
      expect(followerProxy.count("ChangeResourceRecordSets").total).toBe(0);

      await leader.kill();
      // The handover's timing is leader.test.ts's business; here the deadline is only a timeout.
      await eventually(
        "the follower leading",
        async () => ((await isLeader(follower)) ? true : undefined),
        30_000,
      );
      await kube.gateway(ns, "two", `two.${DOMAIN}`);
      await eventually("the record written by the new leader", async () =>
        find(await records(zoneId), "two", "c1"),
      );
      expect(followerProxy.count("ChangeResourceRecordSets").total).toBeGreaterThan(0);

      // SIGTERM: the new leader finishes, releases the Lease and exits cleanly.
      // A controller that ignored SIGTERM would be SIGKILLed after 15 s and exit with null, not 0.
      expect(await follower.stop()).toBe(0);
      expect(follower.output()).toMatch(/leader election: released/);
    } finally {
      await proxyB.close();
    }
  });

  it("a CRD deleted under a running controller deletes nothing beyond --max-deletions", async () => {
    const tsb = { group: "gateway.tsb.tetrate.io", version: "v2", plural: "gateways" };
    for (const name of ["t1", "t2", "t3"]) {
      await kube.custom.createNamespacedCustomObject({
        ...tsb,
        namespace: ns,
        body: {
          apiVersion: "gateway.tsb.tetrate.io/v2",
          kind: "Gateway",
          metadata: { name, namespace: ns },
          spec: {
            workloadSelector: { namespace: ns, labels: { app: "edge" } },
            http: [{ name: "h", port: 80, hostname: `${name}.${DOMAIN}` }],
          },
        },
      });
    }
    await kube.core.createNamespacedService({
      namespace: ns,
      body: {
        metadata: { name: "edge" },
        spec: { type: "LoadBalancer", selector: { app: "edge" }, ports: [{ port: 80 }] },
      },
    });
    await kube.core.patchNamespacedServiceStatus(
      {
        namespace: ns,
        name: "edge",
        body: { status: { loadBalancer: { ingress: [{ ip: "192.0.2.50" }] } } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const c = await controller(["--sources", "tetrate-gateway", "--max-deletions", "1", "--interval", "2s"]);
    await eventually("three Tetrate records", async () => {
      const all = await records(zoneId);
      return ["t1", "t2", "t3"].every((n) => find(all, n, "c1")) ? true : undefined;
    });
    const crd = "gateways.gateway.tsb.tetrate.io";
    const ext = kube.kc.makeApiClient(ApiextensionsV1Api);
    const saved = await ext.readCustomResourceDefinition({ name: crd });
    await ext.deleteCustomResourceDefinition({ name: crd });
    try {
      await eventually(
        "the deletions held back",
        async () => (/deletions held back|exceed --max-deletions/.test(c.output()) ? true : undefined),
        20_000,
      );
      // The apiserver deletes a CRD's objects one by one: a run that saw only the first may delete
      // its record (1 fits the budget); never more than the budget, and the rest are held. Wait until
      // the CRD is gone and two more runs finished after that, rather than for a fixed time.
      await eventually(
        "the CRD gone",
        async () =>
          await ext.readCustomResourceDefinition({ name: crd }).then(
            () => undefined,
            () => true,
          ),
        30_000,
      );
      const afterGone = await runs(c);
      await eventually(
        "two runs without the CRD",
        async () => ((await runs(c)) >= afterGone + 2 ? true : undefined),
        30_000,
      );
      const all = await records(zoneId);
      expect(["t1", "t2", "t3"].filter((n) => find(all, n, "c1")).length).toBeGreaterThanOrEqual(2);
    } finally {
      await eventually(
        "the CRD gone before it is reinstalled",
        async () =>
          await ext.readCustomResourceDefinition({ name: crd }).then(
            () => undefined,
            () => true,
          ),
      );
      const { metadata, spec } = saved;
      await ext.createCustomResourceDefinition({
        body: {
          apiVersion: "apiextensions.k8s.io/v1",
          kind: "CustomResourceDefinition",
          metadata: { name: metadata?.name },
          spec,
        },
      });
      await eventually("the CRD Established again", async () => {
        const now = await ext.readCustomResourceDefinition({ name: crd });
        return now.status?.conditions?.some((x) => x.type === "Established" && x.status === "True")
          ? true
          : undefined;
      });
    }
  });

  it("runs with a token bound only to the ClusterRole and Role in deploy/", async () => {
    const rbac = readFileSync(new URL("../../../deploy/kubernetes/rbac.yaml", import.meta.url), "utf8");
    const docs = parseAllDocuments(rbac).map((d) => d.toJSON() as { kind?: string });
    const rbacApi = kube.kc.makeApiClient(RbacAuthorizationV1Api);
    const home = await kube.namespace("rbac");
    await kube.core.createNamespacedServiceAccount({
      namespace: home,
      body: { metadata: { name: "route53-gslb" } },
    });
    const suffix = home;
    for (const doc of docs) {
      // The manifests name namespace route53-gslb; this test installs them into its own namespace.
      const body = JSON.parse(
        JSON.stringify(doc)
          .replaceAll('"route53-gslb"', `"${suffix}"`)
          .replaceAll(`"name":"${suffix}","namespace"`, '"name":"route53-gslb","namespace"'),
      );
      if (doc.kind === "ClusterRole") await rbacApi.createClusterRole({ body });
      if (doc.kind === "ClusterRoleBinding") await rbacApi.createClusterRoleBinding({ body });
      if (doc.kind === "Role") await rbacApi.createNamespacedRole({ namespace: home, body });
      if (doc.kind === "RoleBinding") await rbacApi.createNamespacedRoleBinding({ namespace: home, body });
    }
    const token = await kube.core.createNamespacedServiceAccountToken({
      namespace: home,
      name: "route53-gslb",
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const admin = kube.kc.getCurrentCluster();
    const kubeconfig = join(mkdtempSync(join(tmpdir(), "sa-")), "kubeconfig");
    const sa = new KubeConfig();
    sa.loadFromOptions({
      clusters: [
        {
          name: "c",
          server: admin?.server ?? "",
          caData: admin?.caData,
          caFile: admin?.caFile,
          skipTLSVerify: false,
        },
      ],
      users: [{ name: "sa", token: token.status?.token }],
      contexts: [{ name: "sa", cluster: "c", user: "sa" }],
      currentContext: "sa",
    });
    writeFileSync(kubeconfig, sa.exportConfig());

    await kube.gateway(ns, "bad", `bad.${DOMAIN}`, { "route53-gslb.io/weight": "heavy" });
    await kube.gateway(ns, "rbac", `rbac.${DOMAIN}`);
    const c = await startController([
      "--cluster-name",
      "c1",
      "--domain-filter",
      DOMAIN,
      "--kubeconfig",
      kubeconfig,
      "--aws-endpoint",
      proxy.endpoint,
      "--min-event-interval",
      "200ms",
      "--leader-election-namespace",
      home,
    ]);
    running.push(c);
    await eventually(
      "the record written with the restricted token",
      async () => find(await records(zoneId), "rbac", "c1"),
      20_000,
    );
    await eventually("the Event written with the restricted token", async () =>
      (await kube.eventsFor(ns, "bad")).length > 0 ? true : undefined,
    );
    // No RBAC denial (`… cannot <verb> resource …`). Events refused in other tests' terminating
    // namespaces are forbidden by admission, not by RBAC, and are not what this test is about.
    expect(c.output()).not.toMatch(/cannot (get|list|watch|create|update|patch) resource/);

    // No broader: what the controller never needs is refused.
    const restricted = new KubeObjects(kubeconfig);
    await expect(restricted.core.listSecretForAllNamespaces()).rejects.toThrow(/403|forbidden/i);
    await expect(restricted.gateway(ns, "nope", `nope.${DOMAIN}`)).rejects.toThrow(/403|forbidden/i);
    for (const doc of docs) {
      if (doc.kind === "ClusterRole") await rbacApi.deleteClusterRole({ name: suffix }).catch(() => {});
      if (doc.kind === "ClusterRoleBinding")
        await rbacApi.deleteClusterRoleBinding({ name: suffix }).catch(() => {});
    }
  });
});
