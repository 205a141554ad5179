import { afterEach, describe, expect, it } from "vitest";
import { type HttpServer, parseAddr, startHttpServer } from "../../../src/controller/http-server.js";
import { ControllerMetrics } from "../../../src/controller/metrics.js";

describe("startHttpServer", () => {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(state: { healthy: boolean; ready: boolean }, metrics = new ControllerMetrics()) {
    server = await startHttpServer({
      addr: "127.0.0.1:0",
      metrics,
      health: () =>
        state.healthy ? { healthy: true } : { healthy: false, reason: "reconcile loop stuck for 600 s" },
      ready: () =>
        state.ready ? { ready: true } : { ready: false, reason: "informers not synced: Gateway" },
    });
    return `http://${server.address}`;
  }

  it("serves the Prometheus text exposition on /metrics", async () => {
    const metrics = new ControllerMetrics();
    metrics.setLeader(true);
    const base = await start({ healthy: true, ready: true }, metrics);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await res.text()).toContain("route53_gslb_leader 1");
  });

  it("answers /healthz with 200 ok or 500 and the reason", async () => {
    const state = { healthy: true, ready: true };
    const base = await start(state);
    let res = await fetch(`${base}/healthz`);
    expect([res.status, await res.text()]).toEqual([200, "ok\n"]);
    state.healthy = false;
    res = await fetch(`${base}/healthz`);
    expect([res.status, await res.text()]).toEqual([500, "reconcile loop stuck for 600 s\n"]);
  });

  it("answers /readyz with 200 ok or 503 and the reason", async () => {
    const state = { healthy: true, ready: false };
    const base = await start(state);
    let res = await fetch(`${base}/readyz`);
    expect([res.status, await res.text()]).toEqual([503, "informers not synced: Gateway\n"]);
    state.ready = true;
    res = await fetch(`${base}/readyz?verbose`);
    expect([res.status, await res.text()]).toEqual([200, "ok\n"]);
  });

  it("answers 404 for other paths and 405 for other methods", async () => {
    const base = await start({ healthy: true, ready: true });
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metricsx`)).status).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers 500 when collecting metrics fails, and keeps serving", async () => {
    const base = await start({ healthy: true, ready: true }, {
      metricsText: () => Promise.reject(new Error("collector broke")),
      contentType: "text/plain",
    } as unknown as ControllerMetrics);
    const res = await fetch(`${base}/metrics`);
    expect([res.status, await res.text()]).toEqual([500, "error: collector broke\n"]);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("closes with keep-alive connections open", async () => {
    const base = await start({ healthy: true, ready: true });
    await fetch(`${base}/healthz`, { keepalive: true });
    await server?.close();
    server = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe("parseAddr", () => {
  it.each([
    [":8080", { host: undefined, port: 8080 }],
    ["0.0.0.0:9090", { host: "0.0.0.0", port: 9090 }],
    ["localhost:0", { host: "localhost", port: 0 }],
    ["[::1]:8080", { host: "::1", port: 8080 }],
  ])("%s", (addr, expected) => {
    expect(parseAddr(addr)).toEqual(expected);
  });

  it.each(["8080", "host:", "host:99999", "a:b:1"])("rejects %s", (addr) => {
    expect(() => parseAddr(addr)).toThrow(/Expected `metrics-addr` to be host:port or :port, got/);
  });
});
