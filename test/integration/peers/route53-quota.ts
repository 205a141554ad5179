// Route 53's quotas as a model, for the proxy in front of moto (fault-proxy.ts), which enforces none:
// moto never throttles, so without this a client that ignores the quotas looks fastest.
//
// What it models, each answered as Route 53 answers (HTTP 400, an XML ErrorResponse the AWS SDKs
// deserialize into the named error):
//
// - Request rate (Developer Guide, "Throttling for Amazon Route 53 API requests"): token buckets per
//   account; every request takes one token from the account bucket and one from its operation's bucket
//   and is answered `Throttling` / "Rate exceeded" when either is empty (a throttled request takes none).
// - Change throughput (same page): one bucket per account of record changes, one token per change of a
//   ChangeResourceRecordSets and two per UPSERT; a batch that does not find its tokens is `Throttling`.
// - The per-request limits of ChangeResourceRecordSets (Developer Guide, "Quotas"): at most 1,000
//   `ResourceRecord` elements and 32,000 characters of `Value` elements, each counted twice for an
//   UPSERT; over either: `InvalidChangeBatch` with Route 53's wording, and nothing is applied.
// - One change batch at a time per hosted zone: a batch is PENDING for `propagationMs` after it was
//   accepted, then INSYNC (as GetChange reports it); while the zone is busy (`zoneBusyMs`, by default
//   as long as the batch is PENDING) another ChangeResourceRecordSets on it is answered
//   `PriorRequestNotComplete`. AWS documents neither duration; both are settings.
//
// Pure apart from the injected clock: the proxy asks `admit` before it forwards a request, and tells
// `accepted` / `rejected` what moto answered to an admitted change batch.

/** Refill rate and capacity of one token bucket. */
export interface BucketFigures {
  /** Tokens added per second. */
  rate: number;
  /** Capacity: the largest burst. */
  burst: number;
}

/** The figures the model enforces; every field has AWS's documented figure as its default. */
export interface Route53QuotaConfig {
  /**
   * The account's request bucket, drawn from by every Route 53 request.
   * @default { rate: 10, burst: 50 }
   */
  account: BucketFigures;
  /**
   * Operations with their own documented bucket; every other operation has `defaultOperation`.
   * @default AWS's table: CreateHealthCheck 0.5/50, DeleteHealthCheck 3/15, GetHealthCheckStatus 1/4,
   *   GetHealthCheckLastFailureReason 1/4, CreateHostedZone 2/40, DeleteHostedZone 5/40
   */
  operations: Record<string, BucketFigures>;
  /**
   * The bucket of each operation not in `operations`.
   * @default { rate: 10, burst: 50 }
   */
  defaultOperation: BucketFigures;
  /**
   * The account's change-throughput bucket: record changes per second, an UPSERT counting two.
   * @default { rate: 100, burst: 1500 }
   */
  changes: BucketFigures;
  /**
   * `ResourceRecord` elements per ChangeResourceRecordSets request, UPSERT counted twice (an alias
   * record, which has none, counts one, as both controllers' packers count it).
   * @default 1000
   */
  maxElements: number;
  /**
   * Characters of `Value` elements per request, UPSERT counted twice.
   * @default 32000
   */
  maxCharacters: number;
  /**
   * How long an accepted change batch stays PENDING before GetChange reports INSYNC, in ms.
   * @default 1000
   */
  propagationMs: number;
  /**
   * How long after accepting a change batch the zone answers PriorRequestNotComplete to the next, in ms.
   * @default propagationMs (the zone is busy while its last batch is PENDING)
   */
  zoneBusyMs: number;
}

/** AWS's documented figures (request buckets and change throughput since 2026-07; batch limits). */
export const ROUTE53_QUOTAS: Readonly<Route53QuotaConfig> = {
  account: { rate: 10, burst: 50 },
  operations: {
    CreateHealthCheck: { rate: 0.5, burst: 50 },
    DeleteHealthCheck: { rate: 3, burst: 15 },
    GetHealthCheckStatus: { rate: 1, burst: 4 },
    GetHealthCheckLastFailureReason: { rate: 1, burst: 4 },
    CreateHostedZone: { rate: 2, burst: 40 },
    DeleteHostedZone: { rate: 5, burst: 40 },
  },
  defaultOperation: { rate: 10, burst: 50 },
  changes: { rate: 100, burst: 1500 },
  maxElements: 1000,
  maxCharacters: 32000,
  propagationMs: 1000,
  zoneBusyMs: 1000,
};

