/** Typed calls of the venues API (shared venues, bookings, visits), typed from src/shared/venues.ts. */
import type {
  BlackoutCreate, BlackoutCreated, SeriesChange, SeriesChangeResult, Booking as BookingSchema, BookingCreate, BookingListQuery, BookingResult as BookingResultSchema, BookerOptions as BookerOptionsSchema,
  BOOKING_STATUSES, Calendar as CalendarSchema, Venue as VenueSchema, VenueCreate, VenueFigures as VenueFiguresSchema, VenueListQuery, VENUE_KINDS,
  VisitCreate,
} from '../../../shared/venues.ts';
import { everyValue, request, type Body, type Page, type Reply } from '../../api.ts';

export type Venue = Reply<typeof VenueSchema>;
export type Booking = Reply<typeof BookingSchema>;
export type BookingResult = Reply<typeof BookingResultSchema>;
export type Calendar = Reply<typeof CalendarSchema>;
export type VenueFigures = Reply<typeof VenueFiguresSchema>;
export type BookerOptions = Reply<typeof BookerOptionsSchema>;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type VenueKind = (typeof VENUE_KINDS)[number];

export const VENUE_KIND_LIST = everyValue<VenueKind>()(['court', 'meeting_room', 'education_base', 'activity_room', 'other']);
export const BOOKING_STATUS_LIST = everyValue<BookingStatus>()(['pending', 'approved', 'rejected', 'cancelled', 'checked_in', 'no_show', 'done']);

const post = <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body: (body ?? {}) as never });

export const venuesApi = {
  venues: (query: Body<typeof VenueListQuery>, signal?: AbortSignal) => request<Page<Venue>>('/api/v1/venue-resources', { query, signal }),
  venue: (id: string, signal?: AbortSignal) => request<Venue>(`/api/v1/venue-resources/${id}`, { signal }),
  createVenue: (body: Body<typeof VenueCreate>) => post<Venue>('/api/v1/venue-resources', body),
  calendar: (id: string, from: string, to: string, signal?: AbortSignal) => request<Calendar>(`/api/v1/venue-resources/${id}/calendar`, { query: { from, to }, signal }),
  bookers: (id: string, signal?: AbortSignal) => request<BookerOptions>(`/api/v1/venue-resources/${id}/bookers`, { signal }),
  figures: (id: string, signal?: AbortSignal) => request<VenueFigures>(`/api/v1/venue-resources/${id}/figures`, { signal }),
  addBlackout: (id: string, body: Body<typeof BlackoutCreate>) => post<Reply<typeof BlackoutCreated>>(`/api/v1/venue-resources/${id}/blackouts`, body),
  addVisit: (id: string, body: Body<typeof VisitCreate>) => post(`/api/v1/venue-resources/${id}/visits`, body),

  bookings: (query: Body<typeof BookingListQuery>, signal?: AbortSignal) => request<Page<Booking>>('/api/v1/venue-bookings', { query, signal }),
  /** `key`: one Idempotency-Key per booking form opened, so a submit retried after a lost answer books once */
  book: (body: Body<typeof BookingCreate>, key: string) =>
    request<BookingResult>('/api/v1/venue-bookings', { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
  cancel: (id: string) => post<Booking>(`/api/v1/venue-bookings/${id}/cancel`),
  approve: (id: string) => post<Booking>(`/api/v1/venue-bookings/${id}/approve`),
  reject: (id: string, reason: string) => post<Booking>(`/api/v1/venue-bookings/${id}/reject`, { reason }),
  checkIn: (id: string) => post<Booking>(`/api/v1/venue-bookings/${id}/check-in`),
  noShow: (id: string) => post<Booking>(`/api/v1/venue-bookings/${id}/no-show`),
  done: (id: string, visitors?: number) => post<Booking>(`/api/v1/venue-bookings/${id}/done`, visitors ? { visitors } : {}),
  cancelSeries: (id: string) => post<{ count: number }>(`/api/v1/venue-series/${id}/cancel`),
  changeSeries: (id: string, body: Body<typeof SeriesChange>) => post<Reply<typeof SeriesChangeResult>>(`/api/v1/venue-series/${id}/change`, body),
  approveSeries: (id: string) => post<{ count: number }>(`/api/v1/venue-series/${id}/approve`),
};
