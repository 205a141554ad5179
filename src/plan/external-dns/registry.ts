import { pushTo } from "../../model/multimap.js";
import type { RecordSet } from "../../model/record-set.js";
import { setIdentifierOf } from "../../model/routing-policy.js";
import { readRegistryValue } from "./labels.js";
import { type TxtAffixes, TxtNameMapper } from "./txt-names.js";

/**
 * external-dns's TXT registry in one hosted zone, read as external-dns v0.22 reads it
 * (registry/txt/registry.go `Records`):
 *
 * - Every TXT whose first value says `heritage=external-dns` is a registry entry, keyed by the record
 *   name and type its name maps to (txt-names.ts) and by its own SetIdentifier (external-dns gives a
 *   registry TXT the set identifier — and every other routing setting — of the record it guards).
 * - Every other record it can see (its AWS provider reads A, AAAA, CNAME, DNAME, SRV, TXT, NS, MX,
 *   NAPTR) takes its owner from the first of these keys that has an entry:
 *
 *     key                                   for                       written by
 *     ───────────────────────────────────── ───────────────────────── ───────────────────────────────
 *     (name, type, set identifier)          every record              v0.12 and later: `a-web…`
 *     (name, CNAME, set identifier)         alias A records only      before v0.22: `cname-web…`
 *     (name, "", set identifier)            all but AAAA              before v0.12: at `web…` itself
 *
 * A record is external-dns's owner's if that first entry says `external-dns/owner=<owner>`.
 */

/** external-dns's view of the owner of a registry entry. */
export type EntryRead =
  | { kind: "owned"; owner: string; resource?: string }
  /** Shaped like `--txt-encrypt-enabled` output, which route53-gslb does not decrypt. */
  | { kind: "encrypted" }
  /** Several values: external-dns reads only the first, a guess route53-gslb does not make. */
  | { kind: "several-values" };

/** One registry TXT. */
export interface RegistryEntry {
  record: RecordSet;
  read: EntryRead;
}

/** What the registry says about one record. */
export type RegistryClaim =
  /** No registry TXT decides who owns it. */
  | { kind: "none" }
  /** `owner` owns it (empty when the TXT names nobody, which external-dns reads as "not mine"). */
  | { kind: "owned"; owner: string; resource?: string; deciding: RegistryEntry[] }
  /** A TXT decides, but what it says cannot be read (encrypted, several values, duplicates disagree). */
  | { kind: "unreadable"; why: string; deciding: RegistryEntry[] };

/** Record types external-dns's AWS provider lists (`SupportedRecordType`); it never sees the rest. */
const PROVIDER_TYPES: ReadonlySet<string> = new Set([
  "A",
  "AAAA",
  "CNAME",
  "DNAME",
  "SRV",
  "TXT",
  "NS",
  "MX",
  "NAPTR",
]);

export class ExternalDnsRegistry {
  readonly #mapper: TxtNameMapper;
  /** Entries by lookup key, in listing order (external-dns keeps the last of duplicates). */
  readonly #entries = new Map<string, RegistryEntry[]>();
  readonly #entryOf = new Map<RecordSet, RegistryEntry>();
  /** The lookup key each entry is filed under. */
  readonly #keyOf = new Map<RegistryEntry, string>();
  /** The records that are not registry entries (external-dns's endpoints). */
  readonly #endpoints: RecordSet[] = [];
  /** Those records by the key whose entries decide their owner; built when first asked for. */
  #decided: Map<string, RecordSet[]> | undefined;

