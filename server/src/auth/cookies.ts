/** Reading and writing the server's own cookies (HttpOnly, SameSite=Strict: another site's page never sends them). */
import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';

export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeSeconds: number): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: Math.max(0, Math.floor(maxAgeSeconds)) * 1000 });
}

export function clearCookie(req: Request, res: Response, name: string): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}
