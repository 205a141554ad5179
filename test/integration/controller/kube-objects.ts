// Creating and changing the objects the controller watches, through the real apiserver.

import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";

export const GATEWAY_API = { group: "gateway.networking.k8s.io", version: "v1", plural: "gateways" };

export class KubeObjects {
  readonly kc = new KubeConfig();
  readonly core: CoreV1Api;
  readonly custom: CustomObjectsApi;

  constructor(kubeconfig: string) {
    this.kc.loadFromFile(kubeconfig);
    this.core = this.kc.makeApiClient(CoreV1Api);
    this.custom = this.kc.makeApiClient(CustomObjectsApi);
  }

  async namespace(prefix: string): Promise<string> {
    const name = `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    await this.core.createNamespace({ body: { metadata: { name } } });
    return name;
  }

  /** A Gateway API Gateway for `hostname`, with a status address as a gateway controller would set it. */
  async gateway(
    namespace: string,
    name: string,
    hostname: string,
    annotations: Record<string, string> = {},
    address = "192.0.2.10",
  ): Promise<void> {
    await this.custom.createNamespacedCustomObject({
      ...GATEWAY_API,
      namespace,
      body: {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name, namespace, annotations },
        spec: {
          gatewayClassName: "test",
          listeners: [{ name: "http", port: 80, protocol: "HTTP", hostname }],
        },
      },
    });
    await this.custom.patchNamespacedCustomObjectStatus(
      {
        ...GATEWAY_API,
        namespace,
        name,
        body: { status: { addresses: [{ type: "IPAddress", value: address }] } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
  }

  /** An Ingress with one rule per host, and the load balancer address an Ingress controller would set. */
  async ingress(namespace: string, name: string, hosts: string[], address: string): Promise<void> {
    const networking = this.kc.makeApiClient(NetworkingV1Api);
    const backend = { service: { name: "web", port: { number: 80 } } };
    await networking.createNamespacedIngress({
      namespace,
      body: {
        metadata: { name },
        spec: {
          rules: hosts.map((host) => ({
            host,
            http: { paths: [{ path: "/", pathType: "Prefix", backend }] },
          })),
        },
      },
    });
    await networking.patchNamespacedIngressStatus(
      { namespace, name, body: { status: { loadBalancer: { ingress: [{ ip: address }] } } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
  }

  /** An external-dns DNSEndpoint with these `spec.endpoints`. */
  async dnsEndpoint(namespace: string, name: string, endpoints: Record<string, unknown>[]): Promise<void> {
    await this.custom.createNamespacedCustomObject({
      group: "externaldns.k8s.io",
      version: "v1alpha1",
      plural: "dnsendpoints",
      namespace,
      body: {
        apiVersion: "externaldns.k8s.io/v1alpha1",
        kind: "DNSEndpoint",
        metadata: { name },
        spec: { endpoints },
      },
    });
  }

  async annotate(namespace: string, name: string, annotations: Record<string, string>): Promise<void> {
    await this.custom.patchNamespacedCustomObject(
      { ...GATEWAY_API, namespace, name, body: { metadata: { annotations } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
  }

  async deleteGateway(namespace: string, name: string): Promise<void> {
    await this.custom.deleteNamespacedCustomObject({ ...GATEWAY_API, namespace, name });
  }

  /** Events whose involved object is `name` in `namespace`. */
  async eventsFor(
    namespace: string,
    name: string,
  ): Promise<{ reason?: string; message?: string; type?: string }[]> {
    const list = await this.core.listNamespacedEvent({
      namespace,
      fieldSelector: `involvedObject.name=${name}`,
    });
    return list.items.map((e) => ({ reason: e.reason, message: e.message, type: e.type }));
  }
}
