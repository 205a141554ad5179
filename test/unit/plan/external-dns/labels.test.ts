import { describe, expect, it } from "vitest";
import { type LabelsRead, readRegistryValue } from "../../../../src/plan/external-dns/labels.js";

const labels = (entries: Record<string, string>): LabelsRead => ({
  kind: "labels",
  labels: new Map(Object.entries(entries)),
});

/* A 64-character base64 text, the shape of `--txt-encrypt-enabled` output (nonce ‖ AES-GCM(gzip)). */
const ENCRYPTED = "3JwUqYzBG1W3Fqk5d8kHYEm0lCW2PxUcZk9Tn3n9hVf2U0tE6m4rY1x3oQ0aP8Lz";

describe("readRegistryValue (external-dns's NewLabelsFromStringPlain)", () => {
  it.each<[string, string, LabelsRead]>([
    [
      "what v0.22 writes",
      '"heritage=external-dns,external-dns/owner=team-a,external-dns/resource=ingress/default/web"',
      labels({ owner: "team-a", resource: "ingress/default/web" }),
    ],
    ["no quotes", "heritage=external-dns,external-dns/owner=x", labels({ owner: "x" })],
    [
      "every surrounding quote goes",
      '""heritage=external-dns,external-dns/owner=x""',
      labels({ owner: "x" }),
    ],
    ["heritage alone: owned by nobody", '"heritage=external-dns"', labels({})],
    ["order does not matter", '"external-dns/owner=x,heritage=external-dns"', labels({ owner: "x" })],
    [
      "a later label wins",
      '"heritage=external-dns,external-dns/owner=a,external-dns/owner=b"',
      labels({ owner: "b" }),
    ],
    [
      "tokens without `=` are ignored",
      '"heritage=external-dns,garbage,external-dns/owner=x"',
      labels({ owner: "x" }),
    ],
    [
      "a value keeps every `=` after the first",
      '"heritage=external-dns,external-dns/owner=a=b"',
      labels({ owner: "a=b" }),
    ],
    [
      "keys of other prefixes are dropped; `external-dns…` without the slash is kept whole",
      '"heritage=external-dns,other/owner=y,external-dnsowner=z,external-dns/owner=x"',
      labels({ "external-dnsowner": "z", owner: "x" }),
    ],
    [
      // Route 53 returns several character-strings as `"…" "…"`; external-dns trims the outer quotes
      // only, so the owner is the text up to the next comma, quotes and all — never the owner `x`.
      "several character-strings",
      '"heritage=external-dns,external-dns/owner=x" "y"',
      labels({ owner: 'x" "y' }),
    ],
    [
      "another heritage",
      '"heritage=route53-gslb,owner=cluster-1,set-identifier=cluster-1"',
      { kind: "foreign" },
    ],
    [
      "another heritage anywhere, even after external-dns's",
      '"heritage=external-dns,external-dns/owner=x,heritage=evil"',
      { kind: "foreign" },
    ],
    ["no heritage", '"external-dns/owner=x"', { kind: "foreign" }],
    ["an SPF record", '"v=spf1 include:_spf.example.com ~all"', { kind: "foreign" }],
    ["heritage spelled with spaces", '"heritage = external-dns,external-dns/owner=x"', { kind: "foreign" }],
    ["encrypted", `"${ENCRYPTED}"`, { kind: "encrypted" }],
    ["too short to be encrypted", '"c29tZXRoaW5n"', { kind: "foreign" }],
    ["empty", '""', { kind: "foreign" }],
  ])("%s", (_name, value, expected) => {
    expect(readRegistryValue(value)).toEqual(expected);
  });
});
