import { RealmkitError } from "../../config/errors";
import type { Inventory } from "../../model/inventory";
import type { PolicyResult } from "../../policy/engine";
import type { SynthesizedStacks } from "../stacks";
import { gatherFacts } from "./facts";
import { fleetReport } from "./html";
import { indexPage, realmPage } from "./markdown";

export { checkDocs, writeDocs, type DocsCheck } from "./write";

/** Every file of the docs folder by name: `<realm>.md`, `index.md`, `index.html`. */
export function renderDocs(inventory: Inventory, stacks: SynthesizedStacks, policy: PolicyResult | undefined): Map<string, string> {
  const clash = inventory.realms.find((r) => r.id === "index");
  if (clash) {
    throw new RealmkitError("RK-FLEET-DOCS-NAME", "a realm called `index` would overwrite the docs index page", {
      location: { file: clash.file, line: 1, col: 1 },
      realm: clash.id,
      fix: "rename the realm (its file and `realm:`)",
    });
  }
  const facts = gatherFacts(inventory, stacks, policy);
  const files = new Map<string, string>();
  for (const f of facts.realms) files.set(`${f.realm.id}.md`, realmPage(f));
  files.set("index.md", indexPage(facts));
  files.set("index.html", fleetReport(facts));
  return files;
}
