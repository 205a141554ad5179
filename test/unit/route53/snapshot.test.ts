import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSnapshot, parseText, readSnapshotFile } from "../../../src/route53/snapshot.js";
import { httpsHealthCheck } from "../../fixtures/health-checks.js";

const fixture = (name: string) => join(import.meta.dirname, "../../fixtures/snapshots", name);

describe("readSnapshotFile: a valid YAML snapshot", async () => {
  const result = await readSnapshotFile(fixture("valid.yaml"));
  if (!result.ok) throw new Error(result.error.join("\n"));
  const state = result.value;

  it("reads both halves of a split-horizon zone with ids stripped", () => {
    expect(state.zones.map((z) => [z.id, z.name, z.private, z.records.length])).toEqual([
      ["Z0EXAMPLEPUB", "example.com.", false, 6],
      ["Z0EXAMPLEPRIV", "example.com.", true, 0],
    ]);
  });

  it("keeps records the controller never writes (NS, SOA, MX) and decodes the wildcard", () => {
    const records = state.zones[0]?.records ?? [];
    expect(records.map((r) => `${r.name} ${r.type}`)).toEqual([
      "example.com. NS",
      "example.com. SOA",
      "example.com. MX",
      "app.example.com. A",
      "_gslb-a.app.example.com. TXT",
      "*.apps.example.com. CNAME",
    ]);
    expect(records[3]).toEqual({
      name: "app.example.com.",
      type: "A",
      policy: { kind: "weighted", setIdentifier: "cluster-2", weight: 100 },
      target: {
        kind: "alias",
        dnsName: "dualstack.k8s-app-2.eu-west-1.elb.amazonaws.com.",
        hostedZoneId: "Z32O12XQLNTSW2",
        evaluateTargetHealth: true,
      },
      healthCheckId: "0c6f2a4e-1111-2222-3333-444455556666",
    });
    expect(records[4]?.target).toEqual({
      kind: "values",
      values: ['"heritage=route53-gslb,owner=cluster-2"'],
      ttl: 300,
    });
  });

  it("maps load balancers: region from the ARN or the DNS name, zone id from the table when missing", () => {
    expect(state.loadBalancers).toEqual([
      {
        dnsName: "k8s-app-2.eu-west-1.elb.amazonaws.com",
        canonicalHostedZoneId: "Z32O12XQLNTSW2",
        region: "eu-west-1",
        type: "application",
        scheme: "internet-facing",
        ipAddressType: "dualstack",
        arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/k8s-app-2/abc",
      },
      {
        dnsName: "k8s-nlb-1-0123456789abcdef.elb.eu-west-2.amazonaws.com",
        canonicalHostedZoneId: "ZD4D7Y8KGAS4G",
        region: "eu-west-2",
        type: "network",
        scheme: "internal",
        ipAddressType: "ipv4",
      },
    ]);
  });

  it("keeps endpoint health checks with their tags, and calculated ones (a parent keeps its child in use)", () => {
    expect(state.healthChecks).toEqual([
      {
        id: "0c6f2a4e-1111-2222-3333-444455556666",
        callerReference: "route53-gslb-cluster-2-app",
        version: 2,
        spec: httpsHealthCheck({ fqdn: "k8s-app-2.eu-west-1.elb.amazonaws.com" }),
        tags: { "route53-gslb/owner": "cluster-2", "route53-gslb/hostname": "app.example.com" },
      },
      {
        id: "calculated-1",
        callerReference: "someone-else",
        version: 1,
        spec: {
          type: "CALCULATED",
          children: ["0c6f2a4e-1111-2222-3333-444455556666"],
          healthThreshold: 1,
        },
        tags: {},
      },
    ]);
  });
});

