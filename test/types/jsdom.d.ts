// The little of jsdom the mermaid test uses (jsdom ships no types, and @types/jsdom is not installed).
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string, options?: Record<string, unknown>);
    readonly window: { readonly document: unknown; close(): void } & Record<string, unknown>;
  }
}
