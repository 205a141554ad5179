import type { KubeObject } from "../../../src/sources/kube-object.js";

/** Builders of plain Kubernetes objects for the source tests. */

export interface Meta {
  name?: string;
  namespace?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  creationTimestamp?: string;
  uid?: string;
}

function metadata(meta: Meta, defaultName: string): KubeObject["metadata"] {
  return { name: defaultName, namespace: "default", ...meta };
}

export function gateway(
  meta: Meta,
  listeners: Record<string, unknown>[],
  addresses: { type?: string; value: string }[] = [{ value: "192.0.2.10" }],
): KubeObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: metadata(meta, "gw"),
    spec: { gatewayClassName: "aws", listeners },
    status: { addresses },
  };
}

export function listener(name: string, hostname?: string, extra: Record<string, unknown> = {}) {
  return { name, port: 443, protocol: "HTTPS", ...(hostname === undefined ? {} : { hostname }), ...extra };
}

export function httpRoute(
  meta: Meta,
  hostnames: string[],
  parentRefs: Record<string, unknown>[],
  status?: unknown,
): KubeObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: metadata(meta, "route"),
    spec: { hostnames, parentRefs },
    ...(status === undefined ? {} : { status }),
  };
}

/** A Gateway API route of any kind; `hostnames` undefined leaves `spec.hostnames` out (TCPRoute). */
export function gatewayRoute(
  kind: string,
  version: string,
  meta: Meta,
  hostnames: unknown,
  parentRefs: Record<string, unknown>[],
): KubeObject {
  return {
    apiVersion: `gateway.networking.k8s.io/${version}`,
    kind,
    metadata: metadata(meta, kind.toLowerCase()),
    spec: { ...(hostnames === undefined ? {} : { hostnames }), parentRefs },
  };
}

/** A `networking.k8s.io/v1` Ingress; `spec` replaces the whole spec, `ingress` is its status. */
export function ingress(
  meta: Meta,
  spec: Record<string, unknown>,
  lbIngress: { hostname?: string; ip?: string }[] = [{ hostname: ELB }],
  apiVersion = "networking.k8s.io/v1",
): KubeObject {
  return {
    apiVersion,
    kind: "Ingress",
    metadata: metadata(meta, "ing"),
    spec,
    status: { loadBalancer: { ingress: lbIngress } },
  };
}

/** An external-dns `DNSEndpoint` with these `spec.endpoints`. */
export function dnsEndpoint(meta: Meta, endpoints: unknown): KubeObject {
  return {
    apiVersion: "externaldns.k8s.io/v1alpha1",
    kind: "DNSEndpoint",
    metadata: metadata(meta, "dns"),
    spec: { endpoints },
  };
}

export function lbService(
  meta: Meta,
  selector: Record<string, string>,
  ingress: { hostname?: string; ip?: string }[],
  type = "LoadBalancer",
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: metadata(meta, "svc"),
    spec: { type, selector, ports: [{ port: 443 }] },
    status: { loadBalancer: { ingress } },
  };
}

export function istioGateway(
  meta: Meta,
  selector: Record<string, string> | undefined,
  hosts: string[][],
  apiVersion = "networking.istio.io/v1",
): KubeObject {
  return {
    apiVersion,
    kind: "Gateway",
    metadata: metadata(meta, "istio-gw"),
    spec: {
      ...(selector ? { selector } : {}),
      servers: hosts.map((h, i) => ({
        port: { number: 443 + i, name: `p${i}`, protocol: "HTTPS" },
        hosts: h,
      })),
    },
  };
}

export function tetrateGateway(meta: Meta, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "gateway.tsb.tetrate.io/v2",
    kind: "Gateway",
    metadata: metadata(meta, "tsb-gw"),
    spec,
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/** An ELB DNS name as AWS gives it. */
export const ELB = "k8s-gw-abc-0123456789.elb.eu-west-2.amazonaws.com";
