/** The member rules live in src/shared (the web form checks them before sending): one implementation. */
export {
  categoryOf, checkMember, checkMemberInput, checkMemberUpdate, MEMBER_MESSAGES, nextStage, requiredDates, STAGE_DATE, stageIndex,
  type MemberFacts, type Problem,
} from '../../../shared/member-rules.ts';
