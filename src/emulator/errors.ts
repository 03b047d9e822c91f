/**
 * The error types the emulator answers with, named and coded as the upstream sends them: the SDK
 * reads the name from `x-amzn-errortype` and the message from the JSON body.
 */
export const ERROR_STATUS = {
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ConflictException: 409,
  DependencyFailedException: 424,
  ThrottlingException: 429,
  InternalServerException: 500,
  BadGatewayException: 502,
  ServiceUnavailableException: 503,
  GatewayTimeoutException: 504,
} as const;

export type ErrorType = keyof typeof ERROR_STATUS;

/** A failure that becomes an AWS-shaped error response (status, `x-amzn-errortype`, `{message}`). */
export class ServiceError extends Error {
  readonly type: ErrorType;
  readonly status: number;
  /** Extra members of the error body (e.g. `resourceName` of a BadGatewayException). */
  readonly fields: Readonly<Record<string, string>>;
  /** Extra response headers (e.g. `Retry-After` on a throttle). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    type: ErrorType,
    message: string,
    extra: { fields?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = ERROR_STATUS[type];
    this.fields = extra.fields ?? {};
    this.headers = extra.headers ?? {};
  }
}

/** The server-fault statuses a fault can inject, and the error type each is answered with. */
export const SERVER_ERROR_TYPES = {
  500: 'InternalServerException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
  504: 'GatewayTimeoutException',
} as const satisfies Record<number, ErrorType>;
