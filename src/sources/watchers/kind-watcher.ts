/**
 * One watched kind: discovery, a client-node ListWatch, our own cache, periodic resync, restarts
 * with backoff, and CRDs that are missing or come and go.
 *
 * client-node's ListWatch lists, then watches from the list's resourceVersion; it re-lists by
 * itself only on 410 Gone. Any other failure (API server down, 5xx, 404) fires `error` and the
 * informer stays stopped. So every failure here ends in a fresh *incarnation*: a new ListWatch
 * (discovery, list, watch) after a backoff, or after `crdPollIntervalMs` while the CRD is missing.
 * Callbacks of an old incarnation are ignored (`generation`), because stopping a ListWatch aborts
 * its request, which can still fire `error` afterwards.
 *
 * The cache is ours, not the ListWatch's, so that it survives incarnations: a failure never
 * clears it (the controller must not see an empty world and delete DNS); only a successful list
 * replaces it. The one exception is a CRD that disappears after it was synced (discovery or the
 * list says 404): its objects are dropped, because they no longer exist, and the controller's
 * `--max-deletions` guard holds back the mass deletion that follows until an operator looks.
 */
import { type KubeConfig, type KubernetesObject, ListWatch, Watch } from "@kubernetes/client-node";
import type { KubeObject } from "../kube-object.js";
import {
  describeError,
  discoverVersion,
  type ListScope,
  listFunction,
  statusCodeOf,
  toPlainObject,
} from "./kube-api.js";
import type { WatchState, WatchStatus } from "./object-store.js";
import { apiVersionFor, backoffDelay, collectionPath, type KindSpec, kindLabel } from "./watched-kinds.js";

/** Log levels the watchers use. */
export type LogLevel = "debug" | "info" | "warn" | "error";
/** A structured log sink (pino's argument order reversed, so that a plain function fits). */
export type LogFn = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

/** Everything a {@link KindWatcher} needs. */
export interface KindWatcherOptions {
  kc: KubeConfig;
  spec: KindSpec;
  /** Server-side scope of list and watch. */
  scope: ListScope;
  /** Client-side filter: the object to cache (possibly altered), or undefined to leave it out. */
  keep: (obj: KubeObject) => KubeObject | undefined;
  resyncIntervalMs: number;
  crdPollIntervalMs: number;
  restartBackoff: { baseMs: number; maxMs: number };
  /** Bound on one discovery or list request. */
  requestTimeoutMs: number;
  log: LogFn;
  /** Called after the cached objects or the state changed. */
  changed: () => void;
}

