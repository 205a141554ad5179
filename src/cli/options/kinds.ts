import type { MaxDeletions, ZoneTag } from "../../config/config.js";
import { formatDuration, parseDuration } from "../../model/duration.js";
import type { HealthCheckSpec } from "../../model/health-check.js";
import {
  HEALTH_CHECK_URL_EXPECTED,
  healthCheckUrl,
  parseHealthCheckUrl,
} from "../../model/health-check-url.js";
import { normalizeHostname } from "../../model/hostname.js";
import { err, ok, type Result } from "../../model/result.js";
import { bareZoneId } from "../../model/zone.js";

/**
 * The kinds of value a flag takes. Each kind says once what it accepts (`expected`, which every
 * message quotes) and how a value is written back (`show`, which `--help` uses for defaults), so a
 * flag's error, its help and its parser cannot drift apart.
 */

/** Why a value was refused: what was expected instead, and optionally a reason after a colon. */
export interface Rejection {
  expected: string;
  why?: string;
}

/** How one flag value (one item of a repeatable flag) is read. */
export interface Kind<T> {
  /** What a valid value looks like, completing "Expected `--flag` to be …". */
  expected: string;
  parse(text: string): Result<T, Rejection>;
  /** The value as it is written on the command line, for `(default: …)` in `--help`. */
  show(value: T): string;
  /** The values offered, when there is a fixed set (listed in `--help`). */
  choices?: readonly string[];
}

/**
 * The one wording of every flag problem, p-queue's: ``Expected `--default-weight` to be an integer
 * from 0 to 255, got `x` `` (or `got nothing` when a required flag is missing).
 */
export function expectedProblem(label: string, rejection: Rejection, got: string | undefined): string {
  const gotText = got === undefined ? "got nothing" : `got \`${got}\``;
  return `Expected \`${label}\` to be ${rejection.expected}, ${gotText}${rejection.why ? `: ${rejection.why}` : ""}`;
}

