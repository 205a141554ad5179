// The controller run exactly as the chart deploys it: `helm install` into the kube-apiserver peer,
// then the rendered Deployment's container — the image's entrypoint (bin/route53-gslb.js) with its
// args, and its env with the fieldRefs resolved as the kubelet would — started as a process. It talks
// to the API server with a token of the rendered ServiceAccount (TokenRequest), so it has only what
// the rendered RBAC grants; to AWS through moto with test keys (the only env added, with the
// KUBECONFIG standing in for the kubelet's token mount). Its probes answer on the rendered port and
// paths, and a Gateway is published into moto's Route 53.

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import { CoordinationV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { imageEntrypoint } from "../../fixtures/image-entrypoint.js";
import { eventually, freePort } from "../controller/controller-process.js";
import { KubeObjects } from "../controller/kube-objects.js";
import { motoEndpoint, resetMoto, route53Client, TEST_CREDENTIALS } from "../peers/aws.js";
import {
  controllerContainer,
  type Deployment,
  helm,
  helmBinary,
  installArgs,
  only,
  parseObjects,
  probePort,
  REPO,
  resolveEnv,
} from "./chart.js";

const DOMAIN = "helm.example.com";

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

let adminKubeconfig: string;
let kube: KubeObjects;
const running: Running[] = [];
const releases: { release: string; namespace: string }[] = [];

beforeAll(async () => {
  await helmBinary();
  adminKubeconfig = inject("kubeconfig");
  kube = new KubeObjects(adminKubeconfig);
}, 20 * 60_000);

afterEach(async (ctx) => {
  for (const r of running.splice(0)) {
    if (ctx.task.result?.state === "fail") console.log(r.output().slice(-6000));
    if (r.child.exitCode === null) r.child.kill("SIGKILL");
    await r.exited;
  }
  for (const { release, namespace } of releases.splice(0)) {
    await helm(["uninstall", release, "--namespace", namespace, "--kubeconfig", adminKubeconfig]);
  }
});

/** A kubeconfig that authenticates as `serviceAccount` with a token from the TokenRequest API. */
async function serviceAccountKubeconfig(namespace: string, serviceAccount: string): Promise<string> {
  const token = await kube.core.createNamespacedServiceAccountToken({
    namespace,
    name: serviceAccount,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const admin = kube.kc.getCurrentCluster();
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: admin?.server ?? "", caData: admin?.caData, skipTLSVerify: false }],
    users: [{ name: "sa", token: token.status?.token }],
    contexts: [{ name: "sa", cluster: "c", user: "sa" }],
    currentContext: "sa",
  });
  const file = join(mkdtempSync(join(tmpdir(), "helm-sa-")), "kubeconfig");
  writeFileSync(file, kc.exportConfig());
  return file;
}

/**
 * Start the rendered container as a process: the image's ENTRYPOINT, its node flags and its program
 * (the bundle `npm run build` writes, scripts/tools/bundle.mjs), with the rendered args and env.
 */
function startContainer(args: string[], env: Record<string, string>): Running {
  const image = imageEntrypoint(readFileSync(new URL("../../../Dockerfile", import.meta.url), "utf8"));
  const child = spawn(process.execPath, [...image.nodeFlags, join(REPO, image.script), ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const r = { child, output: () => out, exited };
  running.push(r);
  return r;
}

async function httpStatus(url: string): Promise<number | undefined> {
  try {
    return (await fetch(url)).status;
  } catch {
    return undefined; // not listening yet
  }
}

async function records(zoneId: string): Promise<ResourceRecordSet[]> {
  const out = await route53Client().send(
    new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 1000 }),
  );
  return out.ResourceRecordSets ?? [];
}

