import { readFile } from "node:fs/promises";
import type {
  AliasTarget,
  CidrRoutingConfig,
  Coordinates,
  GeoLocation,
  GeoProximityLocation,
  HealthCheckConfig,
  HostedZoneConfig,
  ResourceRecordSet,
  HealthCheck as SdkHealthCheck,
  HostedZone as SdkHostedZone,
  Tag,
} from "@aws-sdk/client-route-53";
import { LineCounter, parseDocument } from "yaml";
import type { AwsState } from "../model/aws-state.js";
import type { HealthCheck } from "../model/health-check.js";
import { displayName, isInZone } from "../model/hostname.js";
import type { LoadBalancer } from "../model/load-balancer.js";
import { keyOf, type RecordSet, recordKeyString } from "../model/record-set.js";
import { err, ok, type Result } from "../model/result.js";
import type { HostedZone } from "../model/zone.js";
import { type ElbLoadBalancerInput, fromLoadBalancer } from "../targets/from-elbv2.js";
import { fromHealthCheck, fromHostedZone, fromResourceRecordSet, fromTags } from "./from-route53.js";
import {
  aBoolean,
  aNonEmptyString,
  anInteger,
  aString,
  aStringList,
  FieldReader,
  formatSnapshotProblem,
  join,
  oneOf,
  type SnapshotProblem,
} from "./snapshot-fields.js";

export { formatSnapshotProblem, type SnapshotProblem } from "./snapshot-fields.js";

/*
 * The zone snapshot of `plan --zones` (issue 2, item 6): what AWS returns, in the SDK's PascalCase,
 * so users assemble it from the AWS CLI.
 *
 *   {
 *     "hostedZones":   [ <list-hosted-zones .HostedZones[]> + "ResourceRecordSets": [<list-resource-record-sets>]
 *                        (+ "Tags": [<list-tags-for-resources>], for --zone-tags; absent: no tags) ],
 *     "loadBalancers": [ <elbv2 describe-load-balancers .LoadBalancers[]> ],
 *     "healthChecks":  [ <list-health-checks .HealthChecks[]> + "Tags": [<list-tags-for-resources>] ]
 *   }
 *
 * Each list may be absent. Fields the model does not use (CallerReference, VpcId, …) are ignored;
 * unknown top-level keys are errors, because a misspelt `hostedzones` would silently plan against an
 * empty account. Health checks that are not endpoint checks (CALCULATED, CLOUDWATCH_METRIC,
 * RECOVERY_CONTROL) are skipped: the controller never creates them, so they are never its own.
 */

const TOP_LEVEL_KEYS = ["hostedZones", "loadBalancers", "healthChecks"];
const MAX_INT = 2_147_483_647;

/**
 * Validate snapshot data (already parsed from JSON or YAML) and map it into the model. Every problem
 * is reported at once, each naming its JSON path and what is accepted. Pure.
 */
