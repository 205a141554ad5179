import { describe, expect, it } from "vitest";
import { KubeApiError } from "../../../../src/kube/kube-http.js";
import {
  type FetchPage,
  listAllPages,
  MAX_EXPIRED_RESTARTS,
  type Page,
} from "../../../../src/sources/watchers/paged-list.js";

// The paging loop alone, over pages given here. The HTTP request of one page is tested in
// kube-api.test.ts, and the whole list against a real API server (a real expired token included) in
// test/integration/sources/paged-list.test.ts.

const expired = () =>
  new KubeApiError(410, "Expired", "HTTP 410: The provided continue parameter is too old", "/x");

/** A fetcher answering `answers` in order, recording each request. */
function scripted(answers: (Page | Error)[]) {
  const requests: { limit: number; continueToken?: string }[] = [];
  const fetchPage: FetchPage = async (request) => {
    requests.push(request);
    const answer = answers.shift();
    if (!answer) throw new Error("no more answers");
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetchPage, requests };
}

const keepAll = (item: unknown) => item as string;

describe("listAllPages", () => {
  it("follows continue tokens to the last page and returns its resourceVersion", async () => {
    const { fetchPage, requests } = scripted([
      { items: ["a", "b"], resourceVersion: "10", continueToken: "t1" },
      { items: ["c", "d"], resourceVersion: "10", continueToken: "t2" },
      { items: ["e"], resourceVersion: "11" },
    ]);
    const list = await listAllPages(fetchPage, keepAll, 2);
    expect(list).toEqual({
      items: ["a", "b", "c", "d", "e"],
      resourceVersion: "11",
      pages: 3,
      expiredRestarts: 0,
    });
    expect(requests).toEqual([
      { limit: 2 },
      { limit: 2, continueToken: "t1" },
      { limit: 2, continueToken: "t2" },
    ]);
  });

  it("keeps what `keep` returns, as the pages arrive", async () => {
    const { fetchPage } = scripted([
      { items: [1, 2, 3], resourceVersion: "1", continueToken: "t" },
      { items: [4], resourceVersion: "1", continueToken: "" },
    ]);
    const list = await listAllPages(fetchPage, (i) => ((i as number) % 2 === 0 ? `even ${i}` : undefined), 3);
    expect(list.items).toEqual(["even 2", "even 4"]);
  });

  it("starts over from the first page when a continue token expired, keeping nothing of the first try", async () => {
    const { fetchPage, requests } = scripted([
      { items: ["old-a"], resourceVersion: "5", continueToken: "t1" },
      expired(),
      { items: ["a"], resourceVersion: "9", continueToken: "u1" },
      { items: ["b"], resourceVersion: "9" },
    ]);
    const list = await listAllPages(fetchPage, keepAll, 1);
    expect(list).toEqual({ items: ["a", "b"], resourceVersion: "9", pages: 2, expiredRestarts: 1 });
    expect(requests).toEqual([
      { limit: 1 },
      { limit: 1, continueToken: "t1" },
      { limit: 1 },
      { limit: 1, continueToken: "u1" },
    ]);
  });

  it(`gives up after ${MAX_EXPIRED_RESTARTS} restarts in a row and throws the 410`, async () => {
    const answers: (Page | Error)[] = [];
    for (let i = 0; i <= MAX_EXPIRED_RESTARTS; i++) {
      answers.push({ items: [`x${i}`], resourceVersion: String(i), continueToken: `t${i}` }, expired());
    }
    const { fetchPage, requests } = scripted(answers);
    await expect(listAllPages(fetchPage, keepAll, 1)).rejects.toMatchObject({ statusCode: 410 });
    expect(requests).toHaveLength(2 * (MAX_EXPIRED_RESTARTS + 1));
  });

  it("does not restart on a 410 to the first page, nor on other errors", async () => {
    const first = scripted([expired()]);
    await expect(listAllPages(first.fetchPage, keepAll)).rejects.toMatchObject({ statusCode: 410 });
    expect(first.requests).toHaveLength(1);
    const other = scripted([
      { items: ["a"], resourceVersion: "1", continueToken: "t" },
      new KubeApiError(500, "InternalError", "HTTP 500: boom", "/x"),
    ]);
    await expect(listAllPages(other.fetchPage, keepAll)).rejects.toThrow("boom");
    expect(other.requests).toHaveLength(2);
  });
});
