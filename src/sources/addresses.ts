import { isIPv4, isIPv6 } from "../model/address.js";
import { displayName, isWildcard, normalizeHostname } from "../model/hostname.js";
import { err, ok, type Result } from "../model/result.js";
import { quote } from "../model/shorten.js";

/**
 * A target address in the spelling the planner compares: an IP as written (IPv6 lowercased), or a
 * hostname lowercase, punycode and without the trailing dot, as ELBv2 spells load balancer DNS names.
 */
export function normalizeTarget(raw: string): Result<string, string> {
  const value = raw.trim();
  if (isIPv4(value)) return ok(value);
  if (isIPv6(value)) return ok(value.toLowerCase());
  const name = normalizeHostname(value);
  if (!name.ok) return name;
  if (isWildcard(name.value)) return err(`${quote(raw)}: a target cannot be a wildcard name`);
  return ok(displayName(name.value));
}

/** Sorted, without duplicates: target order must not make two plans differ. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
