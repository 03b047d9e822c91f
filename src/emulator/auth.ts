import { ServiceError } from './errors.js';
import type { Caller } from './router.js';

/**
 * The shape of a SigV4 `Authorization` header. The emulator checks the shape and reads the access
 * key id; it does not verify signatures (it has no secrets to verify them with). Over HTTP/2 the
 * SDK signs pseudo-headers too (`SignedHeaders=:authority;...`).
 */
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

/** Access key ids with this prefix are denied every operation: a caller-side denial for tests. */
export const DENIED_KEY_PREFIX = 'DENY';

export function readAccessKeyId(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : SIGV4.exec(authorization)?.[1];
}

/** The caller behind a request, or an AccessDeniedException for a missing or malformed signature. */
export function authenticate(
  authorization: string | undefined,
  operation: string,
  accountId: string,
): Caller {
  if (authorization === undefined || authorization === '') {
    throw new ServiceError(
      'AccessDeniedException',
      'Missing Authentication Token: sign the request with AWS Signature Version 4.',
    );
  }
  const accessKeyId = readAccessKeyId(authorization);
  if (accessKeyId === undefined) {
    throw new ServiceError(
      'AccessDeniedException',
      "The Authorization header is not a SigV4 signature ('AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=...').",
    );
  }
  if (accessKeyId.startsWith(DENIED_KEY_PREFIX)) {
    throw new ServiceError(
      'AccessDeniedException',
      `User: arn:aws:iam::${accountId}:user/${accessKeyId} is not authorized to perform: bedrock:${operation} because no identity-based policy allows the bedrock:${operation} action`,
    );
  }
  return { accessKeyId };
}
