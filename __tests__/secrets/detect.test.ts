import { collectStrings, findSecrets, secretsInString } from "../../lib/secrets/detect";
import { isSecretKeyName, keyWords } from "../../lib/secrets/patterns";
import { NEGATIVES, POSITIVES } from "./credentials";

describe("secret detection (secretlint's recommended preset plus Realmkit's patterns)", () => {
  test.each(POSITIVES.map((c) => [c.name, c] as const))("finds %s", (_name, c) => {
    const hits = secretsInString(c.value, c.key);
    expect(hits.length).toBeGreaterThan(0);
    // What is reported names the kind, never the value.
    for (const h of hits) expect(h.what).not.toContain(c.value);
  });

  test.each(NEGATIVES.map((c) => [c.name, c] as const))("passes %s", (_name, c) => {
    expect(secretsInString(c.value, c.key)).toEqual([]);
  });

  test("one batch finds exactly the positives, each at its own index", () => {
    const mixed = [...POSITIVES, ...NEGATIVES].map((c, i) => ({ ...c, i })).sort((a, b) => (a.name.length % 7) - (b.name.length % 7));
    const hits = findSecrets(mixed);
    const flagged = new Set(hits.map((h) => mixed[h.index]!.name));
    expect([...flagged].sort()).toEqual(POSITIVES.map((c) => c.name).sort());
  });

  test("vendor formats are named by kind", () => {
    const named = (c: (typeof POSITIVES)[number]) => secretsInString(c.value, c.key)[0]!.what;
    const byName = new Map(POSITIVES.map((c) => [c.name, named(c)]));
    expect(byName.get("GitHub classic token")).toBe("a GitHub token");
    expect(byName.get("GitLab personal access token")).toBe("a GitLab token");
    expect(byName.get("Slack bot token")).toBe("a Slack token");
    expect(byName.get("Stripe live secret key")).toBe("a Stripe key");
    expect(byName.get("npm token")).toBe("an npm token");
    expect(byName.get("AWS access key id")).toBe("an AWS access key");
    expect(byName.get("JWT")).toBe("a JSON Web Token");
  });

  test("a realm value saying `secretlint-disable` does not switch the scanner off", () => {
    const token = POSITIVES.find((c) => c.name === "GitHub classic token")!.value;
    const hits = findSecrets([
      { key: "note", value: "secretlint-disable" },
      { key: "other", value: token },
    ]);
    expect(hits.map((h) => h.index)).toEqual([1]);
  });

  test("key names are split in every spelling", () => {
    for (const k of ["dbPassword", "db_password", "db-password", "db.password", "DB_PASSWORD", "DbPassword", "db password"])
      expect(keyWords(k)).toEqual(["db", "password"]);
    expect(keyWords("OAuthClientSECRET")).toEqual(["o", "auth", "client", "secret"]);
    for (const k of [
      "apiKey",
      "API_KEY",
      "api-key",
      "apikey",
      "x.api.key",
      "client_secret",
      "clientSecret",
      "private_key",
      "privateKey",
      "admin_password_wo",
      "ddAppKey",
      "token",
      "githubToken",
    ])
      expect(isSecretKeyName(k)).toBe(true);
    for (const k of [
      "secretArn",
      "passwordSecretName",
      "tokenTtl",
      "keyPrefix",
      "kmsKeyId",
      "password_length",
      "secretId",
      "",
      "key",
      "monkey",
      "tokens_enabled",
    ])
      expect(isSecretKeyName(k)).toBe(false);
  });
});

describe("secrets in key names", () => {
  test("a token pasted as a map key is found, at that key's path", () => {
    const gh = POSITIVES.find((c) => c.name === "GitHub classic token")!.value;
    const seen: { path: string; key: string; value: string }[] = [];
    collectStrings({ tags: { [gh]: "x", owner: "ops" } }, (path, key, value) => seen.push({ path: path.join("."), key, value }));
    const candidates = seen.map(({ key, value }) => ({ key, value }));
    expect([...new Set(findSecrets(candidates).map((h) => seen[h.index]!.path))]).toEqual([`tags.${gh}`]);
  });
});
