import { type ParseArgsConfig, parseArgs } from "node:util";
import type { TargetAuth } from "./protocol";

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
          : `${name} needs a value (write ${name}=VALUE for a value that starts with "-")`,
      );
    }
    if (e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL")
      throw new UsageError(`unexpected argument: ${e.message}`);
    throw new UsageError(e.message);
  }
}

/** The credential flags every command that talks to a SCIM server takes. */
export const CREDENTIAL_OPTIONS = {
  token: { type: "string" },
  basic: { type: "string" },
  header: { type: "string" },
} as const;

/** --token T, --basic user:password or --header "Name: value"; given more than one, the last named wins. */
export function credentialsOf(values: {
  token?: string;
  basic?: string;
  header?: string;
}): TargetAuth | undefined {
  let auth: TargetAuth | undefined;
  if (values.token !== undefined) auth = { type: "bearer", token: values.token };
  if (values.basic !== undefined) {
    const colon = values.basic.indexOf(":");
    if (colon < 1) throw new UsageError("--basic takes username:password");
    auth = { type: "basic", username: values.basic.slice(0, colon), password: values.basic.slice(colon + 1) };
  }
  if (values.header !== undefined) {
    const colon = values.header.indexOf(":");
    if (colon < 1) throw new UsageError('--header takes "Name: value"');
    auth = {
      type: "header",
      name: values.header.slice(0, colon).trim(),
      value: values.header.slice(colon + 1).trim(),
    };
  }
  return auth;
}
