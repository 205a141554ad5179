import { expectedProblem } from "./kinds.js";
import { attributeOf, type CommandName, ENV_COMMANDS, envNameOf, labelOf, type OptionSpec } from "./spec.js";
import { OPTIONS, type OptionValues, type RawFlags } from "./table.js";

/** The process environment as the CLI hands it down (only cli/main.ts reads `process.env`). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Read `command`'s options from what commander collected (`raw`) and, where the table says so, the
 * environment: the flag first, then `ROUTE53_GSLB_<FLAG>` (commands in `ENV_COMMANDS`), then the
 * standard variables (`AWS_REGION`), then the default. Every bad value is appended to `problems` in
 * the one wording of `expectedProblem`, in table order, and its option falls back to the default so
 * that reading goes on and reports every problem at once.
 */
export function readOptions<C extends CommandName>(
  command: C,
  raw: RawFlags<C>,
  env: Env,
  problems: string[],
): OptionValues<C> {
  const values: Record<string, unknown> = {};
  const given = raw as Record<string, string | string[] | boolean | undefined>;
  const readsEnv = ENV_COMMANDS.includes(command);
  for (const [id, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    if (!spec.commands.includes(command)) continue;
    let value = given[attributeOf(spec.flag)];
    const fromEnv = readsEnv && spec.env !== false ? env[envNameOf(spec.flag)] : undefined;
    if (value === undefined && fromEnv !== undefined) {
      if (!spec.kind) value = spec.envValue ? spec.envValue(fromEnv) : switchFromEnv(spec, fromEnv, problems);
      else value = spec.list === "repeated" ? [fromEnv] : fromEnv;
    }
    for (const name of spec.envFallback ?? []) {
      if (value === undefined) value = env[name];
    }
    values[id] = readOne(spec, value, readsEnv, problems);
  }
  return values as OptionValues<C>;
}

function readOne(
  spec: OptionSpec,
  value: string | string[] | boolean | undefined,
  readsEnv: boolean,
  problems: string[],
): unknown {
  const label = labelOf(spec.flag);
  if (!spec.kind) return typeof value === "boolean" ? value : (spec.default ?? false);
  if (spec.list) {
    let items = value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
    if (spec.list === "comma") {
      items = items.flatMap((v) => v.split(",")).map((v) => v.trim());
    } else if (readsEnv) {
      // Where a list may come from one environment variable, it is comma-separated, flags too.
      items = items.flatMap((v) => v.split(",")).filter((v) => v.trim() !== "");
    }
    if (items.length === 0) {
      if (spec.required) problems.push(expectedProblem(label, { expected: spec.kind.expected }, undefined));
      return value === undefined && spec.default ? [...spec.default] : [];
    }
    const out: unknown[] = [];
    for (const item of items) {
      const parsed = spec.kind.parse(item);
      if (parsed.ok) out.push(parsed.value);
      else problems.push(expectedProblem(label, parsed.error, item));
    }
    return out;
  }
  if (value === undefined) {
    if (spec.required) problems.push(expectedProblem(label, { expected: spec.kind.expected }, undefined));
    return spec.default;
  }
  const parsed = spec.kind.parse(String(value));
  if (parsed.ok) return parsed.value;
  problems.push(expectedProblem(label, parsed.error, String(value)));
  return spec.default;
}

/**
 * A switch set through its environment variable: `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`).
 * Anything else is a problem, never "on": `ROUTE53_GSLB_DRAIN=false` must not drain a cluster, and a
 * typo must not either.
 */
function switchFromEnv(spec: OptionSpec, text: string, problems: string[]): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(t)) return true;
  if (["false", "0", "no", "off"].includes(t)) return false;
  problems.push(expectedProblem(envNameOf(spec.flag), { expected: "`true` or `false`" }, text));
  return undefined;
}
