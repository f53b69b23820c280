// Live history for subscribers. Entries are published in idx order once they are durable (the server calls
// publishUpTo after acknowledging a command), fanned out to the subscribers of their view, and queued per
// subscriber with a bound: a reader that falls too far behind is ended with a message telling it where to resume.
import { apiError } from "../errors/index.js";
import type { Kernel } from "../../kernel/index.js";
import { subscriber_queue_events_max } from "../config/limits.js";
import { RewriteObject } from "../graph-api/objects.js";

/** Entries read from history per kernel call while publishing or catching a subscriber up. */
const history_read_batch_entries = 1000;

export class RewriteFeed {
  /** Highest idx handed to subscribers; entries at boot (recovered from the log) count as published. */
  private published: number;
  private readonly byView = new Map<string, Set<FeedSubscription>>();

  constructor(private readonly kernel: Kernel) {
    this.published = kernel.nextIdx - 1;
  }

  get lastPublished(): number {
    return this.published;
  }

  get subscriberCount(): number {
    let count = 0;
    for (const set of this.byView.values()) count += set.size;
    return count;
  }

  /** Hands every entry with idx in (lastPublished, upTo] to the subscribers of its view, in idx order. */
  publishUpTo(upTo: number): void {
    if (this.byView.size === 0) {
      // Nobody listens: nothing to decode. Entries stay readable through Query.rewrites and `after`.
      this.published = Math.max(this.published, Math.min(upTo, this.kernel.nextIdx - 1));
      return;
    }
    while (this.published < upTo) {
      const page = this.kernel.rewrites({ after: this.published < 0 ? null : this.published, first: history_read_batch_entries });
      if (page.items.length === 0) break;
      for (const entry of page.items) {
        if (entry.idx > upTo) return;
        this.published = entry.idx;
        const event = new RewriteObject(entry);
        for (const view of event.views) for (const subscriber of this.byView.get(view) ?? []) subscriber.push(event);
      }
    }
  }

  /**
   * A subscription to one view's entries with idx > after (after null: from now on). Entries already published
   * are sent first; the registration and the catch-up happen in one synchronous step, so none is missed or doubled.
   */
  subscribe(view: string, after: number | null): FeedSubscription {
    const subscription = new FeedSubscription(() => {
      const set = this.byView.get(view);
      set?.delete(subscription);
      if (set?.size === 0) this.byView.delete(view);
    });
    if (after !== null) this.catchUp(subscription, view, after);
    let set = this.byView.get(view);
    if (set === undefined) this.byView.set(view, (set = new Set()));
    set.add(subscription);
    return subscription;
  }

  private catchUp(subscription: FeedSubscription, view: string, after: number): void {
    let cursor = after;
    for (;;) {
      const page = this.kernel.rewrites({ view, after: cursor < 0 ? null : cursor, first: history_read_batch_entries });
      for (const entry of page.items) {
        if (entry.idx > this.published) return;
        if (subscription.queued >= subscriber_queue_events_max) {
          throw apiError(
            "INVALID_INPUT",
            `after: ${after} leaves more than ${subscriber_queue_events_max} entries of ${view} to catch up ` +
              `(subscriber_queue_events_max); read them with Query.rewrites(view, page: {after: ${after}}) and ` +
              `subscribe with the last idx you read`,
          );
        }
        subscription.push(new RewriteObject(entry));
        cursor = entry.idx;
      }
      if (!page.pageInfo.hasNextPage || page.items.length === 0) return;
    }
  }

  /** Ends every subscription (shutdown): iterators finish after what they already queued. */
  closeAll(): void {
    for (const set of this.byView.values()) for (const subscription of [...set]) subscription.finish();
    this.byView.clear();
  }
}

/** One subscriber's bounded queue, read as an async iterator (what graphql-js's subscribe expects). */
export class FeedSubscription implements AsyncIterableIterator<RewriteObject> {
  private readonly queue: RewriteObject[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<RewriteObject>) => void) | null = null;
  private done = false;
  private failure: Error | null = null;
  private lastIdx: number | null = null;

  constructor(private readonly unsubscribe: () => void) {}

  get queued(): number {
    return this.queue.length - this.head;
  }

  push(event: RewriteObject): void {
    if (this.done || this.failure !== null) return;
    if (this.waiting !== null) {
      const resolve = this.waiting;
      this.waiting = null;
      this.lastIdx = event.idx;
      resolve({ value: event, done: false });
      return;
    }
    if (this.queued >= subscriber_queue_events_max) {
      this.failure = apiError(
        "CONFLICT",
        `this subscriber fell ${subscriber_queue_events_max} entries behind (subscriber_queue_events_max) and was ` +
          `ended; subscribe again with after: ${this.lastIdx ?? "the last idx you received"} to resume without gaps`,
      );
      this.unsubscribe();
      return;
    }
    this.queue.push(event);
  }

  finish(): void {
    this.done = true;
    this.unsubscribe();
    if (this.waiting !== null && this.queued === 0) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<RewriteObject>> {
    if (this.queued > 0) {
      const event = this.queue[this.head]!;
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.lastIdx = event.idx;
      return Promise.resolve({ value: event, done: false });
    }
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<RewriteObject>> {
    this.done = true;
    this.queue.length = this.head = 0;
    this.unsubscribe();
    if (this.waiting !== null) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
