import type { JournalEvent } from "../journal/events.js";
import type { IncidentState } from "../journal/fold.js";
import { names, type LogContext, type LogNames } from "./names.js";
import { KEPT_LISTS, renderInPieces, renderItems, type KeptList, type LogPlan, type Piece } from "./sections.js";
import { timelineOf, TimelineBuilder, type LogRow, type OpenGroup } from "./timeline.js";
import { buildLogHead, decisionItem, messageItems, noteItem, snapshotItem } from "./view.js";

/**
 * The incident log kept current event by event: each growing list's rendered text, the timeline's
 * open group (a row later events may still join) and its last rows (the Now section shows five).
 * An event appended at the end of the journal, in time order, renders its own row and the lists it
 * touches; anything else (an approval, which moves rows already shown; an event dated before the
 * latest one; a sync insert) is the caller's cue to build it again from every event (`full`). The
 * result is always byte-identical to rendering the whole template from the whole state.
 */

/** What a checkpoint keeps of the log: plain data. */
export interface LogCache {
  /** Each list's rendered text, in pieces: strings this process rendered, bytes a checkpoint kept. */
  lists: Record<KeptList, { text: Piece[]; count: number }>;
  open?: OpenGroup;
  /** The last finished timeline rows that are not notifications (at most five). */
  recent: LogRow[];
}

const NOW_ROWS = 5;
const notNotified = (r: LogRow) => r.event !== "notified";
/** Events that change an entry of "Messages as published" already rendered. */
const MESSAGE_EVENTS = new Set(["published", "approved", "approval_requested", "draft_created", "replica_joined"]);

export class IncrementalLog {
  private readonly n: LogNames;

  private constructor(
    private readonly plan: LogPlan,
    state: IncidentState,
    ctx: LogContext,
    readonly cache: LogCache,
  ) {
    this.n = names(state, ctx);
  }

  /** The log of a state that holds every event. */
  static full(plan: LogPlan, state: IncidentState, ctx: LogContext): IncrementalLog {
    const log = new IncrementalLog(plan, state, ctx, { lists: emptyLists(), recent: [] });
    const n = log.n;
    const { rows, open } = timelineOf(state, n);
    // The last row is still open when the last event started or joined a group.
    if (open) log.cache.open = open;
    const done = open ? rows.slice(0, -1) : rows;
    log.cache.lists.timeline = { text: [renderItems(plan, "timeline", done)], count: rows.length };
    log.cache.recent = done.filter(notNotified).slice(-NOW_ROWS);
    log.setList("decisions", state.decisions.map(decisionItem));
    log.setList("notes", state.notes.map(noteItem));
    log.setList("snapshots", state.snapshots.map(snapshotItem));
    log.setList("messages", messageItems(state, n));
    return log;
  }

  /** A log restored from a checkpoint of the same template, playbook and titles. */
  static restore(plan: LogPlan, state: IncidentState, ctx: LogContext, cache: LogCache): IncrementalLog {
    return new IncrementalLog(plan, state, ctx, cache);
  }

  private setList<K extends KeptList>(list: K, items: Parameters<typeof renderItems<K>>[2]): void {
    this.cache.lists[list] = { text: [renderItems(this.plan, list, items)], count: items.length };
  }

  private appendList<K extends KeptList>(list: K, items: Parameters<typeof renderItems<K>>[2]): void {
    const kept = this.cache.lists[list];
    kept.text.push(renderItems(this.plan, list, items));
    kept.count += items.length;
  }

  /**
   * Whether `e`, the next event in fold order, can be added without building the log again.
   * `before` is the state before `e` is folded.
   */
  static appendable(before: IncidentState, e: JournalEvent): boolean {
    if (e.at < before.latestAt || e.type === "approved") return false;
    // A text drafted after rows already named it (its request, a rejection): those rows change.
    if (e.type === "draft_created" && before.approvals[e.data.hash] !== undefined) return false;
    // A request after an approval of the same text changes that approval's row ("asked …").
    if (e.type === "approval_requested" && (before.approvals[e.data.hash]?.approved.length ?? 0) > 0) return false;
    return true;
  }

  /** Adds `e`, already folded into `state` (which it must be appendable to). */
  add(state: IncidentState, e: JournalEvent, newReplica: boolean): void {
    const c = this.cache;
    const emitted: LogRow[] = [];
    const previous = c.open;
    const builder = new TimelineBuilder(this.n, (row) => emitted.push(row), undefined, c.open);
    builder.add(e, state);
    c.open = builder.open;
    // Rows finished now: the group that was open, if another row started, and every new row but an open one.
    const finished: LogRow[] = [];
    if (previous && builder.open !== previous) finished.push(previous.row);
    for (const row of emitted) if (row !== builder.open?.row) finished.push(row);
    const timeline = c.lists.timeline;
    if (finished.length > 0) timeline.text.push(renderItems(this.plan, "timeline", finished));
    timeline.count += emitted.length;
    c.recent = [...c.recent, ...finished.filter(notNotified)].slice(-NOW_ROWS);
    if (e.type === "decision") this.appendList("decisions", [decisionItem(state.decisions.at(-1)!)]);
    if (e.type === "note") this.appendList("notes", [noteItem(state.notes.at(-1)!)]);
    if (e.type === "metric_snapshot") this.appendList("snapshots", [snapshotItem(state.snapshots.at(-1)!)]);
    if (MESSAGE_EVENTS.has(e.type) || newReplica) this.setList("messages", messageItems(state, this.n));
  }

  /** The whole log, in pieces to be written one after another. */
  render(state: IncidentState): Piece[] {
    const c = this.cache;
    const lists = { ...c.lists };
    // The open group's row is rendered each time: later events may still change it.
    if (c.open) {
      const open = renderItems(this.plan, "timeline", [c.open.row]);
      lists.timeline = { text: [...lists.timeline.text, open], count: lists.timeline.count };
    }
    const recent = c.open ? [...c.recent, c.open.row] : c.recent;
    return renderInPieces(this.plan, buildLogHead(state, this.n, recent), lists);
  }
}

function emptyLists(): LogCache["lists"] {
  return Object.fromEntries(KEPT_LISTS.map((l) => [l, { text: [] as Piece[], count: 0 }])) as LogCache["lists"];
}
