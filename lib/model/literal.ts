/**
 * Realm values are data. Terraform reads every string of a stack, and every key of a map
 * inside an argument, as a template: `${...}` interpolates and `%{...}` runs a directive, so a
 * tag value `${file("/proc/self/environ")}` would make Terraform read that file. Doubling the
 * opening character (`$${`, `%%{`) is Terraform's own escape and yields exactly the text the
 * user wrote (`$${x}` becomes `$$${x}`, which Terraform reads back as `$${x}`).
 *
 * This is applied once, where the realm model is built from the validated configuration: every
 * string that reaches a construct from a realm file or layer passes through it, whatever the
 * field. Values Realmkit computes (references, names it derives) are not template text from the
 * user and are not touched. The structural check (lib/verify/interpolation.ts) then refuses any
 * interpolation Realmkit's own code did not create.
 */
export function escapeTemplate(text: string): string {
  if (!text.includes("{")) return text;
  return text.replace(/([$%])\{/g, "$1$1{");
}

/** A deep copy of `value` with every string and every map key template-escaped; maps stay null-prototype. */
export function terraformLiterals<T>(value: T): T {
  if (typeof value === "string") return escapeTemplate(value) as T;
  if (Array.isArray(value)) return value.map(terraformLiterals) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(value)) out[escapeTemplate(k)] = terraformLiterals(v);
  return out as T;
}
