import { maskText, maskValue } from "../secrets/mask";

/**
 * The one error type of Realmkit. Every user-facing problem carries a stable code,
 * where it happened (file:line:col), the offending value and how to fix it, so the CLI
 * can print it without a stack trace and CI annotations can point at the line.
 */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface RealmkitErrorDetails {
  readonly location?: SourceLocation;
  readonly value?: unknown;
  readonly fix?: string;
  /** The realm this problem belongs to, when it is about one realm. */
  readonly realm?: string;
}

export class RealmkitError extends Error {
  readonly code: string;
  readonly location?: SourceLocation;
  readonly value?: unknown;
  readonly fix?: string;
  readonly realm?: string;

  constructor(code: string, message: string, details: RealmkitErrorDetails = {}) {
    // Masked here, once: no path from an error to the terminal, a report or CI can show a secret.
    super(maskText(message));
    this.name = "RealmkitError";
    this.code = code;
    this.location = details.location;
    this.value = details.value === undefined ? undefined : maskValue(details.value);
    this.fix = details.fix === undefined ? undefined : maskText(details.fix);
    this.realm = details.realm;
  }

  /**
   * `realms/us2.yaml:14:3  error  RK-CONFIG-UNKNOWN-KEY  realm us2: message` and the fix: the
   * realm is named on the line itself, since a problem in a shared layer shows a layer's file.
   */
  format(): string {
    const where = this.location ? `${formatLocation(this.location)}  ` : "";
    const fix = this.fix ? `\n    fix: ${this.fix}` : "";
    // Unless the message already starts with the realm or one of its stacks (`realm-us2: ...`).
    const named =
      this.realm !== undefined && (this.message.startsWith(`realm ${this.realm}`) || this.message.startsWith(`realm-${this.realm}`));
    const realm = this.realm !== undefined && !named ? `realm ${this.realm}: ` : "";
    return `${where}error  ${this.code}  ${realm}${this.message}${fix}`;
  }

  /** The same problem, said of `realm` (a file's parse error is found before its realm is known). */
  forRealm(realm: string): RealmkitError {
    if (this.realm !== undefined) return this;
    return new RealmkitError(this.code, this.message, { location: this.location, value: this.value, fix: this.fix, realm });
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      file: this.location?.file,
      line: this.location?.line,
      col: this.location?.col,
      value: this.value,
      fix: this.fix,
      realm: this.realm,
    };
  }
}

/** Many problems at once: a whole inventory is checked before anything is reported. */
export class RealmkitErrors extends RealmkitError {
  readonly errors: readonly RealmkitError[];

  constructor(errors: readonly RealmkitError[]) {
    super(errors[0]?.code ?? "RK-ERRORS", `${errors.length} problem(s) found`, {});
    this.errors = errors;
  }

  override format(): string {
    return this.errors.map((e) => e.format()).join("\n");
  }
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

/** Flattens a thrown value into the list of user errors it carries, or undefined for a bug. */
export function userErrors(err: unknown): readonly RealmkitError[] | undefined {
  if (err instanceof RealmkitErrors) return err.errors;
  if (err instanceof RealmkitError) return [err];
  return undefined;
}
