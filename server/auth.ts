import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { RoleSchema, type Role } from '../shared/protocol/hub';

/** Claims carried by a hub token. Staff tokens name a staff member; customer tokens name a customer. */
export const ClaimsSchema = z.object({
  sub: z.string(),
  role: RoleSchema,
  name: z.string(),
  branchId: z.string().nullable(),
  iat: z.number(),
  exp: z.number(),
});
export type Claims = z.infer<typeof ClaimsSchema>;

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class TokenSigner {
  constructor(private readonly secret: Buffer) {}

  sign(claims: { sub: string; role: Role; name: string; branchId: string | null }, ttlS: number, nowMs = Date.now()): string {
    const iat = Math.floor(nowMs / 1000);
    const body = b64(JSON.stringify({ ...claims, iat, exp: iat + ttlS }));
    return `${body}.${this.mac(body)}`;
  }

  /** Returns the claims, or a reason the token is refused. Never throws on garbage. */
  verify(token: unknown, nowMs = Date.now()): { ok: true; claims: Claims } | { ok: false; reason: string } {
    if (typeof token !== 'string' || token.length > 4096) return { ok: false, reason: 'missing token' };
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return { ok: false, reason: 'malformed token' };
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad signature' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
    const claims = ClaimsSchema.safeParse(parsed);
    if (!claims.success) return { ok: false, reason: 'malformed claims' };
    if (claims.data.exp * 1000 <= nowMs) return { ok: false, reason: 'token expired' };
    return { ok: true, claims: claims.data };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

export function newSecret(): string {
  return randomBytes(32).toString('base64');
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = scryptSync(password, Buffer.from(saltB64, 'base64'), expected.length);
  return timingSafeEqual(expected, actual);
}
