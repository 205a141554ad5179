// A fault-injecting HTTP proxy between the AWS SDK and moto (moto never
// throttles or fails). It forwards requests, answers a chosen share of them
// with AWS-shaped errors, and counts requests by operation and outcome.
//
//   const proxy = await startFaultProxy(motoEndpoint(), [
//     { operations: ["ChangeResourceRecordSets"], fault: "Throttling", every: 3 },
//   ]);
//   const r53 = route53Client(proxy.endpoint);
//   ...
//   proxy.count("ChangeResourceRecordSets"); // { forwarded, injected, total }
//   await proxy.close();
//
// Operations: Route 53 (REST, /2013-04-01/...) from method + path; query APIs
// (ELBv2, EC2, STS: AssumeRole, AssumeRoleWithWebIdentity) from the `Action=` form field. Requests that match neither are
// counted under "Unknown"; moto's own /moto-api/ under "MotoApi" (never faulted).
//
// Lost answers: `phase: "after"` forwards the request to moto and then loses moto's answer — replaced
// by an AWS error (a 503), or, with `fault: "ConnectionReset"`, by a connection closed without any
// answer. The change was made; the caller cannot know.
//
// CallerReferences: moto ignores CreateHealthCheck's CallerReference. With `{ callerReferences: true }`
// the proxy models what Route 53 documents: the same reference with the same settings returns the
// existing check (a retry creates nothing), the same reference with other settings, or a reference
// whose check was deleted, is answered HealthCheckAlreadyExists — a deleted check's reference can
// never be used again.
//
// Quotas: with `{ quota: {} }` (or figures of your own) the proxy also enforces Route 53's quotas, which
// moto does not (route53-quota.ts): the account's request rate and burst, each operation's bucket, the
// change throughput (UPSERT counted twice), the per-request limits of ChangeResourceRecordSets, and one
// change batch at a time per hosted zone (PENDING for `propagationMs`, as GetChange then reports).
// Refusals are answered as Route 53 answers them and logged as `outcome: "injected"` with
// `modelled: "quota"` and the limit. A fault rule that hits answers before the quota model sees the
// request.

import { randomUUID } from "node:crypto";
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { changeOfPath, Route53Quota, type Route53QuotaConfig, zoneOfPath } from "./route53-quota.js";

export type FaultKind =
  | "Throttling"
  | "PriorRequestNotComplete"
  | "ServiceUnavailable"
  | "InvalidChangeBatch"
  /** No answer at all: the connection is closed (the SDK sees a socket hang up, ECONNRESET). */
  | "ConnectionReset";

export interface FaultRule {
  /** Operation names this rule applies to (e.g. "ChangeResourceRecordSets"); "*" or omitted: all. */
  operations?: readonly string[] | "*";
  fault: FaultKind;
  /** Inject on every Nth matching request (N, 2N, 3N, ...). */
  every?: number;
  /** Inject on this share (0..1) of matching requests, drawn from a PRNG seeded with `seed`. */
  share?: number;
  /** PRNG seed for `share` (default 1); the same seed and request order give the same faults. */
  seed?: number;
  /** Inject at most this many times. */
  limit?: number;
  /**
   * Only requests whose body contains this text match. With `fault: "InvalidChangeBatch"` this stands
   * in for AWS's validation of a change batch, which moto does not do: the whole request is rejected
   * before it reaches moto, as AWS rejects a batch atomically.
   */
  bodyIncludes?: string;
  /**
   * "before" (default): answer with the fault without forwarding (the change is not applied).
   * "after": forward to moto, drop its answer and return the fault (applied, but the caller
   * cannot know — a lost response).
   */
  phase?: "before" | "after";
}

export interface OperationCount {
  forwarded: number;
  injected: number;
  total: number;
  /** Injections by fault kind. */
  faults: Partial<Record<FaultKind, number>>;
}

