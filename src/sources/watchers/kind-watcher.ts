/**
 * One watched kind: discovery, list, watch, our own cache, a rare safety-net re-list, restarts with
 * backoff, and CRDs that are missing or come and go.
 *
 * The list and watch are ours (client-node's `Watch` for the streaming request only): a paged list
 * (paged-list.ts), then a watch from the list's resourceVersion, resumed from the last version seen
 * when the API server ends it, and a fresh list after 410 Gone. Every other failure (API server
 * down, 5xx, 404, a watch that outlives its deadline without an answer) ends in a fresh
 * *incarnation* (discovery, list, watch) after a backoff, or after `crdPollIntervalMs` while the CRD
 * is missing. Callbacks of an old incarnation are ignored (`generation`), because an aborted watch
 * or list can still report its end afterwards.
 *
 * Like client-go's informers, the watcher does not need a periodic re-list to stay correct: a watch
 * resumed from a resourceVersion misses no event, and every way a watch can fail ends in a re-list.
 * client-go never re-lists on a timer (its "resync" replays its cache); this watcher re-lists every
 * `relistIntervalMs` (30 minutes by default, +0–20 % jitter so that kinds do not list together) only
 * as a safety net against an event lost by a bug on either side. Every list of every object costs
 * memory in proportion to the cluster (see docs/benchmarks.md), so it is rare.
 *
 * The cache survives incarnations: a failure never clears it (the controller must not see an empty
 * world and delete DNS); only a successful list replaces it. The one exception is a CRD that
 * disappears after it was synced (discovery or the list says 404): its objects are dropped, because
 * they no longer exist, and the controller's `--max-deletions` guard holds back the mass deletion
 * that follows until an operator looks. Cached objects are slimmed (see slim-object.ts).
 */
