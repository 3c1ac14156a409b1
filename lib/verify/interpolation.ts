/**
 * Finds interpolations in a synthesized stack that Realmkit's own code did not create. Realm
 * values reach Terraform template-escaped (lib/model/literal.ts), so the only `${...}` left in a
 * stack Realmkit writes are references its constructs made through cdktf tokens: a resource,
 * data source, variable, local or module attribute, possibly passed to one of a few pure
 * functions. Anything else (a function that reads files or the environment, `path.*`,
 * `terraform.*`, a `%{...}` directive, an interpolation in a map key) means a value was let
 * through unescaped, by an escape hatch or a new construct, and fails the synth.
 */

import type { StructureProblem } from "./structure";

export interface ForeignInterpolation {
  /** Dotted path inside the stack document, e.g. `resource.aws_s3_bucket.b.tags.team`. */
  readonly path: string;
  /** The offending `${...}` or `%{...}` text. */
  readonly text: string;
  readonly why: string;
}

/**
 * Pure functions a Realmkit construct may wrap references in. None reads files, the
 * environment or the clock. Adding one here is a reviewed decision.
 */
export const REALMKIT_FUNCTIONS: ReadonlySet<string> = new Set([
  "element",
  "tolist",
  "toset",
  "tomap",
  "tostring",
  "tonumber",
  "length",
  "lookup",
  "join",
  "concat",
  "flatten",
  "jsonencode",
  "cidrsubnet",
  "cidrhost",
  "merge",
  "keys",
  "values",
  "coalesce",
  "one",
  "try",
  "replace",
]);

/** Heads of traversals that are not blocks of the stack: they read the machine Terraform runs on. */
const FOREIGN_HEADS: ReadonlySet<string> = new Set(["path", "terraform", "self"]);

export function findForeignInterpolations(stack: unknown): ForeignInterpolation[] {
  const found: ForeignInterpolation[] = [];
  const at: string[] = [];
  const visitString = (text: string): void => {
    if (!text.includes("{")) return;
    for (const hit of scanString(text)) found.push({ path: at.join("."), ...hit });
  };
  const walk = (v: unknown): void => {
    if (typeof v === "string") visitString(v);
    else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        at.push(String(i));
        walk(x);
        at.pop();
      });
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        at.push(k);
        if (k.includes("{"))
          for (const hit of scanString(k)) found.push({ path: at.join("."), text: hit.text, why: `(in a map key) ${hit.why}` });
        walk(x);
        at.pop();
      }
    }
  };
  walk(stack);
  return found;
}

/**
 * The structural-check rule every synth applies to the stacks Realmkit writes (not to any
 * Terraform JSON: hand-written stacks may use any function they like).
 */
export function foreignInterpolations(stack: unknown, stackId: string): StructureProblem[] {
  return findForeignInterpolations(stack).map((f) => {
    const parts = f.path.split(".");
    const path = parts.slice(3).join(".");
    return {
      kind: "foreign-interpolation" as const,
      stack: stackId,
      address: parts.slice(0, 3).join("."),
      ...(path ? { path } : {}),
      message: `\`${f.text}\` ${f.why}: a realm value or an escape hatch put a Terraform expression into the stack`,
      fix: "realm values reach Terraform as literals; an escape hatch that needs a reference passes a cdktf token (resource.attr), never a `${...}` string",
    };
  });
}

/** The interpolations and directives of one template string that Realmkit would not write. */
export function scanString(text: string): Array<{ text: string; why: string }> {
  const out: Array<{ text: string; why: string }> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      i += 2; // `$${` and `%%{` are Terraform's literal escapes
      continue;
    }
    if ((c !== "$" && c !== "%") || text[i + 1] !== "{") continue;
    const end = closing(text, i + 2);
    const whole = text.slice(i, end < 0 ? text.length : end + 1);
    if (c === "%") out.push({ text: whole, why: "is a template directive; Realmkit never writes one" });
    else if (end < 0) out.push({ text: whole, why: "is an unterminated interpolation" });
    else {
      const why = judge(text.slice(i + 2, end));
      if (why) out.push({ text: whole, why });
    }
    if (end < 0) break;
    i = end;
  }
  return out;
}

/** Index of the `}` closing an interpolation whose body starts at `from`, skipping string literals. */
function closing(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** Undefined when `expr` is a reference or an allowed function of references and plain literals. */
function judge(expr: string): string | undefined {
  const p = new Parser(expr);
  const why = p.expression();
  if (why) return why;
  p.space();
  return p.done() ? undefined : `\`${expr.slice(p.at).slice(0, 40)}\` is not a plain reference`;
}

class Parser {
  at = 0;
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.at >= this.s.length;
  }

  space(): void {
    while (this.at < this.s.length && /\s/.test(this.s[this.at]!)) this.at++;
  }

  /** An error description, or undefined after consuming one allowed expression. */
  expression(): string | undefined {
    this.space();
    const rest = this.s.slice(this.at);
    if (rest.startsWith('"')) return this.stringLiteral();
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) {
      this.at += number[0].length;
      return undefined;
    }
    if (rest.startsWith("[")) {
      this.at++;
      return this.list("]");
    }
    const ident = /^[A-Za-z_][\w-]*/.exec(rest);
    if (!ident) return `\`${rest.slice(0, 40)}\` is not a plain reference`;
    this.at += ident[0].length;
    const name = ident[0];
    this.space();
    if (this.s[this.at] === "(" || this.s.startsWith("::", this.at)) {
      if (!REALMKIT_FUNCTIONS.has(name)) return `calls \`${name}()\`, which Realmkit's constructs never call`;
      this.at++;
      return this.list(")");
    }
    if (["true", "false", "null"].includes(name)) return undefined;
    if (FOREIGN_HEADS.has(name)) return `reads \`${name}.*\`, the machine Terraform runs on, not a block of the stack`;
    return this.traversal(name);
  }

  private traversal(head: string): string | undefined {
    let steps = 0;
    for (;;) {
      const rest = this.s.slice(this.at);
      const step = /^(\.[A-Za-z_][\w-]*|\.\d+|\.\*|\[\d+\]|\[\*\])/.exec(rest);
      if (!step) break;
      this.at += step[0].length;
      steps++;
    }
    return steps === 0 ? `\`${head}\` alone is not a reference to a block of the stack` : undefined;
  }

  private list(close: string): string | undefined {
    this.space();
    if (this.s[this.at] === close) {
      this.at++;
      return undefined;
    }
    for (;;) {
      const why = this.expression();
      if (why) return why;
      this.space();
      const c = this.s[this.at];
      this.at++;
      if (c === close) return undefined;
      if (c !== ",") return `expected \`,\` or \`${close}\``;
    }
  }

  /** A quoted string argument: literal text only, with no template of its own. */
  private stringLiteral(): string | undefined {
    let i = this.at + 1;
    for (; i < this.s.length && this.s[i] !== '"'; i++) {
      if (this.s[i] === "\\") i++;
      else if ((this.s[i] === "$" || this.s[i] === "%") && this.s[i + 1] === "{" && this.s[i - 1] !== this.s[i]) {
        return "a string argument holds a template of its own";
      }
    }
    if (i >= this.s.length) return "an unterminated string";
    this.at = i + 1;
    return undefined;
  }
}
