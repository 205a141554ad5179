/**
 * external-dns's TXT registry names, ported from its `AffixNameMapper` (registry/mapper/mapper.go,
 * v0.22.0) so that route53-gslb reads the registry exactly as external-dns does — including its
 * quirks, because "whose record is this" must get the answer external-dns itself would give.
 *
 *   --txt-prefix / --txt-suffix    record            TXT name
 *   ─────────────────────────────  ────────────────  ───────────────────────────────
 *   (neither)                      web.example.com A  a-web.example.com
 *   prefix `ext-`                  web.example.com A  ext-a-web.example.com
 *   prefix `%{record_type}.own.`   web.example.com A  a.own.web.example.com
 *   suffix `-ext`                  web.example.com A  a-web-ext.example.com
 *   suffix `.%{record_type}-own`   web.example.com A  web.a-own.example.com
 *   wildcard replacement `any`     *.example.com A    a-any.example.com
 *
 * Without `%{record_type}` in an affix the type goes first in the first label (`a-`). The prefix or
 * suffix wraps the first label only; external-dns refuses both at once. Names here are external-dns's:
 * without the trailing dot.
 */

/** What external-dns's `--txt-prefix`, `--txt-suffix` and `--txt-wildcard-replacement` were set to. */
export interface TxtAffixes {
  prefix: string;
  suffix: string;
  wildcardReplacement: string;
}

const RECORD_TYPE_TEMPLATE = "%{record_type}";

/**
 * The types the mapper recognises in a TXT name, in external-dns's order (the first that matches
 * wins, so `aaaa-` is never read as `a-` plus `aa…`: `A` is tried first but `a-` does not match `aaaa-`).
 */
export const REGISTRY_RECORD_TYPES = [
  "A",
  "AAAA",
  "CNAME",
  "NS",
  "MX",
  "PTR",
  "SRV",
  "NAPTR",
  "TXT",
  "DNAME",
] as const;

/** A record's name and type as a registry TXT name maps back; `type` is `""` for the old format. */
export interface EndpointName {
  name: string;
  type: string;
}

/** external-dns's affix name mapper: record name + type ↔ registry TXT name. */
export class TxtNameMapper {
  readonly #prefix: string;
  readonly #suffix: string;
  readonly #wildcard: string;
  /** The registry (not the mapper) replaces a record's `*` with the replacement as given. */
  readonly #lookupWildcard: string;

  constructor(affixes: TxtAffixes) {
    // The mapper lowercases all three (NewAffixNameMapper).
    this.#prefix = affixes.prefix.toLowerCase();
    this.#suffix = affixes.suffix.toLowerCase();
    this.#wildcard = affixes.wildcardReplacement.toLowerCase();
    this.#lookupWildcard = affixes.wildcardReplacement;
  }

  /** The name of the TXT that guards `dns` (no trailing dot) of `recordType` (mapper.ToTXTName). */
  toTxtName(dns: string, recordType: string): string {
    const parts = splitN(dns, ".", 2);
    const type = recordType.toLowerCase();
    const prefix = this.#prefix.replaceAll(RECORD_TYPE_TEMPLATE, type);
    const suffix = this.#suffix.replaceAll(RECORD_TYPE_TEMPLATE, type);
    let first = parts[0] ?? "";
    if (this.#wildcard !== "" && first === "*") first = this.#wildcard;
    if (!this.#typeInAffix()) first = `${type}-${first}`;
    return parts.length < 2 ? `${prefix}${first}${suffix}` : `${prefix}${first}${suffix}.${parts[1]}`;
  }

  /**
   * The record name and type a TXT name stands for (mapper.ToEndpointName): lowercased, the affix
   * dropped, the type taken from the affix or from the first label's `<type>-`. A name of the old
   * format (no type) gives type `""`; a name the affixes do not fit gives `{ name: "", type: "" }`.
   */
  toEndpointName(txtName: string): EndpointName {
    const lower = txtName.toLowerCase();
    if (this.#isPrefix()) return this.#dropAffix(lower);
    if (this.#isSuffix()) {
      const dots = countOf(this.#suffix, ".");
      const parts = splitN(lower, ".", 2 + dots);
      if (parts.length <= dots) return NONE;
      const head = this.#dropAffix(parts.slice(0, 1 + dots).join("."));
      if (parts.length <= 1 + dots) return head;
      return { name: `${head.name}.${parts[1 + dots]}`, type: head.type };
    }
    return NONE;
  }

  /**
   * The name external-dns looks a record up under (TXTRegistry.Records): its own name, with a leading
   * `*` label replaced by the wildcard replacement. Note: the replacement as given, not lowercased.
   */
  lookupName(dns: string): string {
    // Every record of a zone is looked up: skip the split for the names it cannot change.
    if (this.#lookupWildcard === "" || !dns.startsWith("*")) return dns;
    const labels = dns.split(".");
    if (this.#lookupWildcard !== "" && labels[0] === "*") labels[0] = this.#lookupWildcard;
    return labels.join(".");
  }

  #typeInAffix(): boolean {
    return this.#prefix.includes(RECORD_TYPE_TEMPLATE) || this.#suffix.includes(RECORD_TYPE_TEMPLATE);
  }

  /** external-dns treats "no suffix" (including no affix at all) as prefix mode. */
  #isPrefix(): boolean {
    return this.#suffix.length === 0;
  }

  #isSuffix(): boolean {
    return this.#prefix.length === 0 && this.#suffix.length > 0;
  }

  /** mapper.dropAffixExtractType */
  #dropAffix(name: string): EndpointName {
    let prefix = this.#prefix;
    let suffix = this.#suffix;
    if (this.#typeInAffix()) {
      for (const type of REGISTRY_RECORD_TYPES) {
        const lower = type.toLowerCase();
        const typedPrefix = prefix.replaceAll(RECORD_TYPE_TEMPLATE, lower);
        const typedSuffix = suffix.replaceAll(RECORD_TYPE_TEMPLATE, lower);
        if (this.#isPrefix() && name.startsWith(typedPrefix))
          return { name: name.slice(typedPrefix.length), type };
        if (this.#isSuffix() && name.endsWith(typedSuffix))
          return { name: name.slice(0, name.length - typedSuffix.length), type };
      }
      // Names written before the template was in the affix.
      prefix = prefix.replaceAll(RECORD_TYPE_TEMPLATE, "");
      suffix = suffix.replaceAll(RECORD_TYPE_TEMPLATE, "");
    }
    if (this.#isPrefix() && name.startsWith(prefix)) return typeFromFirstLabel(name.slice(prefix.length));
    if (this.#isSuffix() && name.endsWith(suffix))
      return typeFromFirstLabel(name.slice(0, name.length - suffix.length));
    return NONE;
  }
}

const NONE: EndpointName = { name: "", type: "" };

/** mapper.extractRecordTypeDefaultPosition: `a-web.example.com` → web.example.com, A. */
function typeFromFirstLabel(name: string): EndpointName {
  const head = name.split("-")[0] ?? "";
  for (const type of REGISTRY_RECORD_TYPES) {
    // Go's TrimPrefix: a name that is just `a` (no dash) stays as it is.
    if (head === type.toLowerCase())
      return { name: name.startsWith(`${head}-`) ? name.slice(head.length + 1) : name, type };
  }
  return { name, type: "" };
}

/** Go's strings.SplitN: at most `n` parts, the last holding the rest. */
function splitN(text: string, separator: string, n: number): string[] {
  const parts = text.split(separator);
  if (parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}

function countOf(text: string, ch: string): number {
  return text.split(ch).length - 1;
}
