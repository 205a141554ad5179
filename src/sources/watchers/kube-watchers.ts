/**
 * The {@link ObjectStore} over a real cluster: one {@link KindWatcher} per kind the enabled sources
 * read (see watched-kinds.ts), with `--namespace`, `--label-selector` and `--annotation-filter`.
 *
 * How the filters apply (external-dns's reading, adapted to objects that are also targets):
 * - Gateways (all three APIs), Gateway API routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute),
 *   Ingresses and DNSEndpoints: the label selector is sent to the API server, the annotation
 *   filter is applied here. A route is filtered on its own labels and annotations.
 * - Services, when the `service` source is on: the same filters decide whether they publish.
 *   When Istio, Tetrate or Gateway API Gateways are watched too, Services are also their targets and must not
 *   vanish because of a filter; such a Service is kept with its annotations removed, so the
 *   `service` source (which publishes only annotated Services) ignores it.
 * - Namespaces (labels for a listener's `allowedRoutes`): never filtered; only the `--namespace`
 *   one when that is set.
 * - Services that are not of type LoadBalancer and ask for no hostname are never kept: no source
 *   reads them (`readBySomeSource`).
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { HOSTNAME_ANNOTATION_KEYS } from "../annotation-keys.js";
import { annotationsOf, type KubeObject, labelsOf } from "../kube-object.js";
import { isLoadBalancerService } from "../publish.js";
import type { SourceKind } from "../source.js";
import { InvalidSelectorError, matchesSelector, parseSelector, type Selector } from "./annotation-filter.js";
import { KindWatcher, type LogFn } from "./kind-watcher.js";
import type { ObjectStore, WatchStatus } from "./object-store.js";
import { compareObjects, type KindSpec, watchedKinds } from "./watched-kinds.js";

export type { LogFn, LogLevel } from "./kind-watcher.js";

/** What to watch and how. */
export interface WatchOptions {
  /** The enabled sources; they decide which kinds are watched. */
  sources: readonly SourceKind[];
  /**
   * Watch only this namespace.
   * @default every namespace
   */
  namespace?: string;
  /**
   * Kubernetes label selector on the objects that publish (`app=web,tier in (edge)`).
   * @default every object
   */
  labelSelector?: string;
  /**
   * external-dns style selector on annotations, in label-selector syntax
   * (`route53-gslb.io/publish=true`, `team in (a,b)`), applied in-process.
   * @default every object
   */
  annotationFilter?: string;
  /**
   * Re-list every kind this often (+0–20 % jitter) and replace its cache. Only a safety net: watches
   * resume from their last version, and a kind whose watch fails is re-listed then (kind-watcher.ts).
   * @default 1800000 (30 minutes)
   */
  relistIntervalMs?: number;
  /**
   * How often a kind whose CRD is missing is looked for again.
   * @default 30000
   */
  crdPollIntervalMs?: number;
  /**
   * Restart delay of a failed watch: `baseMs · 2^n` after the n-th consecutive failure, capped.
   * @default { baseMs: 1000, maxMs: 60000 }
   */
  restartBackoff?: { baseMs: number; maxMs: number };
  /**
   * Longest wait for one discovery request or one list page before it counts as failed.
   * @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Objects per list page (`limit`); tests set it small to list in many pages.
   * @default LIST_PAGE_SIZE (500)
   */
  listPageSize?: number;
  /**
   * The API server ends each watch after this many seconds (times a random 1–2, as client-go does,
   * so that many controllers do not reconnect at once); the watch then resumes from the last version
   * seen, without a list. A watch still running 10 s after its timeout is taken for dead and
   * replaced, so this also bounds how long a connection that died silently goes unnoticed.
   * @default 300
   */
  watchTimeoutSeconds?: number;
  /**
   * Watch Namespaces for a listener's `allowedRoutes.namespaces.selector` (needs list/watch on
   * namespaces). Only read when the `gateway-api` source is on.
   * @default true
   */
  namespaceLabels?: boolean;
}

/** Side channels of the store. */
export interface WatchHooks {
  /** Structured log lines (state changes, failures); nothing per object event. */
  log?: LogFn;
}

/** The defaults of {@link WatchOptions}. */
export const WATCH_DEFAULTS = {
  // The controller's `--relist-interval` default (cli/options/table.ts): why 30 minutes is in
  // kind-watcher.ts.
  relistIntervalMs: 1_800_000,
  crdPollIntervalMs: 30_000,
  restartBackoff: { baseMs: 1_000, maxMs: 60_000 },
  requestTimeoutMs: 30_000,
  watchTimeoutSeconds: 300,
} as const;

