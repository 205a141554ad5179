/**
 * The informer's list, a page at a time: `limit` objects per request, then `continue` with the token
 * of the page before, until a page has no token. Each page is turned into what the cache keeps (the
 * caller's `keep`) as it arrives, so only one page of raw JSON is alive at a time; an unpaged list of
 * 20,000 Services was one 29 MiB body, parsed whole, and set the controller's peak at start-up and
 * at every re-list.
 *
 * The pages are one consistent snapshot: the API server serves every `continue` request at the
 * resourceVersion of the first page, and each page carries that version, so the watch starts from
 * the last page's `metadata.resourceVersion` and misses nothing that changed while the pages came.
 * A continue token lives as long as the API server keeps that version (etcd compacts it away, by
 * default 5 minutes on); a token too old is answered 410 `Expired`, and the list then starts over
 * from the first page, without a token (Kubernetes API concepts, "Retrieving large results sets in
 * chunks"). Nothing listed before the restart is kept: the caller gets one complete list or an error.
 */
import { statusCodeOf } from "../../kube/kube-http.js";

/**
 * Objects per page. client-go's pager uses 500 (`tools/pager` `defaultPageSize`), and so does
 * `kubectl get --chunk-size`: the API server's cost per request is small at that size, a page of
 * 500 Services is under 1 MiB of JSON, and 20,000 Services take 40 requests.
 */
export const LIST_PAGE_SIZE = 500;

/**
 * How many times a list starts over after an expired continue token before it fails (and the
 * watcher restarts with backoff). A token expires only when a list takes longer than the API server
 * keeps its version, so a second expiry in a row means the list is too slow for the server, not bad
 * luck; giving up hands the retry to the watcher's backoff instead of spinning here.
 */
export const MAX_EXPIRED_RESTARTS = 2;

/** One page as {@link listAllPages} needs it. */
export interface Page {
  items: readonly unknown[];
  resourceVersion: string;
  /** Set when more pages follow. */
  continueToken?: string;
}

/** Asks the API server for one page: the first when `continueToken` is undefined. */
export type FetchPage = (request: { limit: number; continueToken?: string }) => Promise<Page>;

/** A complete list. */
export interface PagedList<T> {
  /** What `keep` returned for each listed item, in the API server's order. */
  items: T[];
  /** The last page's resourceVersion: where the watch starts. */
  resourceVersion: string;
  /** Pages requested for this list, after the last restart. */
  pages: number;
  /** Restarts after an expired continue token. */
  expiredRestarts: number;
}

/**
 * Lists every page. `keep` maps each raw item to what is kept, or undefined to leave it out.
 * Throws what `fetchPage` throws, except a 410 on a continue request, which restarts the list (up to
 * {@link MAX_EXPIRED_RESTARTS} times).
 */
export async function listAllPages<T>(
  fetchPage: FetchPage,
  keep: (item: unknown) => T | undefined,
  limit: number = LIST_PAGE_SIZE,
): Promise<PagedList<T>> {
  for (let expiredRestarts = 0; ; expiredRestarts++) {
    const items: T[] = [];
    let continueToken: string | undefined;
    let pages = 0;
    try {
      for (;;) {
        const page = await fetchPage(continueToken === undefined ? { limit } : { limit, continueToken });
        pages++;
        for (const item of page.items) {
          const kept = keep(item);
          if (kept !== undefined) items.push(kept);
        }
        if (page.continueToken === undefined || page.continueToken === "") {
          return { items, resourceVersion: page.resourceVersion, pages, expiredRestarts };
        }
        continueToken = page.continueToken;
      }
    } catch (error) {
      // Only a continue request can expire: a first page has no version to be too old.
      const expired = continueToken !== undefined && statusCodeOf(error) === 410;
      if (!expired || expiredRestarts >= MAX_EXPIRED_RESTARTS) throw error;
    }
  }
}
