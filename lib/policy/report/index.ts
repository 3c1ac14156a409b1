import { RealmkitError } from "../../config/errors";
import { maskText } from "../../secrets/mask";
import type { PolicyResult } from "../engine";
import { formatJson } from "./json";
import { formatJunit } from "./junit";
import { formatSarif } from "./sarif";
import { formatTable } from "./table";

export const REPORT_FORMATS = ["table", "json", "sarif", "junit"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  readonly version?: string;
  readonly baseDir?: string;
  readonly now?: Date;
  /** See SarifOptions: the repository path of a stack checked from a scratch folder. */
  readonly displayPath?: (file: string) => string;
  readonly realmFile?: (realm: string) => string | undefined;
}

export function parseReportFormat(value: string): ReportFormat {
  if ((REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new RealmkitError("RK-CLI-BAD-OPTION", `--format must be one of ${REPORT_FORMATS.join(", ")}, got \`${value}\``, {
    value,
    fix: `use --format ${REPORT_FORMATS.join(" | ")}`,
  });
}

/** A report in `format`, masked: reasons quote attribute values, and reports are uploaded to CI. */
export function formatReport(result: PolicyResult, format: ReportFormat, options: ReportOptions = {}): string {
  return maskText(unmaskedReport(result, format, options));
}

function unmaskedReport(result: PolicyResult, format: ReportFormat, options: ReportOptions): string {
  switch (format) {
    case "table":
      return formatTable(result);
    case "json":
      return formatJson(result, options);
    case "sarif":
      return formatSarif(result, options);
    case "junit":
      return formatJunit(result);
  }
}

export { formatJson, formatJunit, formatSarif, formatTable };
export { summarize, summaryLine, type Summary } from "./summary";
