import { quote } from "../model/shorten.js";
import type { SourceRef } from "../model/source-ref.js";
import { EXTERNAL_DNS_PREFIXES } from "./annotation-keys.js";
import { type SourceOutput, skip } from "./publish.js";

/**
 * Which of an object's hostnames are published, as external-dns's `ingress-hostname-source`
 * (Ingress) and `gateway-hostname-source` (Gateway API routes) say: those of its spec and of its
 * hostname annotation (`both`, the key unset), only the spec's (`defined-hosts-only`), or only the
 * annotation's (`annotation-only`).
 */
export type HostnameSource = "both" | "defined-hosts-only" | "annotation-only";

/** The external-dns key, without its prefix, that chooses the hostname source of a kind of object. */
export type HostnameSourceKey = "ingress-hostname-source" | "gateway-hostname-source";

const VALUES = ["defined-hosts-only", "annotation-only"] as const;

/**
 * The hostname source an object asks for, read under both external-dns prefixes (the current one
 * wins). A value external-dns does not know is recorded as a bad annotation and gives undefined:
 * external-dns then publishes nothing from an Ingress, and everything from a route, so guessing
 * either way could publish a name nobody asked for.
 */
export function hostnameSourceOrSkip(
  out: SourceOutput,
  source: SourceRef,
  annotations: Record<string, string>,
  name: HostnameSourceKey,
): HostnameSource | undefined {
  const key = EXTERNAL_DNS_PREFIXES.map((p) => `${p}${name}`).find((k) => k in annotations);
  if (key === undefined) return "both";
  const value = annotations[key] ?? "";
  const chosen = VALUES.find((v) => v === value.trim().toLowerCase());
  if (chosen) return chosen;
  const accepted = `${quote(VALUES[0])} or ${quote(VALUES[1])}`;
  skip(out, source, {
    kind: "invalid-annotation",
    key,
    value,
    accepted,
    text: `Expected ${quote(key)} to be ${accepted}, got ${quote(value)}`,
  });
  return undefined;
}

/** The hostnames to publish: the spec's and the annotation's, as the hostname source says. */
export function chooseHostnames(source: HostnameSource, spec: string[], annotation: string[]): string[] {
  if (source === "defined-hosts-only") return spec;
  if (source === "annotation-only") return annotation;
  return [...spec, ...annotation];
}
