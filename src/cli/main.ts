import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { runApply } from "./apply-command.js";
import { AWS_RATE_FLAGS } from "./aws-options.js";
import { runController } from "./controller-command.js";
import { parseControllerFlags, type RawControllerFlags } from "./controller-options.js";
import { runDrain } from "./drain-command.js";
import { parseDrainFlags, type RawDrainFlags } from "./drain-options.js";
import { type CliIo, EXIT, runPlan } from "./plan-command.js";
import { parsePlanFlags, type RawPlanFlags } from "./plan-options.js";
import { describeAwsEndpoint, withRunDeadline } from "./run-deadline.js";
import { runStatus } from "./status-command.js";
import { parseStatusFlags, type RawStatusFlags } from "./status-options.js";

/** Repeatable flags (`--domain-filter a --domain-filter b`) collect into a list. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * Build the command tree. Commander only collects strings here: every value is validated once, in
 * plan-options.ts, so that all problems are reported together and worded alike.
 */
function buildProgram(
  io: CliIo,
  env: Record<string, string | undefined>,
  run: (code: Promise<number>) => void,
): Command {
  const fail = (problems: string[]): void => {
    for (const problem of problems) io.stderr(`error: ${problem}\n`);
    run(Promise.resolve(EXIT.error));
  };
  const program = new Command()
    .name("route53-gslb")
    .description("Publish Gateway hostnames into AWS Route 53 for multi-cluster DNS GSLB.")
    .version(packageVersion(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });

  const plan = program
    .command("plan")
    .description(
      "Show the Route 53 changes this cluster's controller would make for the given manifests (dry run for CI).",
    );
  addSelectionOptions(plan, "zone snapshot file (.json, .yaml), or `aws` to read AWS (read-only)");
  plan
    .option("--detailed-exitcode", "exit 2 when there are changes (0 none, 1 error)")
    .addHelpText(
      "after",
      "\nExit codes: 0 no changes (or changes without --detailed-exitcode), 2 changes pending with\n--detailed-exitcode, 1 error. See docs/plan-output.md for the JSON format.\n",
    )
    .action((flags: RawPlanFlags) => {
      const parsed = parsePlanFlags(flags, env);
      if (!parsed.ok) return fail(parsed.error);
      const o = parsed.value;
      const deadline = {
        command: "plan",
        timeoutMs: o.timeoutMs,
        // An offline plan (a snapshot file) waits for no endpoint.
        ...(o.zonesFile === "aws" ? { endpoint: describeAwsEndpoint(o.aws) } : {}),
        writes: false,
      };
      run(withRunDeadline(deadline, io, (signal, runIo) => runPlan(o, runIo, signal)));
    });

  const apply = program
    .command("apply")
    .description("Plan against AWS and apply the changes once; prints the plan, then what was done.");
  addSelectionOptions(apply, "where the current state comes from; apply needs `aws`", "aws");
  apply
    .option("--dry-run", "print the plan only; write nothing")
    .addHelpText("after", "\nExit codes: 0 everything applied (or nothing to do), 1 any failure or error.\n")
    .action((flags: RawPlanFlags) => {
      const parsed = parsePlanFlags(flags, env);
      if (!parsed.ok) return fail(parsed.error);
      const o = parsed.value;
      const deadline = {
        command: "apply",
        timeoutMs: o.timeoutMs,
        endpoint: describeAwsEndpoint(o.aws),
        writes: !o.dryRun,
      };
      run(withRunDeadline(deadline, io, (signal, runIo) => runApply(o, runIo, signal)));
    });
  for (const mode of ["drain", "undrain"] as const) {
    const command = program
      .command(mode)
      .description(
        mode === "drain"
          ? "Take this cluster out of rotation in Route 53 (weight 0, health checks inverted) until undrain; needs no manifests."
          : "Put a drained cluster back: the weights it had, health checks no longer inverted.",
      );
    addFlags(command, OWNER_AND_ZONE_FLAGS);
    command
      .option("--output <format>", "text, json or markdown (default: text)")
      .option("--dry-run", "print the plan only; write nothing");
    addFlags(command, [...RUN_FLAGS, ...AWS_FLAGS]);
    command
      .addHelpText(
        "after",
        "\nThe drain is recorded in this cluster's ownership records in Route 53: every controller and\n`apply` of this owner keeps the members drained until `undrain`. Exit codes: 0 done (or nothing\nto do), 1 any failure or error.\n",
      )
      .action((flags: RawDrainFlags) => {
        const parsed = parseDrainFlags(flags, env);
        if (!parsed.ok) return fail(parsed.error);
        const o = parsed.value;
        const deadline = {
          command: mode,
          timeoutMs: o.timeoutMs,
          endpoint: describeAwsEndpoint(o.aws),
          writes: !o.dryRun,
        };
        run(withRunDeadline(deadline, io, (signal, runIo) => runDrain(o, mode, runIo, signal)));
      });
  }
  const status = program
    .command("status")
    .description(
      "Show the GSLB view from Route 53 (read-only): every member of every managed name across all clusters, with owner, routing, target and health.",
    );
  addFlags(status, [...STATUS_FLAGS, ...ZONE_FILTER_FLAGS]);
  status.option("--output <format>", "text or json (default: text)");
  addFlags(status, [...RUN_FLAGS, ...AWS_FLAGS]);
  status
    .addHelpText(
      "after",
      "\nA managed name has a route53-gslb ownership record in a zone the filters allow; a member no ownership\n" +
        "record guards shows owner -. Health: healthy when more than 18% of Route 53's checkers report success,\n" +
        "unknown when it cannot be read (with why), - without a health check. Needs route53:ListHostedZones,\n" +
        "ListResourceRecordSets and GetHealthCheckStatus; changes nothing. Exit codes: 0 shown, 1 error.\n" +
        "The JSON format (version 1) is documented in docs/status-output.md.\n",
    )
    .action((flags: RawStatusFlags) => {
      const parsed = parseStatusFlags(flags, env);
      if (!parsed.ok) return fail(parsed.error);
      const o = parsed.value;
      const deadline = {
        command: "status",
        timeoutMs: o.timeoutMs,
        endpoint: describeAwsEndpoint(o.aws),
        writes: false,
      };
      run(withRunDeadline(deadline, io, (signal, runIo) => runStatus(o, runIo, undefined, signal)));
    });

  const controller = program
    .command("controller")
    .description("Watch the cluster and keep Route 53 converged (what the Deployment runs).");
  addFlags(controller, [...PLANNER_FLAGS, ...CONTROLLER_FLAGS, ...AWS_FLAGS], "ROUTE53_GSLB_");
  controller
    .addHelpText(
      "after",
      "\nEvery flag can also be set as an environment variable ROUTE53_GSLB_<FLAG>, e.g.\nROUTE53_GSLB_CLUSTER_NAME=cluster-1, ROUTE53_GSLB_DOMAIN_FILTER=a.com,b.com. Flags win.\n",
    )
    .action((flags: RawControllerFlags) => {
      const parsed = parseControllerFlags(flags, env);
      if (!parsed.ok) return fail(parsed.error);
      run(runController(parsed.value, env));
    });
  return program;
}

