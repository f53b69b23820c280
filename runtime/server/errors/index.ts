export { apiError, formatApiError } from "./api-error.js";
export type { ApiErrorCode, ErrorLog } from "./api-error.js";
