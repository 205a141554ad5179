// vitest globalSetup: one real kube-apiserver + etcd for the whole run (built
// from the Go module proxy on the first run, then cached; see
// scripts/peers/kube.mjs), with the Gateway API, Istio and Tetrate Gateway CRDs
// installed. Tests get the kubeconfig path with `inject("kubeconfig")`.
// If kube cannot be built or started the run fails here, loudly — never skipped.

import type { TestProject } from "vitest/node";
import { startKube } from "../../scripts/peers/kube.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a kubeconfig (admin token, group system:masters) for the run's kube-apiserver. */
    kubeconfig: string;
    /** pid of the run's kube-apiserver (e.g. to SIGSTOP/SIGCONT it in an outage test). */
    kubeApiserverPid: number;
    /** Client URL of the run's etcd (e.g. to compact it, expiring the API server's continue tokens). */
    etcdEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let kube: Awaited<ReturnType<typeof startKube>>;
  try {
    kube = await startKube();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(
      `kube-apiserver/etcd test peer could not be built or started (integration tests need it):\n${why}`,
    );
  }
  process.stderr.write(
    `[kube] kube-apiserver at ${kube.server} (pid ${kube.apiserver.pid}), etcd pid ${kube.etcd.pid}; ` +
      `ready with CRDs in ${(kube.startMs / 1000).toFixed(1)} s; kubeconfig ${kube.kubeconfig}\n`,
  );
  // If vitest dies without running teardown, don't leave the apiserver and etcd behind.
  const onExit = () => {
    for (const pid of [kube.apiserver.pid, kube.etcd.pid]) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {}
    }
  };
  process.once("exit", onExit);
  project.provide("kubeconfig", kube.kubeconfig);
  project.provide("kubeApiserverPid", kube.apiserver.pid);
  project.provide("etcdEndpoint", kube.etcd.endpoint);
  return async () => {
    process.removeListener("exit", onExit);
    await kube.stop();
  };
}
