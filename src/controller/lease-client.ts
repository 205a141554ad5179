/**
 * The three calls leader election makes on a `coordination.k8s.io/v1` Lease, behind a small
 * interface so `leader.ts` is tested against an in-memory fake and proven against a real
 * kube-apiserver in test/integration/controller/leader.test.ts.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { type KubeSend, kubeRequests, statusCodeOf } from "../kube/kube-http.js";

/** A Lease as leader election sees it: `metadata` identity plus the `spec` fields. */
export interface Lease {
  name: string;
  namespace: string;
  /** The version the object was read at; `update` sends it back and fails with 409 if it moved. */
  resourceVersion?: string;
  /** Who holds the lease; empty or absent when nobody does (e.g. after a release). */
  holderIdentity?: string;
  /** How long after the last observed renewal other candidates must wait before taking over. */
  leaseDurationSeconds?: number;
  /** When the current holder acquired the lease. */
  acquireTime?: Date;
  /** When the current holder last renewed the lease. */
  renewTime?: Date;
  /** How many times the lease changed hands. */
  leaseTransitions?: number;
}

/** The Lease calls leader election needs. */
export interface LeaseClient {
  /** The Lease, or undefined if it does not exist. */
  get(namespace: string, name: string): Promise<Lease | undefined>;
  /** Creates the Lease; throws `LeaseConflictError` if it already exists. */
  create(namespace: string, lease: Lease): Promise<Lease>;
  /**
   * Replaces the Lease at `lease.resourceVersion` (optimistic concurrency); throws
   * `LeaseConflictError` when somebody else wrote it since it was read.
   */
  update(namespace: string, lease: Lease): Promise<Lease>;
}

/** Somebody else wrote the Lease first (HTTP 409: a stale resourceVersion, or it already exists). */
export class LeaseConflictError extends Error {
  readonly name = "LeaseConflictError";
  constructor(
    readonly namespace: string,
    readonly leaseName: string,
    options?: { cause?: unknown },
  ) {
    super(`Lease ${namespace}/${leaseName} was written by somebody else; re-read it`, options);
  }
}

/** Any other failed Lease call (network, 403, 5xx); leader election retries it. */
export class LeaseRequestError extends Error {
  readonly name = "LeaseRequestError";
  constructor(
    readonly operation: "get" | "create" | "update",
    readonly namespace: string,
    readonly leaseName: string,
    /** HTTP status, when the API server answered. */
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `${operation} Lease ${namespace}/${leaseName} failed${status === undefined ? "" : ` (HTTP ${status})`}: ${firstLine(options?.cause)}`,
      options,
    );
  }
}

/**
 * How long one Lease call may take. Leader election bounds each attempt by its renew deadline too
 * (leader.ts); this closes the socket of a call it has given up on.
 */
const LEASE_CALL_TIMEOUT_MS = 30_000;

/** A `LeaseClient` over the API server `kc` points at (kube/kube-http.ts). */
export function kubeLeaseClient(kc: KubeConfig, send: KubeSend = kubeRequests(kc)): LeaseClient {
  const base = (namespace: string) =>
    `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  const call = async (
    operation: "get" | "create" | "update",
    namespace: string,
    name: string,
    request: { method?: "POST" | "PUT"; path: string; body?: WireLease },
  ): Promise<Lease> => {
    try {
      const answer = await send({ ...request, timeoutMs: LEASE_CALL_TIMEOUT_MS });
      return fromWire(answer, namespace, name);
    } catch (error) {
      throw wrap(operation, namespace, name, error);
    }
  };
  return {
    async get(namespace, name) {
      try {
        return await call("get", namespace, name, {
          path: `${base(namespace)}/${encodeURIComponent(name)}`,
        });
      } catch (error) {
        if (error instanceof LeaseRequestError && error.status === 404) return undefined;
        throw error;
      }
    },
    create(namespace, lease) {
      return call("create", namespace, lease.name, {
        method: "POST",
        path: base(namespace),
        body: toWire({ ...lease, resourceVersion: undefined }, namespace),
      });
    },
    update(namespace, lease) {
      return call("update", namespace, lease.name, {
        method: "PUT",
        path: `${base(namespace)}/${encodeURIComponent(lease.name)}`,
        body: toWire(lease, namespace),
      });
    },
  };
}

function wrap(
  operation: "get" | "create" | "update",
  namespace: string,
  name: string,
  error: unknown,
): Error {
  const status = statusCodeOf(error);
  if (status === 409) return new LeaseConflictError(namespace, name, { cause: error });
  return new LeaseRequestError(operation, namespace, name, status, { cause: error });
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

/** A `coordination.k8s.io/v1` Lease as JSON on the wire; MicroTimes are RFC3339 strings. */
interface WireLease {
  apiVersion: "coordination.k8s.io/v1";
  kind: "Lease";
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: {
    holderIdentity: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

function toWire(lease: Lease, namespace: string): WireLease {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name: lease.name,
      namespace,
      ...(lease.resourceVersion === undefined ? {} : { resourceVersion: lease.resourceVersion }),
    },
    spec: {
      // An empty holder is sent as "" (not omitted) so a release really clears it.
      holderIdentity: lease.holderIdentity ?? "",
      leaseDurationSeconds: lease.leaseDurationSeconds,
      acquireTime: microTime(lease.acquireTime),
      renewTime: microTime(lease.renewTime),
      leaseTransitions: lease.leaseTransitions,
    },
  };
}

/**
 * A MicroTime as the API server's RFC3339Micro parser expects it: six fractional digits, where a
 * Date's ISO string has three.
 */
function microTime(date: Date | undefined): string | undefined {
  return date === undefined ? undefined : date.toISOString().replace(/Z$/, "000Z");
}

/**
 * A Lease from the API server's answer. Another holder wrote its spec (leader election's peers, or
 * whoever can write Leases in the namespace), so every field is checked, not cast.
 */
function fromWire(answer: unknown, namespace: string, name: string): Lease {
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const metadata = record(record(answer).metadata);
  const spec = record(record(answer).spec);
  return {
    name: text(metadata.name) ?? name,
    namespace: text(metadata.namespace) ?? namespace,
    resourceVersion: text(metadata.resourceVersion),
    holderIdentity: text(spec.holderIdentity) || undefined,
    leaseDurationSeconds: count(spec.leaseDurationSeconds),
    acquireTime: toDate(spec.acquireTime),
    renewTime: toDate(spec.renewTime),
    leaseTransitions: count(spec.leaseTransitions),
  };
}

/** A MicroTime off the wire. */
function toDate(value: unknown): Date | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