export function parseSnapshot(data: unknown, origin: string): Result<AwsState, SnapshotProblem[]> {
  const r = new FieldReader(origin);
  const root = r.object(data, "");
  if (!root) return err(r.problems);
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      r.problem(
        key,
        `Unknown key \`${key}\` in the snapshot; expected ${TOP_LEVEL_KEYS.map((k) => `\`${k}\``).join(", ")}`,
      );
    }
  }
  const zones = r.list(root, "hostedZones", "").flatMap((z, i) => readZone(r, z, join("hostedZones", i)));
  const seen = new Map<string, number>();
  zones.forEach((zone, i) => {
    const first = seen.get(zone.id);
    if (first !== undefined)
      r.problem(join("hostedZones", i), `hostedZones[${i}] repeats zone ${zone.id} of hostedZones[${first}]`);
    else seen.set(zone.id, i);
  });
  const loadBalancers = r
    .list(root, "loadBalancers", "")
    .flatMap((lb, i) => readLoadBalancer(r, lb, join("loadBalancers", i)));
  const healthChecks = r
    .list(root, "healthChecks", "")
    .flatMap((hc, i) => readHealthCheck(r, hc, join("healthChecks", i)));
  return r.problems.length > 0 ? err(r.problems) : ok({ zones, loadBalancers, healthChecks });
}

/** A `Tags` list as `list-tags-for-resources` gives it (`[{ Key, Value }]`); absent: none. */
function readTags(r: FieldReader, obj: Record<string, unknown>, path: string): Tag[] {
  return r.list(obj, "Tags", path).flatMap((t, i) => {
    const at = join(join(path, "Tags"), i);
    const o = r.object(t, at);
    return o ? [r.fields<Tag>(o, at, { Key: aNonEmptyString, Value: aString }, ["Key"])] : [];
  });
}

function readZone(r: FieldReader, value: unknown, path: string): HostedZone[] {
  const obj = r.object(value, path);
  if (!obj) return [];
  const zone = r.fields<SdkHostedZone>(obj, path, { Id: aNonEmptyString, Name: aNonEmptyString }, [
    "Id",
    "Name",
  ]);
  const config = obj.Config === undefined ? undefined : r.object(obj.Config, join(path, "Config"));
  if (config)
    zone.Config = r.fields<HostedZoneConfig>(config, join(path, "Config"), {
      PrivateZone: aBoolean,
      Comment: aString,
    });
  const records: RecordSet[] = [];
  const keys = new Map<string, number>();
  r.list(obj, "ResourceRecordSets", path).forEach((rrsValue, i) => {
    const at = join(join(path, "ResourceRecordSets"), i);
    const record = readRecordSet(r, rrsValue, at);
    if (!record) return;
    const key = recordKeyString(keyOf(record));
    const first = keys.get(key);
    if (first !== undefined) {
      r.problem(
        at,
        `\`${at}\` repeats the record set ${describeKey(record)} of ResourceRecordSets[${first}]`,
      );
    }
    keys.set(key, i);
    records.push(record);
  });
  if (!zone.Id || !zone.Name) return [];
  const tags = obj.Tags === undefined ? undefined : fromTags(readTags(r, obj, path));
  const mapped = fromHostedZone(zone, records);
  if (!mapped.ok) {
    r.problem(path, `\`${path}\`: ${mapped.error}`);
    return [];
  }
  if (tags) mapped.value.tags = tags;
  records.forEach((record, i) => {
    if (!isInZone(record.name, mapped.value.name)) {
      const at = join(join(path, "ResourceRecordSets"), i);
      r.problem(
        at,
        `\`${at}.Name\` \`${displayName(record.name)}\` is not in zone \`${displayName(mapped.value.name)}\``,
      );
    }
  });
  return [mapped.value];
}

function describeKey(record: RecordSet): string {
  const id = keyOf(record).setIdentifier;
  return `${displayName(record.name)} ${record.type}${id === undefined ? "" : ` (SetIdentifier ${id})`}`;
}

