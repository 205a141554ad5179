/*
 * The condition key `route53:ChangeResourceRecordSetsNormalizedRecordNames` holds the names of every
 * record a ChangeResourceRecordSets request changes, spelled as Route 53 normalises them (AWS Route 53
 * Developer Guide, "Using IAM policy conditions for fine-grained access control": "Normalizing the
 * condition key values"): all letters lowercase, no trailing dot, and every character other than
 * a-z, 0-9, `-`, `_` and `.` as a backslash and its three-digit octal code — a wildcard record
 * `*.example.com` is `\052.example.com`. Policy values must be written the same way.
 */

/** A name as the condition key holds it: `*.App.example.com.` → `\052.app.example.com`. */
export function normalizedRecordName(name: string): string {
  const lower = name.toLowerCase().replace(/\.$/, "");
  let out = "";
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i] as string;
    if (ch === "\\" && /^[0-7]{3}$/.test(lower.slice(i + 1, i + 4))) {
      // Already an escape (names read back from Route 53 keep `\056` and `\134` escaped).
      out += lower.slice(i, i + 4);
      i += 3;
    } else if (/[a-z0-9\-_.]/.test(ch)) {
      out += ch;
    } else {
      out += `\\${ch.charCodeAt(0).toString(8).padStart(3, "0")}`;
    }
  }
  return out;
}

/**
 * The `StringLike` patterns that allow `domain` and every name below it, and nothing else:
 * `example.com` and `*.example.com` (IAM's `*` matches any characters, dots included). They also
 * allow the ownership records of every host there: `_gslb-<type>.<host>` (plan/ownership.ts) only
 * ever adds labels in front of the host, and `*.<host>` becomes `_gslb-<type>._wildcard.<host>`.
 */
export function namePatternsFor(domain: string): [string, string] {
  const name = normalizedRecordName(domain);
  return [name, `*.${name}`];
}
