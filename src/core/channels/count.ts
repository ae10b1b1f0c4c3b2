import type { Channel } from "./registry.js";
import { xWeightedLength } from "./x-weighted.js";

export interface Count {
  /** Length in the channel's units. */
  length: number;
  /** The limit that applies to this text (SMS drops to 70 outside GSM-7); null for none. */
  limit: number | null;
  /** How many over the limit; 0 when it fits. */
  over: number;
  /** The rule used, for the user: "weighted (URLs 23)", "graphemes" … */
  unit: string;
}

// Created on first need: creating it loads ICU's break rules (10-30 ms of a `crisis lint` run).
let segmenter: Intl.Segmenter | undefined;

/**
 * Up to U+024F (ASCII, Latin-1 and Latin Extended: English, Danish, German, French … text) no
 * character joins the next in a grapheme except CR before LF: test/channels/count.test.ts checks
 * every pair against Intl.Segmenter.
 */
function isLatin(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x24f) return false;
  return true;
}

function graphemeLength(text: string): number {
  if (isLatin(text)) return text.length - (text.match(/\r\n/g)?.length ?? 0);
  let n = 0;
  for (const _ of (segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(text)) n++;
  return n;
}

// GSM 03.38 basic set, and the extension set whose characters take two septets.
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM_EXTENDED = new Set("^{}\\[~]|€\f");

/** Whether a character can be sent in a GSM-7 SMS (the basic set or its extension). */
export function isGsm(ch: string): boolean {
  return GSM_BASIC.has(ch) || GSM_EXTENDED.has(ch);
}

function smsCount(text: string): { length: number; limit: number; unit: string } {
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      // One character outside GSM-7 switches the whole message to UCS-2: 70 UTF-16 units a segment.
      return { length: text.length, limit: 70, unit: "UCS-2 characters (text has characters outside GSM-7)" };
    }
  }
  return { length: septets, limit: 160, unit: "GSM-7 characters" };
}

const URL_PATTERN = /\bhttps?:\/\/[^\s]+/g;

function mastodonLength(text: string): number {
  // Mastodon counts every link as 23 characters, whatever its length.
  let length = 0;
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    length += [...text.slice(last, match.index)].length + 23;
    last = match.index + match[0].length;
  }
  return length + [...text.slice(last)].length;
}

export function countFor(channel: Channel, text: string): Count {
  let length: number;
  let limit = channel.limit;
  let unit: string;
  switch (channel.counting) {
    case "x-weighted":
      length = xWeightedLength(text);
      unit = "weighted characters (links 23, emoji and CJK 2)";
      break;
    case "graphemes":
      length = graphemeLength(text.normalize("NFC"));
      unit = "graphemes";
      break;
    case "mastodon":
      length = mastodonLength(text);
      unit = "characters (links 23)";
      break;
    case "sms": {
      const sms = smsCount(text);
      length = sms.length;
      unit = sms.unit;
      if (limit !== null) limit = Math.min(limit, sms.limit);
      break;
    }
    default:
      length = [...text].length;
      unit = "characters";
  }
  return { length, limit, over: limit === null ? 0 : Math.max(0, length - limit), unit };
}
