import { maskOutputStreams } from "../../bin/masked-output";
import { RealmkitError } from "../../lib/config/errors";
import { maskChunk, maskText, maskValue } from "../../lib/secrets/mask";
import { NEGATIVES, POSITIVES } from "./credentials";

/** The part of a case that must never be printed: the value, or for URLs the password or parameter. */
function secretPart(value: string): string {
  const userinfo = /:\/\/[^:/@]*:([^@/]+)@/.exec(value);
  if (userinfo) return userinfo[1]!;
  const param = /[?&;](?:password|token|access_token|sig|X-Amz-Signature)=([^&]+)/i.exec(value);
  if (param) return param[1]!;
  const conn = /(?:Password|AccountKey)=([^;]+)/.exec(value);
  if (conn) return conn[1]!;
  const literal = /"([^"]+)"/.exec(value);
  return literal && value.startsWith("${") ? literal[1]! : value.replace(/^\$\$\{x\}/, "");
}

describe("one masking function for every output", () => {
  test.each(POSITIVES.map((c) => [c.name, c] as const))("%s is masked in every form it is printed", (_name, c) => {
    const secret = secretPart(c.value).trim();
    const forms = [
      `${c.key}: ${c.value}`,
      `${c.key}=${c.value}`,
      JSON.stringify({ [c.key]: c.value }),
      `error  RK-X  \`${c.key}\` is ${JSON.stringify(c.value)}, which is not allowed`,
    ];
    for (const form of forms) {
      const masked = maskText(form);
      expect(masked).toContain("****");
      expect(masked).not.toContain(secret.split("\n")[0]!.slice(0, 24));
    }
    expect(JSON.stringify(maskValue({ [c.key]: c.value }))).not.toContain(secret.split("\n")[0]!.slice(0, 24));
  });

  test.each(NEGATIVES.filter((c) => !c.value.includes("${var.generate")).map((c) => [c.name, c] as const))(
    "%s is printed as it is",
    (_name, c) => {
      for (const form of [`${c.key}: ${c.value}`, `${c.key}=${c.value}`, JSON.stringify({ [c.key]: c.value })])
        expect(maskText(form)).toBe(form);
      expect(maskValue({ [c.key]: c.value })).toEqual({ [c.key]: c.value });
    },
  );

  test("URLs keep their shape; tokens say what they were, not how long or what they start with", () => {
    expect(maskText("connect to https://admin:Tr0ub4dor-3@db.example.com:5432/app now")).toBe(
      "connect to https://admin:****@db.example.com:5432/app now",
    );
    expect(maskText("https://api.example.com/feed?token=9f8e7d6c5b4a3210&page=2")).toBe("https://api.example.com/feed?token=****&page=2");
    const gh = POSITIVES.find((c) => c.name === "GitHub classic token")!.value;
    expect(maskText(`token ${gh} expired`)).toBe("token ****(a GitHub token) expired");
    expect(maskValue("hunter2hunter2", "dbPassword")).toBe("****(secret-named key)");
  });

  test("errors mask their message, value and fix when they are made, whatever code made them", () => {
    const gh = POSITIVES.find((c) => c.name === "GitHub classic token")!.value;
    const e = new RealmkitError("RK-ANY", `\`tags.ci\` is \`${gh}\``, {
      value: { password: "hunter2hunter2", url: "https://u:p4ssw0rd!@h.example.com" },
      fix: `replace ${gh}`,
    });
    const shown = [e.message, e.format(), JSON.stringify(e.toJSON()), String(e)].join("\n");
    for (const leak of [gh, "hunter2hunter2", "p4ssw0rd!"]) expect(shown).not.toContain(leak);
    expect(shown).toContain("https://u:****@h.example.com");
  });

  test("output chunks with nothing to mask are passed through untouched (same object)", () => {
    const buf = Buffer.from("10 realms valid (12 stacks)\n");
    expect(maskChunk(buf)).toBe(buf);
    expect(String(maskChunk(Buffer.from("password=hunter2hunter2\n")))).toBe("password=****\n");
  });
});

describe("the CLI's output streams", () => {
  test("every write to a masked stream is masked, strings and buffers, with the write's callback kept", () => {
    const written: unknown[] = [];
    const stream = { write: (chunk: unknown, cb?: () => void) => (written.push(chunk), cb?.(), true) } as unknown as NodeJS.WriteStream;
    maskOutputStreams([stream]);
    const gh = POSITIVES.find((c) => c.name === "GitHub classic token")!.value;
    let called = false;
    stream.write(`token ${gh}\n`, () => {
      called = true;
    });
    stream.write(Buffer.from("https://admin:Tr0ub4dor-3@db.example.com\n"));
    const plain = Buffer.from("8 realms valid\n");
    stream.write(plain);
    expect(written.map(String)).toEqual(["token ****(a GitHub token)\n", "https://admin:****@db.example.com\n", "8 realms valid\n"]);
    expect(written[2]).toBe(plain);
    expect(called).toBe(true);
  });
});
