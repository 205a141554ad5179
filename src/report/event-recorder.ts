import type { CoreV1Event } from "@kubernetes/client-node";
import { statusCodeOf } from "../kube/kube-http.js";
import { formatSourceRef, type SourceRef } from "../model/source-ref.js";

/** Event reasons the controller uses (the `reason` column of `kubectl get events`). */
export const EventReason = {
  /** A `route53-gslb.io/` (or external-dns) annotation has a bad key or value. */
  InvalidAnnotation: "InvalidAnnotation",
  /** A hostname (or the whole object) produced no record: no zone, no address, a Route 53 rule... */
  HostnameSkipped: "HostnameSkipped",
  /** Another object or cluster holds the name with settings we may not change. */
  Conflict: "Conflict",
  /** Route 53 rejected the object's changes (`InvalidChangeBatch`), or they fit no request. */
  Route53Rejected: "Route53Rejected",
  /** The object's record changes were applied. */
  Published: "Published",
  /** Deletions of the object's records were withheld by `--max-deletions` or the policy. */
  DeletionsHeldBack: "DeletionsHeldBack",
  /** The object asks for another routing policy at a name other clusters share: where the switch stands. */
  PolicySwitch: "PolicySwitch",
  /** A record the object wants was taken over from external-dns (`--adopt-external-dns-owner`). */
  TakenOver: "TakenOver",
} as const;
export type EventReason = (typeof EventReason)[keyof typeof EventReason];

export type EventType = "Normal" | "Warning";

/** The object an Event is about; `uid` and `apiVersion` make `kubectl describe` find it. */
export type EventObjectRef = SourceRef & { uid?: string; apiVersion?: string };

/** Records Kubernetes Events. Never throws and never waits: `record` queues, `flush` waits for the queue. */
export interface EventRecorder {
  record(ref: EventObjectRef, type: EventType, reason: string, message: string): void;
  flush(): Promise<void>;
}

/**
 * The two calls the recorder makes: kube-events-api.ts over the API server; unit tests pass a fake that
 * records the requests.
 */
export interface EventsApi {
  createNamespacedEvent(param: { namespace: string; body: CoreV1Event }): Promise<unknown>;
  patchNamespacedEvent(param: { name: string; namespace: string; body: unknown }): Promise<unknown>;
}

/** A token bucket's size: `burst` writes at once, then one more every `refillMs`. */
export interface EventRateLimit {
  burst: number;
  refillMs: number;
}

/** What a failed write was about, for the `onError` hook (which logs it). */
export interface EventWriteFailure {
  action: "create" | "patch";
  object: string;
  reason: string;
}

export interface KubeEventRecorderOptions {
  api: EventsApi;
  /** `reportingInstance` and `source.host`: the pod name (cli/ reads it from the environment). */
  instance: string;
  /** Milliseconds since the Unix epoch; Event timestamps are wall-clock times. @default Date.now */
  clock?: () => number;
  /**
   * An Event repeated (same object, type, reason and message) within this long of its last occurrence
   * bumps the existing Event's `count` instead of creating another.
   * @default 600000 (10 minutes)
   */
  dedupeWindowMs?: number;
  /**
   * Repeats are folded locally and written with one PATCH (`count`, `lastTimestamp`) at most this often
   * per Event: a problem seen on every reconcile must not cost a write per reconcile.
   * @default 300000 (5 minutes)
   */
  patchIntervalMs?: number;
  /** Writes per object (client-go's spam filter does the same per object). @default { burst: 10, refillMs: 10000 } */
  perObject?: EventRateLimit;
  /** Writes of the whole process, so a thousand bad Gateways cannot flood the apiserver. @default { burst: 100, refillMs: 200 } */
  global?: EventRateLimit;
  /** Writes waiting for the apiserver beyond this are dropped (the apiserver may be down). @default 1000 */
  maxQueued?: number;
  /** Deduplication entries and per-object buckets kept; the least recently used go first. @default 4096 */
  maxTracked?: number;
  /** Called for each failed write; the recorder never throws into its caller. */
  onError?: (error: unknown, failure: EventWriteFailure) => void;
}

/** What the recorder did, for logs and tests. */
export interface EventRecorderStats {
  created: number;
  patched: number;
  /** Occurrences folded into an existing Event (written later, or not at all). */
  deduplicated: number;
  /** Writes dropped by a rate limit or a full queue. */
  suppressed: number;
  failed: number;
}

