// The benchmark's objects: N LoadBalancer Services in one namespace of the real kube-apiserver, each with
// a hostname annotation for both controllers and a load balancer IP in its status, as a cloud's
// service controller would set it.

import {
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Service,
} from "@kubernetes/client-node";

/** The zone every hostname is published in. */
export const BENCH_ZONE = "bench.example.com";
/** route53-gslb's annotation (docs/annotations.md). */
export const GSLB_HOSTNAMES = "route53-gslb.io/hostnames";
/** external-dns's annotation: v0.22 reads only the `external-dns.kubernetes.io/` prefix by default. */
export const EXTERNAL_DNS_HOSTNAME = "external-dns.kubernetes.io/hostname";
/** Creates and patches at once: the apiserver and etcd share the machine with everything else. */
const PARALLEL = 16;

const mergePatch = () => setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** Service i's name and load balancer IP (unique up to 2^24 Services). */
export const serviceName = (i: number) => `s${i}`;
export const serviceIp = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
/** The hostname Service i publishes, in generation `gen` (0 at creation, then one per change stream). */
export const hostnameOf = (i: number, gen = 0) =>
  gen === 0 ? `s${i}.${BENCH_ZONE}` : `e${gen}-s${i}.${BENCH_ZONE}`;

/** Runs `fn` over 0..count-1 with at most `parallel` calls at once; rejects on the first failure. */
export async function forEachParallel(
  count: number,
  parallel: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}

export class KubeFleet {
  readonly core: CoreV1Api;

  constructor(kubeconfig: string) {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  async createNamespace(name: string): Promise<void> {
    await this.core.createNamespace({ body: { metadata: { name } } });
  }

  /**
   * Creates Services 0..count-1 in `namespace` and sets each one's load balancer IP. Node ports are not
   * allocated: the apiserver's NodePort range (2,768 ports) would run out at about 2,700 Services.
   */
  async createServices(namespace: string, count: number, progress: (done: number) => void): Promise<void> {
    let done = 0;
    await forEachParallel(count, PARALLEL, async (i) => {
      const name = serviceName(i);
      const hostname = hostnameOf(i);
      const body: V1Service = {
        metadata: {
          name,
          namespace,
          annotations: { [GSLB_HOSTNAMES]: hostname, [EXTERNAL_DNS_HOSTNAME]: hostname },
        },
        spec: {
          type: "LoadBalancer",
          allocateLoadBalancerNodePorts: false,
          selector: { app: name },
          ports: [{ name: "http", port: 80, protocol: "TCP" }],
        },
      };
      await this.core.createNamespacedService({ namespace, body });
      await this.core.patchNamespacedServiceStatus(
        { name, namespace, body: { status: { loadBalancer: { ingress: [{ ip: serviceIp(i) }] } } } },
        mergePatch(),
      );
      if (++done % 500 === 0) progress(done);
    });
  }

  /** Points Service i's hostname annotations (both controllers') at `hostname`. */
  async renameService(namespace: string, i: number, hostname: string): Promise<void> {
    await this.core.patchNamespacedService(
      {
        name: serviceName(i),
        namespace,
        body: {
          metadata: { annotations: { [GSLB_HOSTNAMES]: hostname, [EXTERNAL_DNS_HOSTNAME]: hostname } },
        },
      },
      mergePatch(),
    );
  }

  /** Deletes every Service of `namespace` (the namespace stays: the peer runs no namespace controller). */
  async deleteServices(namespace: string): Promise<void> {
    await this.core.deleteCollectionNamespacedService({ namespace });
  }
}