describe("readSnapshotFile: errors", () => {
  it("a broken YAML file names the file and the line", async () => {
    const result = await readSnapshotFile(fixture("broken.yaml"));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error[0]).toMatch(/broken\.yaml:7:\d+: the zone snapshot is not valid YAML: /);
  });

  it("a broken JSON file names the file and the line", async () => {
    const result = await readSnapshotFile(fixture("broken.json"));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error[0]).toMatch(/broken\.json:5:\d+: the zone snapshot is not valid JSON: /);
  });

  it("a missing file says so", async () => {
    const result = await readSnapshotFile(fixture("missing.json"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error[0]).toMatch(/^cannot read the zone snapshot .*missing\.json: ENOENT/);
  });

  it("wrong field types are reported all at once, each naming its JSON path", async () => {
    const path = fixture("wrong-types.json");
    const result = await readSnapshotFile(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual([
      `${path}: Unknown key \`hostedzones\` in the snapshot; expected \`hostedZones\`, \`loadBalancers\`, \`healthChecks\``,
      `${path}: Expected \`hostedZones[0].Config.PrivateZone\` to be a boolean (true or false), got \`"no"\` (string)`,
      `${path}: Expected \`hostedZones[0].ResourceRecordSets[1].Weight\` to be an integer from 0 to 255, got \`300\` (number)`,
      `${path}: Expected \`hostedZones[0].ResourceRecordSets[2].TTL\` to be an integer from 0 to 2147483647 (records with ResourceRecords carry a TTL), got nothing`,
      `${path}: Expected \`hostedZones[0].ResourceRecordSets[3].Type\` to be a non-empty string, got \`5\` (number)`,
      `${path}: \`loadBalancers[0]\`: load balancer \`lb.eu-west-2.elb.amazonaws.com\` has Type \`fancy\`; expected one of application, network, gateway`,
      `${path}: Expected \`healthChecks[0].HealthCheckConfig.RequestInterval\` to be one of 10, 30, got \`20\` (number)`,
    ]);
  });

  it("detects JSON by content when the name does not say", async () => {
    const dir = await mkdtemp(join(tmpdir(), "snapshot-"));
    const path = join(dir, "zones.txt");
    await writeFile(path, '{"hostedZones": [{"Id": "Z1", "Name": "example.com"}]}');
    expect(await readSnapshotFile(path)).toEqual({
      ok: true,
      value: {
        zones: [{ id: "Z1", name: "example.com.", private: false, records: [] }],
        loadBalancers: [],
        healthChecks: [],
      },
    });
  });

  it("reads the bookinfo example", async () => {
    const result = await readSnapshotFile(join(import.meta.dirname, "../../../examples/bookinfo/zones.json"));
    expect(result.ok).toBe(true);
  });
});

