/**
 * The Kubernetes API calls the watchers make besides the watch itself: discovery (which version of
 * a kind is served, if any) and one page of the list that starts every informer, over
 * kube/kube-http.ts. Only this file and kind-watcher.ts talk to the API server.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { type KubeSend, kubeSession, statusCodeOf } from "../../kube/kube-http.js";
import { isRecord } from "../kube-object.js";
import type { KindSpec } from "./watched-kinds.js";

/** What a list call needs besides the kind. */
export interface ListScope {
  /** Only this namespace (namespaced kinds). */
  namespace?: string;
  /** Server-side label selector. */
  labelSelector?: string;
  /** Server-side field selector. */
  fieldSelector?: string;
}

/**
 * The first version of `spec.versions` that the API server serves the kind under, or undefined
 * when none is (for a CRD kind: not installed). Core kinds are always served. Other failures
 * (API server unreachable, 403) are thrown: they say nothing about the CRD.
 */
export async function discoverVersion(
  kc: KubeConfig,
  spec: KindSpec,
  timeoutMs: number,
): Promise<string | undefined> {
  if (!spec.crd) return spec.versions[0];
  const send = await kubeSession(kc);
  for (const version of spec.versions) {
    try {
      // GET /apis/<group>/<version>: 404 when no CRD of the group serves this version. A 200 is not
      // enough: Gateway and HTTPRoute are separate CRDs of one group, so look for the resource too.
      const list = await send({
        path: `/apis/${encodeURIComponent(spec.group)}/${encodeURIComponent(version)}`,
        timeoutMs,
      });
      const resources = isRecord(list) && Array.isArray(list.resources) ? list.resources : [];
      if (resources.some((r: unknown) => isRecord(r) && r.name === spec.plural)) return version;
    } catch (error) {
      if (statusCodeOf(error) !== 404) throw error;
    }
  }
  return undefined;
}

/** One page of a list, as the API server sent it (items are parsed JSON, not yet checked). */
export interface ListPage {
  items: unknown[];
  /** The list's `metadata.resourceVersion`: the snapshot the pages are read at. */
  resourceVersion: string;
  /** `metadata.continue`: set when more pages follow. */
  continueToken?: string;
}

/** How one page is requested. */
export interface PageRequest {
  /** The collection path (watched-kinds.ts `collectionPath`). */
  path: string;
  /** Query parameters: selectors, `limit`, `continue`. */
  query: Record<string, string | number | undefined>;
  /** The request fails with "timed out" after this long without a complete answer. */
  timeoutMs: number;
  /** Aborts the request (the watcher stopped or started over). */
  signal?: AbortSignal;
}

/** GETs one page of a collection and parses it (see {@link listPageGetter}). */
export type GetListPage = (request: PageRequest) => Promise<ListPage>;

/**
 * A getter of list pages over raw JSON (kube/kube-http.ts), not client-node's typed list calls:
 * their ObjectSerializer turns every object into class instances (with `Date`s), which then had to
 * be turned back into plain JSON, and at 20,000 Services that cost about twice the memory of the
 * list itself and left the response buffers behind for the next major GC. Authentication is worked
 * out once for all the pages of a list (one agent, one TLS context; a list takes seconds, well
 * within a token's life).
 */
export async function listPageGetter(kc: KubeConfig): Promise<GetListPage> {
  const send = await kubeSession(kc);
  return (request) => getListPage(send, request);
}

async function getListPage(send: KubeSend, request: PageRequest): Promise<ListPage> {
  const list = await send({
    path: request.path,
    query: request.query,
    timeoutMs: request.timeoutMs,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  const metadata = isRecord(list) && isRecord(list.metadata) ? list.metadata : {};
  const items = isRecord(list) ? list.items : undefined;
  // A collection with no objects may come back with `items: null`.
  if (items !== undefined && items !== null && !Array.isArray(items)) {
    throw new Error(`list of ${request.path}: items is not an array`);
  }
  const page: ListPage = {
    items: items ?? [],
    resourceVersion: typeof metadata.resourceVersion === "string" ? metadata.resourceVersion : "",
  };
  if (typeof metadata.continue === "string" && metadata.continue !== "")
    page.continueToken = metadata.continue;
  return page;
}
