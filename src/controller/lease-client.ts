/**
 * The three calls leader election makes on a `coordination.k8s.io/v1` Lease, behind a small
 * interface so `leader.ts` is tested against an in-memory fake and proven against a real
 * kube-apiserver in test/integration/controller/leader.test.ts.
 */
import { CoordinationV1Api, type KubeConfig, type V1Lease, V1MicroTime } from "@kubernetes/client-node";

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

/** A `LeaseClient` over the API server `kc` points at. */
export function kubeLeaseClient(kc: KubeConfig): LeaseClient {
  const api = kc.makeApiClient(CoordinationV1Api);
  return {
    async get(namespace, name) {
      try {
        return fromV1Lease(await api.readNamespacedLease({ name, namespace }), namespace, name);
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw wrap("get", namespace, name, error);
      }
    },
    async create(namespace, lease) {
      try {
        const body = toV1Lease({ ...lease, resourceVersion: undefined }, namespace);
        return fromV1Lease(await api.createNamespacedLease({ namespace, body }), namespace, lease.name);
      } catch (error) {
        throw wrap("create", namespace, lease.name, error);
      }
    },
    async update(namespace, lease) {
      try {
        const body = toV1Lease(lease, namespace);
        const name = lease.name;
        return fromV1Lease(await api.replaceNamespacedLease({ name, namespace, body }), namespace, name);
      } catch (error) {
        throw wrap("update", namespace, lease.name, error);
      }
    },
  };
}

function wrap(
  operation: "get" | "create" | "update",
  namespace: string,
  name: string,
  error: unknown,
): Error {
  const status = statusOf(error);
  if (status === 409) return new LeaseConflictError(namespace, name, { cause: error });
  return new LeaseRequestError(operation, namespace, name, status, { cause: error });
}

/** `ApiException.code` of a failed client-node call. */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "number" ? code : undefined;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

function toV1Lease(lease: Lease, namespace: string): V1Lease {
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
 * client-node passes a MicroTime through to JSON.stringify untouched, so it must be a `V1MicroTime`
 * (whose ISO string has the six fractional digits the API server's RFC3339Micro parser expects),
 * not a plain Date (three digits).
 */
function microTime(date: Date | undefined): V1MicroTime | undefined {
  return date === undefined ? undefined : new V1MicroTime(date.getTime());
}

function fromV1Lease(v1: V1Lease, namespace: string, name: string): Lease {
  const spec = v1.spec ?? {};
  return {
    name: v1.metadata?.name ?? name,
    namespace: v1.metadata?.namespace ?? namespace,
    resourceVersion: v1.metadata?.resourceVersion,
    holderIdentity: spec.holderIdentity || undefined,
    leaseDurationSeconds: spec.leaseDurationSeconds,
    acquireTime: toDate(spec.acquireTime),
    renewTime: toDate(spec.renewTime),
    leaseTransitions: spec.leaseTransitions,
  };
}

/**
 * client-node 1.4.0 types MicroTime fields as Date but, having no deserializer for "V1MicroTime",
 * hands back the wire string; accept either.
 */
function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== "string" || value === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
