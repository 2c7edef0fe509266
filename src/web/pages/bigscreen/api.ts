/** Typed calls of the big screen and its kiosk links (src/shared/kiosk.ts, types only). */
import type { BigScreen as BigScreenSchema, BigScreenQuery, KioskLink as KioskLinkSchema, KioskLinkCreate, KioskScreen as KioskScreenSchema } from '../../../shared/kiosk.ts';
import { request, type Body, type Reply } from '../../api.ts';

export type BigScreen = Reply<typeof BigScreenSchema>;
export type KioskScreen = Reply<typeof KioskScreenSchema>;
export type KioskLink = Reply<typeof KioskLinkSchema>;
export type BigScreenLevel = Body<typeof BigScreenQuery>;

export const bigscreenApi = {
  screen: (query: BigScreenLevel, signal?: AbortSignal) => request<BigScreen>('/api/v1/bigscreen', { query, signal }),
  kiosk: (token: string, signal?: AbortSignal) => request<KioskScreen>(`/api/v1/public/kiosk/${encodeURIComponent(token)}`, { signal }),
  links: (regionId: string, signal?: AbortSignal) => request<KioskLink[]>('/api/v1/kiosk-links', { query: { regionId }, signal }),
  createLink: (body: Body<typeof KioskLinkCreate>) => request<KioskLink>('/api/v1/kiosk-links', { method: 'POST', body }),
  revokeLink: (id: string) => request<KioskLink>(`/api/v1/kiosk-links/${id}/revoke`, { method: 'POST' }),
  /** the signed-in full-screen view of a level (outside the layout) */
  viewPath: (level: BigScreenLevel) => `/bigscreen-view?${new URLSearchParams(Object.entries(level).filter(([, v]) => v) as [string, string][]).toString()}`,
};
