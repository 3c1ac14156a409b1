import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cliReferenceMarkdown } from "../../bin/cli-reference";
import { buildProgram } from "../../bin/program";
import { REPO_ROOT } from "../helpers/synth";

describe("the CLI reference in docs", () => {
  test("docs/cli-commands.md is generated from the registered commands and current (npm run docs:cli)", () => {
    expect(readFileSync(join(REPO_ROOT, "docs", "cli-commands.md"), "utf8")).toBe(cliReferenceMarkdown());
  });

  test("every command and every option of the CLI appears in it", () => {
    const text = cliReferenceMarkdown();
    const program = buildProgram();
    for (const command of program.commands) {
      expect(text).toContain(`## ${command.name()}`);
      for (const option of command.options) expect(text).toContain(`\`${option.flags}\``);
    }
  });

  test("an inventory chosen through REALMKIT_REALMS does not leak into the published defaults", () => {
    const saved = process.env.REALMKIT_REALMS;
    process.env.REALMKIT_REALMS = "/somewhere/private";
    try {
      expect(cliReferenceMarkdown()).not.toContain("/somewhere/private");
    } finally {
      if (saved === undefined) delete process.env.REALMKIT_REALMS;
      else process.env.REALMKIT_REALMS = saved;
    }
  });
});
