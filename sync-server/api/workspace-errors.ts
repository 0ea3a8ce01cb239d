// Errors every workspace endpoint answers with: `{ error: { code, message } }` and the HTTP
// status that goes with the code. Handlers throw ApiError; the app's onError renders it.
export const STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof STATUS;

export class ApiError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: unknown) { super(message); }
  get status() { return STATUS[this.code]; }
  body() {
    return { error: { code: this.code, message: this.message, ...(this.details !== undefined ? { details: this.details } : {}) } };
  }
}
