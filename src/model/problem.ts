import { displayName } from "./hostname.js";
import { formatSourceRef, type SourceRef } from "./source-ref.js";

/** One field of an object that has the wrong type or form: its path, its value as shown, what it must be. */
export interface FieldProblem {
  /** The field's path as messages show it: `spec.hostnames`, `metadata.name`. */
  field: string;
  /** The value as JSON, already shortened (messages never quote a 256 KB value). */
  value: string;
  /** What the field must be, worded to follow "expected": `a list of strings`. */
  expected: string;
}

/** One ownership record claiming a contested member: its name, the owner it names, and the object it names. */
export interface OwnershipClaim {
  record: string;
  owner: string;
  source?: SourceRef;
}

/**
 * Why an object, or one hostname of it, produces no record. Diagnostics are data: text, JSON, markdown,
 * Events and metrics switch on `kind`, and {@link problemMessage} is the one place that words each.
 *
 * `detail` fields hold a sentence from a pure stage that already words its own finding (the zone
 * matcher, the record builder, a Gateway's status); nothing classifies by them.
 */
export type Problem =
  /** `route53-gslb.io/enabled: "false"`: the user asked for no records (not a warning). */
  | { kind: "opted-out"; key: string; inheritedFrom?: SourceRef }
  /** An annotation the parser rejects; `text` is its wording (``Expected `key` to be …, got `v` ``). */
  | {
      kind: "invalid-annotation";
      key: string;
      value: string;
      accepted: string;
      text: string;
      inheritedFrom?: SourceRef;
    }
  /** A spec field the source reads has the wrong type (`spec.hostnames: 42`); the object is held. */
  | ({ kind: "invalid-field" } & FieldProblem)
  /**
   * A hostname that is not one (the skip's `hostname` is the raw text); the object is held. `field` is
   * where it was read when the object has several (`spec.endpoints[2].dnsName`).
   */
  | { kind: "invalid-hostname"; error: string; field?: string }
  /** `metadata.name` / `metadata.namespace` unreadable: every object of `objectKind` it could be is held. */
  | { kind: "unreadable-metadata"; objectKind: string; fields: FieldProblem[] }
  /** The object has no address to publish yet (no status address, no LoadBalancer Service with one). */
  | { kind: "no-address"; detail: string }
  /** An HTTPRoute not attached to a usable parent Gateway listener. */
  | { kind: "not-attached"; detail: string }
  /** Something route53-gslb cannot publish (a Tetrate kind it does not read, a wildcard-everything host). */
  | { kind: "not-supported"; detail: string }
  /** No managed hosted zone takes the name (outside the domain or zone filters, or no zone contains it). */
  | { kind: "no-zone"; detail: string }
  /** The records cannot be built from the targets (an unknown load balancer, mixed targets, a bad policy). */
  | { kind: "unresolvable-target"; detail: string }
  /** Two objects of this cluster claim the hostname with different settings; the oldest (`winner`) wins. */
  | { kind: "conflict"; winner: SourceRef; claimants: SourceRef[] }
  /** Route 53's rules forbid the records beside records this cluster does not own (`rule` says which). */
  | { kind: "route53-rule"; rule: string }
  /** Ownership records of more than one owner claim one member: nobody touches it until a person decides. */
  | {
      kind: "contested";
      host: string;
      type: string;
      setIdentifier?: string;
      claims: OwnershipClaim[];
    }
  /** A TXT at an ownership name says route53-gslb but cannot be trusted (`why`). */
  | {
      kind: "untrusted-ownership";
      record: string;
      setIdentifier?: string;
      host: string;
      type: string;
      why: string;
    }
  /** `drain` / `undrain` cannot take this member out of rotation or put it back. */
  | { kind: "not-drainable"; mode: "drain" | "undrain"; detail: string }
  /**
   * `--adopt-external-dns-owner`: a record that owner's external-dns wrote, where this object wants
   * one, cannot be taken over safely (`why`); it is left as it is, and so are the object's records.
   */
  | {
      kind: "takeover-blocked";
      host: string;
      type: string;
      setIdentifier?: string;
      owner: string;
      why: string;
    };

/** The kinds of {@link Problem}, for tables and metric labels. */
export type ProblemKind = Problem["kind"];

/** Every problem kind, in the order documentation lists them. */
export const PROBLEM_KINDS: readonly ProblemKind[] = [
  "opted-out",
  "invalid-annotation",
  "invalid-field",
  "invalid-hostname",
  "unreadable-metadata",
  "no-address",
  "not-attached",
  "not-supported",
  "no-zone",
  "unresolvable-target",
  "conflict",
  "route53-rule",
  "contested",
  "untrusted-ownership",
  "not-drainable",
  "takeover-blocked",
];

/** The one-line wording of a problem, as plan output, Events and logs show it. */
export function problemMessage(p: Problem): string {
  switch (p.kind) {
    case "opted-out":
      return `disabled by ${p.key}=false${inherited(p.inheritedFrom)}`;
    case "invalid-annotation":
      return `${p.text}${inherited(p.inheritedFrom)}`;
    case "invalid-field":
      return `${describeField(p)} (the object's records are kept until it is fixed)`;
    case "invalid-hostname":
      return p.field === undefined
        ? `invalid hostname: ${p.error}`
        : `invalid hostname in ${p.field}: ${p.error}`;
    case "unreadable-metadata":
      return `${p.fields.map(describeField).join("; ")}; the records of every ${p.objectKind} it could be are kept until it is fixed`;
    case "no-address":
    case "not-attached":
    case "not-supported":
    case "no-zone":
    case "unresolvable-target":
    case "not-drainable":
      return p.detail;
    case "conflict":
      return `hostname is also claimed by ${formatSourceRef(p.winner)} with different settings; the oldest object wins`;
    case "route53-rule":
      return `conflict: ${p.rule}; records this cluster does not own are never changed`;
    case "contested": {
      const who = p.claims.map((c) => `${c.owner}${c.source ? ` (${formatSourceRef(c.source)})` : ""}`);
      return `contested: ${describeMember(p.host, p.type, p.setIdentifier)} is claimed by the ownership records of ${who.join(" and ")}; nobody changes or deletes it (or anything else at ${displayName(p.host)}) until a person deletes the wrong ownership record`;
    }
    case "untrusted-ownership":
      return `untrusted ownership record: ${describeMember(p.record, "TXT", p.setIdentifier)} says route53-gslb but ${p.why}; it is not anyone's, so the ${p.type} records at ${displayName(p.host)} it might guard are never changed through it`;
    case "takeover-blocked":
      return `cannot take ${describeMember(p.host, p.type, p.setIdentifier)} over from external-dns owner \`${p.owner}\`: ${p.why}; it is left as it is, and so is everything at ${displayName(p.host)}`;
  }
}

/** `bookinfo.example.com A set=cluster-1`, without `set=` for a simple record. */
export function describeMember(host: string, type: string, setIdentifier: string | undefined): string {
  return `${displayName(host)} ${type}${setIdentifier === undefined ? "" : ` set=${setIdentifier}`}`;
}

function describeField(f: FieldProblem): string {
  return `\`${f.field}\` is ${f.value}; expected ${f.expected}`;
}

function inherited(from: SourceRef | undefined): string {
  return from ? ` (inherited from ${formatSourceRef(from)})` : "";
}
