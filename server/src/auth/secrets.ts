/** Credentials the server hands out (session ids, display credentials, pairing secrets) and how it stores them. */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: unguessable, and safe in a cookie. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** What the database keeps instead of a credential: a stolen database opens nothing. */
export const secretHash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
