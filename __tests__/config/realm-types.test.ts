import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMPONENTS } from "../../lib/config/types";
import { realmSchema } from "../../lib/config/schema";

const root = join(__dirname, "..", "..");
const TYPES_FILE = join(root, "lib", "config", "realm-config.generated.ts");

describe("realm config types", () => {
  // The generator runs in its own process: prettier (its formatter) loads plugins with a
  // dynamic import, which jest's module sandbox refuses.
  const generated = execFileSync(process.execPath, ["-r", "@swc-node/register", "scripts/gen-realm-types.ts", "--stdout"], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });

  it("are generated from the schema: after editing realm.schema.json, run npm run gen:types", () => {
    expect(readFileSync(TYPES_FILE, "utf8")).toBe(generated);
  });

  it("name the schema nodes other modules import", () => {
    for (const name of ["RealmConfig", "CloudConfig", "ManagedDatabaseConfig", "NodePoolConfig", "Suppression"]) {
      expect(generated).toMatch(new RegExp(`export interface ${name} \\{`));
    }
    expect(generated).toContain('export type Provider = "aws" | "gcp" | "azure";');
  });

  it("list the components in the schema's order", () => {
    const schema = realmSchema as { definitions: { cloud: { properties: { components: { items: { enum: string[] } } } } } };
    expect([...COMPONENTS]).toEqual(schema.definitions.cloud.properties.components.items.enum);
  });
});