/** What a change batch costs against the limits, read from its request body. */
export interface BatchCount {
  changes: number;
  upserts: number;
  /** `ResourceRecord` elements, UPSERT counted twice. */
  elements: number;
  /** Characters of `Value` elements, UPSERT counted twice. */
  characters: number;
  /** Change-throughput tokens: one per change, two per UPSERT. */
  tokens: number;
}

export type QuotaRejection = "Throttling" | "PriorRequestNotComplete" | "InvalidChangeBatch";

/** The model's answer to one request before it is forwarded. */
export type QuotaVerdict =
  | { ok: true }
  | {
      ok: false;
      code: QuotaRejection;
      message: string;
      /** Which limit: "account", "operation", "changes", "elements", "characters" or "zone". */
      limit: string;
    };

/** One accepted change batch, as GetChange reports it. */
export interface ChangeStatus {
  id: string;
  status: "PENDING" | "INSYNC";
  submittedAt: Date;
}

const PRIOR_REQUEST = "The request was rejected because Route 53 was still processing a prior request.";

/** A token bucket that answers at once: take now or refuse (Route 53 does not queue). */
class Bucket {
  #tokens: number;
  #last: number;
  constructor(
    readonly figures: BucketFigures,
    now: number,
  ) {
    this.#tokens = figures.burst;
    this.#last = now;
  }
  has(cost: number, now: number): boolean {
    this.#tokens = Math.min(
      this.figures.burst,
      this.#tokens + ((now - this.#last) / 1000) * this.figures.rate,
    );
    this.#last = now;
    return this.#tokens >= cost;
  }
  take(cost: number): void {
    this.#tokens -= cost;
  }
}

/** Counts a ChangeResourceRecordSets body the way Route 53's limits read it. */
export function countChangeBatch(body: string): BatchCount {
  const count: BatchCount = { changes: 0, upserts: 0, elements: 0, characters: 0, tokens: 0 };
  for (const m of body.matchAll(/<Change>([\s\S]*?)<\/Change>/g)) {
    const change = m[1] ?? "";
    const upsert = /<Action>UPSERT<\/Action>/.test(change);
    const factor = upsert ? 2 : 1;
    const values = [...change.matchAll(/<Value>([\s\S]*?)<\/Value>/g)].map((v) => unescapeXml(v[1] ?? ""));
    count.changes++;
    if (upsert) count.upserts++;
    count.elements += Math.max(1, values.length) * factor;
    count.characters += values.reduce((n, v) => n + v.length, 0) * factor;
    count.tokens += factor;
  }
  return count;
}

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", lt: "<", gt: ">", amp: "&" };

/**
 * A Value's text as Route 53 counts it: entities decoded, named or numeric. The SDKs escape
 * differently (JavaScript writes `&quot;`, Go `&#34;`), and the limit is on characters, not on bytes
 * of XML.
 */
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? whole;
  });
}

/** The hosted zone id of a Route 53 REST path (/2013-04-01/hostedzone/ID/rrset), without a prefix. */
export function zoneOfPath(path: string): string | undefined {
  return /^\/2013-04-01\/hostedzone\/([^/?]+)/.exec(path)?.[1];
}

/** The change id of a GetChange path (/2013-04-01/change/ID). */
export function changeOfPath(path: string): string | undefined {
  return /^\/2013-04-01\/change\/([^/?]+)/.exec(path)?.[1];
}

/** The quota model: one per proxy, i.e. one AWS account. */
export class Route53Quota {
  readonly config: Readonly<Route53QuotaConfig>;
  readonly #now: () => number;
  readonly #account: Bucket;
  readonly #changes: Bucket;
  readonly #operations = new Map<string, Bucket>();
  /** Zone id → until when it refuses another change batch. */
  readonly #busyUntil = new Map<string, number>();
  /** Change id → when it was accepted. */
  readonly #accepted = new Map<string, number>();
  #nextChange = 1;

  constructor(config: Partial<Route53QuotaConfig> = {}, now: () => number = Date.now) {
    const propagationMs = config.propagationMs ?? ROUTE53_QUOTAS.propagationMs;
    this.config = {
      ...ROUTE53_QUOTAS,
      ...config,
      operations: { ...ROUTE53_QUOTAS.operations, ...config.operations },
      propagationMs,
      zoneBusyMs: config.zoneBusyMs ?? propagationMs,
    };
    for (const [name, b] of Object.entries({
      account: this.config.account,
      changes: this.config.changes,
      defaultOperation: this.config.defaultOperation,
      ...this.config.operations,
    })) {
      if (!(b.rate > 0 && b.burst > 0))
        throw new RangeError(`quota ${name}: rate and burst must be above 0, got ${b.rate}/${b.burst}`);
    }
    this.#now = now;
    this.#account = new Bucket(this.config.account, now());
    this.#changes = new Bucket(this.config.changes, now());
  }

