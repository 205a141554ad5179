import {
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer as SdkLoadBalancer,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { errorMessage, errorName } from "../aws/aws-errors.js";
import type { AwsOperation } from "../aws/aws-operations.js";
import { type RetryOptions, withRetries } from "../aws/retries.js";
import { type LoadBalancer, regionOfLoadBalancerHostname } from "../model/load-balancer.js";
import { elbCanonicalZoneId } from "./elb-zone-ids.js";
import { fromLoadBalancer } from "./from-elbv2.js";

/** The part of an ELBv2 client the directory uses (one client per region). */
export type ElbV2Sender = Pick<ElasticLoadBalancingV2Client, "send">;

/** Makes the ELBv2 client of a region; created once per region and kept. */
export type ElbV2ClientFactory = (region: string) => ElbV2Sender;

/** `DescribeLoadBalancers` returns at most 400 load balancers per page. */
export const LOAD_BALANCER_PAGE_SIZE = 400;

/**
 * The answer for one DNS name:
 * - found, from ELBv2 (no warning) or from the built-in zone-id table because ELBv2 could not answer
 *   (with a warning saying so — the fallback guesses type, scheme and IP address type from the name);
 * - not found, with a reason for the plan's skip list. Never a guess that turns into a CNAME.
 */
export type LoadBalancerLookup =
  | { found: true; loadBalancer: LoadBalancer; warning?: string }
  | { found: false; reason: string };

/** Collaborators and settings of a `LoadBalancerDirectory`. */
export interface LoadBalancerDirectoryOptions {
  clientFor: ElbV2ClientFactory;
  /**
   * How long a region's listing answers lookups.
   * @default 300000
   */
  ttlMs?: number;
  /**
   * A name missing from a listing older than this lists the region again (a load balancer created
   * since); younger listings answer "not found" straight away.
   * @default 30000
   */
  missRelistMs?: number;
  /** Milliseconds, monotonic. @default performance.now */
  now?: () => number;
  retry?: RetryOptions;
  pageSize?: number;
}

interface Listing {
  at: number;
  byDnsName: Map<string, LoadBalancer>;
  problems: string[];
}

/** Lowercase, no trailing dot, without the `dualstack.` prefix Route 53 alias targets may carry. */
function normalize(dnsName: string): string {
  return dnsName
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^dualstack\./, "");
}

/**
 * Finds AWS load balancers by DNS name with ELBv2 `DescribeLoadBalancers`, in the region the name
 * names (ALB `name-id.<region>.elb.amazonaws.com`, NLB `name-id.elb.<region>.amazonaws.com`).
 * ELBv2 cannot filter by DNS name, so a region is listed whole (paged with `Marker`) and cached for
 * `ttlMs`: one listing answers every gateway of the region.
 */
export class LoadBalancerDirectory {
  readonly #options: LoadBalancerDirectoryOptions;
  readonly #now: () => number;
  readonly #clients = new Map<string, ElbV2Sender>();
  readonly #listings = new Map<string, Promise<Listing>>();

  constructor(options: LoadBalancerDirectoryOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Looks one DNS name up. Never rejects: API failures become a fallback or a not-found reason. */
  async lookup(dnsName: string): Promise<LoadBalancerLookup> {
    const name = normalize(dnsName);
    const region = regionOfLoadBalancerHostname(name);
    if (!region) return { found: false, reason: `\`${name}\` names no AWS region` };
    let listing: Listing;
    try {
      listing = await this.#listing(region, false);
      if (
        !listing.byDnsName.has(name) &&
        this.#now() - listing.at >= (this.#options.missRelistMs ?? 30_000)
      ) {
        listing = await this.#listing(region, true);
      }
    } catch (e) {
      return fallback(name, region, `${errorName(e)}: ${errorMessage(e)}`);
    }
    const lb = listing.byDnsName.get(name);
    if (lb) return { found: true, loadBalancer: lb };
    return {
      found: false,
      reason: `no load balancer with DNS name \`${name}\` in ${region} (ELBv2 DescribeLoadBalancers)`,
    };
  }

  /** Looks several names up; each distinct region is listed at most once. */
  async lookupAll(dnsNames: Iterable<string>): Promise<Map<string, LoadBalancerLookup>> {
    const names = [...new Set([...dnsNames].map(normalize))];
    const answers = await Promise.all(names.map(async (n) => [n, await this.lookup(n)] as const));
    return new Map(answers);
  }

  /** Forgets every cached listing. */
  clear(): void {
    this.#listings.clear();
  }

  #listing(region: string, force: boolean): Promise<Listing> {
    const ttl = this.#options.ttlMs ?? 300_000;
    const cached = this.#listings.get(region);
    if (cached && !force) {
      // A listing in flight is shared; a settled one is reused until its TTL runs out.
      return cached.then((l) => (this.#now() - l.at < ttl ? l : this.#listing(region, true)));
    }
    const fresh = this.#list(region);
    this.#listings.set(region, fresh);
    // Failures are not cached: the next lookup asks ELBv2 again.
    fresh.catch(() => {
      if (this.#listings.get(region) === fresh) this.#listings.delete(region);
    });
    return fresh;
  }

  async #list(region: string): Promise<Listing> {
    const client = this.#client(region);
    const all: SdkLoadBalancer[] = [];
    const markers = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      const input = {
        PageSize: this.#options.pageSize ?? LOAD_BALANCER_PAGE_SIZE,
        ...(marker ? { Marker: marker } : {}),
      };
      const page = await withRetries(() => client.send(new DescribeLoadBalancersCommand(input)), {
        ...this.#options.retry,
        call: { operation: "DescribeLoadBalancers" satisfies AwsOperation },
      });
      all.push(...(page.LoadBalancers ?? []));
      if (!page.NextMarker || markers.has(page.NextMarker)) break;
      markers.add(page.NextMarker);
      marker = page.NextMarker;
    }
    const listing: Listing = { at: this.#now(), byDnsName: new Map(), problems: [] };
    for (const sdk of all) {
      const lb = fromLoadBalancer(sdk);
      if (lb.ok) listing.byDnsName.set(lb.value.dnsName, lb.value);
      else listing.problems.push(lb.error);
    }
    return listing;
  }

  #client(region: string): ElbV2Sender {
    let client = this.#clients.get(region);
    if (!client) {
      client = this.#options.clientFor(region);
      this.#clients.set(region, client);
    }
    return client;
  }
}

/**
 * ELBv2 could not answer: use the built-in zone-id table when the name says the type — NLB names
 * read `…elb.<region>.amazonaws.com`, ALB and Classic names `…<region>.elb.amazonaws.com` (ALB and
 * Classic share a zone id, so the guess between them does not change the alias). Scheme comes from the
 * `internal-` prefix; the IP address type cannot be seen, so it is taken as ipv4 (no AAAA alias).
 */
export function fallback(dnsName: string, region: string, why: string): LoadBalancerLookup {
  const type = inferType(dnsName);
  const zoneId = type ? elbCanonicalZoneId(region, type) : undefined;
  if (!type || !zoneId) {
    return {
      found: false,
      reason: `ELBv2 could not answer for \`${dnsName}\` (${why}) and the built-in table has no zone id for it`,
    };
  }
  return {
    found: true,
    loadBalancer: {
      dnsName,
      canonicalHostedZoneId: zoneId,
      region,
      type,
      scheme: dnsName.startsWith("internal-") ? "internal" : "internet-facing",
      ipAddressType: "ipv4",
    },
    warning:
      `ELBv2 could not answer for \`${dnsName}\` (${why}); using the built-in ${type === "network" ? "NLB" : "ALB"} ` +
      `zone id ${zoneId} for ${region} and assuming ipv4 (no AAAA alias)`,
  };
}

function inferType(dnsName: string): "application" | "network" | undefined {
  if (/\.elb\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(dnsName)) return "network";
  if (/\.[a-z0-9-]+\.elb\.amazonaws\.com(\.cn)?$/.test(dnsName)) return "application";
  return undefined;
}