/** One flag: its commander spelling, help, and whether it repeats. */
interface FlagSpec {
  flags: string;
  help: string;
  repeatable?: boolean;
  /** Not settable through the generic ROUTE53_GSLB_<FLAG> variable (read elsewhere). */
  noEnv?: boolean;
}

/** Which hosted zones and names are managed: shared by plan, apply, drain, controller and status. */
const ZONE_FILTER_FLAGS: FlagSpec[] = [
  {
    flags: "--domain-filter <domain>",
    help: "manage only zones at or below this domain; repeatable",
    repeatable: true,
  },
  {
    flags: "--exclude-domain <domain>",
    help: "never manage names at or below this domain; repeatable",
    repeatable: true,
  },
  { flags: "--zone-type <type>", help: "public, private or any (default: any)" },
  { flags: "--zone-id <id>", help: "manage only this hosted zone id; repeatable", repeatable: true },
];

/** Flags of `status` only. */
const STATUS_FLAGS: FlagSpec[] = [
  {
    flags: "--hostname <host>",
    help: "show only this name; repeatable (default: every managed name)",
    repeatable: true,
  },
];

/** Whose members, in which zones: shared by every command that changes Route 53. */
const OWNER_AND_ZONE_FLAGS: FlagSpec[] = [
  { flags: "--cluster-name <name>", help: "this cluster's unique name; the default SetIdentifier" },
  { flags: "--owner-id <id>", help: "owner id written into ownership records (default: the cluster name)" },
  ...ZONE_FILTER_FLAGS,
];

/** Flags that shape the plan, shared by plan, apply and controller. */
const PLANNER_FLAGS: FlagSpec[] = [
  ...OWNER_AND_ZONE_FLAGS,
  {
    flags: "--default-routing-policy <policy>",
    help: "simple, weighted, latency, failover, geolocation or multivalue (default: weighted)",
  },
  {
    flags: "--default-weight <n>",
    help: "weight of weighted members without a weight annotation, 0-255 (default: 100)",
  },
  { flags: "--policy <policy>", help: "sync, upsert-only or create-only (default: sync)" },
  {
    flags: "--max-deletions <N|N%>",
    help: "hold back all deletions beyond N records or N% of owned records (default: 50%)",
  },
];

/** Flags of the commands that run once (plan, apply, status, drain, undrain), not of the controller. */
const RUN_FLAGS: FlagSpec[] = [
  {
    flags: "--timeout <duration>",
    help: "stop and exit 1 when the whole run takes longer, naming the AWS endpoint (default: 10m)",
  },
];

/** How every command reaches AWS. */
const AWS_FLAGS: FlagSpec[] = [
  {
    flags: "--aws-endpoint <url>",
    help: "point every AWS client at this endpoint (an emulator); env AWS_ENDPOINT_URL",
  },
  {
    flags: "--aws-region <region>",
    help: "region of the Route 53 client (default: AWS_REGION, else us-east-1)",
  },
  {
    flags: "--aws-connect-timeout <duration>",
    help: "give up connecting to an AWS endpoint after this long; retried (default: 5s)",
  },
  {
    flags: "--aws-request-timeout <duration>",
    help: "give up on an AWS request without an answer after this long; up to 3 attempts (default: 15s)",
  },
  ...AWS_RATE_FLAGS.map(({ flag, help }) => ({ flags: `${flag} <n>`, help })),
];

