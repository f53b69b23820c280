// A hand-written DomainSpec shaped like the generated one for a slice of the kernel's schema: Task and Note nodes,
// DependsOn and Mentions edges, and verbs of every effect. Tests and benchmarks use it until generated/ lands.
import type { DomainSpec, OpSpec } from "../spec.js";
import { objectValidator } from "./object-validator.js";

const title = { type: "string", minLength: 1, maxLength: 200 } as const;
const intent = { type: "string", minLength: 1, maxLength: 4000 } as const;
const priority = { type: "integer", min: 0, max: 100, default: 50 } as const;
const ref = { type: "string", minLength: 1, maxLength: 64 } as const;

function op(spec: Omit<OpSpec, "requiresCaps">): OpSpec {
  return { requiresCaps: [], ...spec };
}

export const taskDomain: DomainSpec = {
  registryName: "sample",
  schemaHash: "0".repeat(64),
  registryHash: "0".repeat(64),
  generatorVersion: "hand-written",
  nodes: [
    { name: "Note", id: 2, attributeFields: ["text"], validateAttributes: objectValidator({ text: title }) },
    {
      name: "Task",
      id: 1,
      attributeFields: ["intent", "priority", "title"],
      validateAttributes: objectValidator({ intent, priority, title }),
    },
  ],
  edges: [
    {
      name: "DependsOn",
      id: 1,
      from: "Task",
      to: "Task",
      attributeFields: [],
      validateAttributes: objectValidator({}),
    },
    {
      name: "Mentions",
      id: 2,
      from: "Note",
      to: "Task",
      attributeFields: ["weight"],
      validateAttributes: objectValidator({ weight: { type: "integer", min: 0, max: 10 } }),
    },
  ],
  ops: [
    op({
      name: "addDependency",
      id: 4,
      effect: "creates",
      target: "DependsOn",
      targetIsEdge: true,
      fromField: "taskId",
      toField: "dependsOnTaskId",
      attributeFields: [],
      validateInput: objectValidator({ dependsOnTaskId: ref, taskId: ref }),
    }),
    op({
      name: "addNote",
      id: 6,
      effect: "creates",
      target: "Note",
      targetIsEdge: false,
      attributeFields: ["text"],
      validateInput: objectValidator({ text: title }),
    }),
    op({
      name: "cancelTask",
      id: 2,
      effect: "updates",
      target: "Task",
      targetIsEdge: false,
      idField: "taskId",
      attributeFields: [],
      validateInput: objectValidator({ taskId: ref }),
    }),
    op({
      name: "createTask",
      id: 1,
      effect: "creates",
      target: "Task",
      targetIsEdge: false,
      attributeFields: ["intent", "priority", "title"],
      validateInput: objectValidator({ intent, priority, title }),
    }),
    op({
      name: "deleteTask",
      id: 5,
      effect: "deletes",
      target: "Task",
      targetIsEdge: false,
      idField: "taskId",
      attributeFields: [],
      validateInput: objectValidator({ taskId: ref }),
    }),
    op({
      name: "mentionTask",
      id: 7,
      effect: "creates",
      target: "Mentions",
      targetIsEdge: true,
      fromField: "noteId",
      toField: "taskId",
      attributeFields: ["weight"],
      validateInput: objectValidator({ noteId: ref, taskId: ref, weight: { type: "integer", min: 0, max: 10 } }),
    }),
    op({
      name: "removeDependency",
      id: 8,
      effect: "deletes",
      target: "DependsOn",
      targetIsEdge: true,
      idField: "dependencyId",
      attributeFields: [],
      validateInput: objectValidator({ dependencyId: ref }),
    }),
    op({
      name: "retitleTask",
      id: 3,
      effect: "updates",
      target: "Task",
      targetIsEdge: false,
      idField: "taskId",
      attributeFields: ["title"],
      validateInput: objectValidator({
        reason: { type: "string", maxLength: 200, optional: true },
        taskId: ref,
        title,
      }),
    }),
  ],
};
