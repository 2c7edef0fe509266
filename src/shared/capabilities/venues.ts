import type { LabelMap } from './labels.ts';

export const VENUES_PERMISSIONS = {
  'venues.manage': { 'zh-CN': '管理共享阵地与预约审批', 'en-US': 'Manage shared venues and approve bookings' },
  'venues.book': { 'zh-CN': '预约共享阵地', 'en-US': 'Book shared venues' },
} as const satisfies LabelMap;

export const VENUES_AUDIT_ACTIONS = {
  'venue.create': { 'zh-CN': '新建共享阵地', 'en-US': 'Created a shared venue' },
  'venue.update': { 'zh-CN': '修改共享阵地', 'en-US': 'Updated a shared venue' },
  'venue.blackout.create': { 'zh-CN': '新增阵地停用时段', 'en-US': 'Added a venue closure' },
  'venue.blackout.delete': { 'zh-CN': '删除阵地停用时段', 'en-US': 'Removed a venue closure' },
  'booking.create': { 'zh-CN': '预约阵地', 'en-US': 'Booked a venue' },
  'booking.series.create': { 'zh-CN': '按周预约阵地', 'en-US': 'Booked a venue weekly' },
  'booking.series.cancel': { 'zh-CN': '取消周期预约', 'en-US': 'Cancelled a weekly booking' },
  'booking.move': { 'zh-CN': '调整预约时间', 'en-US': 'Moved a booking' },
  'booking.cancel': { 'zh-CN': '取消预约', 'en-US': 'Cancelled a booking' },
  'booking.approve': { 'zh-CN': '通过预约', 'en-US': 'Approved a booking' },
  'booking.reject': { 'zh-CN': '驳回预约', 'en-US': 'Rejected a booking' },
  'booking.checkin': { 'zh-CN': '预约签到', 'en-US': 'Checked in a booking' },
  'booking.no_show': { 'zh-CN': '登记爽约', 'en-US': 'Marked a booking as no-show' },
  'booking.done': { 'zh-CN': '预约使用完毕', 'en-US': 'Closed a booking as used' },
  'venue.visit.create': { 'zh-CN': '登记参观人次', 'en-US': 'Recorded a visit' },
  'volunteer_team.create': { 'zh-CN': '新建志愿服务队', 'en-US': 'Created a volunteer team' },
  'volunteer_team.update': { 'zh-CN': '修改志愿服务队', 'en-US': 'Updated a volunteer team' },
  'volunteer.create': { 'zh-CN': '登记志愿者', 'en-US': 'Registered a volunteer' },
  'volunteer.import': { 'zh-CN': '导入志愿者名册', 'en-US': 'Imported a volunteer roster' },
  'volunteer_hours.create': { 'zh-CN': '登记服务时长', 'en-US': 'Recorded service hours' },
  'volunteer_hours.from_activity': { 'zh-CN': '由活动签到生成服务时长', 'en-US': 'Took service hours from an activity\'s check-ins' },
  'volunteer_hours.approve': { 'zh-CN': '确认服务时长', 'en-US': 'Confirmed service hours' },
  'volunteer_hours.reject': { 'zh-CN': '退回服务时长', 'en-US': 'Rejected service hours' },
  'volunteer_hours.reverse': { 'zh-CN': '冲销服务时长', 'en-US': 'Reversed service hours' },
  'volunteer_certificate.issue': { 'zh-CN': '出具志愿服务记录证明', 'en-US': 'Issued a service record certificate' },
  'volunteer_certificate.revoke': { 'zh-CN': '作废志愿服务记录证明', 'en-US': 'Revoked a service record certificate' },
  'seed.venues': { 'zh-CN': '载入共享阵地演示数据', 'en-US': 'Loaded the shared venues demo data' },
} as const satisfies LabelMap;
