import type { Paint } from "../../adapters/terminal/paint.js";
import { Lexer, type Token, type Tokens } from "marked";
import { neutralise } from "../../adapters/terminal/sanitize.js";

/**
 * A step's guidance is markdown; the responder reads it in a terminal. marked's lexer splits it
 * into tokens and this renders them with chalk: bold, italics, code, lists (numbered or not,
 * nested), quotes, headings, and links as their text with the address after it. Nothing is ever
 * shown as raw `**`, and HTML is shown as the literal text it is. Soft line breaks inside a
 * paragraph become spaces, so the screen writer can wrap each paragraph to the terminal.
 */

function inline(tokens: readonly Token[] | undefined, c: Paint): string {
  return (tokens ?? [])
    .map((t): string => {
      switch (t.type) {
        case "strong":
          return c.bold(inline((t as Tokens.Strong).tokens, c));
        case "em":
          return c.italic(inline((t as Tokens.Em).tokens, c));
        case "del":
          return c.strikethrough(inline((t as Tokens.Del).tokens, c));
        case "codespan":
          return c.cyan((t as Tokens.Codespan).text);
        case "link": {
          const link = t as Tokens.Link;
          const text = inline(link.tokens, c);
          return link.href && link.href !== link.text ? `${text} ${c.dim(`(${link.href})`)}` : text;
        }
        case "image":
          return (t as Tokens.Image).text;
        case "br":
          return " ";
        case "text": {
          const text = t as Tokens.Text;
          return text.tokens ? inline(text.tokens, c) : text.text.replace(/\s*\n\s*/g, " ");
        }
        case "escape":
        case "html":
          return (t as Tokens.Escape | Tokens.HTML).text;
        default:
          return "raw" in t ? String(t.raw) : "";
      }
    })
    .join("");
}

function blocks(tokens: readonly Token[], c: Paint, indent: string): string[] {
  const lines: string[] = [];
  const gap = () => {
    if (lines.length > 0 && lines[lines.length - 1] !== "") lines.push("");
  };
  for (const t of tokens) {
    switch (t.type) {
      case "space":
        break;
      case "paragraph":
        gap();
        lines.push(indent + inline((t as Tokens.Paragraph).tokens, c));
        break;
      case "heading":
        gap();
        lines.push(indent + c.bold(inline((t as Tokens.Heading).tokens, c)));
        break;
      case "list": {
        const list = t as Tokens.List;
        if (indent === "  ") gap();
        list.items.forEach((item, i) => {
          const marker = list.ordered ? `${Number(list.start || 1) + i}. ` : "- ";
          const inner = blocks(item.tokens, c, indent + " ".repeat(marker.length)).filter((l) => l !== "");
          const [first = "", ...rest] = inner;
          lines.push(`${indent}${marker}${first.slice(indent.length + marker.length)}`, ...rest);
        });
        break;
      }
      case "blockquote":
        gap();
        for (const line of blocks((t as Tokens.Blockquote).tokens, c, ""))
          lines.push(line === "" ? "" : `${indent}${c.dim("│")} ${line}`);
        break;
      case "code":
        gap();
        for (const line of (t as Tokens.Code).text.split("\n")) lines.push(`${indent}  ${c.cyan(line)}`);
        break;
      case "hr":
        gap();
        lines.push(indent + c.dim("─".repeat(20)));
        break;
      case "text":
        // A tight list item's text.
        lines.push(indent + inline((t as Tokens.Text).tokens ?? [t], c));
        break;
      default:
        if ("raw" in t && String(t.raw).trim()) lines.push(indent + String(t.raw).trim());
    }
  }
  return lines;
}

/** The guidance as lines for the step screen, indented by two spaces; control characters neutralised first. */
export function renderGuidance(markdown: string, c: Paint): string[] {
  const lines = blocks(new Lexer().lex(neutralise(markdown).trimEnd()), c, "  ");
  while (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
