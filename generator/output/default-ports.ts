import type { GeneratorPorts } from "./generator-ports.js";

/**
 * The real loader and emitters, imported on first use: a no-op rebuild that the build stamp answers never pays for
 * graphql-js, ts-morph or prettier (together about half a second of start-up).
 */
export const defaultGeneratorPorts: GeneratorPorts = {
  async resolveSchemaFiles(cwd, patterns) {
    // files.js, not index.js: expanding patterns must not pull in graphql-js on the no-op path.
    const { resolveSchemaFiles } = await import("../load/files.js");
    return resolveSchemaFiles(patterns, cwd);
  },
  async loadProject(request) {
    const { loadProject } = await import("../load/index.js");
    return loadProject({ ...request, schema: [...request.schema] });
  },
  async emit(target, ir, meta, operations) {
    switch (target) {
      case "jitos": {
        const { emitJitos } = await import("../emit/index.js");
        return emitJitos(ir, meta);
      }
      case "client": {
        if (operations === undefined) throw new Error("internal: the client target was emitted without operations");
        const { emitClient } = await import("../emit-client/index.js");
        return emitClient(ir, operations, meta);
      }
    }
  },
  async scaffolds(ir, layout) {
    const { emitScaffolds } = await import("../emit/index.js");
    return emitScaffolds(ir, layout);
  },
  async loadOperations(request, ir) {
    const { loadOperations } = await import("../emit-client/index.js");
    return loadOperations(request, ir);
  },
  async irToJSON(ir) {
    const { irToJSON } = await import("../ir/index.js");
    return irToJSON(ir);
  },
};
