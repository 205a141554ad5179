/**
 * A small field checker for the zone snapshot (snapshot.ts): it reads plain JSON/YAML data, collects
 * one problem per bad field with its JSON path (`hostedZones[0].ResourceRecordSets[3].Type`), and
 * hands back only the fields that are present and well-typed. Pure.
 */

/** One thing wrong with a snapshot: where (file and JSON path) and what was expected. */
export interface SnapshotProblem {
  /** The file (or `-`) the snapshot came from. */
  origin: string;
  /** JSON path of the offending value, e.g. `hostedZones[0].ResourceRecordSets[3].Type`; "" for the root. */
  path: string;
  /** A sentence naming the path, what is accepted and what was found. */
  message: string;
}

/** `zones.json: Expected ...`, the spelling the CLI prints after `error: `. */
export function formatSnapshotProblem(problem: SnapshotProblem): string {
  return `${problem.origin}: ${problem.message}`;
}

/** A check: the value when it is acceptable, else undefined; `expected` words it for the message. */
export interface Check<T> {
  expected: string;
  accept(value: unknown): T | undefined;
}

/** Any string, empty included (`Comment`, `Value`). */
export const aString: Check<string> = {
  expected: "a string",
  accept: (v) => (typeof v === "string" ? v : undefined),
};

/** A string with something in it (ids, names, types). */
export const aNonEmptyString: Check<string> = {
  expected: "a non-empty string",
  accept: (v) => (typeof v === "string" && v !== "" ? v : undefined),
};

/** `true` or `false`; YAML's `yes`/`no` are strings under YAML 1.2 and rejected. */
export const aBoolean: Check<boolean> = {
  expected: "a boolean (true or false)",
  accept: (v) => (typeof v === "boolean" ? v : undefined),
};

/** An integer within `min`..`max`, inclusive. */
export function anInteger(min: number, max: number): Check<number> {
  return {
    expected: `an integer from ${min} to ${max}`,
    accept: (v) => (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : undefined),
  };
}

/** One of the listed strings, exactly (Route 53's enums are case-sensitive). */
export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return {
    expected: `one of ${values.map((v) => `\`${v}\``).join(", ")}`,
    accept: (v) => values.find((x) => x === v),
  };
}

/** A list whose items are all strings (`Regions`). */
export const aStringList: Check<string[]> = {
  expected: "a list of strings",
  accept: (v) => (Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined),
};

/** How a value reads in a message: `5` (number), `"x"` (string), an object, a list, null. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `\`${JSON.stringify(shown)}\` (string)`;
  }
  return `\`${String(value)}\` (${typeof value})`;
}

/** `a` + `b` → `a.b`; `a` + 3 → `a[3]`. */
export function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** Collects problems while reading one snapshot. */
export class FieldReader {
  readonly problems: SnapshotProblem[] = [];

  constructor(readonly origin: string) {}

  /** Record a problem at `path`. */
  problem(path: string, message: string): void {
    this.problems.push({ origin: this.origin, path, message });
  }

  /** Record "Expected `path` to be …, got …". */
  expected(path: string, expected: string, got: unknown): void {
    this.problem(path, `Expected \`${path || "the snapshot"}\` to be ${expected}, got ${describeValue(got)}`);
  }

  /** The value as an object (a mapping), or undefined with a problem. */
  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
    this.expected(path, "an object", value);
    return undefined;
  }

  /** `obj[key]` as a list (absent → []), or [] with a problem. */
  list(obj: Record<string, unknown>, key: string, path: string): unknown[] {
    const value = obj[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.expected(join(path, key), "a list", value);
    return [];
  }

  /** `obj[key]` when present and acceptable; a problem when present and not, or absent and required. */
  field<T>(
    obj: Record<string, unknown>,
    key: string,
    path: string,
    check: Check<T>,
    required = false,
  ): T | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.expected(join(path, key), check.expected, value);
      return undefined;
    }
    const accepted = check.accept(value);
    if (accepted === undefined) this.expected(join(path, key), check.expected, value);
    return accepted;
  }

  /**
   * Copy the acceptable fields of `obj` named in `checks` into a new object typed as the SDK shape `T`
   * (fields that are absent or rejected are left out, with a problem for each rejected one).
   */
  fields<T extends object = Record<string, unknown>>(
    obj: Record<string, unknown>,
    path: string,
    checks: Record<string, Check<unknown>>,
    required: readonly string[] = [],
  ): T {
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(checks)) {
      const value = this.field(obj, key, path, check, required.includes(key));
      if (value !== undefined) out[key] = value;
    }
    // Only checked fields of the accepted types are copied; required ones are reported when missing.
    return out as T;
  }
}
