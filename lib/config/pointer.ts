/**
 * Paths into a realm configuration, as JSON Pointers (RFC 6901): the form ajv reports
 * errors in, so schema errors map to source lines without translation.
 */
export type Pointer = string;

export function childPointer(parent: Pointer, key: string | number): Pointer {
  return `${parent}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

export function pointerSegments(pointer: Pointer): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** `/clouds/0/region` → `clouds[0].region`: how people write paths on the command line. */
export function pointerToDotted(pointer: Pointer): string {
  return pointerSegments(pointer)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join("");
}

/** `clouds[0].region` or `clouds.0.region` → `/clouds/0/region`. */
export function dottedToPointer(dotted: string): Pointer {
  if (dotted === "" || dotted === ".") return "";
  const segments = dotted
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((s) => s !== "");
  return segments.reduce<Pointer>((p, s) => childPointer(p, s), "");
}

/** True when `pointer` is `ancestor` or lies below it. */
export function isWithin(pointer: Pointer, ancestor: Pointer): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

export function valueAt(root: unknown, pointer: Pointer): unknown {
  let node: unknown = root;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
