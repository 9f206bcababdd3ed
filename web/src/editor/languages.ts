import type { Extension } from "@codemirror/state";
import { cpp } from "@codemirror/lang-cpp";
import { css } from "@codemirror/lang-css";
import { go } from "@codemirror/lang-go";
import { html } from "@codemirror/lang-html";
import { java } from "@codemirror/lang-java";
import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { markdown } from "@codemirror/lang-markdown";
import { python } from "@codemirror/lang-python";
import { rust } from "@codemirror/lang-rust";
import { sql } from "@codemirror/lang-sql";
import { xml } from "@codemirror/lang-xml";
import { yaml } from "@codemirror/lang-yaml";

const byExtension: Record<string, { name: string; load: () => Extension }> = {
  js: { name: "JavaScript", load: () => javascript() },
  mjs: { name: "JavaScript", load: () => javascript() },
  cjs: { name: "JavaScript", load: () => javascript() },
  jsx: { name: "JavaScript (JSX)", load: () => javascript({ jsx: true }) },
  ts: { name: "TypeScript", load: () => javascript({ typescript: true }) },
  tsx: { name: "TypeScript (TSX)", load: () => javascript({ typescript: true, jsx: true }) },
  py: { name: "Python", load: () => python() },
  json: { name: "JSON", load: () => json() },
  md: { name: "Markdown", load: () => markdown() },
  css: { name: "CSS", load: () => css() },
  html: { name: "HTML", load: () => html() },
  htm: { name: "HTML", load: () => html() },
  rs: { name: "Rust", load: () => rust() },
  c: { name: "C", load: () => cpp() },
  h: { name: "C", load: () => cpp() },
  cc: { name: "C++", load: () => cpp() },
  cpp: { name: "C++", load: () => cpp() },
  hpp: { name: "C++", load: () => cpp() },
  cs: { name: "C#", load: () => java() },
  java: { name: "Java", load: () => java() },
  go: { name: "Go", load: () => go() },
  sql: { name: "SQL", load: () => sql() },
  xml: { name: "XML", load: () => xml() },
  svg: { name: "XML", load: () => xml() },
  csproj: { name: "XML", load: () => xml() },
  yaml: { name: "YAML", load: () => yaml() },
  yml: { name: "YAML", load: () => yaml() },
};

/** The syntax highlighting for a path, chosen by its extension; plain text when none is known. */
export function languageFor(path: string): { name: string; extension: Extension } {
  const dot = path.lastIndexOf(".");
  const known = dot >= 0 ? byExtension[path.slice(dot + 1).toLowerCase()] : undefined;
  return known ? { name: known.name, extension: known.load() } : { name: "Plain text", extension: [] };
}
