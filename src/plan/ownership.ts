import type { RecordSet, RecordType } from "../model/record-set.js";
import type { SourceRef } from "../model/source-ref.js";

/**
 * Ownership records: how a controller knows, from Route 53 alone, which members it wrote.
 *
 * Each owned member (name, type, set identifier) is guarded by one TXT record:
 *
 *   name  `_gslb-<type>.<host>`     e.g. `_gslb-a.bookinfo.example.com.`, `_gslb-cname._wildcard.example.com.`
 *   type  TXT, weighted, SetIdentifier = owner id, weight 0
 *   value `"heritage=route53-gslb,owner=<owner>,set-identifier=<id or empty>,resource=<group/Kind/ns/name>"`
 *         + `,drained=true[,restore-weight=<n>]` while `route53-gslb drain` holds the member out of rotation
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
  /** `group/Kind/namespace/name` of the object that wanted the record, if recorded. */
  resource?: string;
  /**
   * Set by `route53-gslb drain`: the member stays out of rotation until `undrain`, whoever plans it
   * next. Kept in Route 53 itself so that a drain outlives restarts and needs no running cluster.
   */
  drained?: DrainMark;
}

/** What undrain needs to put a member back: the weight it had (weighted members only). */
export interface DrainMark {
  restoreWeight?: number;
}

/** `group/Kind/namespace/name`: a form with no spaces or commas, safe inside the TXT value. */
export function resourceOf(ref: SourceRef): string {
  return `${ref.group || "core"}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** The TXT value (Route 53 spelling, quoted) for an ownership. */
export function ownershipValue(o: Ownership): string {
  const text = [
    `heritage=${HERITAGE}`,
    `owner=${o.owner}`,
    `set-identifier=${o.setIdentifier ?? ""}`,
    ...(o.resource ? [`resource=${o.resource}`] : []),
    ...(o.drained ? ["drained=true"] : []),
    ...(o.drained?.restoreWeight === undefined ? [] : [`restore-weight=${o.drained.restoreWeight}`]),
  ].join(",");
  // A TXT character-string holds at most 255 bytes; Route 53 joins adjacent quoted strings of one value.
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 255)
    chunks.push(`"${text.slice(i, i + 255).replace(/["\\]/g, "\\$&")}"`);
  return chunks.join(" ");
}

/** Parse an ownership TXT value; undefined when it was not written by route53-gslb. */
export function parseOwnershipValue(value: string): Ownership | undefined {
  const strings = [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
    (m[1] ?? "").replace(/\\(.)/g, "$1"),
  );
  const text = strings.length > 0 ? strings.join("") : value;
  const fields = new Map<string, string>();
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const owner = fields.get("owner");
  if (fields.get("heritage") !== HERITAGE || !owner) return undefined;
  const setIdentifier = fields.get("set-identifier") || undefined;
  const resource = fields.get("resource") || undefined;
  const restore = fields.get("restore-weight");
  const restoreWeight = restore !== undefined && /^\d{1,3}$/.test(restore) ? Number(restore) : undefined;
  const drained: DrainMark | undefined =
    fields.get("drained") === "true"
      ? restoreWeight !== undefined && restoreWeight <= 255
        ? { restoreWeight }
        : {}
      : undefined;
  return {
    owner,
    ...(setIdentifier === undefined ? {} : { setIdentifier }),
    ...(resource === undefined ? {} : { resource }),
    ...(drained === undefined ? {} : { drained }),
  };
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

/**
 * The ownership records in a zone, keyed by `owner|host|type`. A TXT at a `_gslb-` name whose
 * SetIdentifier differs from the owner it names is not trusted (not written by us).
 */
export function findOwnerships(records: RecordSet[]): Map<string, FoundOwnership> {
  const found = new Map<string, FoundOwnership>();
  for (const record of records) {
    if (record.type !== "TXT" || record.policy.kind !== "weighted" || record.target.kind !== "values")
      continue;
    const guarded = guardedBy(record.name);
    if (!guarded) continue;
    const ownership = parseOwnershipValue(record.target.values.join(" "));
    if (!ownership || ownership.owner !== record.policy.setIdentifier) continue;
    found.set(ownershipKey(ownership.owner, guarded.host, guarded.type), { record, ...guarded, ownership });
  }
  return found;
}

export function ownershipKey(owner: string, host: string, type: string): string {
  return `${owner}|${host}|${type}`;
}

/** The `<group>/<Kind> <namespace>/<name>` spelling of a recorded `resource`. */
export function sourceOfResource(resource: string | undefined): string | undefined {
  if (!resource) return undefined;
  const parts = resource.split("/");
  if (parts.length !== 4) return resource;
  const [group, kind, namespace, name] = parts;
  return `${group === "core" ? "" : `${group}/`}${kind} ${namespace}/${name}`;
}
