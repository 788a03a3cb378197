import type { LogEvent } from './logEvent';

/**
 * Merges what overlapping fetches return so each event is shown once. Live Tail events carry no
 * eventId, so events are matched on their content (log group, stream, timestamp, message), and each
 * fetch ("generation": one Live Tail session, one FilterLogEvents window) is counted separately: an
 * event is new when its generation has now delivered it more times than any other generation did.
 * That is the multiset union, so two genuinely identical lines written in the same millisecond still
 * show twice, while the same line seen by a session and by the backfill after it shows once.
 */
export class SeamDeduper {
  private readonly seen = new Map<string, { timestamp: number; shown: number; perGen: Map<number, number> }>();
  private nextGen = 1;

  /** A new fetch whose deliveries are counted on their own. */
  generation(): number {
    return this.nextGen++;
  }

  /** True when the event should be shown (and records it). */
  accept(event: LogEvent, generation: number): boolean {
    const key = contentKey(event);
    let entry = this.seen.get(key);
    if (!entry) {
      entry = { timestamp: event.timestamp, shown: 0, perGen: new Map() };
      this.seen.set(key, entry);
    }
    const count = (entry.perGen.get(generation) ?? 0) + 1;
    entry.perGen.set(generation, count);
    if (count > entry.shown) {
      entry.shown = count;
      return true;
    }
    return false;
  }

  /** Forgets events older than `horizon`: no later fetch window starts before it. */
  prune(horizon: number): void {
    for (const [key, entry] of this.seen) if (entry.timestamp < horizon) this.seen.delete(key);
  }

  get size(): number {
    return this.seen.size;
  }
}

function contentKey(e: LogEvent): string {
  return `${e.logGroup ?? ''}\u0000${e.logStream ?? ''}\u0000${e.timestamp}\u0000${e.message}`;
}

/**
 * The eventIds of a polling window: a later window that overlaps it returns some of the same events,
 * which are dropped by id. Ids older than the next window's start can never come back and are forgotten.
 */
export class EventIdWindow {
  private readonly ids = new Map<string, number>();

  /** True when the id is new (and records it). */
  accept(eventId: string, timestamp: number): boolean {
    if (this.ids.has(eventId)) return false;
    this.ids.set(eventId, timestamp);
    return true;
  }

  prune(horizon: number): void {
    for (const [id, ts] of this.ids) if (ts < horizon) this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
