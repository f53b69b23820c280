// Compile-time assertions on the client generated from test-vectors/client/{schema.graphql,documents/}. The tests
// copy this file next to the generated files and type-check it with `tsc --strict`; every line fails to compile
// if a generated type is less (or more) precise than the selection it comes from.
import type * as types from "./types.js";
import type { Client } from "./client.js";
import type { ResultOf, VariablesOf } from "./documents.js";
import type { operations } from "./documents.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

type Task = NonNullable<types.GetTaskQuery["task"]>;
type SearchItem = types.SearchQuery["search"][number];

export type Assertions = [
  // __typename on an object type is its name; fragments spread their fields; aliases rename.
  Expect<Equal<Task["__typename"], "Task">>,
  Expect<Equal<Task["summary"], string>>,
  Expect<Equal<Task["state"], "DONE" | "QUEUED" | "RUNNING">>,
  // A nullable field keeps null; nested selections through a fragment are precise too.
  Expect<Equal<Task["assignee"], { readonly name: string } | null>>,
  // [String] is a nullable list of nullable strings.
  Expect<Equal<Task["tags"], readonly (string | null)[] | null>>,
  // @include(if: $var) makes the key optional.
  Expect<Equal<Pick<Task, "note">, { readonly note?: string | null }>>,
  // Fields not selected do not exist.
  Expect<Equal<"createdAt" extends keyof Task ? true : false, false>>,
  // [Task!]! is a non-null list of non-null items; a custom scalar is unknown.
  Expect<Equal<types.ListTasksQuery["tasks"][number]["createdAt"], unknown>>,
  // A union narrows by __typename to exactly the fields selected on each member.
  Expect<Equal<Extract<SearchItem, { __typename: "Person" }>, { readonly __typename: "Person"; readonly name: string }>>,
  Expect<Equal<keyof Extract<SearchItem, { __typename: "Task" }>, "__typename" | "id" | "title">>,
  // An interface selection without type conditions: one shape, __typename the possible types.
  Expect<Equal<NonNullable<types.NodeByIdQuery["node"]>["__typename"], "Person" | "Task">>,
  // Variables: non-null without default required; nullable optional; input objects and @oneOf inputs.
  Expect<Equal<types.GetTaskQueryVariables, { readonly id: string; readonly withNote: boolean }>>,
  Expect<Equal<types.ListTasksQueryVariables, { readonly first?: number | null; readonly state?: types.TaskState | null }>>,
  Expect<Equal<types.CreateTaskInput["title"], string>>,
  Expect<
    Equal<
      types.DueInput,
      { readonly afterTask: string; readonly at?: never } | { readonly at: unknown; readonly afterTask?: never }
    >
  >,
  // The mutation's alias is the result key.
  Expect<Equal<keyof types.CreateTaskMutation, "created">>,
  // Documents and operations carry their types.
  Expect<Equal<ResultOf<typeof operations.getTask>, types.GetTaskQuery>>,
  Expect<Equal<VariablesOf<typeof operations.createTask.document>, types.CreateTaskMutationVariables>>,
  // Client methods: named after the operation with a lower-case first letter, fully typed.
  Expect<Equal<Awaited<ReturnType<Client["getTask"]>>, types.GetTaskQuery>>,
  Expect<Equal<Parameters<Client["createTask"]>[0], types.CreateTaskMutationVariables>>,
  Expect<Equal<Parameters<Client["listTasks"]>[0], types.ListTasksQueryVariables | undefined>>,
];

export async function misuse(client: Client): Promise<void> {
  // @ts-expect-error -- a required variable is missing
  await client.getTask({ id: "1" });
  // @ts-expect-error -- an unknown input field
  await client.createTask({ input: { title: "x", color: "red" } });
  // @ts-expect-error -- @oneOf takes exactly one field
  await client.createTask({ input: { title: "x", due: { at: "2025-01-01", afterTask: "1" } } });
  for await (const event of client.taskEvents({ count: 1 })) {
    const seq: number = event.taskEvents.seq;
    // @ts-expect-error -- not selected
    void event.taskEvents.task.state;
    void seq;
  }
}