function readRecordSet(r: FieldReader, value: unknown, path: string): RecordSet | undefined {
  const obj = r.object(value, path);
  if (!obj) return undefined;
  const before = r.problems.length;
  const rrs = r.fields<ResourceRecordSet>(
    obj,
    path,
    {
      Name: aNonEmptyString,
      Type: aNonEmptyString,
      SetIdentifier: aNonEmptyString,
      Weight: anInteger(0, 255),
      Region: aNonEmptyString,
      Failover: oneOf(["PRIMARY", "SECONDARY"] as const),
      MultiValueAnswer: aBoolean,
      TTL: anInteger(0, MAX_INT),
      HealthCheckId: aString,
      TrafficPolicyInstanceId: aString,
    },
    ["Name", "Type"],
  );
  const geo = optionalObject(r, obj, "GeoLocation", path);
  if (geo) {
    rrs.GeoLocation = r.fields<GeoLocation>(geo, join(path, "GeoLocation"), {
      ContinentCode: aString,
      CountryCode: aString,
      SubdivisionCode: aString,
    });
  }
  const alias = optionalObject(r, obj, "AliasTarget", path);
  if (alias) {
    rrs.AliasTarget = r.fields<AliasTarget>(
      alias,
      join(path, "AliasTarget"),
      { HostedZoneId: aNonEmptyString, DNSName: aNonEmptyString, EvaluateTargetHealth: aBoolean },
      ["HostedZoneId", "DNSName"],
    );
  }
  if (obj.ResourceRecords !== undefined) {
    rrs.ResourceRecords = r.list(obj, "ResourceRecords", path).map((rr, i) => {
      const at = join(join(path, "ResourceRecords"), i);
      const o = r.object(rr, at);
      return { Value: o ? r.field(o, "Value", at, aString, true) : undefined };
    });
  }
  const cidr = optionalObject(r, obj, "CidrRoutingConfig", path);
  if (cidr) {
    rrs.CidrRoutingConfig = r.fields<CidrRoutingConfig>(cidr, join(path, "CidrRoutingConfig"), {
      CollectionId: aString,
      LocationName: aString,
    });
  }
  const proximity = optionalObject(r, obj, "GeoProximityLocation", path);
  if (proximity) {
    const at = join(path, "GeoProximityLocation");
    rrs.GeoProximityLocation = r.fields<GeoProximityLocation>(proximity, at, {
      AWSRegion: aString,
      LocalZoneGroup: aString,
      Bias: anInteger(-99, 99),
    });
    const coordinates = optionalObject(r, proximity, "Coordinates", at);
    if (coordinates) {
      rrs.GeoProximityLocation.Coordinates = r.fields<Coordinates>(
        coordinates,
        join(at, "Coordinates"),
        { Latitude: aNonEmptyString, Longitude: aNonEmptyString },
        ["Latitude", "Longitude"],
      );
    }
  }
  if (rrs.AliasTarget && obj.ResourceRecords !== undefined) {
    r.problem(path, `\`${path}\` has both AliasTarget and ResourceRecords; a record set is one or the other`);
  } else if (!rrs.AliasTarget && obj.ResourceRecords !== undefined && obj.TTL === undefined) {
    r.expected(
      join(path, "TTL"),
      `${anInteger(0, MAX_INT).expected} (records with ResourceRecords carry a TTL)`,
      undefined,
    );
  } else if (
    !rrs.AliasTarget &&
    obj.ResourceRecords === undefined &&
    rrs.TrafficPolicyInstanceId === undefined
  ) {
    r.problem(path, `\`${path}\` has neither ResourceRecords nor AliasTarget`);
  }
  if (r.problems.length > before) return undefined;
  const mapped = fromResourceRecordSet(rrs);
  if (!mapped.ok) {
    r.problem(path, `\`${path}\`: ${mapped.error}`);
    return undefined;
  }
  return mapped.value;
}

function optionalObject(
  r: FieldReader,
  obj: Record<string, unknown>,
  key: string,
  path: string,
): Record<string, unknown> | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : r.object(obj[key], join(path, key));
}

function readLoadBalancer(r: FieldReader, value: unknown, path: string): LoadBalancer[] {
  const obj = r.object(value, path);
  if (!obj) return [];
  const before = r.problems.length;
  const lb = r.fields<ElbLoadBalancerInput>(
    obj,
    path,
    {
      DNSName: aNonEmptyString,
      LoadBalancerArn: aString,
      CanonicalHostedZoneId: aNonEmptyString,
      CanonicalHostedZoneNameID: aNonEmptyString,
      Type: aString,
      Scheme: aString,
      IpAddressType: aString,
    },
    ["DNSName"],
  );
  if (r.problems.length > before) return [];
  const mapped = fromLoadBalancer(lb);
  if (!mapped.ok) {
    r.problem(path, `\`${path}\`: ${mapped.error}`);
    return [];
  }
  return [mapped.value];
}

/** Types read from a snapshot: the endpoint checks and CALCULATED (cluster health checks); others are left out. */
const MAPPED_CHECK_TYPES = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP", "CALCULATED"];

