import type { PolicyWish } from "../model/policy-wish.js";
import type { RecordSet, RecordType } from "../model/record-set.js";
import { quote } from "../model/shorten.js";
import { formatSourceRef, type SourceRef } from "../model/source-ref.js";
import { readWish, WISH_KEYS, wishFields } from "./ownership-wish.js";

/**
 * Ownership records: how a controller knows, from Route 53 alone, which members it wrote.
 *
 * Each owned member (name, type, set identifier) is guarded by one TXT record:
 *
 *   name  `_gslb-<type>.<host>`     e.g. `_gslb-a.bookinfo.example.com.`, `_gslb-cname._wildcard.example.com.`
 *   type  TXT, weighted, SetIdentifier = owner id, weight 0
 *   value `"heritage=route53-gslb,owner=<owner>,set-identifier=<id or empty>,resource=<group/Kind/ns/name>"`
 *         + `,drained=true[,restore-weight=<n>]` while `route53-gslb drain` holds the member out of rotation
 *         + `,policy=<kind>[,<setting>=<value>]` while the owner waits for a policy switch (policy-wish.ts)
 *
 * Why this shape (DESIGN.md "Records it writes"):
 * - A prefixed name, not the host itself: a TXT may not share a name with a CNAME, and a TXT beside a
 *   failover member would need a health check of its own.
 * - One name per guarded type, so the TXT travels in the same atomic group as the records it guards
 *   and A/AAAA/CNAME members of one host never contend for one TXT.
 * - Weighted with the owner id as SetIdentifier, so every cluster's ownership record is its own member:
 *   two clusters never write the same record set, and one name never mixes policies.
 * - `_wildcard` for `*`: Route 53 would treat a non-leftmost `*` literally and escape it; labels of real
 *   hostnames cannot start with `_`, so neither the prefix nor `_wildcard` can collide with a host.
 */
export const OWNERSHIP_PREFIX = "_gslb-";
export const HERITAGE = "route53-gslb";
export const OWNERSHIP_TTL = 300;

/** The TXT name that guards `host`'s records of `type`. */
export function ownershipName(host: string, type: RecordType): string {
  const h = host.startsWith("*.") ? `_wildcard.${host.slice(2)}` : host;
  return `${OWNERSHIP_PREFIX}${type.toLowerCase()}.${h}`;
}

/** The guarded host and type of an ownership name, or undefined if `name` is not one. */
export function guardedBy(name: string): { host: string; type: string } | undefined {
  if (!name.startsWith(OWNERSHIP_PREFIX)) return undefined;
  const rest = name.slice(OWNERSHIP_PREFIX.length);
  const dot = rest.indexOf(".");
  if (dot <= 0) return undefined;
  const type = rest.slice(0, dot).toUpperCase();
  let host = rest.slice(dot + 1);
  if (host.startsWith("_wildcard.")) host = `*.${host.slice("_wildcard.".length)}`;
  return { host, type };
}

/** What an ownership record says. */
export interface Ownership {
  owner: string;
  /** The set identifier of the guarded member; undefined for a simple record. */
  setIdentifier?: string;
  /** The object that wanted the record, if recorded. */
  resource?: ResourceId;
  /**
   * Set by `route53-gslb drain`: the member stays out of rotation until `undrain`, whoever plans it
   * next. Kept in Route 53 itself so that a drain outlives restarts and needs no running cluster.
   */
  drained?: DrainMark;
  /**
   * The policy the owner wants its member to have, written only while it differs from the policy the
   * member has (a pending policy switch, docs/planning.md "Policy switches"). Absent — as in every
   * record written before switches existed — means the owner wants the policy its member has.
   */
  wants?: PolicyWish;
}

/** What undrain needs to put a member back: the weight it had (weighted members only). */
export interface DrainMark {
  restoreWeight?: number;
}

/** The object an ownership record names: API group (`` for core), kind, namespace and name. */
export type ResourceId = Pick<SourceRef, "group" | "kind" | "namespace" | "name">;

