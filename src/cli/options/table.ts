import { DEFAULT_REQUEST_DEADLINES } from "../../aws/deadline-handler.js";
import { DEFAULT_RATE_LIMIT_CONFIG } from "../../aws/rate-limiter.js";
import { type ChangePolicy, DEFAULT_ZONE_FILTER, PLANNER_DEFAULTS } from "../../config/config.js";
import { DEFAULT_UNHEALTHY_AFTER } from "../../controller/liveness.js";
import { POLICY_COMMANDS } from "../../iam/calls-by-command.js";
import { POLICY_ROLES } from "../../iam/least-privilege.js";
import { WRITABLE_POLICY_KINDS } from "../../model/routing-policy.js";
import { STRICT_FINDING_KINDS } from "../../report/strict-verdict.js";
import { SOURCE_KINDS } from "../../sources/source.js";
import { DEFAULT_RUN_TIMEOUT_MS } from "../run-deadline.js";
import {
  countOrPercent,
  custom,
  domain,
  duration,
  healthCheckUrlKind,
  hostname,
  identifier,
  integer,
  oneOf,
  pattern,
  positiveNumber,
  snapshotOrAws,
  text,
  zoneId,
  zoneTag,
} from "./kinds.js";
import {
  type AttributeOf,
  AWS_COMMANDS,
  type CommandName,
  option,
  type RawOf,
  type ValueOf,
} from "./spec.js";

/**
 * Every flag of every command, defined once: its spelling, help, kind of value, default, the
 * environment variables it may come from and the commands that take it. `--help` (options/commander.ts),
 * the validation and its messages (options/read.ts), and the docs check (test/cli/help-documented.test.ts)
 * all read this table; the *-options.ts files only combine the values into the settings each command
 * consumes and check what spans several flags (`--leader-election-renew-deadline` below the lease).
 *
 * The table's order is the order of `--help` and of the problems reported.
 */

const RUN_ONCE = ["plan", "apply", "drain", "undrain", "status"] as const;
/** Every command that reaches AWS: they all take the AWS flags. */
const AWS = AWS_COMMANDS;
/** Commands that change Route 53 for one owner: who, in which zones. */
const OWNER = ["plan", "apply", "drain", "undrain", "controller"] as const;
const PLANNING = ["plan", "apply", "controller"] as const;
/** `iam-policy` takes the zone flags with the same meaning: its policy covers exactly those zones. */
const ZONE_FILTERING = [...AWS_COMMANDS, "iam-policy"] as const;

/** Output formats of `plan`, `apply`, `drain` and `undrain`. */
export const OUTPUT_FORMATS = ["text", "json", "markdown"] as const;
/** Output formats of `status`. */
export const STATUS_OUTPUT_FORMATS = ["text", "json"] as const;
const CHANGE_POLICIES = ["sync", "upsert-only", "create-only"] as const satisfies readonly ChangePolicy[];
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export const LOG_FORMATS = ["json", "pretty"] as const;

/** A limiter figure (aws/rate-limiter.ts), its default the limiter's. */
const rate = <const F extends string>(flag: F, help: string, field: keyof typeof DEFAULT_RATE_LIMIT_CONFIG) =>
  option({ flag, help, kind: positiveNumber, default: DEFAULT_RATE_LIMIT_CONFIG[field], commands: AWS });

