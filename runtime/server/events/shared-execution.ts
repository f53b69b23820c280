// Fan-out without repeated work: subscribers that run the same subscription document with the same variables get
// the same result for an event, so it is executed once per event and shared (graphql-js would execute the
// selection once per subscriber). Results depend only on the event, the document and the variables: the Rewrite
// type's fields read nothing from the request context.
import { createSourceEventStream, execute } from "graphql";
import type { DocumentNode, ExecutionArgs, ExecutionResult } from "graphql";

type Results = Map<DocumentNode, Map<string, ExecutionResult | Promise<ExecutionResult>>>;

/** Per event object: results by document and variables; dropped with the event. */
const shared = new WeakMap<object, Results>();

function sharedResult(event: unknown, args: ExecutionArgs): ExecutionResult | Promise<ExecutionResult> {
  if (typeof event !== "object" || event === null) return execute({ ...args, rootValue: event });
  let byDocument = shared.get(event);
  if (byDocument === undefined) shared.set(event, (byDocument = new Map()));
  let byVariables = byDocument.get(args.document);
  if (byVariables === undefined) byDocument.set(args.document, (byVariables = new Map()));
  const key = `${args.operationName ?? ""}\u0000${JSON.stringify(args.variableValues ?? {})}`;
  let result = byVariables.get(key);
  if (result === undefined) byVariables.set(key, (result = execute({ ...args, rootValue: event })));
  return result;
}

/** graphql-js's subscribe, with each event's execution shared between identical subscriptions. */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const step = await iterator.next();
      if (step.done === true) return { value: undefined, done: true };
      return { value: await sharedResult(step.value, args), done: false };
    },
    async return() {
      await iterator.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}
