import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';

/**
 * Public links opened without sign-in (the plaque page, the charity disclosure, the big screen's kiosk links): an
 * unguessable token and a rate limit per IP. The plaque page's shape (modules/cluster/plaques.ts), for the platform.
 */

/** 32 URL-safe characters from 24 random bytes: unguessable. */
export const newPublicToken = () => randomBytes(24).toString('base64url');
export const PUBLIC_TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;

/** The route config of a public, rate-limited route: `config: publicRoute(ctx.config)` (PUBLIC_RATE_PER_MINUTE per IP). */
export const publicRoute = (config: Pick<Config, 'publicRatePerMinute'>) => ({
  public: true,
  rateLimit: { max: config.publicRatePerMinute, timeWindow: 60_000, keyGenerator: (req: { ip: string }) => req.ip },
});
