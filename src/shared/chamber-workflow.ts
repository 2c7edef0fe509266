import { z } from 'zod';

/**
 * Workflow charts (党务工作流程图): the standard procedures as stages of steps, each step linked to the page of the
 * platform where it is done. A region's text and steps are its own (a row per procedure, seeded with these defaults,
 * edited by the region's admin).
 */
export const WORKFLOW_CODES = ['development', 'transfer', 'election', 'meetings'] as const;
export type WorkflowCode = (typeof WORKFLOW_CODES)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
export const WorkflowStep = z.strictObject({
  title: text(100),
  text: z.string().trim().max(1000).default(''),
  /** a page of the web app, e.g. /members (empty: no link) */
  path: z.string().trim().max(200).default(''),
});
export const WorkflowStage = z.strictObject({ title: text(100), steps: z.array(WorkflowStep).max(50) });
export const WorkflowPut = z.strictObject({
  regionId: z.uuid(),
  name: text(100),
  description: z.string().trim().max(2000).default(''),
  stages: z.array(WorkflowStage).min(1).max(20),
});
export const Workflow = z.object({
  code: z.enum(WORKFLOW_CODES), regionId: z.string(), name: z.string(), description: z.string(),
  stages: z.array(z.object({ title: z.string(), steps: z.array(z.object({ title: z.string(), text: z.string(), path: z.string() })) })),
  steps: z.number(), updatedAt: z.string().nullable(), updatedBy: z.string().nullable(), mayEdit: z.boolean(),
});
export const WorkflowQuery = z.object({ regionId: z.uuid() });

type Stage = { title: string; steps: { title: string; text: string; path: string }[] };
const s = (title: string, path: string, text = '') => ({ title, text, path });

/** The defaults (《中国共产党发展党员工作细则》 and the usual procedures), seeded for every region. */
export const DEFAULT_WORKFLOWS: { code: WorkflowCode; name: string; description: string; stages: Stage[] }[] = [
  {
    code: 'development', name: '发展党员工作流程', description: '依据《中国共产党发展党员工作细则》，发展党员分5个阶段25个步骤。',
    stages: [
      { title: '申请入党', steps: [s('递交入党申请书', '/members', '年满十八岁的申请人向工作、学习所在单位党组织提出书面申请'), s('党组织派人谈话', '/members', '党组织收到申请书后一个月内派人谈话')] },
      { title: '入党积极分子的确定和培养教育', steps: [
        s('推荐和确定入党积极分子', '/members', '采取党员推荐、群团组织推优等方式，支部委员会研究确定'), s('上级党委备案', '/members'),
        s('指定培养联系人', '/members', '一至两名正式党员作为培养联系人'), s('培养教育考察', '/activities', '每半年进行一次考察，时间一年以上')] },
      { title: '发展对象的确定和考察', steps: [
        s('确定发展对象', '/members', '听取党小组、培养联系人、党员和群众意见，支部委员会讨论同意'), s('报上级党委备案', '/members'),
        s('确定入党介绍人', '/members', '一般由培养联系人担任'), s('进行政治审查', '/members'), s('开展集中培训', '/courseware', '培训时间一般不少于三天（或不少于24个学时）')] },
      { title: '预备党员的接收', steps: [
        s('支部委员会审查', '/members'), s('上级党委预审', '/members'), s('填写入党志愿书', '/members'),
        s('支部大会讨论', '/activities', '有表决权的到会人数超过应到会人数的半数'), s('上级党委派人谈话', '/members'),
        s('上级党委审批', '/members', '三个月内审批'), s('再上一级党委组织部门备案', '/members')] },
      { title: '预备党员的教育考察和转正', steps: [
        s('编入党支部和党小组', '/members'), s('入党宣誓', '/activities'), s('继续教育考察', '/activities', '预备期一年'),
        s('提出转正申请', '/members', '预备期满时本人提出书面申请'), s('支部大会讨论', '/activities'), s('上级党委审批', '/members'),
        s('材料归档', '/members', '入党志愿书、转正申请书等材料存入本人人事档案')] },
    ],
  },
  {
    code: 'transfer', name: '组织关系转接流程', description: '党员工作单位或居住地变动时，及时转移组织关系。',
    stages: [
      { title: '转出', steps: [s('党员提出申请', '/members'), s('党支部审核', '/members', '核对党员信息、党费缴纳情况'), s('开具介绍信', '/members', '在全国党员管理信息系统办理转出')] },
      { title: '转入', steps: [s('接收党组织审核', '/members'), s('编入党支部', '/members'), s('转接完成、回执', '/members')] },
    ],
  },
  {
    code: 'election', name: '换届选举流程', description: '党支部每届任期一般为三年，任期届满按期换届。',
    stages: [
      { title: '准备', steps: [s('提出换届请示', '/orgs', '任期届满前两个月'), s('上级党组织批复', '/orgs'), s('酝酿候选人', '/orgs')] },
      { title: '选举', steps: [s('召开党员大会', '/activities'), s('差额选举委员', '/activities'), s('选举书记、副书记', '/activities')] },
      { title: '报批', steps: [s('报上级党组织审批', '/orgs'), s('更新组织信息', '/orgs', '在组织管理中登记新一届班子与任期')] },
    ],
  },
  {
    code: 'meetings', name: '“三会一课”流程', description: '支部党员大会每季度一次，支部委员会每月一次，党小组会每月一次，党课每季度一次。',
    stages: [
      { title: '会前', steps: [s('确定议题', '/activities'), s('发布通知', '/activities', '在活动管理中创建会议并通知党员')] },
      { title: '会中', steps: [s('签到', '/activities', '扫码签到'), s('按议程召开', '/activities'), s('形成会议记录', '/activities')] },
      { title: '会后', steps: [s('上传纪要与照片', '/activities'), s('督促落实', '/activities/compliance', '在组织生活合规看板查看达标情况')] },
    ],
  },
];
