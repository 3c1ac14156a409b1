/**
 * Finds the references inside Terraform JSON strings: the `${...}` interpolations and
 * `%{...}` directives of a template, and in each the traversals (`aws_vpc.main.id`,
 * `var.region`, `data.x.y`, `local.z`, `module.m.out`) that must name something declared.
 * A small scanner, not a full HCL parser: it knows string literals, function calls, object
 * keys, `for` binders and attribute access on results, which is what tells a reference apart.
 */

export interface ScannedTemplate {
  /** Traversals by their dot-separated name segments, index and splat steps left out. */
  readonly traversals: ReadonlyArray<readonly string[]>;
  /** Why the text is not a well-formed template, if it is not. */
  readonly error?: string;
}

const NO_REFERENCES: ScannedTemplate = { traversals: [] };
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"]);
// Character classes by code: every string of every stack passes through here.
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** `[A-Za-z_]` */
const isIdentStart = (c: number): boolean => isLetter(c) || c === 95;
/** `[A-Za-z0-9_]` */
const isWordChar = (c: number): boolean => isIdentStart(c) || isDigit(c);
/** `[A-Za-z0-9_-]` */
const isIdentChar = (c: number): boolean => isWordChar(c) || c === 45;
/** `\s`, the ASCII cases first. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));

/** Scans a JSON string in expression context (a template). `bound` are names in scope (iterators, binders). */
export function scanTemplate(text: string, bound: ReadonlySet<string> = new Set()): ScannedTemplate {
  if (!text.includes("{")) return NO_REFERENCES;
  const parts: string[] = [];
  let error: string | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      i += 3; // `$${` and `%%{` are literal
      continue;
    }
    if ((c === "$" || c === "%") && text[i + 1] === "{") {
      const end = matchClose(text, i + 2, "{", "}");
      if (end < 0) {
        error = `unterminated \`${c}{\` at character ${i + 1}`;
        break;
      }
      parts.push(c === "%" ? directive(text.slice(i + 2, end)) : text.slice(i + 2, end));
      i = end + 1;
      continue;
    }
    i++;
  }
  const names = new Set(bound);
  // `%{ for k, v in list }` binds its names for the rest of the template.
  for (const part of parts) forBinders(part, TEMPLATE_FOR).forEach((n) => names.add(n));
  const traversals = parts.flatMap((part) => scanExpression(part.replace(/^\s*(for\s+[\w-]+(\s*,\s*[\w-]+)?\s+in\s)/, " "), names));
  return { traversals, error };
}

/** A plain reference string (as in `depends_on`): `aws_vpc.main`, `data.x.y`, `module.m`, possibly wrapped in `${}`. */
export function scanPlainReference(text: string): readonly string[] | undefined {
  const inner = /^\$\{(.*)\}$/s.exec(text.trim())?.[1] ?? text.trim();
  const found = scanExpression(inner, new Set());
  return found.length === 1 ? found[0] : undefined;
}

function directive(body: string): string {
  return body.replace(/^~/, "").replace(/~$/, "");
}

/** Index of the bracket closing the one opened just before `from`, skipping string literals; -1 if none. */
function matchClose(text: string, from: number, open: string, close: string): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      i = endOfString(text, i);
      if (i < 0) return -1;
    } else if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
  }
  return -1;
}

/** Index of the quote closing the string literal opened at `start`; -1 if unterminated. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") i++;
    else if (c === "$" && text[i + 1] === "{") {
      const end = matchClose(text, i + 2, "{", "}");
      if (end < 0) return -1;
      i = end;
    } else if (c === '"') return i;
  }
  return -1;
}

const binders = (lead: string): RegExp => new RegExp(`${lead}\\s*([A-Za-z_][\\w-]*)(?:\\s*,\\s*([A-Za-z_][\\w-]*))?\\s+in\\s`, "g");
/** `%{ for k, v in list }` in a template. */
const TEMPLATE_FOR = binders("^\\s*for\\s");
/** `[for k, v in xs : ...]` and `{for ...}` in an expression. */
const EXPRESSION_FOR = binders("[[{]\\s*for\\s");

function forBinders(expr: string, re: RegExp): string[] {
  if (!expr.includes("for")) return [];
  const out: string[] = [];
  for (const m of expr.matchAll(re)) {
    out.push(m[1]!);
    if (m[2]) out.push(m[2]);
  }
  return out;
}

function scanExpression(expr: string, bound: ReadonlySet<string>): string[][] {
  const names = new Set(bound);
  // `[for k, v in xs : ...]` and `{for ...}` bind names inside the expression.
  forBinders(expr, EXPRESSION_FOR).forEach((n) => names.add(n));
  const out: string[][] = [];
  let prev = ""; // last significant character
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '"') {
      const end = endOfString(expr, i);
      const literal = expr.slice(i + 1, end < 0 ? expr.length : end);
      out.push(...scanTemplate(literal, names).traversals.map((t) => [...t]));
      i = end < 0 ? expr.length : end + 1;
      prev = '"';
      continue;
    }
    const startsWord = isIdentStart(expr.charCodeAt(i)) && !(i > 0 && isWordChar(expr.charCodeAt(i - 1)));
    if (!startsWord) {
      if (!isSpace(expr.charCodeAt(i))) prev = c;
      i++;
      continue;
    }
    let j = i;
    while (j < expr.length && isIdentChar(expr.charCodeAt(j))) j++;
    const head = expr.slice(i, j);
    const after = nextSignificant(expr, j);
    // Attribute of an expression result (`f(x).id`, `(a).b`), a function call or a provider function.
    if (prev === "." || expr[after] === "(" || expr.startsWith("::", after)) {
      i = expr.startsWith("::", after) ? skipTo(expr, after, "(") : j;
      prev = head.slice(-1);
      continue;
    }
    const segments = [head];
    while (j < expr.length) {
      if (expr[j] === "." && isIdentStart(expr.charCodeAt(j + 1))) {
        let k = j + 1;
        while (k < expr.length && isIdentChar(expr.charCodeAt(k))) k++;
        segments.push(expr.slice(j + 1, k));
        j = k;
      } else if (expr[j] === "." && /[0-9*]/.test(expr[j + 1] ?? "")) {
        let k = j + 1;
        while (k < expr.length && /[0-9*]/.test(expr[k]!)) k++;
        j = k;
      } else if (expr[j] === "[") {
        const end = matchClose(expr, j + 1, "[", "]");
        if (end < 0) break;
        out.push(...scanExpression(expr.slice(j + 1, end), names));
        j = end + 1;
      } else break;
    }
    const next = nextSignificant(expr, j);
    const isObjectKey = segments.length === 1 && ((expr[next] === "=" && expr[next + 1] !== "=") || expr[next] === ":");
    if (!isObjectKey && !KEYWORDS.has(head) && !names.has(head)) out.push(segments);
    prev = "a";
    i = j;
  }
  return out;
}

function nextSignificant(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function skipTo(text: string, from: number, char: string): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}