  constructor(records: readonly RecordSet[], affixes: TxtAffixes) {
    this.#mapper = new TxtNameMapper(affixes);
    for (const record of records) {
      if (!PROVIDER_TYPES.has(record.type)) continue;
      const entry = record.type === "TXT" ? registryEntry(record) : undefined;
      if (!entry) {
        this.#endpoints.push(record);
        continue;
      }
      const mapped = this.#mapper.toEndpointName(withoutDot(record.name));
      const key = lookupKey(mapped.name, mapped.type, setIdentifierOf(record.policy));
      pushTo(this.#entries, key, entry);
      this.#entryOf.set(record, entry);
      this.#keyOf.set(entry, key);
    }
  }

  /** True when the zone holds no registry TXT at all (every zone, once migrated). */
  get empty(): boolean {
    return this.#entries.size === 0;
  }

  /** The registry entry `record` is, if it is a registry TXT (not something a registry TXT guards). */
  entryOf(record: RecordSet): RegistryEntry | undefined {
    return this.#entryOf.get(record);
  }

  /** Who external-dns's registry says owns `record`. */
  claimOf(record: RecordSet): RegistryClaim {
    let deciding: RegistryEntry[] | undefined;
    for (const key of this.#lookupKeys(record)) {
      deciding = this.#entries.get(key);
      if (deciding) break;
    }
    if (!deciding) return { kind: "none" };
    const why = unreadable(deciding);
    if (why) return { kind: "unreadable", why, deciding };
    const first = deciding[0]?.read;
    if (first?.kind !== "owned") return { kind: "none" };
    const owner = first.owner;
    if (deciding.some((e) => e.read.kind !== "owned" || e.read.owner !== owner)) {
      return { kind: "unreadable", why: "several registry TXTs of different owners claim it", deciding };
    }
    return {
      kind: "owned",
      owner,
      ...(first.resource === undefined ? {} : { resource: first.resource }),
      deciding,
    };
  }

  /**
   * Every registry entry external-dns would consult for `record`, in its order: once the first is gone
   * the next decides, so releasing a record from its owner means removing all of those that name it.
   */
  candidatesFor(record: RecordSet): RegistryEntry[] {
    return this.#lookupKeys(record).flatMap((k) => this.#entries.get(k) ?? []);
  }

  /** The records (external-dns's endpoints) whose owner `entry` decides today. */
  decidedBy(entry: RegistryEntry): readonly RecordSet[] {
    const key = this.#keyOf.get(entry);
    if (key === undefined) return [];
    if (!this.#decided) {
      // Only plans that take something over ask, so only they pay for indexing the whole zone.
      this.#decided = new Map();
      for (const record of this.#endpoints) {
        const deciding = this.#lookupKeys(record).find((k) => this.#entries.has(k));
        if (deciding !== undefined) pushTo(this.#decided, deciding, record);
      }
    }
    return this.#decided.get(key) ?? [];
  }

  /** The registry TXT name external-dns writes today for a record (for messages and tests). */
  txtNameFor(record: Pick<RecordSet, "name" | "type">): string {
    return `${this.#mapper.toTxtName(withoutDot(record.name), record.type)}.`;
  }

  /** The keys external-dns looks `record` up under, most specific first (see the table above). */
  #lookupKeys(record: RecordSet): string[] {
    const name = this.#mapper.lookupName(withoutDot(record.name));
    const setIdentifier = setIdentifierOf(record.policy);
    const keys = [lookupKey(name, record.type, setIdentifier)];
    if (record.type === "A" && record.target.kind === "alias")
      keys.push(lookupKey(name, "CNAME", setIdentifier));
    if (record.type !== "AAAA") keys.push(lookupKey(name, "", setIdentifier));
    return keys;
  }
}

function registryEntry(record: RecordSet): RegistryEntry | undefined {
  if (record.target.kind !== "values") return undefined;
  const first = record.target.values[0];
  if (first === undefined) return undefined;
  const read = readRegistryValue(first);
  if (read.kind === "foreign") return undefined;
  if (record.target.values.length > 1) return { record, read: { kind: "several-values" } };
  if (read.kind === "encrypted") return { record, read };
  const resource = read.labels.get("resource");
  return {
    record,
    read: {
      kind: "owned",
      owner: read.labels.get("owner") ?? "",
      ...(resource === undefined ? {} : { resource }),
    },
  };
}

function unreadable(entries: readonly RegistryEntry[]): string | undefined {
  for (const e of entries) {
    if (e.read.kind === "encrypted")
      return `its external-dns registry TXT \`${withoutDot(e.record.name)}\` is encrypted (--txt-encrypt-enabled), which route53-gslb does not read`;
    if (e.read.kind === "several-values")
      return `its external-dns registry TXT \`${withoutDot(e.record.name)}\` holds several values`;
  }
  return undefined;
}

/**
 * One string per (name, type, set identifier). The type never holds `|` and the name's length comes
 * first, so no name or set identifier can pass for another's. (JSON.stringify would do too, at several
 * times the cost: this runs for every record of a zone.)
 */
function lookupKey(name: string, type: string, setIdentifier: string | undefined): string {
  return `${type}|${name.length}|${name}|${setIdentifier ?? ""}`;
}

function withoutDot(name: string): string {
  return name.endsWith(".") ? name.slice(0, -1) : name;
}
