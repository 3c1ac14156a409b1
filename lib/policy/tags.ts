import { dict } from "../config/dict";
import table from "./data/taggable.json";
import type { ResourceView, StackView } from "./view/types";
import { block, dig, isObject } from "./view/values";

export interface TaggableEntry {
  /** Attribute path of the tags/labels map on the resource. */
  readonly path: readonly string[];
  /** Provider defaults (AWS default_tags, Google default_labels) reach the resource. */
  readonly defaults: boolean;
}

const generated = dict(table.resources as Readonly<Record<string, { attribute: string; defaults: boolean }>>);

// Labels the bindings scan cannot see because they sit in a nested block.
const NESTED: Readonly<Record<string, TaggableEntry>> = dict({
  google_sql_database_instance: { path: ["settings", "user_labels"], defaults: false },
});

/** Every resource type that takes tags/labels. */
export const TAGGABLE_TYPES: readonly string[] = [...Object.keys(generated), ...Object.keys(NESTED)].sort();

/**
 * Whether (and where) a resource type takes tags/labels, from a table generated from the
 * provider bindings (scripts/gen-taggable.ts) of the versions Realmkit pins.
 */
export function taggable(type: string): TaggableEntry | undefined {
  const nested = NESTED[type];
  if (nested) return nested;
  const entry = generated[type];
  return entry ? { path: [entry.attribute], defaults: entry.defaults } : undefined;
}

/** Provider defaults for the provider configuration a resource uses. */
export function providerDefaults(resource: ResourceView, stack: StackView): Record<string, unknown> {
  const provider = stack.providers.find((p) => p.key === resource.providerKey);
  if (!provider) return {};
  if (provider.type === "aws") {
    const tags = block(provider.values, "default_tags").tags;
    return isObject(tags) ? tags : {};
  }
  if (provider.type === "google" || provider.type === "google-beta") {
    const labels = provider.values.default_labels;
    return isObject(labels) ? labels : {};
  }
  return {};
}

/**
 * The tags/labels a resource ends up with: provider defaults merged under the resource's own,
 * or, from a plan, the provider's computed effective map (`tags_all`, `effective_labels`).
 * `undefined` when the map is an expression the checker cannot read.
 */
export function effectiveTags(resource: ResourceView, stack: StackView): Record<string, unknown> | undefined {
  const entry = taggable(resource.type);
  if (!entry) return undefined;
  const computed = resource.values.tags_all ?? resource.values.effective_labels;
  if (stack.format === "plan" && isObject(computed)) return computed;
  const own = entry.path.length === 1 ? resource.values[entry.path[0]!] : dig(resource.values, ...entry.path);
  if (own !== undefined && own !== null && !isObject(own)) return undefined;
  return { ...(entry.defaults ? providerDefaults(resource, stack) : {}), ...(own ?? {}) };
}

/**
 * The realm's tags as the stack itself states them: provider default tags/labels, else the
 * tags of the first resource carrying a `realm` tag. Used when no realm model is at hand.
 */
export function stackTags(stack: StackView): Record<string, string> {
  const strings = (m: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === "string"));
  for (const p of stack.providers) {
    const defaults = p.type === "aws" ? block(p.values, "default_tags").tags : p.values.default_labels;
    if (isObject(defaults) && "realm" in defaults) return strings(defaults);
  }
  for (const r of stack.resources) {
    const tags = effectiveTags(r, stack);
    if (tags && typeof tags.realm === "string") return strings(tags);
  }
  return {};
}