interface Tracked {
  name: string;
  namespace: string;
  object: string;
  reason: string;
  count: number;
  lastSeen: number;
  lastWrite: number;
  /** False until the apiserver accepted the create: a PATCH before that would 404. */
  created: boolean;
}

/** A non-blocking token bucket: a write that finds no token is dropped, not delayed. */
class Bucket {
  tokens: number;
  last: number;
  constructor(
    readonly limit: EventRateLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.last = now;
  }
  refill(now: number): number {
    this.tokens = Math.min(this.limit.burst, this.tokens + (now - this.last) / this.limit.refillMs);
    this.last = now;
    return this.tokens;
  }
}

const COMPONENT = "route53-gslb";
const REPORTING_CONTROLLER = "route53-gslb.io/controller";
/** events.k8s.io caps `note` at 1 kB; core/v1 does not, but a longer message helps no one. */
const MAX_MESSAGE = 1024;

/**
 * Posts core/v1 Events on the objects concerned, like client-go's recorder:
 * - deduplicated: a repeat within `dedupeWindowMs` is folded into the existing Event and written as a
 *   PATCH of `count` and `lastTimestamp`, at most once per `patchIntervalMs` (so `kubectl describe` shows
 *   "x12 over 12m" instead of twelve lines). A PATCH answered 404 (the Event expired, by default after
 *   an hour) forgets the Event, and the next occurrence creates a new one;
 * - rate-limited: each write takes a token from the object's bucket and from the global one; with none,
 *   it is dropped — a dropped create is retried when the problem repeats on the next reconcile;
 * - never throwing: `record` only queues; writes go out one at a time, errors go to `onError`.
 */
export class KubeEventRecorder implements EventRecorder {
  readonly #api: EventsApi;
  readonly #instance: string;
  readonly #clock: () => number;
  readonly #window: number;
  readonly #patchInterval: number;
  readonly #perObject: EventRateLimit;
  readonly #global: Bucket;
  readonly #maxQueued: number;
  readonly #maxTracked: number;
  readonly #onError: KubeEventRecorderOptions["onError"];
  readonly #tracked = new Map<string, Tracked>();
  readonly #buckets = new Map<string, Bucket>();
  readonly #stats: EventRecorderStats = { created: 0, patched: 0, deduplicated: 0, suppressed: 0, failed: 0 };
  #tail: Promise<void> = Promise.resolve();
  #queued = 0;
  #seq = 0;

  constructor(options: KubeEventRecorderOptions) {
    this.#api = options.api;
    this.#instance = options.instance;
    this.#clock = options.clock ?? Date.now;
    this.#window = options.dedupeWindowMs ?? 600_000;
    this.#patchInterval = options.patchIntervalMs ?? 300_000;
    this.#perObject = options.perObject ?? { burst: 10, refillMs: 10_000 };
    this.#global = new Bucket(options.global ?? { burst: 100, refillMs: 200 }, this.#clock());
    this.#maxQueued = options.maxQueued ?? 1000;
    this.#maxTracked = options.maxTracked ?? 4096;
    this.#onError = options.onError;
  }

  record(ref: EventObjectRef, type: EventType, reason: string, message: string): void {
    try {
      this.#record(ref, type, reason, message.slice(0, MAX_MESSAGE));
    } catch (e) {
      this.#fail(e, { action: "create", object: formatSourceRef(ref), reason });
    }
  }

