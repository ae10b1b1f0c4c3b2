import { utcMinutes } from "../time.js";

/** The values of a post-mortem's view (view.ts), and its lists made at once or as they are rendered. */

type Scalar = string | boolean;
type ViewValue = Scalar | ViewObject | ViewObject[] | LazyList;
export interface ViewObject {
  [key: string]: ViewValue;
}

/**
 * A list of the view made item by item as the template reaches it, so a long incident's timeline,
 * statements and reviews are never all in memory as view objects at once (render.ts streams them).
 */
export class LazyList {
  constructor(
    private readonly items: readonly unknown[],
    private readonly make: (item: never) => ViewObject,
  ) {}

  get length(): number {
    return this.items.length;
  }

  *[Symbol.iterator](): Iterator<ViewObject> {
    for (const item of this.items) yield this.make(item as never);
  }
}

/** How toView turns a report's list into a view list: at once (an array), or lazily. */
export type Many = <T>(items: readonly T[], make: (item: T) => ViewObject) => ViewObject[] | LazyList;
export const eager: Many = (items, make) => items.map(make);
/** For the streaming renderer: lists made as they are rendered. */
export const lazy: Many = (items, make) => new LazyList(items, make);

/** A time as the report writes it (toISOString's form); others are read with Date.parse. */
export const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** "2026-03-04 14:06 UTC" for a report's time: the report's own times are cut, not parsed and formatted again. */
export const isoMinutes = (iso: string): string =>
  CANONICAL.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : utcMinutes(Date.parse(iso));
