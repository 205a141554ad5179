import { quote } from "../model/shorten.js";

/**
 * A manifest document (or an item of a `kind: List`) that is valid YAML but no Kubernetes object, so
 * no source can read it. `plan` and `apply` print it as a warning and go on: it is not an error, as a
 * Kustomize values file or a Helm fragment beside the manifests is not, but it must not vanish silently
 * (a typo such as `- apiVersion:` turns a Gateway into a one-item list).
 */
export interface ManifestWarning {
  readonly kind: "not-a-kubernetes-object";
  /** The file as given on the command line (or `<stdin>`). */
  readonly file: string;
  /** 1-based number of the YAML document in the file, counting empty documents as `---` separates them. */
  readonly document: number;
  /** 1-based line where the document's content starts. */
  readonly line: number;
  /** 1-based positions of the item inside nested `kind: List` items or bare lists; empty for the document itself. */
  readonly item: readonly number[];
  /** What the document is instead, for people: `a string`, `a map without apiVersion and metadata.name`. */
  readonly found: string;
}

/**
 * Why `value` is no Kubernetes object, or undefined when it is one: a map with a string `apiVersion`, a
 * string `kind` and a `metadata` map that has a `name`. Only the identity is checked: an object with a
 * name that is not a string (`name: 1234`) is an object whose metadata cannot be read, which the planner
 * reports for that object, so it is not a warning here.
 */
export function notAKubernetesObject(value: unknown): string | undefined {
  if (Array.isArray(value)) return "a list";
  if (value === null || typeof value !== "object") return `${scalarKind(value)} ${quote(String(value))}`;
  const map = value as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof map.apiVersion !== "string" || map.apiVersion === "") missing.push("apiVersion");
  if (typeof map.kind !== "string" || map.kind === "") missing.push("kind");
  const metadata = map.metadata;
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) missing.push("metadata");
  else if ((metadata as Record<string, unknown>).name === undefined) missing.push("metadata.name");
  if (missing.length === 0) return undefined;
  const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}`;
  return `a map without ${list}`;
}

function scalarKind(value: unknown): string {
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  if (value instanceof Date) return "a date";
  return `a ${typeof value}`;
}

/** `file:line: document N[, item i.j] is <found>, not a Kubernetes object (…); ignored`, for stderr. */
export function formatManifestWarning(w: ManifestWarning): string {
  const item = w.item.length > 0 ? `, item ${w.item.join(".")}` : "";
  return (
    `${w.file}:${w.line}: document ${w.document}${item} is ${w.found}, not a Kubernetes object ` +
    "(apiVersion, kind and metadata.name); ignored"
  );
}