export interface ProxyRequestLog {
  /** When the request arrived (Date.now()). */
  at: number;
  /** When moto's answer was sent on (forwarded requests): how long the peer itself took. */
  answeredAt?: number;
  service: string;
  /** The access key id that signed the request (SigV4 credential scope); unsigned requests have none. */
  accessKeyId?: string;
  operation: string;
  method: string;
  path: string;
  outcome: "forwarded" | "injected";
  fault?: FaultKind;
  /** moto's status for a forwarded request (also for "after"-phase faults, whose answer was lost). */
  upstreamStatus?: number;
  /** The request body of POST requests (change batches, health-check creations). */
  body?: string;
  /**
   * Answered by one of the proxy's models without reaching moto: the CallerReference model (see
   * `callerReferences`), the quota model's refusals ("quota", with `limit`), or GetChange of a change
   * the quota model accepted ("change-status").
   */
  modelled?: "existing-check" | "HealthCheckAlreadyExists" | "quota" | "change-status";
  /** The quota model's limit that refused the request: account, operation, changes, elements, characters, zone. */
  limit?: string;
}

export interface FaultProxyOptions {
  /**
   * Model Route 53's CallerReference rules for CreateHealthCheck, which moto does not: an existing
   * check is returned for a repeated reference and settings; a reference used with other settings, or
   * whose check was deleted, is answered HealthCheckAlreadyExists.
   * @default false
   */
  callerReferences?: boolean;
  /**
   * Forward the client's own Host header instead of moto's. moto checks request signatures only when
   * it enforces IAM (test/integration/iam/), and the signature covers the Host the SDK signed: the
   * proxy's. moto routes on the signature's credential scope, not on the Host.
   * @default false
   */
  keepHost?: boolean;
  /**
   * Enforce Route 53's quotas (route53-quota.ts) with AWS's figures, overridden by the fields given.
   * @default undefined (no quotas: moto's behaviour)
   */
  quota?: Partial<Route53QuotaConfig>;
  /**
   * The quota model's clock in ms (buckets refill and changes turn INSYNC by it). A test that holds it
   * still gets the same answers however slowly the machine runs.
   * @default Date.now
   */
  quotaClock?: () => number;
}

export interface FaultProxy {
  /** Point the SDK here, e.g. http://127.0.0.1:PORT */
  readonly endpoint: string;
  /** Replace the rules (counters of the old rules are dropped). */
  setRules(rules: readonly FaultRule[]): void;
  /** Counts for one operation (zeros if never seen). */
  count(operation: string): OperationCount;
  /** Counts for every operation seen. */
  counts(): Record<string, OperationCount>;
  /** Every request, in the order it was answered (`at` is when it arrived). */
  readonly log: readonly ProxyRequestLog[];
  /** The quota model, when `quota` was given. */
  readonly quota: Route53Quota | undefined;
  /** Total requests, optionally only those with `outcome`. */
  total(outcome?: "forwarded" | "injected"): number;
  /** Forget counts and the log (rules keep their state unless setRules is called). */
  resetCounts(): void;
  close(): Promise<void>;
}

const ROUTE53_XMLNS = "https://route53.amazonaws.com/doc/2013-04-01/";
const XMLNS: Record<string, string> = {
  route53: ROUTE53_XMLNS,
  elasticloadbalancing: "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
  ec2: "http://ec2.amazonaws.com/doc/2016-11-15/",
};

const FAULTS: Record<FaultKind, { status: number; type: "Sender" | "Receiver"; message: string }> = {
  Throttling: { status: 400, type: "Sender", message: "Rate exceeded" },
  PriorRequestNotComplete: {
    status: 400,
    type: "Sender",
    message: "The request was rejected because Route 53 was still processing a prior request.",
  },
  ServiceUnavailable: { status: 503, type: "Receiver", message: "Service Unavailable" },
  InvalidChangeBatch: {
    status: 400,
    type: "Sender",
    message: "[RRSet with DNS name bad.example.com. is not permitted in zone (injected by the fault proxy)]",
  },
  // Never sent: the connection is destroyed instead (see `handle`).
  ConnectionReset: { status: 0, type: "Receiver", message: "" },
};

/** One CallerReference Route 53 has seen (the proxy's model of it). */
interface ReferenceUse {
  /** The HealthCheckConfig element as sent, to compare settings. */
  config: string;
  id: string;
  deleted: boolean;
  /** moto's answer to the create, returned again for a repeat. */
  answer: { status: number; headers: IncomingHttpHeaders; body: Buffer };
}

/** The text of the first `<tag>...</tag>` in an XML document (enough for Route 53's request bodies). */
function xmlElement(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m?.[1];
}