export const OPTIONS = {
  // What to read (plan, apply).
  filename: option({
    flag: "-f, --filename <path>",
    help: "manifest file, directory (recursive) or - for stdin; repeatable",
    kind: custom(
      "a manifest file, a directory or `-` (stdin)",
      (t) => (t.trim() === "" ? undefined : t),
      (v) => v,
    ),
    list: "repeated",
    required: true,
    commands: ["plan", "apply"],
  }),
  zones: option({
    flag: "--zones <source>",
    help: "zone snapshot file (.json, .yaml), or `aws` to read AWS (read-only)",
    kind: snapshotOrAws,
    required: true,
    commands: ["plan"],
  }),
  applyZones: option({
    flag: "--zones <source>",
    help: "where the current state comes from; apply needs `aws`",
    kind: snapshotOrAws,
    default: "aws",
    commands: ["apply"],
  }),
  hostname: option({
    flag: "--hostname <host>",
    help: "show only this name; repeatable",
    kind: hostname,
    list: "repeated",
    defaultHelp: "every managed name",
    commands: ["status"],
  }),

  // Whose members, in which zones.
  clusterName: option({
    flag: "--cluster-name <name>",
    help: "this cluster's unique name; the default SetIdentifier",
    kind: identifier,
    required: true,
    commands: OWNER,
  }),
  ownerId: option({
    flag: "--owner-id <id>",
    help: "owner id written into ownership records",
    kind: identifier,
    defaultHelp: "the cluster name",
    commands: OWNER,
  }),
  domainFilter: option({
    flag: "--domain-filter <domain>",
    help: "manage only zones at or below this domain; repeatable",
    kind: domain,
    list: "repeated",
    commands: ZONE_FILTERING,
  }),
  excludeDomain: option({
    flag: "--exclude-domain <domain>",
    help: "never manage names at or below this domain; repeatable",
    kind: domain,
    list: "repeated",
    commands: ZONE_FILTERING,
  }),
  zoneType: option({
    flag: "--zone-type <type>",
    kind: oneOf(["public", "private", "any"]),
    default: DEFAULT_ZONE_FILTER.zoneType,
    commands: ZONE_FILTERING,
  }),
  zoneId: option({
    flag: "--zone-id <id>",
    help: "manage only this hosted zone id; repeatable",
    kind: zoneId,
    list: "repeated",
    commands: ZONE_FILTERING,
  }),
  zoneTags: option({
    flag: "--zone-tags <key[=value]>",
    help: "manage only zones carrying this tag (any value, or exactly this one); repeatable, a zone needs them all",
    kind: zoneTag,
    list: "repeated",
    commands: ZONE_FILTERING,
  }),
  splitHorizon: option({
    flag: "--split-horizon",
    help: "publish a name in every private zone that contains it and in the most specific public zone",
    commands: PLANNING,
  }),

  // How to plan.
  defaultRoutingPolicy: option({
    flag: "--default-routing-policy <policy>",
    kind: oneOf(WRITABLE_POLICY_KINDS),
    default: PLANNER_DEFAULTS.defaultRoutingPolicy,
    commands: PLANNING,
  }),
  defaultWeight: option({
    flag: "--default-weight <n>",
    help: "weight of weighted members without a weight annotation, 0-255",
    kind: integer(0, 255),
    default: PLANNER_DEFAULTS.defaultWeight,
    commands: PLANNING,
  }),
  policy: option({
    flag: "--policy <policy>",
    kind: oneOf(CHANGE_POLICIES),
    default: PLANNER_DEFAULTS.policy,
    // iam-policy: `create-only` needs no UPSERT or DELETE (route53:ChangeResourceRecordSetsActions).
    commands: [...PLANNING, "iam-policy"],
  }),
  maxDeletions: option({
    flag: "--max-deletions <N|N%>",
    help: "hold back all deletions beyond N records or N% of owned records",
    kind: countOrPercent,
    default: PLANNER_DEFAULTS.maxDeletions,
    commands: PLANNING,
  }),

  clusterHealthCheck: option({
    flag: "--cluster-health-check <url>",
    help: "a check of this cluster's entry point (http://, https:// or tcp://host:port) that every member with a managed health check also depends on, through a CALCULATED check",
    kind: healthCheckUrlKind,
    defaultHelp: "none",
    commands: PLANNING,
  }),

  // Taking records over from external-dns (docs/migrating-from-external-dns.md).
  adoptExternalDnsOwner: option({
    flag: "--adopt-external-dns-owner <owner-id>",
    help: "take over, in place, the records external-dns with this --txt-owner-id wrote that this cluster publishes",
    kind: pattern(
      /^[^\s,"]{1,255}$/,
      "an external-dns owner id (its `--txt-owner-id`): no spaces, commas or quotes",
    ),
    commands: PLANNING,
  }),
  externalDnsTxtPrefix: option({
    flag: "--external-dns-txt-prefix <prefix>",
    help: "external-dns's --txt-prefix (may hold %{record_type}); needs --adopt-external-dns-owner",
    kind: pattern(/^\S*$/, "external-dns's `--txt-prefix`, without spaces"),
    commands: PLANNING,
  }),
  externalDnsTxtSuffix: option({
    flag: "--external-dns-txt-suffix <suffix>",
    help: "external-dns's --txt-suffix (may hold %{record_type}); needs --adopt-external-dns-owner",
    kind: pattern(/^\S*$/, "external-dns's `--txt-suffix`, without spaces"),
    commands: PLANNING,
  }),
  externalDnsTxtWildcardReplacement: option({
    flag: "--external-dns-txt-wildcard-replacement <label>",
    help: "external-dns's --txt-wildcard-replacement; needs --adopt-external-dns-owner",
    kind: pattern(/^[a-z0-9_-]+$/, "a lowercase DNS label such as `any`"),
    commands: PLANNING,
  }),

  // What to print.
  output: option({
    flag: "--output <format>",
    kind: oneOf(OUTPUT_FORMATS),
    default: "text",
    commands: ["plan", "apply", "drain", "undrain"],
  }),
  statusOutput: option({
    flag: "--output <format>",
    kind: oneOf(STATUS_OUTPUT_FORMATS),
    default: "text",
    commands: ["status"],
  }),
  detailedExitcode: option({
    flag: "--detailed-exitcode",
    help: "exit 2 when there are changes (0 none, 1 error)",
    commands: ["plan"],
  }),
  strict: option({
    flag: "--strict",
    help: "exit 3 when the plan reports problems: skipped objects, ownership conflicts, held-back deletions",
    commands: ["plan"],
  }),
  strictIgnore: option({
    flag: "--strict-ignore <kinds>",
    help: `comma-separated finding kinds --strict lets pass: ${STRICT_FINDING_KINDS.join(", ")}`,
    kind: oneOf(STRICT_FINDING_KINDS),
    list: "comma",
    defaultHelp: "none",
    commands: ["plan"],
  }),
  dryRun: option({
    flag: "--dry-run",
    help: "print the plan only; write nothing",
    commands: ["apply", "drain", "undrain"],
  }),

  // The controller's own.
  kubeconfig: option({
    flag: "--kubeconfig <path>",
    help: "kubeconfig file",
    kind: text(),
    defaultHelp: "in-cluster, else $KUBECONFIG, else ~/.kube/config",
    commands: ["controller"],
  }),
  sources: option({
    flag: "--sources <list>",
    help: `comma-separated: ${SOURCE_KINDS.join(", ")}`,
    kind: oneOf(SOURCE_KINDS),
    list: "comma",
    default: SOURCE_KINDS,
    defaultHelp: "all",
    commands: ["controller"],
  }),
  namespace: option({
    flag: "--namespace <ns>",
    help: "watch only this namespace",
    kind: text(),
    defaultHelp: "all",
    commands: ["controller"],
  }),
  labelSelector: option({
    flag: "--label-selector <selector>",
    help: "publish only objects matching this label selector",
    kind: text(),
    commands: ["controller"],
  }),
  annotationFilter: option({
    flag: "--annotation-filter <selector>",
    help: "publish only objects whose annotations match (label-selector syntax)",
    kind: text(),
    commands: ["controller"],
  }),
  interval: option({
    flag: "--interval <duration>",
    help: "resync: a full reconcile; check every zone's record count, re-list zones that changed",
    kind: duration,
    default: 60_000,
    commands: ["controller"],
  }),
  relistInterval: option({
    flag: "--relist-interval <duration>",
    help: "re-list every watched kind this often (+0-20% jitter), a safety net: watches resume from their last version and re-list when they fail",
    kind: duration,
    // WATCH_DEFAULTS.relistIntervalMs, not imported: that module loads client-node, which every
    // command's --help would then pay for.
    default: 1_800_000,
    commands: ["controller"],
  }),
  zoneResyncInterval: option({
    flag: "--zone-resync-interval <duration>",
    help: "re-list a zone's records this often (+0-20% jitter) even when its record count did not change; bounds how long a record edited in place by hand goes unrepaired",
    kind: duration,
    default: 1_800_000,
    commands: ["controller"],
  }),
  minEventInterval: option({
    flag: "--min-event-interval <duration>",
    help: "least time between event-triggered reconciles",
    kind: duration,
    default: 1_000,
    commands: ["controller"],
  }),
  unhealthyAfter: option({
    flag: "--unhealthy-after <n>",
    help: "fail /healthz and step down after n intervals with no reconcile completed and no AWS answer; 0: never",
    kind: integer(0, undefined, "a whole number of intervals (0: never)"),
    default: DEFAULT_UNHEALTHY_AFTER,
    commands: ["controller"],
  }),
  controllerDryRun: option({
    flag: "--dry-run",
    help: "plan and report; write nothing to Route 53",
    commands: ["controller"],
  }),
  drain: option({
    flag: "--drain",
    help: "take this cluster out of rotation while set: weights 0, own health checks inverted; nothing is deleted",
    commands: ["controller"],
  }),
  leaderElect: option({
    flag: "--no-leader-elect",
    help: "run without leader election (one replica only); on by default",
    default: true,
    // commander would read any value of ROUTE53_GSLB_NO_LEADER_ELECT, even `false`, as "off";
    // the variable is named for what it turns on, and only `false` turns it off.
    envValue: (t) => t.toLowerCase() !== "false",
    commands: ["controller"],
  }),
  leaderElectionNamespace: option({
    flag: "--leader-election-namespace <ns>",
    help: "namespace of the Lease",
    kind: text(),
    envFallback: ["POD_NAMESPACE"],
    default: "default",
    commands: ["controller"],
  }),
  leaderElectionLeaseName: option({
    flag: "--leader-election-lease-name <name>",
    help: "name of the Lease",
    kind: text(),
    defaultHelp: "route53-gslb-<owner id>",
    commands: ["controller"],
  }),
  leaderElectionLeaseDuration: option({
    flag: "--leader-election-lease-duration <duration>",
    help: "how long a lease is valid",
    kind: duration,
    default: 15_000,
    commands: ["controller"],
  }),
  leaderElectionRenewDeadline: option({
    flag: "--leader-election-renew-deadline <duration>",
    help: "leader gives up if it cannot renew within",
    kind: duration,
    default: 10_000,
    commands: ["controller"],
  }),
  leaderElectionRetryPeriod: option({
    flag: "--leader-election-retry-period <duration>",
    help: "how often to try to acquire or renew",
    kind: duration,
    default: 2_000,
    commands: ["controller"],
  }),
  metricsAddr: option({
    flag: "--metrics-addr <host:port>",
    help: "serve /metrics, /healthz and /readyz here",
    kind: text(),
    default: ":7979",
    commands: ["controller"],
  }),
  logLevel: option({
    flag: "--log-level <level>",
    kind: oneOf(LOG_LEVELS),
    default: "info",
    commands: ["controller"],
  }),
  logFormat: option({
    flag: "--log-format <format>",
    kind: oneOf(LOG_FORMATS),
    default: "json",
    commands: ["controller"],
  }),

  // What `iam-policy` prints a policy for (besides the zone flags, --policy and --aws-assume-role).
  iamCommands: option({
    flag: "--commands <list>",
    help: `comma-separated commands the role runs: ${POLICY_COMMANDS.join(", ")} (plan: with --zones aws)`,
    kind: oneOf(POLICY_COMMANDS),
    list: "comma",
    default: ["controller"],
    commands: ["iam-policy"],
  }),
  healthChecks: option({
    flag: "--no-health-checks",
    help: "no member uses a Route 53 health check: leave out the health-check actions",
    default: true,
    commands: ["iam-policy"],
  }),
  loadBalancers: option({
    flag: "--no-load-balancers",
    help: "no target is an AWS load balancer: leave out elasticloadbalancing:DescribeLoadBalancers",
    default: true,
    commands: ["iam-policy"],
  }),
  policyFor: option({
    flag: "--for <role>",
    help: "with --aws-assume-role: the policy of the cluster's own role, or of the DNS account's role",
    kind: oneOf(POLICY_ROLES),
    commands: ["iam-policy"],
  }),

  // How long a one-shot run may take.
  timeout: option({
    flag: "--timeout <duration>",
    help: "stop and exit 1 when the whole run takes longer, naming the AWS endpoint",
    kind: duration,
    default: DEFAULT_RUN_TIMEOUT_MS,
    commands: RUN_ONCE,
  }),

  // How every command reaches AWS.
  awsEndpoint: option({
    flag: "--aws-endpoint <url>",
    help: "point every AWS client at this endpoint (an emulator)",
    kind: pattern(/^https?:\/\/[^\s/]+/, "an http(s) URL such as `http://127.0.0.1:5000`"),
    envFallback: ["AWS_ENDPOINT_URL"],
    defaultHelp: "$AWS_ENDPOINT_URL, else AWS itself",
    commands: AWS,
  }),
  awsRegion: option({
    flag: "--aws-region <region>",
    help: "region of the Route 53 client",
    kind: pattern(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, "an AWS region such as `us-east-1`"),
    envFallback: ["AWS_REGION", "AWS_DEFAULT_REGION"],
    default: "us-east-1",
    commands: [...AWS, "iam-policy"],
  }),
  awsConnectTimeout: option({
    flag: "--aws-connect-timeout <duration>",
    help: "give up connecting to an AWS endpoint after this long; retried",
    kind: duration,
    default: DEFAULT_REQUEST_DEADLINES.connectMs,
    commands: AWS,
  }),
  awsRequestTimeout: option({
    flag: "--aws-request-timeout <duration>",
    help: "give up on an AWS request without an answer after this long; up to 3 attempts",
    kind: duration,
    default: DEFAULT_REQUEST_DEADLINES.requestMs,
    commands: AWS,
  }),
  awsAssumeRole: option({
    flag: "--aws-assume-role <arn>",
    help: "make Route 53 calls with this role (STS AssumeRole), e.g. in a central DNS account; ELBv2 lookups keep the own identity",
    kind: pattern(
      /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
      "an IAM role ARN such as `arn:aws:iam::123456789012:role/dns`",
    ),
    commands: [...AWS, "iam-policy"],
  }),
  awsAssumeRoleExternalId: option({
    flag: "--aws-assume-role-external-id <id>",
    help: "the external id the assumed role's trust policy requires (needs --aws-assume-role)",
    kind: pattern(/^[\w+=,.@:/-]{1,1224}$/, "up to 1224 letters, digits and `+=,.@:/-`"),
    commands: AWS,
  }),
  awsRate: rate("--aws-rate <n>", "Route 53 requests per second for this process", "requestRate"),
  awsBurst: rate("--aws-burst <n>", "Route 53 request burst", "requestBurst"),
  awsChangeRate: rate("--aws-change-rate <n>", "record changes per second (UPSERT counts 2)", "changeRate"),
  awsChangeBurst: rate("--aws-change-burst <n>", "record change burst", "changeBurst"),
  awsHealthCheckRate: rate(
    "--aws-health-check-rate <n>",
    "CreateHealthCheck calls per second",
    "healthCheckCreateRate",
  ),
} as const;

export type Options = typeof OPTIONS;
export type OptionId = keyof Options;

/** The ids of the options any command of `C` takes. */
export type OptionIdOf<C extends CommandName> = {
  [K in OptionId]: C extends Options[K]["commands"][number] ? K : never;
}[OptionId];

/** The ids of the options every command of `C` takes. */
type CommonIdOf<C extends CommandName> = {
  [K in OptionId]: [C] extends [Options[K]["commands"][number]] ? K : never;
}[OptionId];

/**
 * The values `C` takes, validated, defaults filled in. An option only some of the commands in `C`
 * take (`apply`'s `--dry-run` when `C` is `"plan" | "apply"`) is optional.
 */
export type OptionValues<C extends CommandName> = { [K in CommonIdOf<C>]: ValueOf<Options[K]> } & {
  [K in Exclude<OptionIdOf<C>, CommonIdOf<C>>]?: ValueOf<Options[K]>;
};

/** `C`'s flags as commander hands them over: strings (lists for repeatable flags), unvalidated. */
export type RawFlags<C extends CommandName> = {
  [K in OptionIdOf<C> as AttributeOf<Options[K]["flag"]>]?: RawOf<Options[K]>;
};
