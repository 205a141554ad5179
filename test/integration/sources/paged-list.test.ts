// The informer's paged list against a real kube-apiserver and etcd (test/setup/kube-global-setup.ts):
// more objects than a page, a watch from the list's version, and a continue token that really
// expires (etcd compacted under it, as the API server's own compaction does every 5 minutes).

import { CoreV1Api, KubeConfig, type V1Service, Watch } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listPageGetter } from "../../../src/sources/watchers/kube-api.js";
import { createKubeObjectStore } from "../../../src/sources/watchers/kube-watchers.js";
import type { ObjectStore } from "../../../src/sources/watchers/object-store.js";
import { type FetchPage, listAllPages } from "../../../src/sources/watchers/paged-list.js";

const COUNT = 25;

async function until<T>(what: string, probe: () => T | undefined | false, detail = () => ""): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** etcd's JSON gateway (its v3 gRPC API over HTTP). */
async function etcd(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${inject("etcdEndpoint")}/v3/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`etcd ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Compacts etcd up to its current revision: every older version, continue tokens' included, is gone. */
async function compactEtcd(): Promise<void> {
  const range = await etcd("kv/range", { key: Buffer.from("/").toString("base64") });
  const revision = (range.header as { revision: string }).revision;
  await etcd("kv/compaction", { revision, physical: true });
}

describe("paged informer list on a real kube-apiserver", () => {
  const kc = new KubeConfig();
  kc.loadFromFile(inject("kubeconfig"));
  const core = kc.makeApiClient(CoreV1Api);
  const namespace = `paged-${process.pid}-${Date.now().toString(36)}`;
  const path = `/api/v1/namespaces/${namespace}/services`;
  let store: ObjectStore | undefined;

  const service = (name: string): V1Service => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, annotations: { "route53-gslb.io/hostnames": `${name}.example.com` } },
    spec: { clusterIP: "None", ports: [{ port: 443 }] },
  });
  const names = (n: number) => Array.from({ length: n }, (_, i) => `svc-${String(i).padStart(2, "0")}`);
  /** The real request of one page, as the watcher makes it. */
  const realPage: FetchPage = async ({ limit, continueToken }) =>
    (await listPageGetter(kc))({ path, query: { limit, continue: continueToken }, timeoutMs: 10_000 });
  const nameOf = (item: unknown) => (item as { metadata: { name: string } }).metadata.name;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    for (const name of names(COUNT)) await core.createNamespacedService({ namespace, body: service(name) });
  });

  afterAll(async () => {
    await store?.stop();
    await core.deleteNamespace({ name: namespace }).catch(() => {});
  });

  it("lists more objects than a page, every one of them, and watches on from the list's version", async () => {
    const logs: { msg: string; fields?: Record<string, unknown> }[] = [];
    const s = createKubeObjectStore(
      kc,
      { sources: ["service"], namespace, listPageSize: 10, relistIntervalMs: 600_000 },
      { log: (_level, msg, fields) => logs.push(fields ? { msg, fields } : { msg }) },
    );
    store = s;
    const detail = () => JSON.stringify({ status: s.status(), logs }, null, 1);
    await s.start();
    await until("synced", () => s.synced(), detail);
    expect(
      s
        .objects()
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(names(COUNT));
    // Listed items lack apiVersion and kind; the watcher sets them.
    expect(s.objects().every((o) => o.apiVersion === "v1" && o.kind === "Service")).toBe(true);
    expect(logs.find((l) => l.msg === "listed kind")?.fields).toMatchObject({ objects: COUNT, pages: 3 });

    await core.createNamespacedService({ namespace, body: service("after-list") });
    await core.deleteNamespacedService({ namespace, name: "svc-00" });
    await until(
      "the watch's create and delete",
      () => {
        const now = s.objects().map((o) => o.metadata.name);
        return now.includes("after-list") && !now.includes("svc-00");
      },
      detail,
    );
    expect(s.status()[0]).toMatchObject({ state: "synced", restarts: 0, objects: COUNT });
    await s.stop();
    // Put svc-00 back for the tests below.
    await core.deleteNamespacedService({ namespace, name: "after-list" });
    await core.createNamespacedService({ namespace, body: service("svc-00") });
  });

  it("the pages are one snapshot: a change between pages comes from the watch on the last page's version", async () => {
    let pages = 0;
    const list = await listAllPages(
      async (request) => {
        const page = await realPage(request);
        // Between the first and the second page.
        if (++pages === 1) await core.createNamespacedService({ namespace, body: service("between-pages") });
        return page;
      },
      nameOf,
      10,
    );
    expect(list.items.sort()).toEqual(names(COUNT));
    expect(list.pages).toBe(3);

    const seen: string[] = [];
    const watch = await new Watch(kc).watch(
      path,
      { resourceVersion: list.resourceVersion, timeoutSeconds: 30 },
      (phase, obj) => seen.push(`${phase} ${nameOf(obj)}`),
      () => {},
    );
    try {
      await until("the Service created between pages", () => seen.includes("ADDED between-pages"));
      // Only what changed after the snapshot, not the listed objects again.
      expect(seen).toEqual(["ADDED between-pages"]);
    } finally {
      watch.abort();
      await core.deleteNamespacedService({ namespace, name: "between-pages" });
    }
  });

  it("starts over from the first page when the continue token expired (etcd compacted under it)", async () => {
    let pages = 0;
    const list = await listAllPages(
      async (request) => {
        const page = await realPage(request);
        if (++pages === 1) {
          // A write moves etcd past the list's revision; compacting to it expires the token.
          await core.createNamespacedService({ namespace, body: service("while-listing") });
          await compactEtcd();
        }
        return page;
      },
      nameOf,
      10,
    );
    // The second try listed after the write: complete and current, nothing of the first try twice.
    expect(list.expiredRestarts).toBe(1);
    expect(list.items.sort()).toEqual([...names(COUNT), "while-listing"].sort());
    expect(pages).toBe(1 + 3);
    await core.deleteNamespacedService({ namespace, name: "while-listing" });
  });
});