/** The object of a source, as an ownership record names it. */
export function resourceOf(ref: SourceRef): ResourceId {
  return { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

/** One string per object, for maps and sets (JSON, so no spelling of a name can collide with another's). */
export function resourceKey(r: ResourceId): string {
  return JSON.stringify([r.group, r.kind, r.namespace, r.name]);
}

/**
 * `group/Kind/namespace/name` as the ownership record spells it: each part encoded (see
 * {@link encodeOwnershipField}), so `/` only ever separates parts; `core` for the core group.
 */
export function resourceText(r: ResourceId): string {
  return [r.group || "core", r.kind, r.namespace, r.name].map(encodeOwnershipField).join("/");
}

/** Read {@link resourceText} back; undefined unless it has four parts that decode. */
export function parseResourceText(text: string): ResourceId | undefined {
  const parts = text.split("/").map(decodeField);
  const [group, kind, namespace, name] = parts;
  if (parts.length !== 4 || !group || !kind || namespace === undefined || name === undefined)
    return undefined;
  return { group: group === "core" ? "" : group, kind, namespace, name };
}

/** The `<group>/<Kind> <namespace>/<name>` spelling of a recorded resource, as plan output spells objects. */
export function sourceOfResource(resource: ResourceId | undefined): string | undefined {
  return resource ? formatSourceRef(resource) : undefined;
}

/*
 * The value format, and why it is strict.
 *
 * Every field value is written percent-encoded over the alphabet `A-Z a-z 0-9 . _ ~ -` (anything else
 * as its UTF-8 bytes, `%XX` with upper-case hex), so the separators `,` `=` `/`, quotes, backslashes and
 * spaces never come from a value: a set identifier `c2,x=1` (annotations are untrusted input) is
 * written `c2%2Cx%3D1` and cannot smuggle in a second `set-identifier=`. The text is pure ASCII, so
 * the 255-byte limit of a TXT string is a 255-character limit.
 *
 * A value is ours only if it parses *and* writing what was parsed gives the very same text back:
 * known keys, each once, in the order we write them, canonical encoding. Anything else (a duplicate
 * or unknown key, a character outside the alphabet, a key out of order) is not ours — never "ours,
 * with a guess" — and is reported. Values written before the encoding existed used only this alphabet
 * (owner ids, cluster-name set identifiers, Kubernetes names), so they still read as what they said.
 */

const FIELD_ORDER: readonly string[] = [
  "heritage",
  "owner",
  "set-identifier",
  "resource",
  "drained",
  "restore-weight",
  ...WISH_KEYS,
];
const FIELD_TEXT = /^(?:[A-Za-z0-9._~-]|%[0-9A-F]{2})*$/;
const SAFE_TEXT = /^[A-Za-z0-9._~-]*$/;

/** Percent-encode a field value over `A-Z a-z 0-9 . _ ~ -`. */
export function encodeOwnershipField(value: string): string {
  // Almost every value (owner ids, cluster names, Kubernetes names) needs no escaping: planning reads and
  // writes one value per owned member, so the fast path keeps plans of 20,000 records quick.
  if (SAFE_TEXT.test(value)) return value;
  // encodeURIComponent leaves ! ' ( ) * as they are; escape them too so the alphabet stays minimal.
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The text of an ownership value, before it is split into TXT strings. */
export function ownershipText(o: Ownership): string {
  return [
    `heritage=${HERITAGE}`,
    `owner=${encodeOwnershipField(o.owner)}`,
    `set-identifier=${encodeOwnershipField(o.setIdentifier ?? "")}`,
    ...(o.resource ? [`resource=${resourceText(o.resource)}`] : []),
    ...(o.drained ? ["drained=true"] : []),
    ...(o.drained?.restoreWeight === undefined ? [] : [`restore-weight=${o.drained.restoreWeight}`]),
    ...(o.wants ? wishFields(o.wants).map(([k, v]) => `${k}=${encodeOwnershipField(v)}`) : []),
  ].join(",");
}

/** The TXT value (Route 53 spelling, quoted) for an ownership. */
export function ownershipValue(o: Ownership): string {
  const text = ownershipText(o);
  // A TXT character-string holds at most 255 bytes; Route 53 joins adjacent quoted strings of one value.
  // The text has no quotes or backslashes (see the encoding above), so nothing needs escaping.
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 255) chunks.push(`"${text.slice(i, i + 255)}"`);
  return chunks.join(" ");
}

/** What a TXT value at an ownership name is. */
export type OwnershipRead =
  | { kind: "ownership"; ownership: Ownership }
  /** Not route53-gslb's at all (no `heritage=route53-gslb`): another tool's TXT, ignored. */
  | { kind: "foreign" }
  /** Says route53-gslb but does not read back exactly: never trusted, always reported. */
  | { kind: "malformed"; reason: string };

/** Parse an ownership TXT value; undefined unless it is a well-formed route53-gslb ownership value. */
export function parseOwnershipValue(value: string): Ownership | undefined {
  const read = readOwnershipValue(value);
  return read.kind === "ownership" ? read.ownership : undefined;
}

/** Read an ownership TXT value, saying why it is not one when it says route53-gslb but is not. */
export function readOwnershipValue(value: string): OwnershipRead {
  const text = txtText(value);
  if (!text.includes(`heritage=${HERITAGE}`)) return { kind: "foreign" };
  const parts = text.split(",");
  if (parts[0] !== `heritage=${HERITAGE}`) return malformed("`heritage=route53-gslb` is not its first field");
  const fields = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq <= 0) return malformed(`${quote(part)} is not key=value`);
    const key = part.slice(0, eq);
    const raw = part.slice(eq + 1);
    if (!FIELD_ORDER.includes(key)) return malformed(`unknown field ${quote(key)}`);
    if (fields.has(key)) return malformed(`field \`${key}\` appears twice`);
    if (!FIELD_TEXT.test(key === "resource" ? raw.replaceAll("/", "") : raw))
      return malformed(`field \`${key}\` has characters route53-gslb never writes`);
    fields.set(key, raw);
  }
  const decoded = decodeFields(fields);
  if (typeof decoded === "string") return malformed(decoded);
  // Canonical form only: writing back what was read must give the very same text.
  if (ownershipText(decoded) !== text) return malformed("not in the form route53-gslb writes (field order)");
  return { kind: "ownership", ownership: decoded };
}

