import { displayName, isInZone } from "../model/hostname.js";

/**
 * A domain in the model's spelling: lowercase, absolute (trailing dot), without the leading dot that
 * users often write (`.example.com`) — `example.com`, `example.com.` and `.Example.COM` are one domain.
 * Returns undefined for an entry with nothing in it (`""`, `"."`), which a filter ignores.
 */
export function normalizeDomain(raw: string): string | undefined {
  const name = raw.trim().toLowerCase().replace(/^\.+/, "").replace(/\.+$/, "");
  return name === "" ? undefined : `${name}.`;
}

/**
 * The `--domain-filter` / `--exclude-domain` pair, as external-dns has it: a name matches when it is at
 * or below an included domain (an empty include list includes everything) and not at or below an
 * excluded one. Pure; names passed in are expected absolute and lowercase (model/hostname.ts), but
 * are normalised again so that a caller's stray spelling cannot widen the filter.
 */
export class DomainFilter {
  /** Included domains, normalised and sorted; empty means every domain. */
  readonly include: readonly string[];
  /** Excluded domains, normalised and sorted. */
  readonly exclude: readonly string[];

  constructor(include: readonly string[] = [], exclude: readonly string[] = []) {
    this.include = normalizeAll(include);
    this.exclude = normalizeAll(exclude);
  }

  /** True when `name` is at or below an included domain and not at or below an excluded one. */
  matches(name: string): boolean {
    return this.includedBy(name) !== undefined && this.excludedBy(name) === undefined;
  }

  /**
   * The most specific included domain that contains `name`; `"."` (the root) when the include list
   * is empty; undefined when `name` is outside every included domain.
   */
  includedBy(name: string): string | undefined {
    if (this.include.length === 0) return ".";
    return mostSpecific(this.include, absolute(name));
  }

  /** The most specific excluded domain at or above `name`, or undefined. */
  excludedBy(name: string): string | undefined {
    return mostSpecific(this.exclude, absolute(name));
  }

  /**
   * Whether a hosted zone may be managed: its name must be at or below an included domain — a zone
   * *above* the filter (`example.com` for `--domain-filter app.example.com`) is not managed, as in
   * external-dns without `--aws-zone-match-parent`, because the planner would then own and sweep
   * records of the whole parent zone — and not at or below an excluded domain (every name in such a
   * zone is excluded).
   */
  allowsZone(zoneName: string): boolean {
    return this.matches(zoneName);
  }

  /** `--domain-filter a --domain-filter b` as people typed it, for messages. */
  describeInclude(): string {
    return this.include.map((d) => `--domain-filter ${displayName(d)}`).join(", ");
  }
}

function normalizeAll(domains: readonly string[]): string[] {
  const out = new Set<string>();
  for (const d of domains) {
    const n = normalizeDomain(d);
    if (n) out.add(n);
  }
  return [...out].sort();
}

function absolute(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith(".") ? lower : `${lower}.`;
}

function mostSpecific(domains: readonly string[], name: string): string | undefined {
  let best: string | undefined;
  for (const d of domains) {
    if (isInZone(name, d) && (best === undefined || d.length > best.length)) best = d;
  }
  return best;
}
