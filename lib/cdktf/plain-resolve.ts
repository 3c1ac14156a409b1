import { Token, Tokenization } from "cdktf";

type Resolve = typeof Tokenization.resolve;
type ResolveOptions = Parameters<Resolve>[1];

/** cdktf encodes number tokens as doubles of magnitude 2^960 and more. */
const TOKEN_MAGNITUDE = 2 ** 960;
/** Every cdktf token marker (`${TfToken[`, `#{TfToken[`, `&{TfToken[`) contains this. */
const TOKEN_MARKER = "{TfToken[";
/** Past this depth the value goes to cdktf, whose own guard reports the circular reference. */
const MAX_DEPTH = 200;

/**
 * Runs `body` with a fast path in front of cdktf's `Tokenization.resolve`.
 *
 * cdktf resolves every value of a stack twice (each element, then the merged document), and
 * for every value it allocates two closures, a path array and a path string, and runs three
 * regular expressions, even when the value holds no token at all. That was more than half of
 * synthesis time. The fast path copies plain values (strings without token markers, numbers
 * that are not encoded tokens, booleans, and arrays and objects of those) exactly as cdktf
 * would, and hands everything else, with its subtree, to cdktf unchanged. The synthesized
 * output is byte-for-byte the same (tested on every sample realm and on tricky values).
 *
 * cdktf reaches `Tokenization.resolve` through the class at each call, so the swap holds for
 * the duration of `body`; were that ever to change, the fast path would simply not run.
 * The one difference: the path in an error about an unresolvable value starts at the
 * subtree cdktf was handed, not at the stack root.
 */
export function withPlainValueFastPath<T>(body: () => T): T {
  const original = Tokenization.resolve;
  if (original === fastResolve) return body();
  stock = original;
  Tokenization.resolve = fastResolve;
  try {
    return body();
  } finally {
    Tokenization.resolve = original;
  }
}

let stock: Resolve = Tokenization.resolve;

function fastResolve(obj: unknown, options: ResolveOptions): unknown {
  return resolveValue(obj, options, 0);
}

function resolveValue(obj: unknown, options: ResolveOptions, depth: number): unknown {
  switch (typeof obj) {
    case "undefined":
    case "boolean":
      return obj;
    case "string":
      return plainString(obj) ? obj : stock.call(Tokenization, obj, options);
    case "number":
      return plainNumber(obj) ? obj : stock.call(Tokenization, obj, options);
    case "object":
      if (obj === null || obj instanceof Date) return obj;
      if (depth > MAX_DEPTH) return stock.call(Tokenization, obj, options);
      return Array.isArray(obj) ? resolveArray(obj, options, depth) : resolveObject(obj as Record<string, unknown>, options, depth);
    default:
      return stock.call(Tokenization, obj, options);
  }
}

/** cdktf treats a list holding a list token as a whole, so any token in a list sends it all to cdktf. */
function resolveArray(list: readonly unknown[], options: ResolveOptions, depth: number): unknown {
  for (const x of list) {
    if ((typeof x === "string" && !plainString(x)) || (typeof x === "number" && !plainNumber(x)))
      return stock.call(Tokenization, list, options);
  }
  const out: unknown[] = [];
  for (const x of list) {
    const value = resolveValue(x, options, depth + 1);
    if (value !== undefined) out.push(value);
  }
  return out;
}

function resolveObject(obj: Record<string, unknown>, options: ResolveOptions, depth: number): unknown {
  const keys = Object.keys(obj);
  // Resolvables, constructs (an error in cdktf) and objects with token keys are cdktf's to handle.
  if (typeof obj.resolve === "function" || (obj._children !== undefined && obj._metadata !== undefined) || !keys.every(plainString)) {
    return stock.call(Tokenization, obj, options);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = resolveValue(obj[key], options, depth + 1);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function plainString(s: string): boolean {
  return !s.includes(TOKEN_MARKER) && s !== Token.STRING_MAP_TOKEN_VALUE && s !== Token.ANY_MAP_TOKEN_VALUE && !mayHoldNumberToken(s);
}

/**
 * Whether cdktf's NUMBER_TOKEN_REGEX, `[-|\d|.+]+(e[-|\d|.|e|E|+]+)`, matches somewhere in `s`:
 * exactly when some `e` has one of the first set before it and one of the second after it.
 */
function mayHoldNumberToken(s: string): boolean {
  for (let i = s.indexOf("e", 1); i > 0 && i < s.length - 1; i = s.indexOf("e", i + 1)) {
    if (isMantissaChar(s.charCodeAt(i - 1)) && isExponentChar(s.charCodeAt(i + 1))) return true;
  }
  return false;
}
/** `[-|\d.+]`, by code: every string of every stack is tested. */
const isMantissaChar = (c: number): boolean => (c >= 48 && c <= 57) || c === 45 || c === 124 || c === 46 || c === 43;
/** `[-|\d.eE+]` */
const isExponentChar = (c: number): boolean => isMantissaChar(c) || c === 101 || c === 69;

/** A number is plain unless it encodes a number token or a number-list token. */
function plainNumber(n: number): boolean {
  if (n === Token.NUMBER_MAP_TOKEN_VALUE) return false;
  return Math.abs(n) < TOKEN_MAGNITUDE || (!Token.isUnresolved(n) && !Token.isUnresolved([n]));
}
