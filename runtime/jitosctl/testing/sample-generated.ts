// A stand-in for a generated package (it exports `domain`), so tests can point `jitosctl --generated` at the
// hand-written sample domain the kernel tests use.
export { taskDomain as domain } from "../../domain/sample/task-domain.js";
