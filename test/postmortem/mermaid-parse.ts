import { JSDOM } from "jsdom";

/** mermaid's own parser for a chart, loaded once per test file (it needs a DOM even to parse; jsdom gives one). */
interface Mermaid {
  initialize(config: Record<string, unknown>): void;
  parse(text: string): Promise<{ diagramType: string } | false>;
}

let ready: Promise<Mermaid> | undefined;

export async function parseMermaid(text: string): Promise<boolean> {
  ready ??= (async () => {
    const dom = new JSDOM("<!doctype html><html><body></body></html>");
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
    const mermaid = ((await import("mermaid")) as unknown as { default: Mermaid }).default;
    mermaid.initialize({ startOnLoad: false });
    return mermaid;
  })();
  return (await (await ready).parse(text)) !== false;
}
