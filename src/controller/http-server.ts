import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The part of ControllerMetrics the server needs. */
export interface MetricsSource {
  metricsText(): Promise<string>;
  readonly contentType: string;
}

/** The answer of a health probe; `reason` is the response body when it fails. */
export interface HealthState {
  healthy: boolean;
  reason?: string;
}

export interface ReadyState {
  ready: boolean;
  reason?: string;
}

export interface HttpServerOptions {
  /** `host:port`, `:port` (every interface) or `[ipv6]:port`; port 0 picks a free port (tests). */
  addr: string;
  metrics: MetricsSource;
  /**
   * `/healthz`: is the process converging? The kubelet restarts the pod when it fails: the controller
   * fails it when its leader has made no progress for `--unhealthy-after` intervals
   * (controller/liveness.ts), so a stuck leader restarts and its Lease moves; a standby never fails it.
   */
  health: () => HealthState;
  /**
   * `/readyz`: every informer has synced. A standby replica (not the leader) is ready too: it serves
   * metrics and must be able to take over at once, and readiness routes no traffic to a controller.
   * The caller decides; this server only answers.
   */
  ready: () => ReadyState;
}

export interface HttpServer {
  /** `host:port` actually bound (the real port when `addr` asked for 0). */
  address: string;
  close(): Promise<void>;
}

/** Splits `host:port`, `:port` and `[::1]:port`; an empty host means every interface. */
export function parseAddr(addr: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(addr);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65535) {
    throw new RangeError(`Expected \`metrics-addr\` to be host:port or :port, got \`${addr}\``);
  }
  const host = m[1] ?? m[2];
  return { host: host === "" || host === undefined ? undefined : host, port };
}

/**
 * Serves `/metrics` (Prometheus text), `/healthz` and `/readyz` (200 `ok`, or 500/503 with the reason)
 * on node:http, and 404 for anything else. Resolves once listening.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { host, port } = parseAddr(options.addr);
  const server = createServer((req, res) => {
    handle(options, req, res).catch((e: unknown) => {
      // A failing collector must not crash the process; the scrape shows the error.
      if (!res.headersSent) send(res, 500, `error: ${e instanceof Error ? e.message : String(e)}\n`);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const shownHost = bound.family === "IPv6" ? `[${bound.address}]` : bound.address;
  return {
    address: `${shownHost}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // Prometheus keeps scrape connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function handle(options: HttpServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  const known = path === "/metrics" || path === "/healthz" || path === "/readyz";
  if (!known) return send(res, 404, "not found\n");
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    return send(res, 405, "method not allowed\n");
  }
  if (path === "/metrics") {
    const text = await options.metrics.metricsText();
    return send(res, 200, text, options.metrics.contentType, req.method === "HEAD");
  }
  if (path === "/healthz") {
    const h = options.health();
    return send(res, h.healthy ? 200 : 500, h.healthy ? "ok\n" : `${h.reason ?? "unhealthy"}\n`);
  }
  const r = options.ready();
  // 503 is what a probe expects from "up, but not ready yet".
  return send(res, r.ready ? 200 : 503, r.ready ? "ok\n" : `${r.reason ?? "not ready"}\n`);
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
  headOnly = false,
): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(headOnly ? undefined : body);
}
