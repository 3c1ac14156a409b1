import { createHash } from "node:crypto";
import type { Provider } from "../config/types";
import { profiles } from "./providers";

export const NAME_PREFIX = "ibc";

/**
 * The one way to name a cloud resource: `ibc-<realm>-<component>[-<part>...]`, normalised to
 * the provider's rules for that kind of name. A name cut to fit keeps a short hash of the
 * full name so two long names never collapse into one.
 */
export function resourceName(provider: Provider, kind: string, realm: string, ...parts: string[]): string {
  const rules = profiles[provider].names;
  const rule = rules[kind] ?? rules.default;
  const raw = [NAME_PREFIX, realm, ...parts].join("-").toLowerCase();
  const sep = rule.separator;
  let name = [...raw].map((ch) => (rule.allowed.test(ch) ? ch : sep)).join("");
  if (sep) name = name.split(sep).filter(Boolean).join(sep);
  if (name.length <= rule.maxLength) return name;
  const hash = createHash("sha256").update(raw).digest("hex").slice(0, 6);
  const keep = rule.maxLength - hash.length - sep.length;
  return `${name.slice(0, keep).replace(/-+$/, "")}${sep}${hash}`;
}

/**
 * A short, stable hash of a value (e.g. an Azure subscription id), as a name part for resources
 * whose names must be globally unique: the same realm id in two accounts then gets two names.
 */
export function shortHash(value: string, length = 6): string {
  return createHash("sha256").update(value).digest("hex").slice(0, length);
}