function decodeFields(fields: Map<string, string>): Ownership | string {
  const owner = decodeField(fields.get("owner"));
  if (!owner) return "no owner";
  const setIdentifier = decodeField(fields.get("set-identifier"));
  if (setIdentifier === undefined) return "no set-identifier";
  const rawResource = fields.get("resource");
  const resource = rawResource === undefined ? undefined : parseResourceText(rawResource);
  if (rawResource !== undefined && resource === undefined) return "resource is not group/Kind/namespace/name";
  const drainedField = fields.get("drained");
  if (drainedField !== undefined && drainedField !== "true") return "drained is not `true`";
  const restore = fields.get("restore-weight");
  if (restore !== undefined && (drainedField === undefined || !isWeight(restore)))
    return "restore-weight is not the weight (0-255) of a drained member";
  const drained: DrainMark | undefined =
    drainedField === undefined ? undefined : restore === undefined ? {} : { restoreWeight: Number(restore) };
  // A `%` sequence that is not UTF-8 decodes to undefined, which readWish takes for a missing setting.
  const wants = readWish((key) => decodeField(fields.get(key)));
  if (typeof wants === "string") return wants;
  return {
    owner,
    ...(setIdentifier === "" ? {} : { setIdentifier }),
    ...(resource === undefined ? {} : { resource }),
    ...(drained === undefined ? {} : { drained }),
    ...(wants === undefined ? {} : { wants }),
  };
}

function isWeight(text: string): boolean {
  return /^(?:0|[1-9]\d{0,2})$/.test(text) && Number(text) <= 255;
}

/** A field's text, decoded; undefined when absent or when a `%` sequence is not UTF-8. */
function decodeField(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    // URIError: bytes that are not UTF-8. We never write those, so the record is not ours; the
    // caller turns undefined into a reason.
    return undefined;
  }
}

