import { addMessages, type Locale } from '../../platform/messages.ts';

/** The activities capability's error and field messages (zh-CN and en-US). */
export const activitiesMessages = {
  // conflicts (409)
  ALREADY_CHECKED_IN: { 'zh-CN': '已经签到过了，不能重复签到。', 'en-US': 'Already checked in; a second check-in is refused.' },
  ALREADY_SIGNED_UP: { 'zh-CN': '已经报名（或在候补名单中）。', 'en-US': 'Already signed up (or on the waiting list).' },
  ATTEMPT_CLOSED: { 'zh-CN': '本次答题已结束，不能再提交答案。', 'en-US': 'This attempt is closed; no more answers are accepted.' },
  NO_ATTEMPTS_LEFT: { 'zh-CN': '答题次数已用完。', 'en-US': 'No attempts left for this quiz.' },
  ATTEMPT_IN_PROGRESS: { 'zh-CN': '还有一次未完成的答题，请先完成。', 'en-US': 'An attempt is still in progress; finish it first.' },
  QUIZ_STARTED: {
    'zh-CN': '已有党员开始答题：竞赛不能删除，只能修改名称、说明和结束时间。',
    'en-US': 'Members have already started this competition: it cannot be deleted, and only its title, description and closing time may change.',
  },
  QUIZ_CLOSED: { 'zh-CN': '竞赛已经结束。', 'en-US': 'The competition is already closed.' },
  QUIZ_NOT_OPEN_YET: {
    'zh-CN': '竞赛尚未开始，不能提前结束；请修改答题时间或删除竞赛。',
    'en-US': 'The competition has not opened yet, so it cannot be closed early; change its window or delete it instead.',
  },
  PHOTO_LIMIT: { 'zh-CN': '每个活动最多上传 {max} 张照片，请先删除一些。', 'en-US': 'An activity can have at most {max} photos; delete some first.' },
  // uploads (415)
  PHOTO_TYPE_NOT_ALLOWED: { 'zh-CN': '活动照片只能是 JPEG、PNG 或 WebP 图片。', 'en-US': 'Activity photos must be JPEG, PNG or WebP images.' },
  // business-rule failures (422)
  CHECKIN_CLOSED: { 'zh-CN': '签到时间为 {opens} 至 {closes}，当前不在签到时间内。', 'en-US': 'Check-in is open from {opens} to {closes}; it is not open now.' },
  CHECKIN_NOT_EXPECTED: { 'zh-CN': '您不在本次活动的应到名单中，且活动未开放报名。', 'en-US': 'You are not expected at this activity and it is not open for sign-up.' },
  CHECKIN_CODE_WRONG: { 'zh-CN': '签到码无效，请重新扫描活动二维码。', 'en-US': 'The check-in code is wrong; scan the activity QR code again.' },
  SIGNUP_CLOSED: { 'zh-CN': '本活动未开放报名或已结束。', 'en-US': 'This activity is not open for sign-up, or it is over.' },
  QUIZ_NOT_OPEN: { 'zh-CN': '竞赛不在开放时间内。', 'en-US': 'The competition is not open now.' },
  NOT_ELIGIBLE: { 'zh-CN': '您不在本次竞赛的参赛范围内。', 'en-US': 'You are not eligible for this competition.' },
  IMPORT_FAILED: { 'zh-CN': '导入文件有 {count} 处错误，未导入任何数据。', 'en-US': 'The file has {count} errors; nothing was imported.' },
  // field-level
  'activity.org_or_alliance': { 'zh-CN': '请指定组织或联盟（二选一）', 'en-US': 'give either an organisation or an alliance' },
  'activity.ends_before_start': { 'zh-CN': '结束时间必须晚于开始时间', 'en-US': 'must be after the start' },
  'activity.window_order': { 'zh-CN': '签到截止时间必须晚于签到开始时间', 'en-US': 'check-in must close after it opens' },
  'activity.capacity_needs_signup': { 'zh-CN': '设置人数上限需要开放报名', 'en-US': 'a capacity needs open sign-up' },
  'activity.unknown_member': { 'zh-CN': '党员不存在或不在本区域', 'en-US': 'no such member in this region' },
  'activity.unknown_series': { 'zh-CN': '系列不存在', 'en-US': 'no such series' },
  'activity.not_attendee': { 'zh-CN': '该党员不在本次活动名单中', 'en-US': 'this member is not on the activity list' },
  'hours.not_service': { 'zh-CN': '只有志愿服务类活动记录服务时长', 'en-US': 'only volunteer activities record service hours' },
  'hours.negative': { 'zh-CN': '服务时长不能为负数', 'en-US': 'service hours cannot be negative' },
  'hours.too_many': { 'zh-CN': '服务时长不合理：{date} 当天合计 {total} 小时，超过 24 小时', 'en-US': 'absurd service hours: {total} h on {date}, more than 24 h in a day' },
  'hours.precision': { 'zh-CN': '服务时长最多保留两位小数', 'en-US': 'at most two decimals' },
  'quiz.answer_not_in_options': { 'zh-CN': '正确答案不在选项中', 'en-US': 'the correct answer is not among the options' },
  'quiz.single_one_answer': { 'zh-CN': '单选题/判断题只能有一个正确答案', 'en-US': 'single-choice and true/false questions have exactly one correct answer' },
  'quiz.truefalse_options': { 'zh-CN': '判断题的选项应为“正确”“错误”', 'en-US': 'true/false questions have the options 正确 and 错误' },
  'quiz.duplicate_options': { 'zh-CN': '选项重复', 'en-US': 'duplicate options' },
  'quiz.duplicate_stem': { 'zh-CN': '题库中已有相同题干', 'en-US': 'the bank already has a question with this stem' },
  'quiz.bad_kind': { 'zh-CN': '题型应为 单选/多选/判断', 'en-US': 'the type must be 单选, 多选 or 判断' },
  'quiz.required': { 'zh-CN': '必填', 'en-US': 'is required' },
  'quiz.too_few_options': { 'zh-CN': '至少需要两个选项', 'en-US': 'at least two options are needed' },
  'quiz.bad_answer': { 'zh-CN': '答案应为选项字母（如 A 或 ACD），判断题为 对/错', 'en-US': 'the answer must be option letters (e.g. A or ACD), or 对/错 for true/false' },
  'quiz.window_order': { 'zh-CN': '结束时间必须晚于开始时间', 'en-US': 'must be after the opening time' },
  'quiz.unknown_question': { 'zh-CN': '题目不存在或不在本区域', 'en-US': 'no such question in this region' },
  'quiz.not_enough_questions': { 'zh-CN': '符合条件的题目只有 {available} 道，少于 {needed} 道', 'en-US': 'only {available} matching questions, fewer than {needed}' },
  'quiz.not_in_attempt': { 'zh-CN': '该题不在本次答题中', 'en-US': 'this question is not part of the attempt' },
  'quiz.choice_out_of_range': { 'zh-CN': '选项超出范围', 'en-US': 'the choice is not one of the options' },
  'quiz.locked_after_start': { 'zh-CN': '已有党员开始答题，不能再修改', 'en-US': 'cannot change once members have started' },
  'quiz.closes_in_past': { 'zh-CN': '结束时间不能早于现在', 'en-US': 'cannot be earlier than now' },
  'quiz.fixed_needs_questions': { 'zh-CN': '固定题目模式需要指定题目', 'en-US': 'a fixed quiz needs its questions' },
  'quiz.bad_file': { 'zh-CN': '无法读取 xlsx 文件', 'en-US': 'the xlsx file cannot be read' },
  'lecture.not_lecturer': { 'zh-CN': '该党员不是本宣讲团的讲师', 'en-US': 'this member is not a lecturer of the team' },
  'lecture.already_handled': { 'zh-CN': '该申请已处理', 'en-US': 'this request has already been handled' },
  'courseware.needs_url': { 'zh-CN': '链接类课件需要填写地址', 'en-US': 'a link needs its URL' },
  'courseware.bad_type': { 'zh-CN': '只接受 PDF 或视频（mp4/webm）文件', 'en-US': 'only PDF or video (mp4/webm) files are accepted' },
  // courseware
  COURSEWARE_IN_USE: {
    'zh-CN': '已有 {members} 名党员学习过该课件，不能删除；如不再使用，请将其归档。',
    'en-US': 'This courseware has been opened by {members} member(s), so it cannot be deleted; archive it instead.',
  },
  'courseware.url_only_links': { 'zh-CN': '只有链接类课件可以修改地址', 'en-US': 'only a link has a URL' },
} satisfies Record<string, Record<Locale, string>>;

addMessages(activitiesMessages);
