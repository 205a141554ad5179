import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { runApply } from "./apply-command.js";
import { AWS_RATE_FLAGS } from "./aws-options.js";
import { type CliIo, EXIT, runPlan } from "./plan-command.js";
import { parsePlanFlags, type RawPlanFlags } from "./plan-options.js";

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
      run(runPlan(parsed.value, io));
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
      run(runApply(parsed.value, io));
    });
  return program;
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
    .addOption(new Option("--zones <source>", zonesHelp).default(zonesDefault))
    .option("--cluster-name <name>", "this cluster's unique name; the default SetIdentifier")
    .option("--owner-id <id>", "owner id written into ownership records (default: the cluster name)")
    .addOption(
      new Option(
        "--domain-filter <domain>",
        "manage only zones at or below this domain; repeatable",
      ).argParser(collect),
    )
    .addOption(
      new Option(
        "--exclude-domain <domain>",
        "never manage names at or below this domain; repeatable",
      ).argParser(collect),
    )
    .option("--zone-type <type>", "public, private or any (default: any)")
    .addOption(new Option("--zone-id <id>", "manage only this hosted zone id; repeatable").argParser(collect))
    .option(
      "--default-routing-policy <policy>",
      "simple, weighted, latency, failover, geolocation or multivalue (default: weighted)",
    )
    .option(
      "--default-weight <n>",
      "weight of weighted members without a weight annotation, 0-255 (default: 100)",
    )
    .option("--policy <policy>", "sync, upsert-only or create-only (default: sync)")
    .option(
      "--max-deletions <N|N%>",
      "hold back all deletions beyond N records or N% of owned records (default: 50%)",
    )
    .option("--output <format>", "text, json or markdown (default: text)")
    .option(
      "--aws-endpoint <url>",
      "point every AWS client at this endpoint (an emulator); env AWS_ENDPOINT_URL",
    )
    .option("--aws-region <region>", "region of the Route 53 client (default: AWS_REGION, else us-east-1)");
  for (const { flag, help } of AWS_RATE_FLAGS) command.option(`${flag} <n>`, help);
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
