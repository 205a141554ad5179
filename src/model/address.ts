/** Pure IP address checks (the core may not import node:net). */

export function isIPv4(value: string): boolean {
  const parts = value.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(value: string): boolean {
  if (value.includes("%")) return false;
  let v = value;
  let groups = 8;
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) stands for two groups.
  const lastColon = v.lastIndexOf(":");
  if (lastColon >= 0 && v.slice(lastColon + 1).includes(".")) {
    if (!isIPv4(v.slice(lastColon + 1))) return false;
    v = `${v.slice(0, lastColon + 1)}0`;
    groups = 7;
  }
  const halves = v.split("::");
  if (halves.length > 2) return false;
  const hex = /^[0-9a-fA-F]{1,4}$/;
  const parse = (s: string): string[] | undefined => {
    if (s === "") return [];
    const g = s.split(":");
    return g.every((x) => hex.test(x)) ? g : undefined;
  };
  const head = parse(halves[0] ?? "");
  if (!head) return false;
  if (halves.length === 1) return head.length === groups;
  const tail = parse(halves[1] ?? "");
  if (!tail) return false;
  return head.length + tail.length < groups;
}

/**
 * True for an address in a private, shared (carrier-grade NAT), loopback, link-local or unspecified
 * range, which Route 53 health checkers (on the internet) cannot call and `CreateHealthCheck` refuses
 * as an `IPAddress` (RFC 5735, 6598, 5156). Route 53 refuses other special-use ranges too (the
 * documentation ranges, multicast); these are the ones a cluster's load balancer actually hands out.
 */
export function isPrivateAddress(value: string): boolean {
  if (isIPv4(value)) {
    const [a = 0, b = 0] = value.split(".").map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (!isIPv6(value)) return false;
  const v = value.toLowerCase();
  if (v === "::" || v === "::1") return true;
  // The first group decides the unique-local (fc00::/7) and link-local (fe80::/10) prefixes; an
  // address starting with `::` has a zero first group.
  const first = v.startsWith("::") ? 0 : Number.parseInt(v.split(":")[0] ?? "0", 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

/**
 * An IPv6 address in its one canonical spelling (RFC 5952: lower case, leading zeros dropped, the
 * longest run of zero groups as `::`), anything else unchanged. Route 53 may hand back a health
 * check's `IPAddress` spelled otherwise than it was sent; compared as written, the member's check
 * would be updated on every run. The WHATWG URL parser (a global, no node:net) canonicalises bracketed
 * IPv6 hosts exactly so.
 */
export function canonicalAddress(value: string): string {
  if (!isIPv6(value)) return value;
  try {
    return new URL(`http://[${value}]/`).hostname.slice(1, -1);
  } catch {
    // isIPv6 accepted what the URL parser refuses: keep the text, the comparison is then exact.
    return value;
  }
}
