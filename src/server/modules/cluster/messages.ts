import { addMessages, type Locale } from '../../platform/messages.ts';

/** The cluster capability's error and field messages (zh-CN and en-US). */
export const clusterMessages = {
  WEIGHTS_NOT_100: { 'zh-CN': '权重之和必须为 100%。', 'en-US': 'The weights must add up to 100%.' },
  'contest.weights_sum': { 'zh-CN': '权重合计为 {sum}%，应为 100%', 'en-US': 'the weights add up to {sum}%, not 100%' },
  CONTEST_CLOSED: { 'zh-CN': '评比已结束，评分已锁定。', 'en-US': 'The contest is closed; scores are locked.' },
  CONTEST_NOT_OPEN: { 'zh-CN': '评比不在进行中。', 'en-US': 'The contest is not open.' },
  CONTEST_NOT_CLOSED: { 'zh-CN': '请先结束评比，再公布结果。', 'en-US': 'Close the contest before publishing its results.' },
  CONTEST_HAS_SCORES: { 'zh-CN': '已有评分，不能再修改评分细则。', 'en-US': 'Scores exist; the rubric can no longer change.' },
  JUDGE_RECUSED: { 'zh-CN': '该项目属于您所在的组织，您已回避，不能评分。', 'en-US': 'This entry belongs to your own organisation: you are recused and cannot score it.' },
  SCORE_OUT_OF_RANGE: { 'zh-CN': '评分超出该项指标的分值范围。', 'en-US': 'A score is outside its criterion\'s range.' },
  'contest.score_range': { 'zh-CN': '应在 0 到 {max} 分之间', 'en-US': 'must be between 0 and {max}' },
  'contest.unknown_criterion': { 'zh-CN': '不是本次评比的指标', 'en-US': 'is not a criterion of this contest' },
  'contest.project_not_in_alliance': { 'zh-CN': '项目不属于该集群', 'en-US': 'the project does not belong to this alliance' },
  'contest.duplicate_criterion': { 'zh-CN': '同一指标重复评分', 'en-US': 'the same criterion appears twice' },
  JUDGE_HAS_SCORES: { 'zh-CN': '该评委已打分（{n} 项），不能移除。', 'en-US': 'This judge has already given {n} scores and cannot be removed.' },
  CONTEST_WARNINGS: { 'zh-CN': '有权重的评委类别还没有任何评分，请确认后再继续。', 'en-US': 'A judge category with a weight has no scores yet; confirm to go ahead.' },
  'contest.no_scores.veteran': { 'zh-CN': '老党员（权重 {weight}%）还没有任何评分', 'en-US': 'veteran members (weight {weight}%) have not scored anything' },
  'contest.no_scores.resident': { 'zh-CN': '居民代表（权重 {weight}%）还没有任何评分', 'en-US': 'resident representatives (weight {weight}%) have not scored anything' },
  'contest.no_scores.department': { 'zh-CN': '职能部门负责人（权重 {weight}%）还没有任何评分', 'en-US': 'department heads (weight {weight}%) have not scored anything' },
  JUDGE_EXISTS: { 'zh-CN': '该用户已是本次评比的评委。', 'en-US': 'This user is already a judge of this contest.' },
  'pledge.unknown_category': { 'zh-CN': '不是本区域的承诺类别', 'en-US': 'is not a pledge category of this region' },
  'pledge.member_required': { 'zh-CN': '请指定党员', 'en-US': 'name the member' },
  PLEDGE_REVIEWED: { 'zh-CN': '承诺已评定，不能再修改内容。', 'en-US': 'The pledge has been reviewed; its content can no longer change.' },
  PLEDGE_ALREADY_REVIEWED: { 'zh-CN': '所选承诺中有已评定的，未做任何更改。', 'en-US': 'Some of the selected pledges are already reviewed; nothing was changed.' },
  PLEDGE_NOT_REVIEWED: { 'zh-CN': '所选承诺中有尚未评定的，无法撤销，未做任何更改。', 'en-US': 'Some of the selected pledges are not reviewed, so there is nothing to undo; nothing was changed.' },
  'pledge.already_reviewed': { 'zh-CN': '已评定', 'en-US': 'already reviewed' },
  'pledge.not_reviewed': { 'zh-CN': '尚未评定', 'en-US': 'not reviewed' },
  'project.dates': { 'zh-CN': '结束日期不能早于开始日期', 'en-US': 'the end cannot be before the start' },
  'project.alliance_region': { 'zh-CN': '集群不在该区域', 'en-US': 'the alliance is in another region' },
  'project.milestone': { 'zh-CN': '不是该项目的节点', 'en-US': 'is not a milestone of this project' },
  'plaque.member_org': { 'zh-CN': '党员不在该组织', 'en-US': 'the member is not in this organisation' },
  'plaque.campaign': { 'zh-CN': '亮牌活动不在该区域', 'en-US': 'the campaign is in another region' },
  PLAQUE_FONT_MISSING: {
    'zh-CN': '服务器上找不到中文字体，无法生成标识 PDF（请安装 fonts-noto-cjk 或设置 CJK_FONT）。',
    'en-US': 'No CJK font on the server, so plaques cannot be printed (install fonts-noto-cjk or set CJK_FONT).',
  },
  PLAQUE_PDF_EMPTY: { 'zh-CN': '没有可打印的党员户。', 'en-US': 'No households to print.' },
} satisfies Record<string, Record<Locale, string>>;

addMessages(clusterMessages);