/** "`a`, `b` or `c`" */
function quotedAlternatives(values: readonly string[]): string {
  const quoted = values.map((v) => `\`${v}\``);
  return quoted.length < 2 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

/** One value of a fixed set: ``one of `text`, `json` or `markdown` ``. */
export function oneOf<const T extends string>(values: readonly T[]): Kind<T> {
  const expected = `one of ${quotedAlternatives(values)}`;
  return {
    expected,
    choices: values,
    parse: (text) => ((values as readonly string[]).includes(text) ? ok(text as T) : err({ expected })),
    show: (value) => value,
  };
}

/** Any text, taken as given (a path, a namespace, a label selector). */
export function text(expected = "a value"): Kind<string> {
  return { expected, parse: (t) => ok(t), show: (v) => v };
}

/** Text matching `pattern`, described by `expected`. */
export function pattern(re: RegExp, expected: string): Kind<string> {
  return { expected, parse: (t) => (re.test(t) ? ok(t) : err({ expected })), show: (v) => v };
}

/** The endpoint of a health check as a URL (model/health-check-url.ts), with why it was refused. */
export const healthCheckUrlKind: Kind<HealthCheckSpec> = {
  expected: HEALTH_CHECK_URL_EXPECTED,
  parse: (t) => {
    const spec = parseHealthCheckUrl(t);
    return spec.ok ? spec : err({ expected: HEALTH_CHECK_URL_EXPECTED, why: spec.error });
  },
  show: healthCheckUrl,
};

/** A value read by `read` (undefined: refused), such as a normalised domain name. */
export function custom<T>(
  expected: string,
  read: (text: string) => T | undefined,
  show: (v: T) => string,
): Kind<T> {
  return {
    expected,
    parse: (t) => {
      const value = read(t);
      return value === undefined ? err({ expected }) : ok(value);
    },
    show,
  };
}

/** A non-negative decimal integer, or undefined (no signs, no exponents, no `1.0`). */
function parseInteger(t: string): number | undefined {
  const trimmed = t.trim();
  return /^[0-9]{1,9}$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** An integer from `min` to `max` (no upper bound when `max` is undefined). */
export function integer(min: number, max?: number, expected?: string): Kind<number> {
  const what =
    expected ?? (max === undefined ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`);
  return custom(
    what,
    (t) => {
      const n = parseInteger(t);
      return n !== undefined && n >= min && (max === undefined || n <= max) ? n : undefined;
    },
    String,
  );
}

/** A number above 0; fractions allowed (rates). */
export const positiveNumber: Kind<number> = custom(
  "a number above 0",
  (t) => {
    const n = Number(t);
    return t.trim() !== "" && Number.isFinite(n) && n > 0 ? n : undefined;
  },
  String,
);

/** A positive duration such as `1s`, `500ms` or `2m`, in milliseconds. */
export const duration: Kind<number> = custom(
  "a duration such as `1s`, `500ms` or `2m`",
  (t) => {
    const ms = parseDuration(t);
    return ms !== undefined && ms > 0 ? ms : undefined;
  },
  formatDuration,
);

/** `N` (a count) or `N%` (a percentage of owned records, 0–100). */
export function parseMaxDeletions(t: string): MaxDeletions | undefined {
  const trimmed = t.trim();
  if (trimmed.endsWith("%")) {
    const value = parseInteger(trimmed.slice(0, -1));
    return value === undefined || value > 100 ? undefined : { kind: "percent", value };
  }
  const value = parseInteger(trimmed);
  return value === undefined ? undefined : { kind: "count", value };
}

/** `--max-deletions`: a count or a percentage. */
export const countOrPercent: Kind<MaxDeletions> = custom(
  "a count such as `10` or a percentage from 0% to 100% such as `50%`",
  parseMaxDeletions,
  (v) => (v.kind === "percent" ? `${v.value}%` : String(v.value)),
);

/**
 * Cluster names and owner ids end up as Route 53 `SetIdentifier`s (1–128 characters) and inside the
 * ownership TXT value (`owner=<id>,set-identifier=…`), so they may not hold commas, `=`, quotes or
 * spaces; this conservative alphabet keeps both safe.
 */
export const identifier = pattern(
  /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
  "1 to 128 letters, digits, `.`, `_`, `:` or `-`, starting with a letter or digit",
);

/** external-dns users write `.example.com` for "below example.com"; the filter means that anyway. */
export const domain = custom(
  "a domain name such as `example.com`",
  (t) => {
    const name = normalizeHostname(t.trim().replace(/^\.(?=[^.])/, ""));
    return name.ok && !name.value.startsWith("*.") ? name.value : undefined;
  },
  (v) => v,
);

export const zoneId = custom(
  "a hosted zone id such as `Z0123456789ABC` or `/hostedzone/Z0123456789ABC`",
  (t) => {
    const id = bareZoneId(t.trim());
    return /^[A-Z0-9]{1,32}$/.test(id) ? id : undefined;
  },
  (v) => v,
);

/**
 * `--zone-tags`: `key` (the zone carries the tag, with any value) or `key=value` (with exactly that
 * value; later `=` belong to the value). Route 53 tag keys have 1–128 characters and values at most 256.
 * `key=` is refused rather than guessed at: external-dns reads it as `key`, a reader may expect an
 * empty value.
 */
export const zoneTag: Kind<ZoneTag> = {
  expected: "a zone tag `key` or `key=value`",
  parse: (t) => {
    const at = t.indexOf("=");
    const key = (at < 0 ? t : t.slice(0, at)).trim();
    const value = at < 0 ? undefined : t.slice(at + 1).trim();
    const expected = "a zone tag `key` or `key=value`";
    if (key === "") return err({ expected, why: "the tag key is empty" });
    if (key.length > 128) return err({ expected, why: "a tag key has at most 128 characters" });
    if (value === "") return err({ expected, why: "write `key` alone to match the tag with any value" });
    if (value !== undefined && value.length > 256) {
      return err({ expected, why: "a tag value has at most 256 characters" });
    }
    return ok(value === undefined ? { key } : { key, value });
  },
  show: (v) => (v.value === undefined ? v.key : `${v.key}=${v.value}`),
};

/** The model's spelling, so `App.Example.COM` and `app.example.com.` find the same name. */
export const hostname = custom(
  "a DNS name such as `app.example.com`",
  (t) => {
    const name = normalizeHostname(t);
    return name.ok ? name.value : undefined;
  },
  (v) => v,
);

export const snapshotOrAws: Kind<string> = {
  expected: "`aws` or a snapshot file (.json, .yaml or .yml)",
  parse: (t) =>
    t === ""
      ? { ok: false, error: { expected: "`aws` or a snapshot file (.json, .yaml or .yml)" } }
      : t === "-"
        ? { ok: false, error: { expected: "a snapshot file", why: "stdin is reserved for `-f -`" } }
        : { ok: true, value: t },
  show: (v) => v,
};