/** The XML body AWS's XML APIs return for an error. */
export function errorBody(
  service: string,
  code: string,
  type: "Sender" | "Receiver",
  message: string,
  requestId: string,
): string {
  const xmlns = XMLNS[service] ?? ROUTE53_XMLNS;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${code}</Code>` +
    `<Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/**
 * The body Route 53 answers an invalid change batch with: not an ErrorResponse but an
 * `InvalidChangeBatch` root with a list of messages (the AWS SDK for Go v2 has a customization for
 * exactly this shape; see the quota model's tests for what the SDK for JavaScript makes of it).
 */
export function invalidChangeBatchBody(messages: readonly string[], requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<InvalidChangeBatch xmlns="${ROUTE53_XMLNS}"><Messages>` +
    messages.map((m) => `<Message>${escapeXml(m)}</Message>`).join("") +
    `</Messages><RequestId>${requestId}</RequestId></InvalidChangeBatch>`
  );
}

/** A ChangeInfo answer (ChangeResourceRecordSetsResponse, GetChangeResponse) for one change. */
export function changeInfoBody(
  root: "ChangeResourceRecordSetsResponse" | "GetChangeResponse",
  change: { id: string; status: string; submittedAt: Date },
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${root} xmlns="${ROUTE53_XMLNS}"><ChangeInfo><Id>/change/${change.id}</Id>` +
    `<Status>${change.status}</Status><SubmittedAt>${change.submittedAt.toISOString()}</SubmittedAt>` +
    `</ChangeInfo></${root}>`
  );
}

function escapeXml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** The service named in the SigV4 credential scope (".../us-east-1/route53/aws4_request"). */
export function serviceOf(headers: IncomingHttpHeaders, path: string): string {
  const auth = headers.authorization ?? "";
  const m = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(auth);
  if (m?.[1]) return m[1];
  if (path.startsWith("/2013-04-01/")) return "route53";
  return "unknown";
}

const R53 = "/2013-04-01/";

/** The access key id of a SigV4 Authorization header ("Credential=AKID/20260101/us-east-1/..."). */
export function accessKeyIdOf(headers: IncomingHttpHeaders): string | undefined {
  return /Credential=([^/]+)\//.exec(headers.authorization ?? "")?.[1];
}

/** Route 53 REST operation from method and path (query string ignored). */
export function route53Operation(method: string, rawPath: string): string | undefined {
  const path = rawPath.split("?")[0] ?? "";
  if (!path.startsWith(R53)) return undefined;
  const parts = path
    .slice(R53.length)
    .split("/")
    .filter((p) => p !== "");
  const [head, id, sub] = parts;
  const m = method.toUpperCase();
  switch (head) {
    case "hostedzone":
      if (id === undefined)
        return m === "POST" ? "CreateHostedZone" : m === "GET" ? "ListHostedZones" : undefined;
      if (sub === undefined) {
        if (m === "GET") return "GetHostedZone";
        if (m === "DELETE") return "DeleteHostedZone";
        if (m === "POST") return "UpdateHostedZoneComment";
        return undefined;
      }
      if (sub === "rrset")
        return m === "POST" ? "ChangeResourceRecordSets" : m === "GET" ? "ListResourceRecordSets" : undefined;
      if (sub === "associatevpc") return "AssociateVPCWithHostedZone";
      if (sub === "disassociatevpc") return "DisassociateVPCFromHostedZone";
      if (sub === "dnssec") return "GetDNSSEC";
      return undefined;
    case "hostedzonesbyname":
      return "ListHostedZonesByName";
    case "hostedzonesbyvpc":
      return "ListHostedZonesByVPC";
    case "hostedzonecount":
      return "GetHostedZoneCount";
    case "change":
      return "GetChange";
    case "healthcheck":
      if (id === undefined)
        return m === "POST" ? "CreateHealthCheck" : m === "GET" ? "ListHealthChecks" : undefined;
      if (sub === undefined) {
        if (m === "GET") return "GetHealthCheck";
        if (m === "POST") return "UpdateHealthCheck";
        if (m === "DELETE") return "DeleteHealthCheck";
        return undefined;
      }
      if (sub === "status") return "GetHealthCheckStatus";
      if (sub === "lastfailurereason") return "GetHealthCheckLastFailureReason";
      return undefined;
    case "healthcheckcount":
      return "GetHealthCheckCount";
    case "tags":
      // POST /tags/{type}/{id} ChangeTagsForResource; GET .../{id} ListTagsForResource; POST /tags/{type} ListTagsForResources
      if (sub !== undefined) return m === "POST" ? "ChangeTagsForResource" : "ListTagsForResource";
      return m === "POST" ? "ListTagsForResources" : undefined;
    case "accountlimit":
      return "GetAccountLimit";
    case "hostedzonelimit":
      return "GetHostedZoneLimit";
    case "delegationset":
      if (id === undefined)
        return m === "POST" ? "CreateReusableDelegationSet" : "ListReusableDelegationSets";
      return m === "DELETE" ? "DeleteReusableDelegationSet" : "GetReusableDelegationSet";
    case "checkeripranges":
      return "GetCheckerIpRanges";
    case "queryloggingconfig":
      if (id === undefined) return m === "POST" ? "CreateQueryLoggingConfig" : "ListQueryLoggingConfigs";
      return m === "DELETE" ? "DeleteQueryLoggingConfig" : "GetQueryLoggingConfig";
    default:
      return undefined;
  }
}

