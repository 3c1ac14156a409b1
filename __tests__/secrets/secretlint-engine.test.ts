import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { secretlintRuleIds, secretlintScan } from "../../lib/secrets/secretlint-engine";
import { NEGATIVES, POSITIVES } from "./credentials";

/**
 * Realmkit drives secretlint's rules synchronously (its checks are synchronous). This holds the
 * driver to the official `lintSource`: over the whole credential table both find the same things,
 * so a secretlint upgrade that changes the rule API fails here, not silently in production.
 */
describe("the synchronous secretlint driver", () => {
  const text = [...POSITIVES, ...NEGATIVES].map((c) => `${c.key}: ${c.value}`).join("\n");

  test("finds exactly what @secretlint/core's lintSource finds with the recommended preset", async () => {
    const official = await lintSource({
      source: { content: text, filePath: "realm.txt", ext: ".txt", contentType: "text" },
      options: {
        config: {
          rules: [
            {
              id: recommended.meta.id,
              rule: recommended,
              rules: [{ id: "@secretlint/secretlint-rule-filter-comments", disabled: true }],
            },
          ],
        },
      },
    });
    const expected = official.messages.map((m) => `${m.ruleId.replace(/^@secretlint\/secretlint-rule-/, "")} ${m.range[0]}-${m.range[1]}`);
    const ours = secretlintScan(text).map((h) => `${h.rule} ${h.range[0]}-${h.range[1]}`);
    expect(ours.sort()).toEqual(expected.sort());
    expect(ours.length).toBeGreaterThan(10);
  });

  test("the preset's vendor rules are all in use, the comment filter is not", () => {
    const ids = secretlintRuleIds();
    for (const id of ["aws", "gcp", "privatekey", "npm", "slack", "stripe", "github", "gitlab", "basicauth", "database-connection-string"])
      expect(ids).toContain(id);
    expect(ids).not.toContain("filter-comments");
  });
});
