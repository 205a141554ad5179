// What the controller's caches hold, each measured on its own (docs/benchmarks.md): the bench process
// builds them the way the controller does, from the same apiserver and Route 53 the controller used,
// and reads the heap after a full GC before and after each one. The controller's own peak RSS, in the
// same table, also holds what its runs allocate and drop; these figures are what stays.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  type Route53Client,
} from "@aws-sdk/client-route-53";
import { KubeConfig } from "@kubernetes/client-node";
import { DEFAULT_ZONE_FILTER, defaultPlannerConfig } from "../../src/config/config.js";
import { planRun } from "../../src/plan/plan-run.js";
import { ZoneCache } from "../../src/route53/hosted-zones.js";
import { createKubeObjectStore } from "../../src/sources/watchers/kube-watchers.js";

/** Heap each cache holds after a full GC, in MiB, and what it holds. */
export interface CacheSizes {
  /** The informer cache: the slimmed Services (sources/watchers/). */
  objectsMiB: number;
  objects: number;
  /** The zone cache: the bench zone's record sets (route53/hosted-zones.ts). */
  recordsMiB: number;
  records: number;
  /**
   * What a plan over both keeps for the next run: endpoints per object (sources/), the zone's host
   * groups and what this owner holds in each (plan/zone-hosts.ts, plan/zone-ownership.ts).
   */
  plannerMiB: number;
}

function fullGc(): () => void {
  // The bench runs without --expose-gc; the flag can be set at run time and `gc` read from a fresh
  // context (V8 installs it there once the flag is on).
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

const heapMiB = (gc: () => void) => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

export async function measureCaches(
  kubeconfig: string,
  namespace: string,
  route53: Route53Client,
  clusterName: string,
): Promise<CacheSizes> {
  const gc = fullGc();
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const base = heapMiB(gc);

  const store = createKubeObjectStore(kc, { sources: ["service"], namespace });
  await store.start();
  try {
    const deadline = Date.now() + 300_000;
    while (!store.synced()) {
      if (Date.now() > deadline) throw new Error(`the Services of ${namespace} were not listed in 5 min`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const withObjects = heapMiB(gc);

    const zones = new ZoneCache({
      api: {
        listHostedZones: (input) => route53.send(new ListHostedZonesCommand(input)),
        listResourceRecordSets: (input) => route53.send(new ListResourceRecordSetsCommand(input)),
        listTagsForResources: (input) => route53.send(new ListTagsForResourcesCommand(input)),
      },
      filter: { ...DEFAULT_ZONE_FILTER },
    });
    await zones.refresh();
    const withRecords = heapMiB(gc);

    await planRun({
      objects: store.objects(),
      sources: ["service"],
      config: defaultPlannerConfig(clusterName),
      readState: async () => ({
        state: { zones: zones.zones(), loadBalancers: [], healthChecks: [] },
        warnings: [],
        unresolved: [],
      }),
    });
    const withPlanner = heapMiB(gc);
    return {
      objectsMiB: withObjects - base,
      objects: store.objects().length,
      recordsMiB: withRecords - withObjects,
      records: zones.zones().reduce((n, z) => n + z.records.length, 0),
      plannerMiB: withPlanner - withRecords,
    };
  } finally {
    await store.stop();
  }
}
