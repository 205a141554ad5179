/**
 * The Kubernetes API calls the watchers make besides the watch itself: discovery (which version of
 * a kind is served, if any) and one page of the list that starts every informer. Only this file
 * and kind-watcher.ts import @kubernetes/client-node.
 */
import http from "node:http";
import https from "node:https";
import { CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";
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
 * The HTTP status of a failed call: `ApiException.code` (client-node's typed API, discovery) or
 * `statusCode` (client-node's watches, and {@link KubeApiError} of our list pages).
 */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e.code === "number") return e.code;
  if (typeof e.statusCode === "number") return e.statusCode;
  return undefined;
}

/** A one-line description of an error for status and logs. */
export function describeError(error: unknown): string {
  const code = statusCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  // ApiException messages embed the whole response body; the first line says what matters.
  const first = message.split("\n")[0] ?? message;
  return code === undefined || first.includes(String(code)) ? first : `HTTP ${code}: ${first}`;
}

/**
 * The first version of `spec.versions` that the API server serves the kind under, or undefined
 * when none is (for a CRD kind: not installed). Core kinds are always served. Other failures
 * (API server unreachable, 403) are thrown: they say nothing about the CRD.
 */
export async function discoverVersion(kc: KubeConfig, spec: KindSpec): Promise<string | undefined> {
  if (!spec.crd) return spec.versions[0];
  const api = kc.makeApiClient(CustomObjectsApi);
  for (const version of spec.versions) {
    try {
      // GET /apis/<group>/<version>: 404 when no CRD of the group serves this version. A 200 is not
      // enough: Gateway and HTTPRoute are separate CRDs of one group, so look for the resource too.
      const resources = await api.getAPIResources({ group: spec.group, version });
      if (resources.resources.some((r) => r.name === spec.plural)) return version;
    } catch (error) {
      if (statusCodeOf(error) !== 404) throw error;
    }
  }
  return undefined;
}

/**
 * A request the API server answered with an error status. `reason` is the Status's (`Expired` for a
 * continue token too old to use, `NotFound`, ...); the message is the Status's own.
 */
export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string | undefined,
    message: string,
    /** The request path, without the query (which may hold a continue token). */
    readonly path: string,
  ) {
    super(message);
    this.name = "KubeApiError";
  }
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
 * A getter of list pages over raw JSON, not client-node's typed list calls: their ObjectSerializer
 * turns every object into class instances (with `Date`s), which then had to be turned back into
 * plain JSON, and at 20,000 Services that cost about twice the memory of the list itself and left
 * the response buffers behind for the next major GC. Authentication and TLS are the KubeConfig's,
 * applied as client-node's own Watch applies them (`applyToHTTPSOptions`: bearer token or
 * exec/auth-provider header, client certificate, CA, proxy agent), once for all the pages of a list
 * (one agent, one TLS context; a list takes seconds, well within a token's life).
 */
export async function listPageGetter(kc: KubeConfig): Promise<GetListPage> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("no current cluster in the kubeconfig");
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  return (request) => getListPage(cluster.server, options, request);
}

async function getListPage(
  server: string,
  options: https.RequestOptions,
  request: PageRequest,
): Promise<ListPage> {
  const url = new URL(server + request.path);
  for (const [key, value] of Object.entries(request.query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const { status, body } = await getText(url, options, request);
  if (status !== 200) throw apiError(status, body, request.path);
  const list: unknown = JSON.parse(body);
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

/** One GET, the whole body as text. The timer bounds the whole exchange, not only the connect. */
function getText(
  url: URL,
  options: https.RequestOptions,
  request: PageRequest,
): Promise<{ status: number; body: string }> {
  const send = url.protocol === "http:" ? http.request : https.request;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: "GET",
      agent: options.agent,
      auth: options.auth,
      headers: { ...options.headers, Accept: "application/json" },
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`request timed out after ${request.timeoutMs} ms`)),
      request.timeoutMs,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    req.on("error", fail);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", fail);
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.end();
  });
}

/** The error of a non-200 answer, from its Status body when it has one. */
function apiError(status: number, body: string, path: string): KubeApiError {
  let reason: string | undefined;
  let message = http.STATUS_CODES[status] ?? "error";
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed)) {
      if (typeof parsed.reason === "string") reason = parsed.reason;
      if (typeof parsed.message === "string" && parsed.message !== "") message = parsed.message;
    }
  } catch {
    // Not a Status (a proxy's HTML page, say): the status line says enough.
  }
  return new KubeApiError(status, reason, `HTTP ${status}: ${message}`, path);
}
