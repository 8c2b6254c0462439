/**
 * The YAML parser's message in plain words. The slip people make most in scenario files is an unquoted
 * `${variable}` inside `{ … }`: YAML reads its `{` as the start of another mapping.
 */
export function plainYamlError(error: { message: string }, line: string): string {
  const first = error.message.split("\n")[0] ?? error.message;
  const unquoted = /(?:^|[\s,{:])\$\{[^}]*\}/.exec(line.replace(/"[^"]*"|'[^']*'/g, '""'));
  if (unquoted && line.includes("{")) {
    const value = /:\s*([^,{}"']*\$\{[^}]*\}[^,}"']*)/.exec(line)?.[1]?.trim() ?? "$" + "{run}";
    return `a \${variable} inside { … } must be in quotes, or YAML reads its "{" as a new mapping: write "${value}" (the parser said: ${first})`;
  }
  if (/tab/i.test(first)) return `${first}: indent with spaces, not tabs`;
  return first;
}