/**
 * An {@link ObjectStore} watching the cluster `kc` points at. Throws {@link InvalidSelectorError}
 * at once for a label selector or annotation filter that cannot be parsed, so a typo fails
 * start-up instead of every watch.
 */
export function createKubeObjectStore(
  kc: KubeConfig,
  options: WatchOptions,
  hooks: WatchHooks = {},
): ObjectStore {
  const annotationFilter = parseOption("annotationFilter", options.annotationFilter);
  const labelSelector = parseOption("labelSelector", options.labelSelector);
  const log: LogFn = hooks.log ?? (() => {});
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        log("error", "object store listener threw", { error: String(error) });
      }
    }
  };
  const watchers = watchedKinds(options).map(
    (spec) =>
      new KindWatcher({
        kc,
        spec,
        scope: {
          namespace: options.namespace,
          // Target Services are fetched unfiltered and filtered here (see the file comment).
          labelSelector:
            spec.roles.includes("source") && !spec.roles.includes("target")
              ? options.labelSelector || undefined
              : undefined,
          fieldSelector:
            spec.kind === "Namespace" && options.namespace ? `metadata.name=${options.namespace}` : undefined,
        },
        keep: keepFunction(spec, labelSelector, annotationFilter),
        relistIntervalMs: options.relistIntervalMs ?? WATCH_DEFAULTS.relistIntervalMs,
        crdPollIntervalMs: options.crdPollIntervalMs ?? WATCH_DEFAULTS.crdPollIntervalMs,
        restartBackoff: options.restartBackoff ?? WATCH_DEFAULTS.restartBackoff,
        requestTimeoutMs: options.requestTimeoutMs ?? WATCH_DEFAULTS.requestTimeoutMs,
        watchTimeoutSeconds: options.watchTimeoutSeconds ?? WATCH_DEFAULTS.watchTimeoutSeconds,
        ...(options.listPageSize === undefined ? {} : { listPageSize: options.listPageSize }),
        log,
        changed,
      }),
  );
  return {
    async start() {
      for (const w of watchers) w.start();
    },
    async stop() {
      await Promise.all(watchers.map((w) => w.stop()));
    },
    objects() {
      return watchers.flatMap((w) => w.objects()).sort(compareObjects);
    },
    synced() {
      return watchers.every((w) => w.synced());
    },
    status(): WatchStatus[] {
      return watchers.map((w) => w.status());
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function parseOption(option: string, text: string | undefined): Selector | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new InvalidSelectorError(option, text, parsed.error);
  return parsed.value;
}

/**
 * The client-side filter of one kind. Exported for tests: it is where the filter rules of the file
 * comment live, and the one rule that holds whatever the filters: a Service no source can read is not
 * kept (see {@link readBySomeSource}).
 */
export function keepFunction(
  spec: Pick<KindSpec, "roles">,
  labelSelector: Selector | undefined,
  annotationFilter: Selector | undefined,
): (obj: KubeObject) => KubeObject | undefined {
  const filtered = filterFunction(spec, labelSelector, annotationFilter);
  return (obj) => {
    const kept = filtered(obj);
    return kept && readBySomeSource(kept) ? kept : undefined;
  };
}

function filterFunction(
  spec: Pick<KindSpec, "roles">,
  labelSelector: Selector | undefined,
  annotationFilter: Selector | undefined,
): (obj: KubeObject) => KubeObject | undefined {
  if (!spec.roles.includes("source")) return (obj) => obj;
  const isTarget = spec.roles.includes("target");
  return (obj) => {
    // For source-only kinds the API server has applied the label selector already; checking it
    // again costs little and keeps this function the one statement of the rule.
    const selected =
      (labelSelector === undefined || matchesSelector(labelSelector, labelsOf(obj))) &&
      (annotationFilter === undefined || matchesSelector(annotationFilter, annotationsOf(obj)));
    if (selected) return obj;
    if (!isTarget) return undefined;
    const { annotations: _dropped, ...metadata } = obj.metadata;
    return { ...obj, metadata };
  };
}

/**
 * False for a Service that is not of type LoadBalancer and asks for no hostname: the `service` source
 * publishes only LoadBalancer Services (and warns about another type only when it asks for a
 * hostname), and the gateway sources take only LoadBalancer Services as targets. Most of a cluster's
 * Services are ClusterIP ones; not keeping them saves their memory, and their changes no longer wake
 * the controller. A Service that changes type leaves or enters the cache with that change.
 */
function readBySomeSource(obj: KubeObject): boolean {
  if (obj.apiVersion !== "v1" || obj.kind !== "Service" || isLoadBalancerService(obj)) return true;
  const annotations = annotationsOf(obj);
  return HOSTNAME_ANNOTATION_KEYS.some((key) => key in annotations);
}