import { type KubeConfig, type KubernetesObject, Watch } from "@kubernetes/client-node";
import { describeError, statusCodeOf } from "../../kube/kube-http.js";
import type { KubeObject } from "../kube-object.js";
import { discoverVersion, type ListScope, listPageGetter } from "./kube-api.js";
import type { WatchState, WatchStatus } from "./object-store.js";
import { LIST_PAGE_SIZE, listAllPages, type PagedList } from "./paged-list.js";
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
  /** The safety-net re-list (see the file comment); each wait is this plus up to 20 %. */
  relistIntervalMs: number;
  crdPollIntervalMs: number;
  restartBackoff: { baseMs: number; maxMs: number };
  /** Bound on one discovery request or one list page. */
  requestTimeoutMs: number;
  /** Objects per list page (`limit`). @default LIST_PAGE_SIZE */
  listPageSize?: number;
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
  /** Aborts the list pages in flight, on stop or restart. */
  private listing: AbortController | undefined;
  /** The running watch's deadline (see `watchFrom`). */
  private watchDeadline: NodeJS.Timeout | undefined;
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
      version = await withTimeout(
        discoverVersion(kc, spec, this.o.requestTimeoutMs),
        this.o.requestTimeoutMs,
        "discovery",
      );
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
    const listing = new AbortController();
    this.listing = listing;
    const path = collectionPath(spec, version, scope.namespace);
    const apiVersion = apiVersionFor(spec.group, version);
    let listed: PagedList<KubeObject>;
    try {
      const getListPage = await listPageGetter(kc);
      listed = await listAllPages(
        ({ limit, continueToken }) =>
          getListPage({
            path,
            query: {
              labelSelector: scope.labelSelector,
              fieldSelector: scope.fieldSelector,
              limit,
              continue: continueToken,
            },
            timeoutMs: this.o.requestTimeoutMs,
            signal: listing.signal,
          }),
        (item) => this.keepListed(item, apiVersion),
        this.o.listPageSize ?? LIST_PAGE_SIZE,
      );
    } catch (error) {
      if (gen !== this.generation) return;
      if (statusCodeOf(error) === 404) this.missing();
      else this.fail(error, "list");
      return;
    } finally {
      if (this.listing === listing) this.listing = undefined;
    }
    if (gen !== this.generation) return;
    this.o.log("debug", "listed kind", {
      kind: kindLabel(spec),
      objects: listed.items.length,
      pages: listed.pages,
      expiredRestarts: listed.expiredRestarts,
      resourceVersion: listed.resourceVersion,
    });
    this.replace(listed.items);
    await this.watchFrom(gen, listed.resourceVersion);
  }

  /**
   * A listed item as the cache keeps it, or undefined. The API server leaves `apiVersion` and `kind`
   * out of the items of a built-in kind's list (watch events carry them); sources need them. The item
   * is fresh parsed JSON, owned by nobody else, so it is completed in place.
   */
  private keepListed(item: unknown, apiVersion: string): KubeObject | undefined {
    if (typeof item !== "object" || item === null) return undefined;
    const obj = item as KubeObject;
    obj.apiVersion = apiVersion;
    obj.kind = this.o.spec.kind;
    return this.o.keep(slimObject(obj));
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
    const timeoutSeconds = Math.ceil(this.o.watchTimeoutSeconds * (1 + Math.random()));
    let controller: AbortController | undefined;
    let overdue = false;
    const deadlineMs = timeoutSeconds * 1000 + WATCH_DEADLINE_GRACE_MS;
    // The API server ends every watch after `timeoutSeconds`. One it has not ended by then has died
    // without a word (a partition, a stopped API server: TCP keepalive takes ~11 minutes to notice)
    // or was never answered. The first is resumed like a normal end, the second fails and re-lists.
    // This, not a frequent re-list, is what bounds how long a dead watch can go unnoticed.
    const deadline = setTimeout(() => {
      if (gen !== this.generation || this.watchDeadline !== deadline) return;
      this.watchDeadline = undefined;
      overdue = true;
      if (controller) {
        this.watch = undefined;
        controller.abort();
        this.o.log("debug", "watch not ended by the API server in time; resuming", {
          kind: kindLabel(this.o.spec),
          afterMs: deadlineMs,
        });
        this.resumes++;
        void this.watchFrom(gen, version);
      } else {
        this.fail(new Error(`watch request not answered within ${deadlineMs} ms`), "watch");
      }
    }, deadlineMs);
    this.clearWatchDeadline();
    this.watchDeadline = deadline;
    const onDone = (error: unknown): void => {
      // An overdue watch was replaced already; whatever it reports now is stale.
      if (gen !== this.generation || overdue) return;
      clearTimeout(deadline);
      if (this.watchDeadline === deadline) this.watchDeadline = undefined;
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
        timeoutSeconds,
      };
      if (this.o.scope.labelSelector !== undefined) params.labelSelector = this.o.scope.labelSelector;
      if (this.o.scope.fieldSelector !== undefined) params.fieldSelector = this.o.scope.fieldSelector;
      const path = collectionPath(this.o.spec, this.version ?? "", this.o.scope.namespace);
      controller = await new Watch(this.o.kc).watch(path, params, onEvent, onDone);
      if (gen === this.generation && !overdue) this.watch = controller;
      else controller.abort();
    } catch (error) {
      // watch() throws only when the kubeconfig has no current cluster; HTTP errors go to onDone.
      if (gen === this.generation) this.fail(error, "watch");
    }
  }

  /** Replaces the cache with a complete list's objects (slimmed and filtered already). */
  private replace(items: KubeObject[]): void {
    const next = new Map<string, KubeObject>();
    for (const item of items) next.set(keyOf(item), item);
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
    // The safety-net re-list (file comment); jittered so that the kinds, listed together at start,
    // do not all list again at the same moment.
    this.schedule(Math.round(this.o.relistIntervalMs * (1 + 0.2 * Math.random())));
    // A re-list that found nothing new schedules no reconcile: the controller has its own interval.
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

  private clearWatchDeadline(): void {
    if (this.watchDeadline !== undefined) clearTimeout(this.watchDeadline);
    this.watchDeadline = undefined;
  }

  private async stopWatch(): Promise<void> {
    this.clearWatchDeadline();
    const watch = this.watch;
    this.watch = undefined;
    watch?.abort();
    const listing = this.listing;
    this.listing = undefined;
    listing?.abort();
  }
}

/**
 * How long after its `timeoutSeconds` a watch may still be running before it counts as dead. The
 * API server closes it at its timeout; the grace covers a slow answer to the request itself (a
 * watch cache catching up to the requested version waits up to 3 s).
 */
const WATCH_DEADLINE_GRACE_MS = 10_000;

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