/** Operation of a query-API (ELBv2, EC2, STS) request: the Action field of the form body or query string. */
export function queryOperation(rawPath: string, body: string): string | undefined {
  const fromBody = new URLSearchParams(body).get("Action");
  if (fromBody) return fromBody;
  const q = rawPath.indexOf("?");
  return q >= 0 ? (new URLSearchParams(rawPath.slice(q + 1)).get("Action") ?? undefined) : undefined;
}

/** mulberry32: small deterministic PRNG in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RuleState {
  rule: FaultRule;
  seen: number;
  injected: number;
  random: () => number;
}

function ruleState(rule: FaultRule): RuleState {
  if (rule.every !== undefined && (!Number.isInteger(rule.every) || rule.every < 1)) {
    throw new Error(`fault rule: every must be a positive integer, got ${rule.every}`);
  }
  if (rule.share !== undefined && !(rule.share >= 0 && rule.share <= 1)) {
    throw new Error(`fault rule: share must be in [0, 1], got ${rule.share}`);
  }
  if (rule.every === undefined && rule.share === undefined) {
    throw new Error("fault rule: set `every` or `share`");
  }
  return { rule, seen: 0, injected: 0, random: prng(rule.seed ?? 1) };
}

function matches(rule: FaultRule, operation: string): boolean {
  const ops = rule.operations;
  return ops === undefined || ops === "*" || ops.includes(operation);
}

/** Decide for one request; the first matching rule decides (later rules are not consulted). */
function decide(states: RuleState[], operation: string, body: string): RuleState | undefined {
  for (const s of states) {
    if (!matches(s.rule, operation)) continue;
    if (s.rule.bodyIncludes !== undefined && !body.includes(s.rule.bodyIncludes)) continue;
    s.seen++;
    const { every, share, limit } = s.rule;
    if (limit !== undefined && s.injected >= limit) return undefined;
    const hit = every !== undefined ? s.seen % every === 0 : s.random() < (share ?? 0);
    if (hit) {
      s.injected++;
      return s;
    }
    return undefined;
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Start a fault proxy in front of `target` (moto's endpoint) on a free loopback port. */
export async function startFaultProxy(
  target: string,
  rules: readonly FaultRule[] = [],
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  let states = rules.map(ruleState);
  let counts = new Map<string, OperationCount>();
  let log: ProxyRequestLog[] = [];
  /** CallerReference → its use; health-check id → its CallerReference (`callerReferences` only). */
  const references = new Map<string, ReferenceUse>();
  const referenceOfId = new Map<string, string>();
  const quota = options.quota === undefined ? undefined : new Route53Quota(options.quota, options.quotaClock);

  const bump = (operation: string, outcome: "forwarded" | "injected", fault?: FaultKind) => {
    let c = counts.get(operation);
    if (!c) {
      c = { forwarded: 0, injected: 0, total: 0, faults: {} };
      counts.set(operation, c);
    }
    c[outcome]++;
    c.total++;
    if (fault) c.faults[fault] = (c.faults[fault] ?? 0) + 1;
  };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const host = options.keepHost ? req.headers.host : upstream.host;
      const headers = { ...req.headers, host, "content-length": String(body.length) };
      delete headers["transfer-encoding"];
      const up = request(
        {
          protocol: upstream.protocol,
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
        },
        (res) => {
          readBody(res).then(
            (b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }),
            reject,
          );
        },
      );
      up.on("error", reject);
      up.end(body);
    });

  type Answer = {
    status: number;
    headers: IncomingHttpHeaders;
    body: Buffer;
    modelled?: ProxyRequestLog["modelled"];
    /** The quota model refused the request with this error, for this limit. */
    refused?: { code: FaultKind; limit: string };
  };

  /**
   * What Route 53 would answer: moto's answer, or, with `callerReferences`, the model's for a
   * CreateHealthCheck whose reference was used before (and its bookkeeping for new ones and deletes).
   */
  const upstreamAnswer = async (req: IncomingMessage, body: Buffer, operation: string): Promise<Answer> => {
    if (!options.callerReferences) return forward(req, body);
    if (operation === "CreateHealthCheck") {
      const text = body.toString("utf8");
      const ref = xmlElement(text, "CallerReference") ?? "";
      const config = xmlElement(text, "HealthCheckConfig") ?? "";
      const used = references.get(ref);
      if (used && !used.deleted && used.config === config)
        return { ...used.answer, modelled: "existing-check" };
      if (used) {
        const why = used.deleted
          ? `A health check with the CallerReference ${ref} was deleted; the reference cannot be used again.`
          : `A health check with the CallerReference ${ref} already exists with other settings.`;
        const body = errorBody("route53", "HealthCheckAlreadyExists", "Sender", why, randomUUID());
        return {
          status: 409,
          headers: { "content-type": "text/xml" },
          body: Buffer.from(body),
          modelled: "HealthCheckAlreadyExists",
        };
      }
      const answer = await forward(req, body);
      const id = xmlElement(answer.body.toString("utf8"), "Id");
      if (answer.status < 300 && id !== undefined) {
        references.set(ref, { config, id, deleted: false, answer });
        referenceOfId.set(id, ref);
      }
      return answer;
    }
    const answer = await forward(req, body);
    if (operation === "DeleteHealthCheck" && answer.status < 300) {
      const id = (req.url ?? "").split("?")[0]?.split("/").pop() ?? "";
      const use = references.get(referenceOfId.get(id) ?? "");
      if (use) use.deleted = true;
    }
    return answer;
  };

  /**
   * What Route 53 would answer under its quotas (`quota` only): a refusal, GetChange of a change the
   * model accepted, or the upstream answer, with the change batch's ChangeInfo replaced by the model's
   * (moto gives every change the same id, always INSYNC).
   */
  const quotaAnswer = async (
    q: Route53Quota,
    req: IncomingMessage,
    body: Buffer,
    operation: string,
    path: string,
  ): Promise<Answer> => {
    const zone = operation === "ChangeResourceRecordSets" ? zoneOfPath(path) : undefined;
    const verdict = q.admit(operation, zone, body.toString("utf8"));
    if (!verdict.ok) {
      const requestId = randomUUID();
      const xml =
        verdict.code === "InvalidChangeBatch"
          ? invalidChangeBatchBody([verdict.message], requestId)
          : errorBody("route53", verdict.code, "Sender", verdict.message, requestId);
      return {
        status: 400,
        headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
        body: Buffer.from(xml),
        modelled: "quota",
        refused: { code: verdict.code, limit: verdict.limit },
      };
    }
    if (operation === "GetChange") {
      const status = q.changeStatus(changeOfPath(path) ?? "");
      if (status) {
        return {
          status: 200,
          headers: { "content-type": "text/xml", "x-amzn-requestid": randomUUID() },
          body: Buffer.from(changeInfoBody("GetChangeResponse", status)),
          modelled: "change-status",
        };
      }
    }
    if (zone === undefined) return upstreamAnswer(req, body, operation);
    let up: Answer;
    try {
      up = await upstreamAnswer(req, body, operation);
    } catch (e) {
      q.rejected(zone);
      throw e;
    }
    if (up.status >= 300) {
      q.rejected(zone);
      return up;
    }
    const info = q.accepted(zone);
    return { ...up, body: Buffer.from(changeInfoBody("ChangeResourceRecordSetsResponse", info)) };
  };

  const send = (
    res: ServerResponse,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer | string,
  ) => {
    const buf = typeof body === "string" ? Buffer.from(body) : body;
    const h: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (v === undefined || k === "transfer-encoding" || k === "connection" || k === "keep-alive") continue;
      h[k] = v;
    }
    h["content-length"] = String(buf.length);
    res.writeHead(status, h);
    res.end(buf);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now();
    const body = await readBody(req);
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const service = serviceOf(req.headers, path);
    const signer = accessKeyIdOf(req.headers);
    const signed = signer === undefined ? {} : { accessKeyId: signer };
    let operation: string;
    if (path.startsWith("/moto-api")) operation = "MotoApi";
    else
      operation = route53Operation(method, path) ?? queryOperation(path, body.toString("utf8")) ?? "Unknown";

    const hit = operation === "MotoApi" ? undefined : decide(states, operation, body.toString("utf8"));
    const text = method === "POST" && operation !== "MotoApi" ? { body: body.toString("utf8") } : {};
    if (!hit) {
      const up =
        quota && service === "route53" && operation !== "MotoApi"
          ? await quotaAnswer(quota, req, body, operation, path)
          : await upstreamAnswer(req, body, operation);
      if (up.refused) {
        bump(operation, "injected", up.refused.code);
        log.push({
          at,
          service,
          ...signed,
          operation,
          method,
          path,
          outcome: "injected",
          fault: up.refused.code,
          ...text,
          modelled: "quota",
          limit: up.refused.limit,
        });
        send(res, up.status, up.headers, up.body);
        return;
      }
      bump(operation, "forwarded");
      log.push({
        at,
        answeredAt: Date.now(),
        service,
        ...signed,
        operation,
        method,
        path,
        outcome: "forwarded",
        upstreamStatus: up.status,
        ...text,
        ...(up.modelled ? { modelled: up.modelled } : {}),
      });
      send(res, up.status, up.headers, up.body);
      return;
    }
    const fault = hit.rule.fault;
    let up: Answer | undefined;
    if (hit.rule.phase === "after") up = await upstreamAnswer(req, body, operation);
    const spec = FAULTS[fault];
    const requestId = randomUUID();
    bump(operation, "injected", fault);
    const entry: ProxyRequestLog = {
      at,
      service,
      ...signed,
      operation,
      method,
      path,
      outcome: "injected",
      fault,
      ...text,
    };
    if (up !== undefined) entry.upstreamStatus = up.status;
    if (up?.modelled) entry.modelled = up.modelled;
    log.push(entry);
    if (fault === "ConnectionReset") {
      // No answer at all: the client sees the connection close (ECONNRESET, "socket hang up").
      res.socket?.destroy();
      return;
    }
    // Route 53 answers an invalid batch with its own root element, not an ErrorResponse (as the quota model does).
    const xml =
      fault === "InvalidChangeBatch" && service === "route53"
        ? invalidChangeBatchBody([spec.message], requestId)
        : errorBody(service, fault, spec.type, spec.message, requestId);
    send(res, spec.status, { "content-type": "text/xml", "x-amzn-requestid": requestId }, xml);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const msg = err instanceof Error ? err.message : String(err);
      if (!res.headersSent)
        send(res, 502, { "content-type": "text/plain" }, `fault proxy: upstream error: ${msg}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const zero = (): OperationCount => ({ forwarded: 0, injected: 0, total: 0, faults: {} });
  const copy = (c: OperationCount): OperationCount => ({ ...c, faults: { ...c.faults } });

  return {
    endpoint: `http://127.0.0.1:${port}`,
    setRules(next) {
      states = next.map(ruleState);
    },
    count(operation) {
      const c = counts.get(operation);
      return c ? copy(c) : zero();
    },
    counts() {
      return Object.fromEntries([...counts].map(([k, v]) => [k, copy(v)]));
    },
    get log() {
      return log;
    },
    quota,
    total(outcome) {
      let n = 0;
      for (const [op, c] of counts) {
        if (op === "MotoApi") continue;
        n += outcome ? c[outcome] : c.total;
      }
      return n;
    },
    resetCounts() {
      counts = new Map();
      log = [];
    },
    close() {
      agent.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
