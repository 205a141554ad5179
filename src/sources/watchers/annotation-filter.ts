/**
 * Kubernetes label-selector syntax, matched in-process against annotations (`--annotation-filter`,
 * as external-dns reads it with `labels.Parse`) or labels (target Services, see kube-watchers.ts).
 * Pure: no I/O, no client-node.
 *
 * Grammar: requirements separated by commas (commas inside `( )` belong to a set):
 * `key`, `!key`, `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`,
 * `key>n`, `key<n`. An empty selector matches everything.
 */
import { err, ok, type Result } from "../../model/result.js";
import { quote } from "../../model/shorten.js";

/** One requirement of a selector. `!=` and `notin` match objects that lack the key, as in Kubernetes. */
export type Requirement =
  | { key: string; op: "exists" | "absent" }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "gt" | "lt"; value: number };

/** A parsed selector: every requirement must hold. */
export interface Selector {
  /** The text it was parsed from, for logs. */
  source: string;
  requirements: Requirement[];
}

/** A selector given on the command line that cannot be parsed. Thrown once, at start-up. */
export class InvalidSelectorError extends Error {
  readonly name = "InvalidSelectorError";
  constructor(
    /** The option it came from: `annotationFilter` or `labelSelector`. */
    readonly option: string,
    /** The text as given. */
    readonly value: string,
    /** What is wrong with it. */
    readonly reason: string,
  ) {
    super(
      `Expected \`${option}\` to be a Kubernetes selector such as \`a=b\` or \`a in (x,y)\`, got ${quote(value)}: ${reason}`,
    );
  }
}

// Qualified name: optional DNS-subdomain prefix, then a name of at most 63 characters.
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Parse a selector. An empty (or blank) string gives a selector that matches everything. */
export function parseSelector(text: string): Result<Selector, string> {
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const trimmed = part.trim();
    if (trimmed === "") {
      if (text.trim() === "") continue;
      return err("empty requirement between commas");
    }
    const parsed = parseRequirement(trimmed);
    if (!parsed.ok) return parsed;
    requirements.push(parsed.value);
  }
  return ok({ source: text, requirements });
}

/** Whether a string map (annotations or labels) satisfies every requirement of the selector. */
export function matchesSelector(selector: Selector, map: Readonly<Record<string, string>>): boolean {
  return selector.requirements.every((r) => matchesRequirement(r, map));
}

function matchesRequirement(r: Requirement, map: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(map, r.key);
  const value = map[r.key] ?? "";
  switch (r.op) {
    case "exists":
      return has;
    case "absent":
      return !has;
    case "in":
      return has && r.values.includes(value);
    case "notin":
      return !has || !r.values.includes(value);
    case "gt":
    case "lt": {
      if (!has || !/^-?\d+$/.test(value)) return false;
      const n = Number(value);
      return r.op === "gt" ? n > r.value : n < r.value;
    }
  }
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function parseRequirement(text: string): Result<Requirement, string> {
  if (text.startsWith("!")) {
    const key = text.slice(1).trim();
    return checkKey(key) ?? ok({ key, op: "absent" });
  }
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (set) {
    const [, key = "", op, list = ""] = set;
    const keyError = checkKey(key);
    if (keyError) return keyError;
    const values = list.split(",").map((v) => v.trim());
    if (values.length === 1 && values[0] === "")
      return err(`${quote(`${key} ${op} ()`)} needs at least one value`);
    for (const v of values) {
      if (!VALUE.test(v)) return err(`${quote(v)} is not a valid value`);
    }
    return ok({ key, op: op === "in" ? "in" : "notin", values });
  }
  const cmp = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(text);
  if (cmp) {
    const [, key = "", op, value = ""] = cmp;
    const keyError = checkKey(key);
    if (keyError) return keyError;
    if (op === ">" || op === "<") {
      if (!/^-?\d+$/.test(value)) return err(`${quote(`${key}${op}`)} needs an integer, got ${quote(value)}`);
      return ok({ key, op: op === ">" ? "gt" : "lt", value: Number(value) });
    }
    if (!VALUE.test(value)) return err(`${quote(value)} is not a valid value`);
    return ok({ key, op: op === "!=" ? "notin" : "in", values: [value] });
  }
  if (/\s/.test(text) || /[=!<>()]/.test(text)) return err(`cannot parse ${quote(text)}`);
  return checkKey(text) ?? ok({ key: text, op: "exists" });
}

function checkKey(key: string): { ok: false; error: string } | undefined {
  const slash = key.indexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && !PREFIX.test(prefix)) return err(`${quote(prefix)} is not a valid key prefix`);
  if (!NAME.test(name)) return err(`${quote(key)} is not a valid key`);
  return undefined;
}