describe("the controller as the chart runs it", () => {
  it.each([
    ["cluster-wide (ClusterRole)", false],
    ["namespace-scoped (Roles, one Namespace by name)", true],
  ])(
    "%s: probes answer on the rendered port and paths, and a Gateway is published",
    async (_, scoped) => {
      await resetMoto();
      const zone = await route53Client().send(
        new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `helm-${Date.now()}` }),
      );
      const zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
      const apps = await kube.namespace("apps");
      const namespace = await kube.namespace("gslb");
      const release = `r${randomBytes(3).toString("hex")}`;
      const port = await freePort();
      const set: Record<string, string> = {
        clusterName: "helm-c1",
        domainFilters: `{${DOMAIN}}`,
        minEventInterval: "200ms",
        "metrics.port": String(port), // the chart's default 7979 may be taken on a shared machine
        ...(scoped ? { watchNamespace: apps } : {}),
      };
      await helm(["install", ...installArgs({ release, namespace, set }), "--kubeconfig", adminKubeconfig]);
      releases.push({ release, namespace });

      const rendered = parseObjects(
        await helm(["get", "manifest", release, "--namespace", namespace, "--kubeconfig", adminKubeconfig]),
      );
      const deployment = only<Deployment>(rendered, "Deployment");
      const container = controllerContainer(rendered);
      expect(container.command).toBeUndefined(); // the image's ENTRYPOINT, as below
      const podName = `${deployment.metadata.name}-6c9f8d7b5-q4x2z`;
      const kubeconfig = await serviceAccountKubeconfig(
        namespace,
        deployment.spec.template.spec.serviceAccountName,
      );
      const env = {
        ...resolveEnv(container, { name: podName, namespace }),
        // Added: what the kubelet and EKS would provide (the token mount, credentials), and moto.
        KUBECONFIG: kubeconfig,
        AWS_ENDPOINT_URL: motoEndpoint(),
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      };
      const c = startContainer(container.args ?? [], env);

      const readiness = probePort(container, container.readinessProbe);
      const liveness = probePort(container, container.livenessProbe);
      expect(readiness).toEqual({ port, path: "/readyz" });
      expect(liveness).toEqual({ port, path: "/healthz" });
      // Ready once every informer has listed: with the rendered RBAC, nothing is forbidden.
      await eventually(
        "readiness 200",
        async () => {
          if (c.child.exitCode !== null)
            throw new Error(`controller exited ${c.child.exitCode}:\n${c.output()}`);
          return (
            (await httpStatus(`http://127.0.0.1:${readiness.port}${readiness.path}`)) === 200 || undefined
          );
        },
        60_000,
      );
      expect(await httpStatus(`http://127.0.0.1:${liveness.port}${liveness.path}`)).toBe(200);

      // Leader election in the release namespace (its Role there), with the pod name in the identity.
      const leases = kube.kc.makeApiClient(CoordinationV1Api);
      const lease = await eventually("the Lease", async () => {
        try {
          return await leases.readNamespacedLease({ name: "route53-gslb-helm-c1", namespace });
        } catch {
          return undefined;
        }
      });
      expect(lease.spec?.holderIdentity).toMatch(new RegExp(`^${podName}_`));

      await kube.gateway(apps, "web", `web.${DOMAIN}`, { "route53-gslb.io/weight": "30" });
      const member = await eventually(
        "the Gateway's member in Route 53",
        async () =>
          (await records(zoneId)).find(
            (r) => r.Name === `web.${DOMAIN}.` && r.Type === "A" && r.SetIdentifier === "helm-c1",
          ),
        30_000,
      );
      expect(member.Weight).toBe(30);
      // Events on the watched objects: a bad annotation is reported on its Gateway.
      await kube.gateway(apps, "bad", `bad.${DOMAIN}`, { "route53-gslb.io/weight": "heavy" });
      await eventually(
        "the Event on the bad Gateway",
        async () =>
          (await kube.eventsFor(apps, "bad")).some((e) => e.reason === "InvalidAnnotation") || undefined,
      );
      // NOTES.txt's command for finding them works against a real API server.
      const fromUs = await kube.core.listNamespacedEvent({
        namespace: apps,
        fieldSelector: "source=route53-gslb",
      });
      expect(fromUs.items.map((e) => e.involvedObject.name)).toContain("bad");
      // No authorization denial: RBAC says `User "system:serviceaccount:…" cannot <verb> resource …`.
      // (Cluster-wide it also sees other tests' objects in namespaces being deleted, whose Events the
      // API server refuses as forbidden by admission, not by RBAC: those are not the chart's concern.)
      expect(c.output()).not.toMatch(/cannot (get|list|watch|create|update|patch) resource/);

      // No broader than rendered: what the controller never needs is refused to its token.
      const restricted = new KubeObjects(kubeconfig);
      await expect(restricted.core.listSecretForAllNamespaces()).rejects.toThrow(/403|forbidden/i);
      await expect(restricted.gateway(apps, "nope", `nope.${DOMAIN}`)).rejects.toThrow(/403|forbidden/i);
      if (scoped) {
        await expect(restricted.core.listNamespacedService({ namespace: "default" })).rejects.toThrow(
          /403|forbidden/i,
        );
        await expect(restricted.core.listNamespace()).rejects.toThrow(/403|forbidden/i);
      }

      c.child.kill("SIGTERM");
      expect(await c.exited).toBe(0);
    },
    180_000,
  );
});