/** The text of a TXT value: its quoted character-strings joined, as Route 53 returns them (`"…" "…"`). */
function txtText(value: string): string {
  // Fast path for what Route 53 returns for our own values: quoted strings without escapes, separated by
  // spaces. The general pattern below backtracks per character, which shows in plans of 20,000 records.
  if (!value.includes("\\")) {
    const parts = value.split('"');
    const quoted = parts.length >= 3 && parts.length % 2 === 1;
    if (quoted && parts.every((p, i) => i % 2 === 1 || p.trim() === ""))
      return parts.filter((_, i) => i % 2 === 1).join("");
  }
  const strings = [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
    (m[1] ?? "").replace(/\\(.)/g, "$1"),
  );
  return strings.length > 0 ? strings.join("") : value;
}

function malformed(reason: string): OwnershipRead {
  return { kind: "malformed", reason };
}

/** The ownership TXT record guarding one member. */
export function ownershipRecord(host: string, type: RecordType, o: Ownership): RecordSet {
  return {
    name: ownershipName(host, type),
    type: "TXT",
    policy: { kind: "weighted", setIdentifier: o.owner, weight: 0 },
    target: { kind: "values", values: [ownershipValue(o)], ttl: OWNERSHIP_TTL },
  };
}

/** An ownership record found in a zone, with the member it guards. */
export interface FoundOwnership {
  record: RecordSet;
  host: string;
  type: string;
  ownership: Ownership;
}

/** A TXT at an ownership name that says route53-gslb but cannot be trusted, and why. */
export interface MalformedOwnership {
  record: RecordSet;
  host: string;
  type: string;
  reason: string;
}

/*
 * Not remembered per record set: a plan reads a host's ownership TXTs only when that host's records
 * changed (what is worked out from a host's records is kept by plan/zone-ownership.ts), so a reading
 * kept per record would be read again only by one-shot commands, and cost the controller some 400
 * bytes per record set (8 MiB at 20,000 hosts).
 */
function ownershipReadOf(record: RecordSet): OwnershipRead {
  return readOwnershipValue(record.target.kind === "values" ? record.target.values.join(" ") : "");
}

/**
 * The ownership records in a zone, keyed by `owner|host|type`, and the TXTs at ownership names that
 * claim route53-gslb heritage but are not trusted: a value that does not read back exactly, a record
 * set of several values or another policy, or a SetIdentifier other than the owner the value names.
 */
export function readOwnerships(records: readonly RecordSet[]): {
  found: Map<string, FoundOwnership>;
  malformed: MalformedOwnership[];
} {
  const found = new Map<string, FoundOwnership>();
  const malformedList: MalformedOwnership[] = [];
  for (const record of records) {
    if (record.type !== "TXT" || record.target.kind !== "values") continue;
    const guarded = guardedBy(record.name);
    if (!guarded) continue;
    const read = ownershipReadOf(record);
    if (read.kind === "foreign") continue;
    const untrusted = (reason: string) => malformedList.push({ record, ...guarded, reason });
    if (read.kind === "malformed") untrusted(read.reason);
    else if (record.target.values.length !== 1) untrusted("the TXT record set has more than one value");
    else if (record.policy.kind !== "weighted") untrusted(`the TXT is ${record.policy.kind}, not weighted`);
    else if (read.ownership.owner !== record.policy.setIdentifier)
      untrusted(`its SetIdentifier is not the owner (${read.ownership.owner}) its value names`);
    else
      found.set(ownershipKey(read.ownership.owner, guarded.host, guarded.type), {
        record,
        ...guarded,
        ownership: read.ownership,
      });
  }
  return { found, malformed: malformedList };
}

export function ownershipKey(owner: string, host: string, type: string): string {
  return `${owner}|${host}|${type}`;
}

/** The key of the member (host, type, set identifier) an ownership record guards. */
export function guardedMemberKey(host: string, type: string, setIdentifier: string | undefined): string {
  return JSON.stringify([host, type, setIdentifier ?? null]);
}