describe("parseSnapshot (pure)", () => {
  const table: [title: string, data: unknown, messages: string[]][] = [
    ["not an object", [], ["Expected `the snapshot` to be an object, got a list"]],
    ["hostedZones not a list", { hostedZones: {} }, ["Expected `hostedZones` to be a list, got an object"]],
    [
      "zone without Id",
      { hostedZones: [{ Name: "example.com." }] },
      ["Expected `hostedZones[0].Id` to be a non-empty string, got nothing"],
    ],
    [
      "a record outside its zone",
      {
        hostedZones: [
          {
            Id: "Z1",
            Name: "example.com.",
            ResourceRecordSets: [
              { Name: "a.example.org.", Type: "A", TTL: 1, ResourceRecords: [{ Value: "192.0.2.1" }] },
            ],
          },
        ],
      },
      ["`hostedZones[0].ResourceRecordSets[0].Name` `a.example.org` is not in zone `example.com`"],
    ],
    [
      "a repeated record set",
      {
        hostedZones: [
          {
            Id: "Z1",
            Name: "example.com.",
            ResourceRecordSets: [
              {
                Name: "a.example.com.",
                Type: "A",
                SetIdentifier: "x",
                Weight: 1,
                TTL: 1,
                ResourceRecords: [{ Value: "192.0.2.1" }],
              },
              {
                Name: "A.example.com.",
                Type: "A",
                SetIdentifier: "x",
                Weight: 2,
                TTL: 1,
                ResourceRecords: [{ Value: "192.0.2.2" }],
              },
            ],
          },
        ],
      },
      [
        "`hostedZones[0].ResourceRecordSets[1]` repeats the record set a.example.com A (SetIdentifier x) of ResourceRecordSets[0]",
      ],
    ],
    [
      "a repeated zone",
      {
        hostedZones: [
          { Id: "/hostedzone/Z1", Name: "example.com." },
          { Id: "Z1", Name: "example.com." },
        ],
      },
      ["hostedZones[1] repeats zone Z1 of hostedZones[0]"],
    ],
    [
      "alias and values together",
      {
        hostedZones: [
          {
            Id: "Z1",
            Name: "example.com.",
            ResourceRecordSets: [
              {
                Name: "a.example.com.",
                Type: "A",
                TTL: 1,
                ResourceRecords: [],
                AliasTarget: { HostedZoneId: "Z2", DNSName: "x." },
              },
            ],
          },
        ],
      },
      [
        "`hostedZones[0].ResourceRecordSets[0]` has both AliasTarget and ResourceRecords; a record set is one or the other",
      ],
    ],
    [
      "a routing policy without SetIdentifier",
      {
        hostedZones: [
          {
            Id: "Z1",
            Name: "example.com.",
            ResourceRecordSets: [
              {
                Name: "a.example.com.",
                Type: "A",
                Region: "eu-west-1",
                AliasTarget: { HostedZoneId: "Z2", DNSName: "x." },
              },
            ],
          },
        ],
      },
      [
        "`hostedZones[0].ResourceRecordSets[0]`: record set `a.example.com.` A: has a latency routing policy but no SetIdentifier",
      ],
    ],
    [
      "a value that is not a string",
      {
        hostedZones: [
          {
            Id: "Z1",
            Name: "example.com.",
            ResourceRecordSets: [
              { Name: "a.example.com.", Type: "A", TTL: 1, ResourceRecords: [{ Value: 1 }] },
            ],
          },
        ],
      },
      [
        "Expected `hostedZones[0].ResourceRecordSets[0].ResourceRecords[0].Value` to be a string, got `1` (number)",
      ],
    ],
    [
      "a tag without a key",
      {
        healthChecks: [
          {
            Id: "hc",
            HealthCheckConfig: { Type: "TCP", IPAddress: "192.0.2.1", Port: 1 },
            Tags: [{ Value: "v" }],
          },
        ],
      },
      ["Expected `healthChecks[0].Tags[0].Key` to be a non-empty string, got nothing"],
    ],
    [
      "a load balancer without a region",
      { loadBalancers: [{ DNSName: "lb.example.com", Type: "network" }] },
      ["`loadBalancers[0]`: load balancer `lb.example.com`: no region in its LoadBalancerArn or DNSName"],
    ],
  ];
  for (const [title, data, messages] of table) {
    it(title, () => {
      const result = parseSnapshot(data, "s.json");
      expect(result.ok ? [] : result.error.map((p) => p.message)).toEqual(messages);
    });
  }

  it("reads a geoproximity member at coordinates, and refuses coordinates without a longitude", () => {
    const member = (Coordinates: unknown) => ({
      hostedZones: [
        {
          Id: "Z1",
          Name: "example.com.",
          ResourceRecordSets: [
            {
              Name: "a.example.com.",
              Type: "A",
              SetIdentifier: "c1",
              GeoProximityLocation: { Coordinates, Bias: 5 },
              TTL: 60,
              ResourceRecords: [{ Value: "192.0.2.1" }],
            },
          ],
        },
      ],
    });
    const read = parseSnapshot(member({ Latitude: "49.22", Longitude: "-74.01" }), "s.json");
    expect(read.ok && read.value.zones[0]?.records[0]?.policy).toEqual({
      kind: "geoproximity",
      setIdentifier: "c1",
      place: { kind: "coordinates", latitude: "49.22", longitude: "-74.01" },
      bias: 5,
    });
    const bad = parseSnapshot(member({ Latitude: "49.22" }), "s.json");
    expect(bad.ok ? [] : bad.error.map((p) => p.message)).toEqual([
      "Expected `hostedZones[0].ResourceRecordSets[0].GeoProximityLocation.Coordinates.Longitude` to be a non-empty string, got nothing",
    ]);
  });

  it("reads a zone's Tags (for --zone-tags); a zone without them has none read", () => {
    const read = parseSnapshot(
      {
        hostedZones: [
          { Id: "Z1", Name: "a.example.", Tags: [{ Key: "team", Value: "dns" }, { Key: "empty" }] },
          { Id: "Z2", Name: "b.example." },
        ],
      },
      "s.json",
    );
    expect(read.ok && read.value.zones.map((z) => [z.id, z.tags])).toEqual([
      ["Z1", { team: "dns", empty: "" }],
      ["Z2", undefined],
    ]);
    const bad = parseSnapshot(
      { hostedZones: [{ Id: "Z1", Name: "a.example.", Tags: [{ Value: "x" }] }] },
      "s.json",
    );
    expect(bad.ok ? [] : bad.error.map((p) => p.message)).toEqual([
      "Expected `hostedZones[0].Tags[0].Key` to be a non-empty string, got nothing",
    ]);
  });

  it("reads a CALCULATED check (a cluster health check's) and leaves other non-endpoint checks out", () => {
    const result = parseSnapshot(
      {
        healthChecks: [
          {
            Id: "hc-calc",
            CallerReference: "r53gslb-k",
            HealthCheckConfig: {
              Type: "CALCULATED",
              ChildHealthChecks: ["hc-1", "hc-2"],
              HealthThreshold: 2,
            },
            Tags: [{ Key: "route53-gslb/kind", Value: "calculated" }],
          },
          { Id: "hc-alarm", HealthCheckConfig: { Type: "CLOUDWATCH_METRIC" } },
        ],
      },
      "s.json",
    );
    expect(result.ok && result.value.healthChecks).toEqual([
      {
        id: "hc-calc",
        callerReference: "r53gslb-k",
        version: 1,
        spec: { type: "CALCULATED", children: ["hc-1", "hc-2"], healthThreshold: 2 },
        tags: { "route53-gslb/kind": "calculated" },
      },
    ]);
  });

  it("an empty object is an empty account", () => {
    expect(parseSnapshot({}, "s.json")).toEqual({
      ok: true,
      value: { zones: [], loadBalancers: [], healthChecks: [] },
    });
  });

  it("problems carry origin and path", () => {
    const result = parseSnapshot({ hostedZones: [{ Id: 1, Name: "x." }] }, "zones.yaml");
    expect(result.ok ? [] : result.error).toEqual([
      {
        origin: "zones.yaml",
        path: "hostedZones[0].Id",
        message: "Expected `hostedZones[0].Id` to be a non-empty string, got `1` (number)",
      },
    ]);
  });
});

describe("parseText", () => {
  it("parses YAML with a duplicate key as an error with its line", () => {
    const result = parseText("a: 1\nb: 2\na: 3\n", "s.yaml");
    expect(result.ok ? [] : result.error).toEqual([
      expect.stringMatching(/^s\.yaml:3:1: the zone snapshot is not valid YAML: /),
    ]);
  });
});
