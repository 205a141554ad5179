/**
 * Route 53's spelling of DNS names ↔ the model's.
 *
 * Route 53 returns every character of a name other than `a-z 0-9 - _ .` as a three-digit octal
 * escape (`*` → `\052`, `@` → `\100`), and accepts both forms on input. The model keeps names
 * lowercase and absolute with the characters themselves, so a wildcard reads `*.example.com.`.
 */

/**
 * Decode a name Route 53 returned: octal escapes become characters, letters are lowercased, and the
 * name is made absolute. `\056` (an escaped dot inside a label) and `\134` (backslash) stay escaped,
 * because decoding them would change where labels begin and end.
 */
export function fromRoute53Name(raw: string): string {
  const decoded = raw.replace(/\\([0-7]{3})/g, (escaped, octal: string) => {
    const code = Number.parseInt(octal, 8);
    return code === 0o56 || code === 0o134 ? escaped : String.fromCharCode(code);
  });
  const lower = decoded.toLowerCase();
  return lower.endsWith(".") ? lower : `${lower}.`;
}

/**
 * Encode a model name for Route 53: absolute, with characters outside `a-z 0-9 - _ . *` written as
 * octal escapes (escapes already present are kept). `*` is sent as itself, which Route 53 accepts
 * for wildcards and stores as `\052`; it reads better in plan output.
 */
export function toRoute53Name(name: string): string {
  const absolute = name.endsWith(".") ? name : `${name}.`;
  let out = "";
  for (let i = 0; i < absolute.length; i++) {
    const ch = absolute[i] as string;
    if (ch === "\\" && /^[0-7]{3}$/.test(absolute.slice(i + 1, i + 4))) {
      out += absolute.slice(i, i + 4);
      i += 3;
    } else if (/[a-z0-9\-_.*]/.test(ch)) {
      out += ch;
    } else {
      out += `\\${ch.charCodeAt(0).toString(8).padStart(3, "0")}`;
    }
  }
  return out;
}
