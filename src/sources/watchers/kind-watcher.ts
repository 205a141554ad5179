/**
 * One watched kind: discovery, list, watch, our own cache, periodic resync, restarts with backoff,
 * and CRDs that are missing or come and go.
 *
 * The list and watch are ours (client-node's `Watch` for the streaming request only): a list,
 * then a watch from the list's resourceVersion, resumed from the last version seen when the API
 * server ends it, and a fresh list after 410 Gone. Every other failure (API server down, 5xx,
 * 404) ends in a fresh *incarnation* (discovery, list, watch) after a backoff, or after
 * `crdPollIntervalMs` while the CRD is missing. Callbacks of an old incarnation are ignored
 * (`generation`), because an aborted watch can still report its end afterwards.
 *
 * The cache survives incarnations: a failure never clears it (the controller must not see an empty
 * world and delete DNS); only a successful list replaces it. The one exception is a CRD that
 * disappears after it was synced (discovery or the list says 404): its objects are dropped, because
 * they no longer exist, and the controller's `--max-deletions` guard holds back the mass deletion
 * that follows until an operator looks. Cached objects are slimmed (see slim-object.ts).
 */
import { type KubeConfig, type KubernetesObject, Watch } from "@kubernetes/client-node";
import type { KubeObject } from "../kube-object.js";
import { describeError, discoverVersion, type ListScope, listFunction, statusCodeOf } from "./kube-api.js";
import type { WatchState, WatchStatus } from "./object-store.js";
import { slimObject } from "./slim-object.js";
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
  /** Server-side timeout of one watch request, before the random 1–2 factor. */
  watchTimeoutSeconds: number;
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
  /** Watches resumed after the API server ended them normally (no list, no restart). */
  private resumes = 0;
  /** Consecutive failures, for the backoff; reset by a successful list. */
  private failures = 0;
  private generation = 0;
  /** The running watch request, to abort on stop or restart. */
  private watch: AbortController | undefined;
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
    await this.stopWatch();
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
      resumes: this.resumes,
      objects: this.cache.size,
    };
    if (this.version !== undefined) s.apiVersion = apiVersionFor(this.o.spec.group, this.version);
    if (this.lastError !== undefined) s.lastError = this.lastError;
    return s;
  }

  /** A new incarnation: discovery, then a fresh list that replaces the cache, then a watch from it. */
  private async launch(): Promise<void> {
    const gen = ++this.generation;
    this.clearTimer();
    await this.stopWatch();
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
    let listed: Awaited<ReturnType<ReturnType<typeof listFunction>>>;
    try {
      listed = await withTimeout(listFunction(kc, spec, version, scope)(), this.o.requestTimeoutMs, "list");
    } catch (error) {
      if (gen !== this.generation) return;
      if (statusCodeOf(error) === 404) this.missing();
      else this.fail(error, "list");
      return;
    }
    if (gen !== this.generation) return;
    this.replace(listed.items as unknown as KubeObject[]);
    await this.watchFrom(gen, listed.metadata?.resourceVersion ?? "");
  }

  /**
   * Watches from `resourceVersion` (client-node's ListWatch is not used: it keeps a second copy of
   * every object, and with whole objects that doubled the controller's memory). A watch the API
   * server ends normally (its timeout) is resumed from the last version seen; a 410 Gone (the version
   * is too old, compacted away) starts a fresh incarnation that re-lists; any other failure restarts
   * with backoff, keeping the cache.
   */
  private async watchFrom(gen: number, resourceVersion: string): Promise<void> {
    let version = resourceVersion;
    let gone = false;
    const onEvent = (phase: string, obj: unknown): void => {
      if (gen !== this.generation) return;
      const raw = obj as KubernetesObject & { code?: unknown };
      if (phase === "ERROR") {
        // An ERROR event carries a Status; 410 means our version was compacted away: re-list.
        if (raw.code === 410) gone = true;
        return;
      }
      const rv = raw.metadata?.resourceVersion;
      if (typeof rv === "string" && rv !== "") version = rv;
      if (phase === "ADDED" || phase === "MODIFIED") this.put(raw);
      else if (phase === "DELETED") this.remove(raw);
      // BOOKMARK only moves the version on.
    };
    const onDone = (error: unknown): void => {
      if (gen !== this.generation) return;
      this.watch = undefined;
      if (gone || statusCodeOf(error) === 410) void this.launch();
      else if (statusCodeOf(error) === 404) this.missing();
      else if (error) this.fail(error, "watch");
      else {
        this.resumes++;
        void this.watchFrom(gen, version);
      }
    };
    try {
      const params: Record<string, string | number | boolean> = {
        resourceVersion: version,
        allowWatchBookmarks: true,
        timeoutSeconds: Math.ceil(this.o.watchTimeoutSeconds * (1 + Math.random())),
      };
      if (this.o.scope.labelSelector !== undefined) params.labelSelector = this.o.scope.labelSelector;
      if (this.o.scope.fieldSelector !== undefined) params.fieldSelector = this.o.scope.fieldSelector;
      const path = collectionPath(this.o.spec, this.version ?? "", this.o.scope.namespace);
      const controller = await new Watch(this.o.kc).watch(path, params, onEvent, onDone);
      if (gen === this.generation) this.watch = controller;
      else controller.abort();
    } catch (error) {
      // watch() throws only when the kubeconfig has no current cluster; HTTP errors go to onDone.
      if (gen === this.generation) this.fail(error, "watch");
    }
  }

  private replace(items: KubeObject[]): void {
    const next = new Map<string, KubeObject>();
    for (const item of items) {
      // List items are plain JSON already (listFunction converts the typed core API's answers).
      const kept = this.o.keep(slimObject(item));
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
    // A watch never resyncs by itself; a fresh incarnation re-lists (and replaces a watch that may
    // have gone silent: client-node sets no timeout on it).
    this.schedule(this.o.resyncIntervalMs);
    // A resync that found nothing new schedules no reconcile: the controller has its own interval.
    if (changed) this.o.changed();
  }

  private put(raw: KubernetesObject): void {
    // Watch events are parsed JSON: plain already.
    const obj = this.o.keep(slimObject(raw as unknown as KubeObject));
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
    void this.stopWatch();
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
    void this.stopWatch();
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

  private async stopWatch(): Promise<void> {
    const watch = this.watch;
    this.watch = undefined;
    watch?.abort();
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
