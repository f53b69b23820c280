// jitosd: the kernel as a GraphQL service (docs/server.md).
export * from "./api-schema/index.js";
