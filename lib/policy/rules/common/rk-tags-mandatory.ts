import { MANDATORY_TAGS } from "../../../model/tags";
import { profiles as providerProfiles } from "../../../model/providers";
import { CLOUD_OF_PROVIDER } from "../../regions";
import { effectiveTags, TAGGABLE_TYPES } from "../../tags";
import { defineResourceRule, failIfAny, notApplicable } from "../../types";
import { isExpression, isUnknown } from "../../view/values";

export default defineResourceRule({
  id: "RK-TAGS-MANDATORY",
  title: "Every taggable resource carries the realm's mandatory tags/labels",
  description: `Tags ${MANDATORY_TAGS.join(", ")} on every resource that takes tags (AWS via provider default_tags, GCP labels, Azure tags), with the realm's values when the realm is known. Cost reports, access policies and incident response depend on them.`,
  severity: "medium",
  provider: "any",
  resourceTypes: TAGGABLE_TYPES,
  appliesTo: "every resource that takes tags/labels",
  publicIds: {},
  fix: "AWS: keep the realm tags in the provider's default_tags and do not override them per resource; GCP/Azure: pass the realm labels/tags to the resource (the kits do)",
  check(r, ctx) {
    const tags = effectiveTags(r, ctx.stack);
    if (!tags) return notApplicable("the tags/labels are an expression the checker cannot read");
    const cloud = CLOUD_OF_PROVIDER[r.providerType];
    const key = cloud ? providerProfiles[cloud].tagKey : (k: string) => k;
    const problems: string[] = [];
    for (const name of MANDATORY_TAGS) {
      const k = key(name);
      const value = tags[k];
      if (value === undefined || value === null || value === "") {
        problems.push(`missing \`${k}\``);
        continue;
      }
      if (isExpression(value) || isUnknown(value)) continue;
      const expected = ctx.expectedTags?.[k];
      if (expected !== undefined && value !== expected)
        problems.push(`\`${k}\` is ${JSON.stringify(value)}, expected ${JSON.stringify(expected)}`);
    }
    return failIfAny(problems);
  },
});
