// Compile a JSON Schema (draft 2020-12) with Ajv in strict mode, formats checked by ajv-formats, and
// validate JSON files against it, as a JavaScript partner's code would.
// Usage: node validate_json.mjs schema.json [data.json ...]
// Prints {"compiled": true|false, "error": "...", "files": {"data.json": [errors]}} and exits 0 only
// when the schema compiled and every file is valid. Strict mode refuses what a schema author likely
// got wrong (a keyword without the type it applies to, unknown keywords, a `required` key that
// `properties` does not define, ambiguous types), which lax validators silently ignore.
import fs from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, ...files] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const result = { compiled: false, error: null, files: {} };
let validate = null;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
  result.compiled = true;
} catch (error) {
  result.error = String(error.message || error);
}
let ok = result.compiled;
if (validate) {
  for (const file of files) {
    const valid = validate(JSON.parse(fs.readFileSync(file, "utf8")));
    result.files[file] = valid ? [] : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
    ok = ok && valid;
  }
}
process.stdout.write(JSON.stringify(result));
process.exitCode = ok ? 0 : 1;
