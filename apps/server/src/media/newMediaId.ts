import { randomBytes } from 'node:crypto';

/** 144 random bits, base64url: only `A-Za-z0-9_-`, as the spec allows in a media ID. */
export function newMediaId(): string {
  return randomBytes(18).toString('base64url');
}

/** What a media ID may contain (spec: content repository, security considerations). */
export const MEDIA_ID = /^[A-Za-z0-9_-]{1,255}$/;
