import { createRequire } from "node:module";

/**
 * Runs secretlint's recommended preset synchronously over one text.
 *
 * Why not `@secretlint/core`'s `lintSource`: it returns a Promise, while Realmkit's checks
 * (realm validation, the policy engine) are synchronous. Every text rule of the preset reports
 * synchronously from its `file(source)` handler, so this driver implements the public rule API
 * (`create(context, options)` → `{ file(source) }`, `context.report`, `context.createTranslator`)
 * and nothing more. `__tests__/secrets/secretlint-engine.test.ts` checks that it finds exactly
 * what `lintSource` finds, so an upgrade of secretlint that changes the API fails loudly.
 */

export interface SecretlintHit {
  /** The preset's rule id without the `@secretlint/secretlint-rule-` prefix, e.g. `github`. */
  readonly rule: string;
  readonly messageId: string;
  /** Offsets into the scanned text, end exclusive (some rules start the range at the key name). */
  readonly range: readonly [number, number];
  /** The credential itself when the rule names it in its message data, for exact masking. */
  readonly secret?: string;
}

interface Translated {
  readonly message: string;
  readonly messageId: string;
  readonly data?: unknown;
}
interface ReportDescriptor {
  readonly message: Translated;
  readonly range: readonly [number, number];
}
interface Rule {
  readonly meta: { readonly id: string; readonly type: string; readonly supportedContentTypes?: readonly string[] };
  create(context: unknown, options: unknown): { file?: (source: unknown) => unknown };
}

/**
 * Rules left out of the preset, with why:
 * - filter-comments: honours `secretlint-disable` comments; a realm value saying
 *   `secretlint-disable` must not switch the scanner off for the values after it.
 */
const EXCLUDED = new Set(["@secretlint/secretlint-rule-filter-comments"]);

/**
 * Per-rule options: none. The AWS rule's optional id scan (`enableIDScanRule`) also reports
 * account ids, which are configuration in every AWS realm, and its account-id expression costs
 * more than all other rules together on a large stack; patterns.ts scans access key ids instead.
 */
const OPTIONS: Readonly<Record<string, unknown>> = Object.create(null) as Record<string, unknown>;

/** Reports dropped (none while the id scan is off; kept so enabling it cannot flag account ids). */
const DROPPED_MESSAGES = new Set(["AWSAccountID"]);

type Handler = (source: unknown) => unknown;
interface Created {
  readonly id: string;
  readonly file: Handler;
  readonly sink: { current: SecretlintHit[] };
}
let handlers: readonly Created[] | undefined;

/** Loads the preset once per process and creates each rule once (rules keep no per-file state). */
function engine(): readonly Created[] {
  if (handlers) return handlers;
  // The preset is an ES module; require() of ESM works on the supported Node lines.
  const preset = createRequire(__filename)("@secretlint/secretlint-rule-preset-recommend") as { rules: readonly Rule[] };
  const created: Created[] = [];
  for (const rule of preset.rules) {
    if (rule.meta.type !== "scanner" || EXCLUDED.has(rule.meta.id)) continue;
    if (rule.meta.supportedContentTypes && !rule.meta.supportedContentTypes.some((t) => t === "text" || t === "all")) continue;
    const sink = { current: [] as SecretlintHit[] };
    const id = rule.meta.id.replace(/^@secretlint\/secretlint-rule-/, "");
    const context = {
      sharedOptions: {},
      createTranslator: (messages: Record<string, unknown>) => (messageId: string, props?: unknown) => ({
        message: translate(messages[messageId], props),
        messageId,
        data: props,
      }),
      report: (d: ReportDescriptor) => {
        if (DROPPED_MESSAGES.has(d.message.messageId)) return;
        const named =
          d.message.data && typeof d.message.data === "object"
            ? Object.values(d.message.data).find((v) => typeof v === "string" && v.length >= 8)
            : undefined;
        sink.current.push({
          rule: id,
          messageId: d.message.messageId,
          range: [d.range[0], d.range[1]],
          ...(typeof named === "string" ? { secret: named } : {}),
        });
      },
      ignore: () => {},
    };
    const file = rule.create(context, OPTIONS[rule.meta.id] ?? {}).file;
    if (file) created.push({ id, file, sink });
  }
  handlers = created;
  return created;
}

function translate(handler: unknown, props: unknown): string {
  const pick = typeof handler === "function" ? handler : (handler as Record<string, unknown> | undefined)?.en;
  return typeof pick === "function" ? String((pick as (p: unknown) => unknown)(props ?? {})) : "";
}

/** Every credential the preset finds in `text`. */
export function secretlintScan(text: string): SecretlintHit[] {
  const source = { content: text, filePath: undefined, ext: ".txt", contentType: "text", hasBOM: false };
  const hits: SecretlintHit[] = [];
  for (const h of engine()) {
    h.sink.current = hits;
    const out = h.file(source);
    // A text rule that turned asynchronous would report late and be missed: refuse loudly instead.
    if (out && typeof (out as Promise<unknown>).then === "function")
      throw new Error(`secretlint rule ${h.id} is asynchronous; the synchronous driver cannot run it`);
  }
  return hits;
}

/** The rule ids in use, for docs and tests. */
export function secretlintRuleIds(): string[] {
  return engine().map((h) => h.id);
}
