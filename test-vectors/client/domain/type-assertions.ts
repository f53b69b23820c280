// Compile-time assertions on the domain client generated from test-vectors/client/domain/schema.graphql (ADR 0110).
// The tests copy this file next to the generated files and type-check it with `tsc --strict`; every line fails to
// compile if the domain client is less (or more) precise than the schema it comes from.
import type * as domainTypes from "./domain-types.js";
import type { CreateTaskResult, DomainClient, RewritesEvent } from "./domain.js";
import type { Subscription } from "./client.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

type Touched = RewritesEvent["touched"][number];

export type Assertions = [
  // A domain op takes the op's input type and resolves to the field's value (not wrapped in { createTask }).
  Expect<Equal<Parameters<DomainClient["createTask"]>[0], domainTypes.CreateTaskInput>>,
  Expect<Equal<ReturnType<DomainClient["createTask"]>, Promise<CreateTaskResult>>>,
  Expect<Equal<CreateTaskResult["receipt"]["viewDigest"], string>>,
  Expect<Equal<CreateTaskResult["receipt"]["view"]["kind"], "SWS" | "SYSTEM">>,
  // The full selection: every argument-free, non-deprecated field, but not a cycle back to a type being selected,
  // not a field with a required argument, not a deprecated field.
  Expect<Equal<keyof CreateTaskResult["task"], "id" | "priority" | "title">>,
  // An input field with a default may be left out; a required one may not.
  Expect<Equal<domainTypes.CreateTaskInput, { readonly intent: string; readonly priority?: number | null; readonly title: string }>>,
  // Subscriptions are async iterators of the field's value; an interface list narrows on __typename.
  Expect<Equal<ReturnType<DomainClient["rewrites"]>, Subscription<RewritesEvent>>>,
  Expect<Equal<Extract<Touched, { __typename: "NodeRecord" }>["kind"], string>>,
  Expect<Equal<keyof Extract<Touched, { __typename: "EdgeRecord" }>, "__typename" | "from" | "id" | "to">>,
  // A subscription without a view keeps its own arguments.
  Expect<Equal<ReturnType<DomainClient["ticks"]>, Subscription<number>>>,
  // Nullable results stay nullable.
  Expect<Equal<Awaited<ReturnType<DomainClient["failTask"]>> extends null ? true : false, false>>,
  Expect<Equal<null extends Awaited<ReturnType<DomainClient["failTask"]>> ? true : false, true>>,
];

export async function calls(client: DomainClient): Promise<void> {
  const created = await client.createTask({ title: "Fix auth bug", intent: "FixBug" });
  created.receipt.rewriteIdx satisfies number;
  await client.createTask({ title: "t", intent: "i", priority: 1 }, { idempotencyKey: "k1" });
  // The view defaults to the client's; a call (or withView) may name another.
  await client.cancelTask({ taskId: "n1" }, { view: { kind: "SYSTEM" } });
  await client.withView({ kind: "SWS", swsId: "1" }).cancelTask({ taskId: "n1" });
  // A list argument is a readonly array; its items keep their nullability.
  await client.cancelTask({ taskId: "n1" }, { tags: ["urgent"] });
  // @ts-expect-error [String!] items are not nullable
  await client.cancelTask({ taskId: "n1" }, { tags: [null] });
  // A required extra argument makes `args` required.
  await client.failTask({ taskId: "n1" }, { reason: "gone" });
  // @ts-expect-error reason is required
  await client.failTask({ taskId: "n1" });
  // @ts-expect-error title is required by CreateTaskInput
  await client.createTask({ intent: "i" });
  // @ts-expect-error unknown input fields are rejected
  await client.createTask({ title: "t", intent: "i", owner: "x" });
  // @ts-expect-error the view kind is an enum
  await client.cancelTask({ taskId: "n1" }, { view: { kind: "OTHER" } });
  // @ts-expect-error applyRewrite (v0, no `input` argument) is not a domain op
  await client.applyRewrite({ ops: [] });
  // @ts-expect-error createSws takes no view and no input: not a domain op
  await client.createSws();
  for await (const event of client.rewrites()) {
    event.digest satisfies string;
    // @ts-expect-error an event is the field's value, not wrapped in { rewrites }
    void event.rewrites;
    break;
  }
  for await (const tick of client.ticks({ every: 2 })) tick satisfies number;
}
