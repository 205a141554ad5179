/**
 * Plain HTTP to the Kubernetes API server, authenticated the way @kubernetes/client-node's
 * `KubeConfig` authenticates (`applyToHTTPSOptions`: bearer token or exec/auth-provider header,
 * client certificate, CA, TLS server name, proxy agent). Every call the controller makes besides the
 * watch goes through here: list pages, discovery, the leader Lease, Events.
 *
 * Why not client-node's generated API classes (`CoreV1Api`, `CoordinationV1Api`,
 * `CustomObjectsApi`): the controller makes seven kinds of request, and those classes bring the
 * generated request layer of every Kubernetes API with them — 3.2 MB of the 5.4 MB bundled
 * controller, about 7 MiB of RSS before the first request (docs/benchmarks.md, "Memory") — and
 * their ObjectSerializer turns each answer into class instances the callers turned back into JSON.
 * The KubeConfig and the Watch stay client-node's.
 */
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";

/**
 * A request the API server answered with an error status. `reason` is the Status's (`Expired` for a
 * continue token too old to use, `NotFound`, `Conflict`, ...); the message is the Status's own.
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

/**
 * The HTTP status of a failed call: {@link KubeApiError}'s `statusCode` (also client-node's watch
 * errors'), or an `ApiException`'s numeric `code`. Node's own error codes (`ECONNREFUSED`) are strings
 * and give undefined.
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
  // Some error messages embed a whole response body; the first line says what matters.
  const first = message.split("\n")[0] ?? message;
  return code === undefined || first.includes(String(code)) ? first : `HTTP ${code}: ${first}`;
}

/** One request to the API server. */
export interface KubeRequest {
  /** @default "GET" */
  method?: "GET" | "POST" | "PUT" | "PATCH";
  /** The path, segments already encoded (`/apis/coordination.k8s.io/v1/namespaces/ns/leases/x`). */
  path: string;
  /** Query parameters; undefined ones are left out. */
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * The body's content type: PATCH needs the patch flavour (`application/json-patch+json`).
   * @default "application/json"
   */
  contentType?: string;
  /** The request fails with "timed out" after this long without a complete answer. */
  timeoutMs: number;
  /** Aborts the request. */
  signal?: AbortSignal;
}

/** Sends a request and resolves with the parsed JSON of a 2xx answer; throws {@link KubeApiError} otherwise. */
export type KubeSend = (request: KubeRequest) => Promise<unknown>;

/**
 * A sender whose authentication is worked out once, for a burst of requests that takes seconds at
 * most (the pages of one list): one agent, one TLS context, one token.
 */
export async function kubeSession(kc: KubeConfig): Promise<KubeSend> {
  const server = serverOf(kc);
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  return (request) => send(server, options, request);
}

/**
 * A sender that works out authentication for each request, for callers that live as long as the
 * process (leader election, Events): an exec plugin's or a projected service-account token expires,
 * and client-node renews it when asked. What client-node's typed API did for each call too.
 */
export function kubeRequests(kc: KubeConfig): KubeSend {
  return async (request) => {
    const options: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    return send(serverOf(kc), options, request);
  };
}

function serverOf(kc: KubeConfig): string {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("no current cluster in the kubeconfig");
  return cluster.server;
}

async function send(server: string, options: https.RequestOptions, request: KubeRequest): Promise<unknown> {
  const url = new URL(server + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const { status, body } = await exchange(url, options, request);
  if (status < 200 || status > 299) throw apiError(status, body, request.path);
  return body === "" ? undefined : JSON.parse(body);
}

/** One request, the whole answer as text. The timer bounds the whole exchange, not only the connect. */
function exchange(
  url: URL,
  options: https.RequestOptions,
  request: KubeRequest,
): Promise<{ status: number; body: string }> {
  const transport = url.protocol === "http:" ? http.request : https.request;
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  return new Promise((resolve, reject) => {
    const req = transport(url, {
      method: request.method ?? "GET",
      agent: options.agent,
      auth: options.auth,
      headers: {
        ...options.headers,
        Accept: "application/json",
        ...(payload === undefined
          ? {}
          : {
              "Content-Type": request.contentType ?? "application/json",
              "Content-Length": Buffer.byteLength(payload),
            }),
      },
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
    req.end(payload);
  });
}

/** The error of a non-2xx answer, from its Status body when it has one. */
function apiError(status: number, body: string, path: string): KubeApiError {
  let reason: string | undefined;
  let message = http.STATUS_CODES[status] ?? "error";
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null) {
      const s = parsed as { reason?: unknown; message?: unknown };
      if (typeof s.reason === "string") reason = s.reason;
      if (typeof s.message === "string" && s.message !== "") message = s.message;
    }
  } catch {
    // Not a Status (a proxy's HTML page, say): the status line says enough.
  }
  return new KubeApiError(status, reason, `HTTP ${status}: ${message}`, path);
}