  /** Resolves once every queued write has been answered (or has failed). */
  async flush(): Promise<void> {
    let tail: Promise<void>;
    do {
      tail = this.#tail;
      await tail;
    } while (tail !== this.#tail);
  }

  stats(): EventRecorderStats {
    return { ...this.#stats };
  }

  #record(ref: EventObjectRef, type: EventType, reason: string, message: string): void {
    const now = this.#clock();
    const object = formatSourceRef(ref);
    const key = `${object}\n${type}\n${reason}\n${message}`;
    const seen = this.#tracked.get(key);
    if (seen && now - seen.lastSeen <= this.#window) {
      seen.count++;
      seen.lastSeen = now;
      this.#touch(key, seen);
      this.#stats.deduplicated++;
      if (!seen.created || now - seen.lastWrite < this.#patchInterval) return;
      if (!this.#admit(object, now)) return;
      seen.lastWrite = now;
      const count = seen.count;
      this.#enqueue({ action: "patch", object, reason }, async () => {
        try {
          await this.#api.patchNamespacedEvent({
            name: seen.name,
            namespace: seen.namespace,
            // A JSON patch (kube-events-api.ts sends it as `application/json-patch+json`).
            body: [
              { op: "replace", path: "/count", value: count },
              { op: "replace", path: "/lastTimestamp", value: new Date(now).toISOString() },
            ],
          });
          this.#stats.patched++;
        } catch (e) {
          if (this.#tracked.get(key) === seen) this.#tracked.delete(key);
          if (statusCodeOf(e) !== 404) throw e;
        }
      });
      return;
    }

    if (!this.#admit(object, now)) return;
    const namespace = ref.namespace || "default";
    const name = `${ref.name.slice(0, 230)}.${now.toString(16)}${(this.#seq++ % 0x10000).toString(16).padStart(4, "0")}`;
    const entry: Tracked = {
      name,
      namespace,
      object,
      reason,
      count: 1,
      lastSeen: now,
      lastWrite: now,
      created: false,
    };
    this.#touch(key, entry);
    const at = new Date(now);
    const apiVersion = ref.apiVersion ?? (ref.group === "" ? "v1" : undefined);
    const body: CoreV1Event = {
      metadata: { name, namespace },
      involvedObject: {
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        ...(ref.uid ? { uid: ref.uid } : {}),
        ...(apiVersion ? { apiVersion } : {}),
      },
      type,
      reason,
      message,
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
      source: { component: COMPONENT, host: this.#instance },
      reportingComponent: REPORTING_CONTROLLER,
      reportingInstance: this.#instance,
    };
    this.#enqueue({ action: "create", object, reason }, async () => {
      try {
        await this.#api.createNamespacedEvent({ namespace, body });
        entry.created = true;
        this.#stats.created++;
      } catch (e) {
        // Forget it, so the next occurrence tries a create again instead of patching nothing.
        if (this.#tracked.get(key) === entry) this.#tracked.delete(key);
        throw e;
      }
    });
  }

  /** Takes a token from the object's bucket and the global one, or neither. */
  #admit(object: string, now: number): boolean {
    let bucket = this.#buckets.get(object);
    if (!bucket) {
      bucket = new Bucket(this.#perObject, now);
      this.#buckets.set(object, bucket);
      if (this.#buckets.size > this.#maxTracked) this.#pruneBuckets(now);
    }
    if (bucket.refill(now) < 1 || this.#global.refill(now) < 1 || this.#queued >= this.#maxQueued) {
      this.#stats.suppressed++;
      return false;
    }
    bucket.tokens--;
    this.#global.tokens--;
    return true;
  }

  /** A full bucket is the same as no bucket, so full ones can be forgotten. */
  #pruneBuckets(now: number): void {
    for (const [k, b] of this.#buckets) {
      if (b.refill(now) >= b.limit.burst) this.#buckets.delete(k);
    }
    for (const k of this.#buckets.keys()) {
      if (this.#buckets.size <= this.#maxTracked) break;
      this.#buckets.delete(k);
    }
  }

  /** Marks `key` most recently used (a Map iterates in insertion order) and evicts beyond the cap. */
  #touch(key: string, entry: Tracked): void {
    this.#tracked.delete(key);
    this.#tracked.set(key, entry);
    for (const k of this.#tracked.keys()) {
      if (this.#tracked.size <= this.#maxTracked) break;
      this.#tracked.delete(k);
    }
  }

  #enqueue(what: EventWriteFailure, write: () => Promise<void>): void {
    this.#queued++;
    this.#tail = this.#tail.then(async () => {
      try {
        await write();
      } catch (e) {
        this.#fail(e, what);
      } finally {
        this.#queued--;
      }
    });
  }

  #fail(error: unknown, failure: EventWriteFailure): void {
    this.#stats.failed++;
    try {
      this.#onError?.(error, failure);
    } catch {
      // A failing log hook must not reach the reconcile loop.
    }
  }
}

/** An EventRecorder that keeps Events in memory, for the tests of modules that report. */
export class MemoryEventRecorder implements EventRecorder {
  readonly events: { ref: EventObjectRef; type: EventType; reason: string; message: string }[] = [];

  record(ref: EventObjectRef, type: EventType, reason: string, message: string): void {
    this.events.push({ ref, type, reason, message });
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  /** Events on one object (`<group>/<Kind> <namespace>/<name>`), optionally of one reason. */
  on(source: string, reason?: string): { type: EventType; reason: string; message: string }[] {
    return this.events.filter(
      (e) => formatSourceRef(e.ref) === source && (reason === undefined || e.reason === reason),
    );
  }
}
