import type { Kind } from "./kinds.js";

/** How a flag is defined in the options table (options/table.ts). */

/** The commands of the CLI that reach AWS. */
export const AWS_COMMANDS = ["plan", "apply", "drain", "undrain", "status", "controller"] as const;
export type AwsCommandName = (typeof AWS_COMMANDS)[number];
/** The commands of the CLI: those that reach AWS, and `iam-policy`, which prints what they need. */
export const COMMANDS = [...AWS_COMMANDS, "iam-policy"] as const;
export type CommandName = (typeof COMMANDS)[number];

/**
 * Commands that also read every flag from `ROUTE53_GSLB_<FLAG>` (a Deployment sets env more easily
 * than args). The one-shot commands read only the standard AWS variables (`envFallback`).
 */
export const ENV_COMMANDS: readonly CommandName[] = ["controller"];
export const ENV_PREFIX = "ROUTE53_GSLB_";

interface CommonSpec {
  /** Commander's spelling: `--interval <duration>`, `-f, --filename <path>`, `--dry-run`, `--no-x`. */
  flag: string;
  /** One line for `--help`; for a fixed set of values, `--help` lists them when this is left out. */
  help?: string;
  commands: readonly CommandName[];
  /** `false`: never read from `ROUTE53_GSLB_<FLAG>`. */
  env?: false;
  /**
   * Standard variables read, in this order, when neither the flag nor `ROUTE53_GSLB_<FLAG>` is set
   * (`AWS_REGION`): by every command that takes the flag.
   */
  envFallback?: readonly string[];
  /** Shown as the default when it is not a constant ("the cluster name"); the command computes it. */
  defaultHelp?: string;
  /** A missing value is a problem (``got nothing``). */
  required?: boolean;
}

/** A flag without a value. From the environment: set means on (commander's rule), except `envValue`. */
export interface SwitchSpec extends CommonSpec {
  kind?: undefined;
  /** On unless turned off: for `--no-x` flags. */
  default?: boolean;
  /** How the variable's text reads (`ROUTE53_GSLB_LEADER_ELECT=false`). */
  envValue?: (text: string) => boolean;
}

/** A flag with one value. */
export interface ValueSpec<T> extends CommonSpec {
  kind: Kind<T>;
  list?: undefined;
  default?: T;
}

/**
 * A flag with many values: `repeated` (`--zone-id a --zone-id b`, and comma-separated where the flag
 * also comes from one environment variable) or `comma` (always one comma-separated value).
 */
export interface ListSpec<T> extends CommonSpec {
  kind: Kind<T>;
  list: "repeated" | "comma";
  default?: readonly T[];
}

export type OptionSpec = SwitchSpec | ValueSpec<unknown> | ListSpec<unknown>;

/** Keeps each entry's literal types (its commands, its default) for the derived types below. */
export const option = <const S extends OptionSpec>(spec: S): S => spec;

/** The long name (`--no-leader-elect` → `no-leader-elect`). */
type LongName<F extends string> = F extends `${string}--${infer R}`
  ? R extends `${infer N} <${string}`
    ? N
    : R
  : never;
type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
/** Commander's attribute name for a flag: `--cluster-name <name>` → `clusterName`, `--no-x` → `x`. */
export type AttributeOf<F extends string> =
  LongName<F> extends `no-${infer N}` ? Camel<N> : Camel<LongName<F>>;

export type RawOf<S> = S extends { kind: Kind<unknown> }
  ? S extends { list: "repeated" }
    ? string[]
    : string
  : boolean;

/** The value an option reads to: a list, a switch, or one value (undefined without default). */
export type ValueOf<S> = S extends { kind: Kind<infer T> }
  ? S extends { list: string }
    ? T[]
    : S extends { default: unknown }
      ? T
      : T | undefined
  : boolean;

/** Commander's attribute name, at run time (the same rule as `AttributeOf`). */
export function attributeOf(flag: string): string {
  const long = /--([a-z][a-z0-9-]*)/.exec(flag)?.[1] ?? "";
  return long.replace(/^no-/, "").replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `--cluster-name <name>` → `--cluster-name`; `-f, --filename <path>` → `-f, --filename`. */
export function labelOf(flag: string): string {
  return flag.replace(/ <[^>]*>$/, "");
}

/** `ROUTE53_GSLB_CLUSTER_NAME`: named after the value, so `--no-leader-elect` reads `…_LEADER_ELECT`. */
export function envNameOf(flag: string): string {
  return (
    ENV_PREFIX +
    attributeOf(flag)
      .replace(/[A-Z]/g, (c) => `_${c}`)
      .toUpperCase()
  );
}
