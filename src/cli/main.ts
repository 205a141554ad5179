import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { type CliIo, EXIT } from "./cli-io.js";
import { parseControllerFlags, type RawControllerFlags } from "./controller-options.js";
import { parseDrainFlags, type RawDrainFlags } from "./drain-options.js";
import { parseIamPolicyFlags, type RawIamPolicyFlags } from "./iam-policy-options.js";
import { addOptions } from "./options/commander.js";
import { parsePlanFlags, type RawPlanFlags } from "./plan-options.js";
import { describeAwsEndpoint, withRunDeadline } from "./run-deadline.js";
import { parseStatusFlags, type RawStatusFlags } from "./status-options.js";

/**
 * Each command's module is imported only when that command runs: the AWS SDK and the Kubernetes
 * client take seconds to load on a small machine, and `--version`, `--help` or an offline `plan`
 * need neither (test/cli/cold-start.test.ts checks which packages each one loads).
 *
 * Build the command tree. Every command's flags come from the options table (options/table.ts);
 * commander only collects strings, and each command's *-options.ts validates them once, so that all
 * problems are reported together and worded alike.
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
  addOptions(plan, "plan");
  plan
    .addHelpText(
      "after",
      "\nExit codes: 0 no changes (or changes without --detailed-exitcode), 2 changes pending with\n" +
        "--detailed-exitcode, 3 problems reported under --strict (whatever the changes), 1 error.\n" +
        "See docs/commands/plan.md for the table and docs/plan-output.md for the JSON format.\n",
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
      run(
        withRunDeadline(deadline, io, async (signal, runIo) =>
          (await import("./plan-command.js")).runPlan(o, runIo, signal),
        ),
      );
    });

  const apply = program
    .command("apply")
    .description("Plan against AWS and apply the changes once; prints the plan, then what was done.");
  addOptions(apply, "apply");
  apply
    .addHelpText("after", "\nExit codes: 0 everything applied (or nothing to do), 1 any failure or error.\n")
    .action((flags: RawPlanFlags) => {
      const parsed = parsePlanFlags(flags, env, "apply");
      if (!parsed.ok) return fail(parsed.error);
      const o = parsed.value;
      const deadline = {
        command: "apply",
        timeoutMs: o.timeoutMs,
        endpoint: describeAwsEndpoint(o.aws),
        writes: !o.dryRun,
      };
      run(
        withRunDeadline(deadline, io, async (signal, runIo) =>
          (await import("./apply-command.js")).runApply(o, runIo, signal),
        ),
      );
    });
  for (const mode of ["drain", "undrain"] as const) {
    const command = program
      .command(mode)
      .description(
        mode === "drain"
          ? "Take this cluster out of rotation in Route 53 (weight 0, health checks inverted) until undrain; needs no manifests."
          : "Put a drained cluster back: the weights it had, health checks no longer inverted.",
      );
    addOptions(command, mode);
    command
      .addHelpText(
        "after",
        "\nThe drain is recorded in this cluster's ownership records in Route 53: every controller and\n`apply` of this owner keeps the members drained until `undrain`. Exit codes: 0 done (or nothing\nto do), 1 any failure or error.\n",
      )
      .action((flags: RawDrainFlags) => {
        const parsed = parseDrainFlags(flags, env, mode);
        if (!parsed.ok) return fail(parsed.error);
        const o = parsed.value;
        const deadline = {
          command: mode,
          timeoutMs: o.timeoutMs,
          endpoint: describeAwsEndpoint(o.aws),
          writes: !o.dryRun,
        };
        run(
          withRunDeadline(deadline, io, async (signal, runIo) =>
            (await import("./drain-command.js")).runDrain(o, mode, runIo, signal),
          ),
        );
      });
  }
  const status = program
    .command("status")
    .description(
      "Show the GSLB view from Route 53 (read-only): every member of every managed name across all clusters, with owner, routing, target and health.",
    );
  addOptions(status, "status");
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
      run(
        withRunDeadline(deadline, io, async (signal, runIo) =>
          (await import("./status-command.js")).runStatus(o, runIo, undefined, signal),
        ),
      );
    });

  const iamPolicy = program
    .command("iam-policy")
    .description(
      "Print the least-privilege IAM policy (JSON) for the given commands and zone flags, ready for `aws iam create-policy --policy-document`.",
    );
  addOptions(iamPolicy, "iam-policy");
  iamPolicy
    .addHelpText(
      "after",
      "\nTake the zone flags of the commands the role runs. With --aws-assume-role, --for cluster prints the\n" +
        "cluster role's policy (sts:AssumeRole, ELBv2) and --for dns-account the DNS account role's (Route 53).\n" +
        "Makes no AWS call. What IAM cannot restrict is printed to stderr. See docs/commands/iam-policy.md.\n",
    )
    .action((flags: RawIamPolicyFlags) => {
      const parsed = parseIamPolicyFlags(flags, env);
      if (!parsed.ok) return fail(parsed.error);
      const input = parsed.value;
      run(import("./iam-policy-command.js").then((m) => m.runIamPolicy(input, io)));
    });

  const controller = program
    .command("controller")
    .description("Watch the cluster and keep Route 53 converged (what the Deployment runs).");
  addOptions(controller, "controller");
  controller
    .addHelpText(
      "after",
      "\nEvery flag can also be set as an environment variable ROUTE53_GSLB_<FLAG>, e.g.\nROUTE53_GSLB_CLUSTER_NAME=cluster-1, ROUTE53_GSLB_DOMAIN_FILTER=a.com,b.com. Flags win.\n",
    )
    .action((flags: RawControllerFlags) => {
      const parsed = parseControllerFlags(flags, env);
      if (!parsed.ok) return fail(parsed.error);
      run(import("./controller-command.js").then((m) => m.runController(parsed.value, env)));
    });
  return program;
}

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
