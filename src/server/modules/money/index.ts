import { moneyFigures } from './figures.ts';
import { MONEY_AUDIT_ACTIONS, MONEY_PERMISSIONS } from '../../../shared/capabilities/money.ts';
import { defineCapability } from '../../platform/capability.ts';
import { moneyMessages } from './messages.ts';
import { moneyRoutes } from './routes.ts';
import { seedCharity } from './seed-charity.ts';
import { seedDues } from './seed-dues.ts';
import { seedFund } from './seed-fund.ts';
import { charityDisbursements, charityDonations, charityFunds, charityPledges, duesAmounts, duesCorrections, duesMonths, duesPayments, loanCommitments, loanFundMembers, loanFunds, loans } from './schema.ts';
import { moneyTodos } from './todos.ts';

/** Money (issue 15): party dues on the platform ledger (docs/money.md). Demo: the 骆驼 bridge-loan fund (seed-fund.ts). */
export const money = defineCapability({
  name: 'money',
  routes: moneyRoutes,
  permissions: MONEY_PERMISSIONS,
  auditActions: MONEY_AUDIT_ACTIONS,
  messages: moneyMessages,
  seed: async ({ db, password, now }) => {
    const out = await seedFund(db, { password, now });
    await seedCharity(db, { now });
    await seedDues(db, { now });
    return out;
  },
  figures: moneyFigures,
  tables: { region: [duesAmounts, duesPayments, duesMonths, loanFunds, loanFundMembers, loanCommitments, loans, charityFunds, charityPledges, charityDonations, charityDisbursements, duesCorrections], shared: [] },
  todos: moneyTodos,
});