function readHealthCheck(r: FieldReader, value: unknown, path: string): HealthCheck[] {
  const obj = r.object(value, path);
  if (!obj) return [];
  const before = r.problems.length;
  const check = r.fields<SdkHealthCheck>(
    obj,
    path,
    {
      Id: aNonEmptyString,
      CallerReference: aString,
      HealthCheckVersion: anInteger(1, Number.MAX_SAFE_INTEGER),
    },
    ["Id"],
  );
  const configPath = join(path, "HealthCheckConfig");
  const config = r.object(obj.HealthCheckConfig, configPath);
  if (config) {
    check.HealthCheckConfig = r.fields<HealthCheckConfig>(
      config,
      configPath,
      {
        Type: aNonEmptyString,
        FullyQualifiedDomainName: aString,
        IPAddress: aString,
        Port: anInteger(1, 65535),
        ResourcePath: aString,
        SearchString: aString,
        RequestInterval: oneOfNumbers([10, 30]),
        FailureThreshold: anInteger(1, 10),
        Regions: aStringList,
        EnableSNI: aBoolean,
        MeasureLatency: aBoolean,
        Inverted: aBoolean,
        Disabled: aBoolean,
        ChildHealthChecks: aStringList,
        HealthThreshold: anInteger(0, 256),
      },
      ["Type"],
    );
  }
  const tags = readTags(r, obj, path);
  if (r.problems.length > before || !check.HealthCheckConfig) return [];
  if (!MAPPED_CHECK_TYPES.includes(String(check.HealthCheckConfig.Type))) return [];
  const mapped = fromHealthCheck(check, tags);
  if (!mapped.ok) {
    r.problem(path, `\`${path}\`: ${mapped.error}`);
    return [];
  }
  return [mapped.value];
}

function oneOfNumbers(values: readonly number[]): {
  expected: string;
  accept(v: unknown): number | undefined;
} {
  return { expected: `one of ${values.join(", ")}`, accept: (v) => values.find((x) => x === v) };
}

/**
 * Read a snapshot file as JSON or YAML — JSON when the name ends in `.json` or the text starts with
 * `{` or `[`, else YAML — and parse it (the thin I/O shell around parseSnapshot).
 * Problems come back formatted for the CLI (`file: …`); a syntax error names the file, line and column.
 */
export async function readSnapshotFile(path: string): Promise<Result<AwsState, string[]>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return err([`cannot read the zone snapshot ${path}: ${reason}`]);
  }
  const data = parseText(text, path);
  if (!data.ok) return err(data.error);
  const state = parseSnapshot(data.value, path);
  return state.ok ? state : err(state.error.map(formatSnapshotProblem));
}

/** Parse JSON or YAML text; errors name `path:line:column`. Exported for tests. */
export function parseText(text: string, path: string): Result<unknown, string[]> {
  const json = path.toLowerCase().endsWith(".json") || /^\s*[{[]/.test(text);
  if (json) {
    try {
      return ok(JSON.parse(text) as unknown);
    } catch (e) {
      // V8 quotes the text around the error, newlines included; keep the CLI's one line per problem.
      const message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ");
      // V8 names a position only for some errors; YAML (a superset of JSON) finds the others.
      const at = /at position (\d+)/.exec(message);
      const where = at ? lineAndColumn(text, Number(at[1])) : parseYaml(text).errors[0]?.where;
      return err([`${path}${where ? `:${where}` : ""}: the zone snapshot is not valid JSON: ${message}`]);
    }
  }
  const yaml = parseYaml(text);
  if (yaml.errors.length > 0) {
    return err(
      yaml.errors.map((e) => `${path}:${e.where}: the zone snapshot is not valid YAML: ${e.message}`),
    );
  }
  return ok(yaml.value);
}

function parseYaml(text: string): { value: unknown; errors: { where: string; message: string }[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const errors = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { where: `${pos.line}:${pos.col}`, message: e.message };
  });
  return { value: errors.length > 0 ? undefined : (doc.toJS() as unknown), errors };
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `${line}:${column}`;
}
