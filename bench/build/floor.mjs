// The floor: the least any SDL-to-code tool must do with this input — read the file, parse it and build the schema
// with graphql-js (buildSchema also validates the SDL). No code is generated.
import { readFileSync } from "node:fs";
import { buildSchema } from "graphql";

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write("usage: node bench/build/floor.mjs <schema.graphql>\n");
  process.exit(2);
}
const schema = buildSchema(readFileSync(file, "utf8"));
process.stdout.write(`${Object.keys(schema.getTypeMap()).length} types\n`);