  #operation(name: string): Bucket {
    let b = this.#operations.get(name);
    if (!b) {
      b = new Bucket(this.config.operations[name] ?? this.config.defaultOperation, this.#now());
      this.#operations.set(name, b);
    }
    return b;
  }

  /**
   * Admit one request or say how Route 53 refuses it. For ChangeResourceRecordSets pass the zone and
   * body; an admitted batch holds its zone until `accepted` or `rejected` is called.
   */
  admit(operation: string, zoneId?: string, body?: string): QuotaVerdict {
    const now = this.#now();
    const op = this.#operation(operation);
    // A request draws from both buckets, and a throttled request from neither.
    if (!this.#account.has(1, now)) return throttled("account");
    if (!op.has(1, now)) return throttled("operation");
    this.#account.take(1);
    op.take(1);
    if (operation !== "ChangeResourceRecordSets" || zoneId === undefined) return { ok: true };

    const count = countChangeBatch(body ?? "");
    if (count.elements > this.config.maxElements) {
      return invalid("elements", `[Number of records limit of ${this.config.maxElements} exceeded.]`);
    }
    if (count.characters > this.config.maxCharacters) {
      return invalid("characters", `[RDATA character limit of ${this.config.maxCharacters} exceeded.]`);
    }
    if ((this.#busyUntil.get(zoneId) ?? 0) > now) {
      return { ok: false, code: "PriorRequestNotComplete", message: PRIOR_REQUEST, limit: "zone" };
    }
    if (!this.#changes.has(count.tokens, now)) return throttled("changes");
    this.#changes.take(count.tokens);
    // Busy from admission: a second batch sent while moto still works on the first is refused too.
    this.#busyUntil.set(zoneId, Number.POSITIVE_INFINITY);
    return { ok: true };
  }

  /** moto applied the batch admitted for `zoneId`: it is PENDING from now. Returns its change id. */
  accepted(zoneId: string): ChangeStatus {
    const now = this.#now();
    this.#busyUntil.set(zoneId, now + this.config.zoneBusyMs);
    const id = `C${String(this.#nextChange++).padStart(12, "0")}QUOTA`;
    this.#accepted.set(id, now);
    return { id, status: this.config.propagationMs > 0 ? "PENDING" : "INSYNC", submittedAt: new Date(now) };
  }

  /** moto refused the batch admitted for `zoneId` (nothing was applied): the zone is free again. */
  rejected(zoneId: string): void {
    this.#busyUntil.delete(zoneId);
  }

  /** GetChange's answer for a change this model accepted; undefined for any other id. */
  changeStatus(id: string): ChangeStatus | undefined {
    const at = this.#accepted.get(id);
    if (at === undefined) return undefined;
    const insync = this.#now() - at >= this.config.propagationMs;
    return { id, status: insync ? "INSYNC" : "PENDING", submittedAt: new Date(at) };
  }
}

function throttled(limit: string): QuotaVerdict {
  return { ok: false, code: "Throttling", message: "Rate exceeded", limit };
}

function invalid(limit: string, message: string): QuotaVerdict {
  return { ok: false, code: "InvalidChangeBatch", message, limit };
}

/** What a client had to send, for the quota-derived lower bound of the time it takes. */
export interface Workload {
  /** Route 53 requests of every kind. */
  requests: number;
  /** Accepted change batches, per hosted zone. */
  batchesPerZone: readonly number[];
  /** Change-throughput tokens of the accepted batches. */
  changeTokens: number;
}

/**
 * The least time, in seconds, any client could take to send `w` under `config`, starting with full
 * buckets: the account bucket's refill beyond its burst, the change bucket's likewise, and a zone's
 * batches one `zoneBusyMs` apart. (The largest of the three: each bounds alone.)
 */
export function lowerBoundSeconds(
  w: Workload,
  config: Readonly<Route53QuotaConfig> = ROUTE53_QUOTAS,
): number {
  const byRequests = Math.max(0, w.requests - config.account.burst) / config.account.rate;
  const byChanges = Math.max(0, w.changeTokens - config.changes.burst) / config.changes.rate;
  const byZone = Math.max(0, ...w.batchesPerZone.map((b) => ((b - 1) * config.zoneBusyMs) / 1000));
  return Math.max(byRequests, byChanges, byZone);
}
