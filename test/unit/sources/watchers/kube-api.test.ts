import { afterEach, describe, expect, it } from "vitest";
import { listPageGetter } from "../../../../src/sources/watchers/kube-api.js";
import { FakeApiServer } from "../../kube/fake-api-server.js";

describe("listPageGetter", () => {
  // What is tested is the request we send and how a page is read (the request itself: kube-http.test.ts).
  const server = new FakeApiServer();
  afterEach(() => server.stop());

  it("sends the kubeconfig's token, the selectors, limit and continue, and reads one page", async () => {
    const kc = await server.start(() => ({
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
    const req = server.requests[0]?.req;
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
    const kc = await server.start(() => ({
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

  it("fails when `items` is not a list", async () => {
    const kc = await server.start(() => ({ status: 200, body: { metadata: {}, items: { a: 1 } } }));
    await expect(
      (await listPageGetter(kc))({ path: "/apis/g/v1/things", query: {}, timeoutMs: 5_000 }),
    ).rejects.toThrow("list of /apis/g/v1/things: items is not an array");
  });
});
