/** Typed calls of the event API (public registration of 联谊 activities, door check-in, charity-sale takings), from src/shared/venues-events.ts. */
import type { Activity as ActivitySchema } from '../../../shared/activities.ts';
import type {
  EventPage as EventPageSchema, EventRegistration as RegistrationSchema, EventSetup, PublicEvent as PublicEventSchema, PublicRegister,
  PublicRegistered as PublicRegisteredSchema, Taking as TakingSchema, TakingCreate, TakingList as TakingListSchema, TakingsPosted,
} from '../../../shared/venues-events.ts';
import type { CharityFundSummary } from '../../../shared/money-charity.ts';
import { request, type Body, type Page, type Reply } from '../../api.ts';

export type SocialActivity = Reply<typeof ActivitySchema>;
export type EventPage = Reply<typeof EventPageSchema>;
export type Registration = Reply<typeof RegistrationSchema>;
export type Taking = Reply<typeof TakingSchema>;
export type TakingList = Reply<typeof TakingListSchema>;
export type PublicEvent = Reply<typeof PublicEventSchema>;
export type PublicRegistered = Reply<typeof PublicRegisteredSchema>;

const post = <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body: (body ?? {}) as never });

export const eventsApi = {
  /** the 联谊 activities the caller may read (the activities module's list) */
  socials: (signal?: AbortSignal) => request<Page<SocialActivity>>('/api/v1/activities', { query: { kind: 'social', pageSize: 100 }, signal }),
  event: (activityId: string, signal?: AbortSignal) => request<{ event: EventPage | null }>(`/api/v1/activities/${activityId}/event`, { signal }),
  setup: (activityId: string, body: Body<typeof EventSetup>) => request<EventPage>(`/api/v1/activities/${activityId}/event`, { method: 'PUT', body }),
  link: (id: string, on: boolean) => post<EventPage>(`/api/v1/event-pages/${id}/link`, { on }),
  registrations: (id: string, signal?: AbortSignal) => request<{ items: Registration[] }>(`/api/v1/event-pages/${id}/registrations`, { signal }),
  checkin: (id: string, code: string) => post<Registration>(`/api/v1/event-pages/${id}/checkin`, { code }),
  cancel: (regId: string) => post<Registration>(`/api/v1/event-registrations/${regId}/cancel`),
  takings: (id: string, signal?: AbortSignal) => request<TakingList>(`/api/v1/event-pages/${id}/takings`, { signal }),
  addTaking: (id: string, body: Body<typeof TakingCreate>) => post<Taking>(`/api/v1/event-pages/${id}/takings`, body),
  /** the charity funds the caller may read (money's list): where the takings can go */
  charityFunds: (signal?: AbortSignal) => request<Reply<typeof CharityFundSummary>[]>('/api/v1/charity-funds', { signal }),
  /** `key`: one Idempotency-Key per opened form, so a retried submit posts once */
  postTakings: (id: string, fundId: string, key: string) =>
    request<Reply<typeof TakingsPosted>>(`/api/v1/event-pages/${id}/takings/post`, { method: 'POST', body: { fundId }, headers: { 'Idempotency-Key': key } }),
  publicUrl: (token: string) => new URL(`/e/${token}`, window.location.origin).toString(),
  publicEvent: (token: string, signal?: AbortSignal) => request<PublicEvent>(`/api/v1/public/events/${token}`, { signal }),
  cancelByCode: (token: string, code: string) => post<{ status: 'cancelled'; name: string }>(`/api/v1/public/events/${token}/cancel`, { code }),
  register: (token: string, body: Body<typeof PublicRegister>) => post<PublicRegistered>(`/api/v1/public/events/${token}/registrations`, body),
};