/** The watcher of one kind. Create, `start()`, read `objects()`/`status()`, `stop()`. */
export class KindWatcher {
  private readonly cache = new Map<string, KubeObject>();
  private state: WatchState = "syncing";
  private everSynced = false;
  private version: string | undefined;
  private lastError: string | undefined;
  private restarts = 0;
  /** Consecutive failures, for the backoff; reset by a successful list. */
  private failures = 0;
  private generation = 0;
  private informer: ListWatch<KubernetesObject> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly o: KindWatcherOptions) {}

  /** Starts discovery, list and watch in the background. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.launch();
  }

  /** Stops the watch and every timer. The cache stays readable. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    this.clearTimer();
    await this.stopInformer();
  }

  /** True once the first list completed, or discovery confirmed the CRD missing. */
  synced(): boolean {
    return this.everSynced;
  }

  /** The cached objects, in no particular order. */
  objects(): KubeObject[] {
    return [...this.cache.values()];
  }

  /** The status of this kind. */
  status(): WatchStatus {
    const s: WatchStatus = {
      kind: this.o.spec.kind,
      group: this.o.spec.group,
      state: this.state,
      restarts: this.restarts,
      objects: this.cache.size,
    };
    if (this.version !== undefined) s.apiVersion = apiVersionFor(this.o.spec.group, this.version);
    if (this.lastError !== undefined) s.lastError = this.lastError;
    return s;
  }

  /** A new incarnation: discovery, then a fresh ListWatch whose list replaces the cache. */
  private async launch(): Promise<void> {
    const gen = ++this.generation;
    this.clearTimer();
    await this.stopInformer();
    const { kc, spec, scope } = this.o;
    let version: string | undefined;
    try {
      version = await withTimeout(discoverVersion(kc, spec), this.o.requestTimeoutMs, "discovery");
    } catch (error) {
      if (gen === this.generation) this.fail(error, "discovery");
      return;
    }
    if (gen !== this.generation) return;
    if (version === undefined) {
      this.missing();
      return;
    }
    this.version = version;
    const list = listFunction(kc, spec, version, scope);
    const informer = new ListWatch<KubernetesObject>(
      collectionPath(spec, version, scope.namespace),
      new Watch(kc),
      async () => {
        const result = await withTimeout(list(), this.o.requestTimeoutMs, "list");
        // ListWatch also calls this after a 410 Gone, so every successful list lands here.
        if (gen === this.generation) this.replace(result.items as unknown as KubeObject[]);
        return result;
      },
      false,
      scope.labelSelector,
      scope.fieldSelector,
    );
    const current = (fn: (obj: KubernetesObject) => void) => (obj: KubernetesObject) => {
      if (gen === this.generation) fn(obj);
    };
    informer.on(
      "add",
      current((obj) => this.put(obj)),
    );
    informer.on(
      "update",
      current((obj) => this.put(obj)),
    );
    informer.on(
      "delete",
      current((obj) => this.remove(obj)),
    );
    informer.on("error", (error?: unknown) => {
      if (gen !== this.generation) return;
      if (statusCodeOf(error) === 404) this.missing();
      else this.fail(error, "list/watch");
    });
    this.informer = informer;
    try {
      await informer.start();
    } catch (error) {
      // start() rejects only when the kubeconfig has no current cluster; list errors go to `error`.
      if (gen === this.generation) this.fail(error, "start");
    }
  }

  private replace(items: KubeObject[]): void {
    const next = new Map<string, KubeObject>();
    for (const item of items) {
      const kept = this.o.keep(toPlainObject(item));
      if (kept) next.set(keyOf(kept), kept);
    }
    let changed = next.size !== this.cache.size;
    for (const [key, obj] of next) {
      if (!changed && resourceVersionOf(this.cache.get(key)) !== resourceVersionOf(obj)) changed = true;
    }
    this.cache.clear();
    for (const [key, obj] of next) this.cache.set(key, obj);
    if (this.state !== "synced") {
      this.o.log("info", "watching kind", {
        kind: kindLabel(this.o.spec),
        apiVersion: this.status().apiVersion,
        objects: next.size,
      });
      changed = true;
    }
    this.state = "synced";
    this.everSynced = true;
    this.lastError = undefined;
    this.failures = 0;
    // client-node informers never resync; a fresh incarnation re-lists (and replaces a watch that
    // may have gone silent: client-node sets no timeout on it).
    this.schedule(this.o.resyncIntervalMs);
    // A resync that found nothing new schedules no reconcile: the controller has its own interval.
    if (changed) this.o.changed();
  }

  private put(raw: KubernetesObject): void {
    const obj = this.o.keep(toPlainObject(raw));
    if (!obj) {
      // An object can stop matching the filters (an annotation removed): then it leaves the cache.
      this.remove(raw);
      return;
    }
    const key = keyOf(obj);
    if (resourceVersionOf(this.cache.get(key)) === resourceVersionOf(obj) && this.cache.has(key)) return;
    this.cache.set(key, obj);
    this.o.changed();
  }

  private remove(raw: KubernetesObject): void {
    if (this.cache.delete(keyOf(raw as unknown as KubeObject))) this.o.changed();
  }

  private missing(): void {
    const label = kindLabel(this.o.spec);
    const wasMissing = this.state === "missing-crd";
    if (!wasMissing) {
      // Reported once per disappearance; the polls that follow are silent.
      const dropped = this.cache.size;
      this.o.log(
        dropped > 0 ? "warn" : "info",
        "kind not served by the API server (CRD not installed); watching for it",
        {
          kind: label,
          versions: this.o.spec.versions,
          droppedObjects: dropped,
        },
      );
    }
    this.cache.clear();
    this.state = "missing-crd";
    this.version = undefined;
    this.everSynced = true;
    this.lastError = undefined;
    this.failures = 0;
    void this.stopInformer();
    this.schedule(this.o.crdPollIntervalMs);
    if (!wasMissing) this.o.changed();
  }

  private fail(error: unknown, during: string): void {
    this.lastError = `${during}: ${describeError(error)}`;
    const delay = backoffDelay(this.failures, this.o.restartBackoff);
    this.failures++;
    this.restarts++;
    const wasError = this.state === "error";
    this.state = "error";
    // Warn when the kind starts failing; the retries of one outage log at debug.
    this.o.log(wasError ? "debug" : "warn", "watch failed; keeping the last known objects and restarting", {
      kind: kindLabel(this.o.spec),
      error: this.lastError,
      restartInMs: delay,
      restarts: this.restarts,
      cachedObjects: this.cache.size,
    });
    void this.stopInformer();
    this.schedule(delay);
    if (!wasError) this.o.changed();
  }

  private schedule(ms: number): void {
    this.clearTimer();
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.launch();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async stopInformer(): Promise<void> {
    const informer = this.informer;
    this.informer = undefined;
    await informer?.stop();
  }
}

/**
 * Rejects after `ms`. client-node sets no timeout on requests, and an API server that stops
 * answering (a partition, a paused process) would hang a list, and with it every restart, forever.
 * The abandoned request finishes or fails later; its incarnation is stale by then and ignored.
 */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function keyOf(obj: Pick<KubeObject, "metadata">): string {
  return `${obj.metadata?.namespace ?? ""}/${obj.metadata?.name ?? ""}`;
}

function resourceVersionOf(obj: KubeObject | undefined): string | undefined {
  const rv = (obj?.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
  return typeof rv === "string" ? rv : undefined;
}
