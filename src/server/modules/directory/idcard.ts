/** The ID-number rules live in src/shared (the web form checks them as they are typed). */
export * from '../../../shared/idcard.ts';
