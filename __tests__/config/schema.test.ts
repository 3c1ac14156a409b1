import Ajv from "ajv";
import { realmSchema } from "../../lib/config/schema";

describe("realm schema", () => {
  it("is a valid JSON Schema (it is not re-checked when Realmkit runs)", () => {
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(realmSchema)).toBe(true);
    expect(ajv.errors ?? []).toEqual([]);
  });
});
