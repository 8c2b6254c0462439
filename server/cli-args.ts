import { type ParseArgsConfig, parseArgs } from "node:util";

/** A command line that cannot be run as given: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * node:util's parseArgs, with its errors turned into UsageErrors that say what to fix. Options are strings or
 * booleans; a string option given twice keeps its last value.
 */
export function readArgs<O extends Options>(args: string[], options: O, positionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const flag = /'(-[-\w]+)/.exec(e.message)?.[1] ?? "";
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
      throw new UsageError(`unknown option ${flag || e.message}`);
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const name = flag.replace(/ <value>$/, "");
      throw new UsageError(
        options[name.replace(/^--/, "")]?.type === "boolean"
          ? `${name} takes no value`
          : `${name} needs a value`,
      );
    }
    if (e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL")
      throw new UsageError(`unexpected argument: ${e.message}`);
    throw new UsageError(e.message);
  }
}
