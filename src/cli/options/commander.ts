import { type Command, Option } from "commander";
import { type CommandName, ENV_COMMANDS, envNameOf, type OptionSpec } from "./spec.js";
import { OPTIONS } from "./table.js";

/**
 * Register `name`'s options on its commander command, in table order. Commander only collects
 * strings: defaults, the environment and validation are options/read.ts's, so that every problem is
 * reported together and worded alike.
 */
export function addOptions(command: Command, name: CommandName): void {
  for (const spec of Object.values(OPTIONS) as OptionSpec[]) {
    if (!spec.commands.includes(name)) continue;
    const option = new Option(spec.flag, helpOf(spec, name));
    if (spec.kind && spec.list === "repeated") option.argParser(collect);
    command.addOption(option);
  }
}

/** Repeatable flags (`--domain-filter a --domain-filter b`) collect into a list. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** One `--help` line: the table's help (or the values offered), then its default and variables. */
export function helpOf(spec: OptionSpec, name: CommandName): string {
  const choices = spec.kind?.choices;
  const help = spec.help ?? (choices ? alternatives(choices) : "");
  const extra: string[] = [];
  const defaultText = defaultOf(spec);
  if (defaultText !== undefined) extra.push(`default: ${defaultText}`);
  if (ENV_COMMANDS.includes(name) && spec.env !== false) {
    extra.push(
      `env: ${envNameOf(spec.flag)}${spec.kind === undefined && spec.default === true ? "=false" : ""}`,
    );
  }
  return extra.length === 0 ? help : `${help} (${extra.join(", ")})`;
}

/** The default as `--help` shows it: `10m`, `50%`, `$AWS_REGION, else us-east-1`; undefined: none. */
function defaultOf(spec: OptionSpec): string | undefined {
  if (spec.defaultHelp !== undefined) return spec.defaultHelp;
  if (!spec.kind || spec.default === undefined) return undefined;
  const kind = spec.kind;
  const shown = spec.list ? spec.default.map((v) => kind.show(v)).join(",") : kind.show(spec.default);
  return [...(spec.envFallback ?? []).map((v) => `$${v}`), shown].join(", else ");
}

/** "a, b or c" */
function alternatives(values: readonly string[]): string {
  return values.length < 2 ? (values[0] ?? "") : `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
}
