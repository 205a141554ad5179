/**
 * The value of an external-dns registry TXT, read as external-dns reads it
 * (`endpoint.NewLabelsFromStringPlain`, endpoint/labels.go, v0.22.0):
 *
 *   "heritage=external-dns,external-dns/owner=<owner id>,external-dns/resource=<kind>/<namespace>/<name>"
 *
 * Surrounding quotes dropped, split at `,`, each token cut at its first `=`; tokens without `=` are
 * ignored; `external-dns/<label>=<value>` sets a label (a later token wins); `heritage` must be
 * `external-dns` (any other heritage anywhere makes the whole value not external-dns's). The owner
 * that matters is whatever external-dns would read, so nothing here is "repaired" or guessed.
 */

const HERITAGE = "external-dns";

/** The labels of a registry value, or why it is not one. */
export type LabelsRead =
  | { kind: "labels"; labels: ReadonlyMap<string, string> }
  /**
   * Not plain text external-dns wrote, but shaped like its AES-GCM encryption (`--txt-encrypt-enabled`):
   * route53-gslb does not decrypt, so whose it is cannot be known.
   */
  | { kind: "encrypted" }
  /** No `heritage=external-dns` (another tool's TXT, or route53-gslb's own): not in the registry. */
  | { kind: "foreign" };

/** Read one TXT value (as Route 53 returns it, quotes and all) the way external-dns's registry does. */
export function readRegistryValue(value: string): LabelsRead {
  const text = trimQuotes(value);
  const labels = new Map<string, string>();
  let heritage = false;
  for (const token of text.split(",")) {
    const eq = token.indexOf("=");
    if (eq < 0) continue;
    const key = token.slice(0, eq);
    const val = token.slice(eq + 1);
    if (key === "heritage") {
      if (val !== HERITAGE) return { kind: "foreign" };
      heritage = true;
      continue;
    }
    if (key.startsWith(HERITAGE)) {
      labels.set(key.startsWith(`${HERITAGE}/`) ? key.slice(HERITAGE.length + 1) : key, val);
    }
  }
  if (heritage) return { kind: "labels", labels };
  return looksEncrypted(text) ? { kind: "encrypted" } : { kind: "foreign" };
}

/** Go's strings.Trim(s, `"`): every leading and trailing quote. */
function trimQuotes(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value[start] === '"') start++;
  while (end > start && value[end - 1] === '"') end--;
  return value.slice(start, end);
}

/**
 * external-dns encrypts as base64(nonce ‖ AES-GCM(gzip(labels))): 12 bytes of nonce, a 16-byte tag and
 * a gzip stream of at least 20 bytes, so at least 48 bytes, 64 base64 characters, padded. Anything
 * shorter or outside the alphabet cannot be one.
 */
function looksEncrypted(text: string): boolean {
  return text.length >= 64 && text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}
