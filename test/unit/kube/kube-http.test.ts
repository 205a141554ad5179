import { afterEach, describe, expect, it } from "vitest";
import {
  describeError,
  KubeApiError,
  kubeRequests,
  kubeSession,
  statusCodeOf,
} from "../../../src/kube/kube-http.js";
import { FakeApiServer } from "./fake-api-server.js";

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

describe.each([
  ["kubeSession", kubeSession],
  ["kubeRequests", async (kc: Parameters<typeof kubeRequests>[0]) => kubeRequests(kc)],
])("%s", (_, sender) => {
  const server = new FakeApiServer();
  afterEach(() => server.stop());

  it("sends the kubeconfig's token, the query and a JSON body, and parses a 2xx answer", async () => {
    const kc = await server.start(() => ({ status: 201, body: { kind: "Lease", metadata: { name: "a" } } }));
    const send = await sender(kc);
    const answer = await send({
      method: "POST",
      path: "/apis/coordination.k8s.io/v1/namespaces/ns/leases",
      query: { dryRun: "All", fieldManager: undefined },
      body: { kind: "Lease", spec: { holderIdentity: "é" } },
      timeoutMs: 5_000,
    });
    expect(answer).toEqual({ kind: "Lease", metadata: { name: "a" } });
    const [r] = server.requests;
    const url = new URL(r?.req.url ?? "", "http://x");
    expect(url.pathname).toBe("/apis/coordination.k8s.io/v1/namespaces/ns/leases");
    expect(Object.fromEntries(url.searchParams)).toEqual({ dryRun: "All" });
    expect(r?.req.method).toBe("POST");
    expect(r?.req.headers.authorization).toBe("Bearer secret-token");
    expect(r?.req.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(r?.body ?? "")).toEqual({ kind: "Lease", spec: { holderIdentity: "é" } });
  });

  it("sends a PATCH with the content type asked for, and a GET without a body", async () => {
    const kc = await server.start(() => ({ status: 200 }));
    const send = await sender(kc);
    expect(
      await send({
        method: "PATCH",
        path: "/api/v1/namespaces/ns/events/e",
        body: [{ op: "replace", path: "/count", value: 2 }],
        contentType: "application/json-patch+json",
        timeoutMs: 5_000,
      }),
    ).toBeUndefined();
    await send({ path: "/api/v1/namespaces/ns/events/e", timeoutMs: 5_000 });
    const [patch, get] = server.requests;
    expect(patch?.req.headers["content-type"]).toBe("application/json-patch+json");
    expect(get?.req.method).toBe("GET");
    expect(get?.req.headers["content-type"]).toBeUndefined();
    expect(get?.body).toBe("");
  });

  it("throws a KubeApiError with the Status's code, reason and message", async () => {
    const kc = await server.start(() => ({
      status: 410,
      body: {
        kind: "Status",
        status: "Failure",
        reason: "Expired",
        code: 410,
        message: "The provided continue parameter is too old to display a consistent list result.",
      },
    }));
    const error = await (await sender(kc))({
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
    const kc = await server.start(() => ({ status: 503, body: "<html>busy</html>" }));
    const error = await (await sender(kc))({ path: "/api/v1/services", timeoutMs: 5_000 }).catch(
      (e: unknown) => e,
    );
    expect(describeError(error)).toBe("HTTP 503: Service Unavailable");
    expect(statusCodeOf(error)).toBe(503);
  });

  it("fails with `timed out` when the server does not answer, and on abort", async () => {
    const kc = await server.start(() => undefined);
    const send = await sender(kc);
    await expect(send({ path: "/api/v1/services", timeoutMs: 200 })).rejects.toThrow(
      "request timed out after 200 ms",
    );
    const abort = new AbortController();
    const pending = send({ path: "/api/v1/services", timeoutMs: 60_000, signal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });
});

describe("kubeRequests", () => {
  const server = new FakeApiServer();
  afterEach(() => server.stop());

  it("works out the credentials for each request: a token changed since the last one is sent", async () => {
    const kc = await server.start(() => ({ status: 200, body: {} }));
    const send = kubeRequests(kc);
    await send({ path: "/api/v1/namespaces/ns/events", timeoutMs: 5_000 });
    // What an exec plugin or a rotated service-account token amounts to: the user's token is new.
    const user = kc.getCurrentUser();
    if (!user) throw new Error("no user");
    Object.assign(user, { token: "rotated-token" });
    await send({ path: "/api/v1/namespaces/ns/events", timeoutMs: 5_000 });
    expect(server.requests.map((r) => r.req.headers.authorization)).toEqual([
      "Bearer secret-token",
      "Bearer rotated-token",
    ]);
  });
});
