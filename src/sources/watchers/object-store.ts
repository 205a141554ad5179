/**
 * What the controller reads from the cluster: the cached objects of every watched kind, whether
 * they can be trusted yet, and a signal when they change. kube-watchers.ts implements it over
 * list-and-watch (kind-watcher.ts); tests and `plan` can implement it over a fixed list.
 */
import type { KubeObject } from "../kube-object.js";

/**
 * The state of one watched kind:
 * - `syncing`: its first list has not completed yet;
 * - `synced`: listed, and the watch is running;
 * - `missing-crd`: the API server does not serve the kind (its CRD is not installed, or was
 *   deleted); polled, and picked up when it appears;
 * - `error`: the last list, watch or discovery failed; the last known objects are kept and the
 *   watch is restarted with backoff.
 */
export type WatchState = "synced" | "syncing" | "missing-crd" | "error";

/** The status of one watched kind, for logs, `/readyz` and metrics. */
export interface WatchStatus {
  /** The object kind (`Gateway`). */
  kind: string;
  /** The API group (`gateway.networking.k8s.io`; `` for core): three sources have a `Gateway`. */
  group: string;
  /** The `apiVersion` being watched, once discovery has chosen one. */
  apiVersion?: string;
  state: WatchState;
  /** The last failure, kept until the next successful list. */
  lastError?: string;
  /** How many times the watch was restarted after a failure (periodic resyncs do not count). */
  restarts: number;
  /** How many times the watch was resumed after the API server ended it normally (its timeout). */
  resumes: number;
  /** How many objects of this kind are cached. */
  objects: number;
}

/** The controller's view of the cluster. */
export interface ObjectStore {
  /** Starts every watcher; resolves once they are started, not when they are synced. */
  start(): Promise<void>;
  /** Stops every watcher and timer. The cached objects stay readable. */
  stop(): Promise<void>;
  /** Every cached object of every watched kind, in a deterministic order (see `compareObjects`). */
  objects(): KubeObject[];
  /**
   * True once every watched kind has completed its first list, or discovery has confirmed that its
   * CRD is missing. Stays true after later failures: the cache then holds the last known objects.
   */
  synced(): boolean;
  /** One entry per watched kind. */
  status(): WatchStatus[];
  /** Calls `listener` after any add, update or delete and on any state change; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}
