// Writes scenarios/scenario.schema.json from the loader's own definitions: `npm run schema`.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { scenarioJsonSchema } from "./schema";

export const SCHEMA_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "scenarios",
  "scenario.schema.json",
);

export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
