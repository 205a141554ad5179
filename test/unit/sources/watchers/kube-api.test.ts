import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import {
  describeError,
  KubeApiError,
  listPageGetter,
  statusCodeOf,
} from "../../../../src/sources/watchers/kube-api.js";

describe("statusCodeOf", () => {
  it("reads ApiException.code and the watch's statusCode, not Node's error codes", () => {
    expect(statusCodeOf({ code: 404 })).toBe(404);
    expect(statusCodeOf(Object.assign(new Error("Not Found"), { statusCode: 404 }))).toBe(404);
    expect(statusCodeOf(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBeUndefined();
    expect(statusCodeOf(undefined)).toBeUndefined();
  });
});

describe("describeError", () => {
  it("keeps the first line and names the status code once", () => {
    expect(describeError(Object.assign(new Error("HTTP-Code: 503\nBody: {...}"), { code: 503 }))).toBe(
      "HTTP-Code: 503",
    );
    expect(describeError(Object.assign(new Error("Service Unavailable"), { statusCode: 503 }))).toBe(
      "HTTP 503: Service Unavailable",
    );
    expect(describeError(new Error("connect ECONNREFUSED 127.0.0.1:6443"))).toBe(
      "connect ECONNREFUSED 127.0.0.1:6443",
    );
  });
});

describe("listPageGetter", () => {
  // A plain HTTP server standing in for the API server: what is tested is the request we send and
  // how the answer is read. (Against the real API server: test/integration/sources/.)
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
  });

  async function serve(
    answer: (req: IncomingMessage) => { status: number; body?: unknown } | undefined,
  ): Promise<{ kc: KubeConfig; requests: IncomingMessage[] }> {
    const requests: IncomingMessage[] = [];
    const s = createServer((req, res) => {
      requests.push(req);
      const a = answer(req);
      if (!a) return; // never answered
      res.writeHead(a.status, { "content-type": "application/json" });
      res.end(typeof a.body === "string" ? a.body : JSON.stringify(a.body));
    });
    server = s;
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      // client-node allows plain HTTP only with skipTLSVerify.
      clusters: [
        { name: "c", server: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, skipTLSVerify: true },
      ],
      users: [{ name: "u", token: "secret-token" }],
      contexts: [{ name: "x", cluster: "c", user: "u" }],
      currentContext: "x",
    });
    return { kc, requests };
  }

  it("sends the kubeconfig's token, the selectors, limit and continue, and reads one page", async () => {
    const { kc, requests } = await serve(() => ({
      status: 200,
      body: {
        kind: "ServiceList",
        metadata: { resourceVersion: "42", continue: "next-token" },
        items: [{ metadata: { name: "a" } }],
      },
    }));
    const page = await (await listPageGetter(kc))({
      path: "/api/v1/namespaces/ns/services",
      query: { labelSelector: "app=web", fieldSelector: undefined, limit: 2, continue: "tok" },
      timeoutMs: 5_000,
    });
    expect(page).toEqual({
      items: [{ metadata: { name: "a" } }],
      resourceVersion: "42",
      continueToken: "next-token",
    });
    const [req] = requests;
    const url = new URL(req?.url ?? "", "http://x");
    expect(url.pathname).toBe("/api/v1/namespaces/ns/services");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      labelSelector: "app=web",
      limit: "2",
      continue: "tok",
    });
    expect(req?.headers.authorization).toBe("Bearer secret-token");
    expect(req?.method).toBe("GET");
  });

  it("reads the last page (no continue token) and `items: null` as no items", async () => {
    const { kc } = await serve(() => ({
      status: 200,
      body: { metadata: { resourceVersion: "7", continue: "" }, items: null },
    }));
    expect(
      await (await listPageGetter(kc))({ path: "/apis/g/v1/things", query: {}, timeoutMs: 5_000 }),
    ).toEqual({
      items: [],
      resourceVersion: "7",
    });
  });

  it("throws a KubeApiError with the Status's code, reason and message", async () => {
    const { kc } = await serve(() => ({
      status: 410,
      body: {
        kind: "Status",
        status: "Failure",
        reason: "Expired",
        code: 410,
        message: "The provided continue parameter is too old to display a consistent list result.",
      },
    }));
    const error = await (await listPageGetter(kc))({
      path: "/api/v1/services",
      query: { continue: "old" },
      timeoutMs: 5_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toMatchObject({ statusCode: 410, reason: "Expired", path: "/api/v1/services" });
    expect(statusCodeOf(error)).toBe(410);
    expect(describeError(error)).toBe(
      "HTTP 410: The provided continue parameter is too old to display a consistent list result.",
    );
  });

  it("names the status when the body is not a Status", async () => {
    const { kc } = await serve(() => ({ status: 503, body: "<html>busy</html>" }));
    const error = await (await listPageGetter(kc))({
      path: "/api/v1/services",
      query: {},
      timeoutMs: 5_000,
    }).catch((e: unknown) => e);
    expect(describeError(error)).toBe("HTTP 503: Service Unavailable");
    expect(statusCodeOf(error)).toBe(503);
  });

  it("fails with `timed out` when the server does not answer, and on abort", async () => {
    const { kc } = await serve(() => undefined);
    await expect(
      (await listPageGetter(kc))({ path: "/api/v1/services", query: {}, timeoutMs: 200 }),
    ).rejects.toThrow("request timed out after 200 ms");
    const abort = new AbortController();
    const pending = (await listPageGetter(kc))({
      path: "/api/v1/services",
      query: {},
      timeoutMs: 60_000,
      signal: abort.signal,
    });
    abort.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });
});
