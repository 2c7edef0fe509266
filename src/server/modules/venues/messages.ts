import type { Locale } from '../../platform/messages.ts';

const refusals = {
  BOOKING_CONFLICT: { 'zh-CN': '该时段已被预约，请换一个时间。', 'en-US': 'This slot is already booked; pick another time.' },
  OUTSIDE_OPENING_HOURS: { 'zh-CN': '预约时间不在开放时间内。', 'en-US': 'The booking is outside the opening hours.' },
  IN_BLACKOUT: { 'zh-CN': '该时段阵地停用（维护或自用）。', 'en-US': 'The venue is closed at that time (maintenance or own use).' },
  NOTICE_TOO_SHORT: { 'zh-CN': '至少需提前 {minutes} 分钟预约。', 'en-US': 'Bookings need at least {minutes} minutes\' notice.' },
  TOO_FAR_AHEAD: { 'zh-CN': '最多只能提前 {days} 天预约。', 'en-US': 'Bookings open at most {days} days ahead.' },
  DURATION_OUT_OF_RANGE: { 'zh-CN': '预约时长应在 {min} 到 {max} 分钟之间。', 'en-US': 'A booking lasts between {min} and {max} minutes.' },
  QUOTA_EXCEEDED: { 'zh-CN': '本周预约已达上限（每周 {quota} 次）。', 'en-US': 'The weekly quota is used up ({quota} a week).' },
} as const;

/** The venues capability's error and field messages (zh-CN and en-US). */
export const venuesMessages: Record<string, Record<Locale, string>> = {
  ...refusals,
  // one occurrence of a weekly request, in the details of SERIES_REFUSED
  'booking.BOOKING_CONFLICT': { 'zh-CN': '该时段已被预约', 'en-US': 'already booked' },
  'booking.OUTSIDE_OPENING_HOURS': { 'zh-CN': '不在开放时间内', 'en-US': 'outside the opening hours' },
  'booking.IN_BLACKOUT': { 'zh-CN': '阵地停用', 'en-US': 'the venue is closed' },
  'booking.NOTICE_TOO_SHORT': { 'zh-CN': '提前量不足', 'en-US': 'too little notice' },
  'booking.TOO_FAR_AHEAD': { 'zh-CN': '超出可预约的最远日期', 'en-US': 'too far ahead' },
  'booking.DURATION_OUT_OF_RANGE': { 'zh-CN': '时长不符合要求', 'en-US': 'a duration the venue does not accept' },
  'booking.QUOTA_EXCEEDED': { 'zh-CN': '超出每周预约次数', 'en-US': 'over the weekly quota' },
  SERIES_REFUSED: { 'zh-CN': '周期预约中有 {refused}/{total} 次无法预约，未做任何预约；可选择只预约其余时段。', 'en-US': '{refused} of {total} occurrences cannot be booked, so nothing was booked; you may book the others only.' },
  BOOKER_SUSPENDED: { 'zh-CN': '因多次爽约，预约资格暂停至 {until}。', 'en-US': 'Booking is suspended until {until} after repeated no-shows.' },
  BOOKER_NOT_ELIGIBLE: { 'zh-CN': '该阵地不接受此预约单位。', 'en-US': 'This venue does not accept bookings from this booker.' },
  VENUE_INACTIVE: { 'zh-CN': '该阵地已停止开放预约。', 'en-US': 'This venue no longer takes bookings.' },
  CANCEL_CUTOFF_PASSED: { 'zh-CN': '开始前 {minutes} 分钟内不能再取消或调整。', 'en-US': 'Bookings cannot be cancelled or moved within {minutes} minutes of the start.' },
  BOOKING_STATE: { 'zh-CN': '预约当前状态不允许此操作。', 'en-US': 'The booking\'s status does not allow this.' },
  BOOKING_PAST: { 'zh-CN': '预约时段已过。', 'en-US': 'The booking\'s time has passed.' },
  BOOKING_NOT_STARTED: { 'zh-CN': '预约尚未开始，不能登记爽约。', 'en-US': 'The booking has not started yet; it cannot be a no-show.' },
  CHECKIN_WINDOW: { 'zh-CN': '只能在开始前 30 分钟至结束前签到。', 'en-US': 'Check-in opens 30 minutes before the start and closes at the end.' },
  'venue.one_owner': { 'zh-CN': '请指定一个所属组织或单位', 'en-US': 'name one owner: an org or a unit' },
  'venue.duration_order': { 'zh-CN': '最长时长不能小于最短时长', 'en-US': 'the longest duration cannot be below the shortest' },
  'venue.alliance_required': { 'zh-CN': '仅限联盟成员预约时须指定联盟', 'en-US': 'name the alliance whose members may book' },
  'venue.window_order': { 'zh-CN': '关门时间须晚于开门时间', 'en-US': 'closing must come after opening' },
  'venue.range_order': { 'zh-CN': '结束须晚于开始', 'en-US': 'the end must come after the start' },
  'venue.calendar_range': { 'zh-CN': '日历范围应在 93 天以内', 'en-US': 'a calendar spans at most 93 days' },
  'venue.visit_future': { 'zh-CN': '参观日期不能晚于今天', 'en-US': 'a visit cannot be in the future' },
  'booking.one_booker': { 'zh-CN': '组织和单位只能选一个', 'en-US': 'book for an org or a unit, not both' },
  'booking.not_eligible': { 'zh-CN': '该阵地不接受此预约单位', 'en-US': 'this venue does not accept this booker' },
  'booking.booker_required': { 'zh-CN': '请选择预约的组织或单位', 'en-US': 'choose the org or unit you book for' },
};
