import { describe, expect, it } from "vitest";
import {
  type HealthCheckApi,
  HealthCheckApplier,
  HealthCheckInUseError,
  HealthCheckReferenceConflictError,
  HealthCheckVersionConflictError,
  resolvePendingHealthCheckIds,
  splitHealthCheckChanges,
  updateInput,
} from "../../../src/health/health-checks.js";
import type { HealthCheckChange, RecordChange } from "../../../src/model/changes.js";
import { pendingHealthCheckId } from "../../../src/model/changes.js";
import type { HealthCheckSpec } from "../../../src/model/health-check.js";

const spec: HealthCheckSpec = {
  type: "HTTPS",
  fqdn: "gw.example.com",
  port: 443,
  requestInterval: 30,
  failureThreshold: 3,
  regions: [],
  enableSni: true,
};
const create: HealthCheckChange = {
  action: "CREATE",
  callerReference: "ref-1",
  spec,
  tags: { b: "2", a: "1" },
  for: "app.example.com.",
};

function awsError(name: string): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400 } });
}

function fakeApi(fail: Partial<Record<keyof HealthCheckApi, Error>> = {}) {
  const calls: [string, unknown][] = [];
  const call = (name: keyof HealthCheckApi, out: object) => async (input: unknown) => {
    calls.push([name, input]);
    if (fail[name]) throw fail[name];
    return { $metadata: {}, ...out };
  };
  const api = {
    createHealthCheck: call("createHealthCheck", { HealthCheck: { Id: "hc-1" } }),
    changeTagsForResource: call("changeTagsForResource", {}),
    updateHealthCheck: call("updateHealthCheck", {}),
    deleteHealthCheck: call("deleteHealthCheck", {}),
  } as unknown as HealthCheckApi;
  return { api, calls };
}

describe("HealthCheckApplier", () => {
  it("CREATE sends the CallerReference and config, then tags; returns callerReference → id", async () => {
    const { api, calls } = fakeApi();
    const out = await new HealthCheckApplier(api).apply([create]);
    expect(out.created).toEqual(new Map([["ref-1", "hc-1"]]));
    expect(calls[0]).toEqual([
      "createHealthCheck",
      expect.objectContaining({
        CallerReference: "ref-1",
        HealthCheckConfig: expect.objectContaining({
          Type: "HTTPS",
          FullyQualifiedDomainName: "gw.example.com",
        }),
      }),
    ]);
    expect(calls[1]).toEqual([
      "changeTagsForResource",
      {
        ResourceType: "healthcheck",
        ResourceId: "hc-1",
        AddTags: [
          { Key: "a", Value: "1" },
          { Key: "b", Value: "2" },
        ],
      },
    ]);
  });

  it("maps Route 53's answers to typed errors naming the record", async () => {
    const { api } = fakeApi({
      createHealthCheck: awsError("HealthCheckAlreadyExists"),
      updateHealthCheck: awsError("HealthCheckVersionMismatch"),
      deleteHealthCheck: awsError("HealthCheckInUse"),
    });
    const out = await new HealthCheckApplier(api).apply([
      create,
      { ...create, action: "UPDATE", id: "hc-2", version: 3 },
      { ...create, action: "DELETE", id: "hc-3" },
    ]);
    const byName = Object.fromEntries(out.failed.map((f) => [f.change.action, f.error]));
    expect(byName.CREATE).toBeInstanceOf(HealthCheckReferenceConflictError);
    expect(byName.CREATE?.message).toContain("app.example.com.");
    expect(byName.UPDATE).toBeInstanceOf(HealthCheckVersionConflictError);
    expect(byName.DELETE).toBeInstanceOf(HealthCheckInUseError);
    expect(out.created.size + out.updated.length + out.deleted.length).toBe(0);
  });

  it("DELETE of a check already gone counts as deleted", async () => {
    const { api } = fakeApi({ deleteHealthCheck: awsError("NoSuchHealthCheck") });
    const out = await new HealthCheckApplier(api).apply([{ ...create, action: "DELETE", id: "hc-3" }]);
    expect(out).toMatchObject({ deleted: ["hc-3"], failed: [] });
  });
});

describe("updateInput", () => {
  it("sends the version and resets fields the spec dropped", () => {
    expect(updateInput({ ...create, action: "UPDATE", version: 4 }, "hc-1")).toEqual({
      HealthCheckId: "hc-1",
      HealthCheckVersion: 4,
      FullyQualifiedDomainName: "gw.example.com",
      Port: 443,
      FailureThreshold: 3,
      EnableSNI: true,
      Inverted: false,
      ResetElements: ["ResourcePath", "Regions"],
    });
  });
  it("sends Inverted either way: a drained check is inverted, undrain turns it back", () => {
    const drained = {
      ...create,
      action: "UPDATE" as const,
      spec: { ...create.spec, inverted: true as const },
    };
    expect(updateInput(drained, "hc-1").Inverted).toBe(true);
    expect(updateInput({ ...create, action: "UPDATE" }, "hc-1").Inverted).toBe(false);
  });
});

describe("pending health-check ids", () => {
  const rc = (group: string, healthCheckId?: string): RecordChange => ({
    zoneId: "Z1",
    zoneName: "example.com.",
    action: "CREATE",
    purpose: "record",
    group,
    record: {
      name: `${group}.example.com.`,
      type: "A",
      policy: { kind: "weighted", setIdentifier: "c1", weight: 1 },
      target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
      ...(healthCheckId ? { healthCheckId } : {}),
    },
  });

  it("replaces placeholders; a group whose check was not created is blocked whole", () => {
    const out = resolvePendingHealthCheckIds(
      [
        rc("a", pendingHealthCheckId("ref-1")),
        rc("b", pendingHealthCheckId("ref-2")),
        { ...rc("b"), purpose: "ownership" },
        rc("c", "real"),
      ],
      new Map([["ref-1", "hc-1"]]),
    );
    expect(out.changes.map((c) => [c.group, c.record.healthCheckId])).toEqual([
      ["a", "hc-1"],
      ["c", "real"],
    ]);
    expect(out.blocked.map((b) => [b.change.group, b.callerReference])).toEqual([
      ["b", "ref-2"],
      ["b", undefined],
    ]);
  });

  it("CREATE/UPDATE before records, DELETE after", () => {
    const split = splitHealthCheckChanges([{ ...create, action: "DELETE" }, create]);
    expect(split.beforeRecords.map((c) => c.action)).toEqual(["CREATE"]);
    expect(split.afterRecords.map((c) => c.action)).toEqual(["DELETE"]);
  });
});