/**
 * Add flags to a command. With `envPrefix`, each flag can also be set from the environment as
 * `<prefix><FLAG_NAME>` (a Deployment sets env more easily than args); repeatable flags then take a
 * comma-separated list.
 */
function addFlags(command: Command, specs: FlagSpec[], envPrefix?: string): void {
  for (const spec of specs) {
    const option = new Option(spec.flags, spec.help);
    if (spec.repeatable) option.argParser(collect);
    if (envPrefix && !spec.noEnv) {
      const long = option.long?.replace(/^--/, "") ?? "";
      option.env(`${envPrefix}${long.replace(/-/g, "_").toUpperCase()}`);
    }
    command.addOption(option);
  }
}

/** The flags `plan` and `apply` share: what to read, which zones, how to plan, how to reach AWS. */
function addSelectionOptions(command: Command, zonesHelp: string, zonesDefault?: string): void {
  command
    .addOption(
      new Option(
        "-f, --filename <path>",
        "manifest file, directory (recursive) or - for stdin; repeatable",
      ).argParser(collect),
    )
    .addOption(new Option("--zones <source>", zonesHelp).default(zonesDefault));
  addFlags(command, PLANNER_FLAGS);
  command.option("--output <format>", "text, json or markdown (default: text)");
  addFlags(command, [...RUN_FLAGS, ...AWS_FLAGS]);
}

/** Flags of `controller` only. */
const CONTROLLER_FLAGS: FlagSpec[] = [
  {
    flags: "--kubeconfig <path>",
    help: "kubeconfig file (default: in-cluster, else $KUBECONFIG, else ~/.kube/config)",
  },
  {
    flags: "--sources <list>",
    help: "comma-separated: gateway-api, istio-gateway, tetrate-gateway, service (default: all)",
  },
  { flags: "--namespace <ns>", help: "watch only this namespace (default: all)" },
  { flags: "--label-selector <selector>", help: "publish only objects matching this label selector" },
  {
    flags: "--annotation-filter <selector>",
    help: "publish only objects whose annotations match (label-selector syntax)",
  },
  { flags: "--interval <duration>", help: "full resync: re-list zones and objects (default: 60s)" },
  {
    flags: "--min-event-interval <duration>",
    help: "least time between event-triggered reconciles (default: 1s)",
  },
  {
    flags: "--unhealthy-after <n>",
    help: "fail /healthz and step down after n intervals with no reconcile completed and no AWS answer; 0: never (default: 5)",
  },
  { flags: "--dry-run", help: "plan and report; write nothing to Route 53" },
  {
    flags: "--drain",
    help: "take this cluster out of rotation while set: weights 0, own health checks inverted; nothing is deleted",
  },
  {
    flags: "--no-leader-elect",
    help: "run without leader election (one replica only); on by default (env: ROUTE53_GSLB_LEADER_ELECT=false)",
    // commander would read any value of ROUTE53_GSLB_NO_LEADER_ELECT, even `false`, as "off".
    noEnv: true,
  },
  {
    flags: "--leader-election-namespace <ns>",
    help: "namespace of the Lease (default: $POD_NAMESPACE, else default)",
  },
  {
    flags: "--leader-election-lease-name <name>",
    help: "name of the Lease (default: route53-gslb-<owner id>)",
  },
  { flags: "--leader-election-lease-duration <duration>", help: "how long a lease is valid (default: 15s)" },
  {
    flags: "--leader-election-renew-deadline <duration>",
    help: "leader gives up if it cannot renew within (default: 10s)",
  },
  {
    flags: "--leader-election-retry-period <duration>",
    help: "how often to try to acquire or renew (default: 2s)",
  },
  { flags: "--metrics-addr <host:port>", help: "serve /metrics, /healthz and /readyz here (default: :7979)" },
  { flags: "--log-level <level>", help: "trace, debug, info, warn, error (default: info)" },
  { flags: "--log-format <format>", help: "json or pretty (default: json)" },
];

/**
 * The CLI entry point: parses `argv` (without `node` and the script), runs the command and resolves to
 * the exit code. The only place that touches the process: its streams and the package version.
 * Nothing here calls `process.exit`, so tests can run it in-process.
 */
export async function main(
  argv: string[],
  io: CliIo = processIo(),
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  let result: Promise<number> | undefined;
  const program = buildProgram(io, env, (code) => {
    result = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    // Help and --version arrive as "errors" with exit code 0; usage errors already printed their message.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.error;
    io.stderr(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.error;
  }
  if (!result) {
    // No subcommand: show what there is, as `git` does.
    io.stderr(program.helpInformation());
    return EXIT.error;
  }
  try {
    return await result;
  } catch (e) {
    io.stderr(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.error;
  }
}

function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
