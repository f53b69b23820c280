import type { DiffReport } from "../report/diff-report.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatMarkdown } from "./markdown.js";
import { formatText } from "./text.js";

export type OutputFormat = "text" | "json" | "markdown" | "github";

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "markdown", "github"];

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

export function formatReport(report: DiffReport, format: OutputFormat, options: { color: boolean }): string {
  switch (format) {
    case "text":
      return formatText(report, options);
    case "json":
      return formatJson(report);
    case "markdown":
      return formatMarkdown(report);
    case "github":
      return formatGithub(report);
  }
}
