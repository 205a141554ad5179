// punycode is CommonJS: Node's ESM loader cannot see its named exports (the @types claim them), so
// importing `{ toASCII }` passes tsc and vitest but crashes the built CLI. Take the default export.
import punycode from "punycode/punycode.js";
import { err, ok, type Result } from "./result.js";
import { quote } from "./shorten.js";

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_NAME_LENGTH = 253;

/**
 * Normalise a hostname to the model's spelling: lowercase, absolute (trailing dot), IDN labels in
 * punycode, a wildcard as a leading `*` label (Route 53's `\052` is accepted on input).
 * Validates RFC 1123 labels; the error says what is wrong and what is accepted.
 */
export function normalizeHostname(raw: string): Result<string, string> {
  let name = raw.trim();
  if (name === "") return err("hostname is empty; expected a DNS name such as `app.example.com`");
  name = name.replace(/^\\052(?=\.)/, "*");
  if (name.endsWith(".")) name = name.slice(0, -1);
  if (name === "")
    return err(`${quote(raw)} is not a hostname; expected a DNS name such as \`app.example.com\``);
  const labels = name.split(".");
  const out: string[] = [];
  for (const [i, original] of labels.entries()) {
    if (original === "*") {
      if (i !== 0) {
        return err(
          `${quote(raw)}: a wildcard \`*\` is allowed only as the whole leftmost label, as in \`*.example.com\``,
        );
      }
      out.push("*");
      continue;
    }
    let label: string;
    try {
      label = punycode.toASCII(original.toLowerCase());
    } catch (e) {
      return err(
        `${quote(raw)}: label ${quote(original)} is not a valid internationalised name (${String(e)})`,
      );
    }
    if (label.length === 0)
      return err(`${quote(raw)} has an empty label; labels are separated by single dots`);
    if (label.length > 63) {
      return err(
        `${quote(raw)}: label ${quote(original)} is ${label.length} characters; at most 63 are allowed`,
      );
    }
    if (!LABEL.test(label)) {
      return err(
        `${quote(raw)}: label ${quote(original)} is not valid; labels hold letters, digits and inner hyphens (RFC 1123)`,
      );
    }
    out.push(label);
  }
  if (out.length < 2)
    return err(
      `${quote(raw)} is a single label; expected a fully qualified name such as \`app.example.com\``,
    );
  const last = out[out.length - 1] ?? "";
  if (/^[0-9]+$/.test(last)) return err(`${quote(raw)} looks like an IP address, not a hostname`);
  const joined = out.join(".");
  if (joined.length > MAX_NAME_LENGTH) {
    return err(`${quote(raw)} is ${joined.length} characters; a DNS name has at most ${MAX_NAME_LENGTH}`);
  }
  return ok(`${joined}.`);
}

/** True for a name whose leftmost label is the wildcard `*`. */
export function isWildcard(name: string): boolean {
  return name.startsWith("*.");
}

/** `name` is `zone` or a name below it (both absolute). */
export function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** The name without its trailing dot, for people. */
export function displayName(name: string): string {
  return name.endsWith(".") ? name.slice(0, -1) : name;
}
