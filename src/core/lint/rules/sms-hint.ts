import { isGsm } from "../../channels/count.js";
import type { Channel } from "../../channels/registry.js";
import type { TemplateEntry } from "../rule.js";
import { inTemplate } from "./vars.js";

/** SMS falls from 160 GSM-7 characters to 70 UCS-2 ones for a single character outside GSM-7: name it. */
export function smsHint(entry: TemplateEntry, channel: Channel, unit: string): string {
  if (channel.counting !== "sms" || !/UCS-2/.test(unit)) return "";
  const body = entry.template?.body ?? "";
  const ch = firstNonGsm(body);
  if (ch === undefined) return "";
  const where = inTemplate(entry, ch.offset, 1);
  const plain = PLAIN[ch.char];
  return ` ("${ch.char}" at ${where.file}:${where.line}:${where.column} is outside GSM-7, so the whole text counts as UCS-2 with a limit of 70${plain ? `; write ${plain} instead` : ""})`;
}

const PLAIN: Record<string, string> = {
  "\u2019": "'",
  "\u2018": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2026": "...",
  "\u00a0": "a plain space",
};

function firstNonGsm(text: string): { char: string; offset: number } | undefined {
  let offset = 0;
  for (const char of text) {
    if (!isGsm(char)) return { char, offset };
    offset += char.length;
  }
  return undefined;
}
