import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { realmSchema } from "../../lib/config/schema";
import { renderRealmValidator, VALIDATOR_FILE } from "../../scripts/realm-validator";

describe("realm schema", () => {
  it("is a valid JSON Schema (it is not re-checked when Realmkit runs)", () => {
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(realmSchema)).toBe(true);
    expect(ajv.errors ?? []).toEqual([]);
  });

  it("is compiled into the committed validator: after editing the schema, run npm run gen:validator", () => {
    expect(readFileSync(VALIDATOR_FILE, "utf8")).toBe(renderRealmValidator());
  });
});
