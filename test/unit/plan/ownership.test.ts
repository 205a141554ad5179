import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  guardedBy,
  ownershipName,
  ownershipRecord,
  ownershipValue,
  parseOwnershipValue,
  readOwnerships,
} from "../../../src/plan/ownership.js";

describe("ownership names", () => {
  const table: [string, string, string][] = [
    ["app.example.com.", "A", "_gslb-a.app.example.com."],
    ["example.com.", "AAAA", "_gslb-aaaa.example.com."],
    ["*.apps.example.com.", "CNAME", "_gslb-cname._wildcard.apps.example.com."],
  ];
  for (const [host, type, name] of table) {
    it(`${host} ${type} -> ${name} and back`, () => {
      expect(ownershipName(host, type)).toBe(name);
      expect(guardedBy(name)).toEqual({ host, type });
    });
  }
  it("is not fooled by ordinary names", () => {
    expect(guardedBy("app.example.com.")).toBeUndefined();
  });
});

describe("ownership values", () => {
  it("round-trips, splitting long values into 255-character strings", () => {
    const o = {
      owner: "cluster-1",
      setIdentifier: "eu",
      resource: {
        group: "gateway.networking.k8s.io",
        kind: "Gateway",
        namespace: "ns",
        name: "x".repeat(300),
      },
    };
    const v = ownershipValue(o);
    expect(v.split('" "').length).toBe(2);
    expect(parseOwnershipValue(v)).toEqual(o);
  });
  it("carries the drain mark and the weight undrain restores", () => {
    const table: [Parameters<typeof ownershipValue>[0], string][] = [
      [
        { owner: "c1", setIdentifier: "c1", drained: { restoreWeight: 100 } },
        '"heritage=route53-gslb,owner=c1,set-identifier=c1,drained=true,restore-weight=100"',
      ],
      [{ owner: "c1", drained: {} }, '"heritage=route53-gslb,owner=c1,set-identifier=,drained=true"'],
    ];
    for (const [o, value] of table) {
      expect(ownershipValue(o)).toBe(value);
      expect(parseOwnershipValue(value)).toEqual(o);
    }
    // A value route53-gslb would never write is not trusted at all (not ours, reported): no guessing.
    expect(
      parseOwnershipValue('"heritage=route53-gslb,owner=c1,set-identifier=,drained=true,restore-weight=900"'),
    ).toBeUndefined();
    expect(
      parseOwnershipValue('"heritage=route53-gslb,owner=c1,set-identifier=,drained=no"'),
    ).toBeUndefined();
  });
  it("ignores TXT values written by others", () => {
    expect(parseOwnershipValue('"heritage=external-dns,external-dns/owner=default"')).toBeUndefined();
    expect(parseOwnershipValue('"v=spf1 -all"')).toBeUndefined();
  });
  it("round-trips any owner and set identifier (property)", () => {
    const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,40}$/);
    fc.assert(
      fc.property(id, fc.option(id, { nil: undefined }), (owner, setIdentifier) => {
        const o = setIdentifier === undefined ? { owner } : { owner, setIdentifier };
        expect(parseOwnershipValue(ownershipValue(o))).toEqual(o);
      }),
    );
  });
  it("trusts only records whose SetIdentifier is the owner they name", () => {
    const genuine = ownershipRecord("app.example.com.", "A", { owner: "c1" });
    const forged = { ...genuine, policy: { kind: "weighted" as const, setIdentifier: "c2", weight: 0 } };
    expect([...readOwnerships([genuine]).found.keys()]).toEqual(["c1|app.example.com.|A"]);
    expect(readOwnerships([forged]).found.size).toBe(0);
  });
});
