import { z } from 'zod';
import {
  AccountPage, AccountQuery, BatchAccounts, BatchAccountsBody, CreateAccountBody, DisableBody, FirstPassword, FirstPasswordsSheetBody, GrantBody,
} from '../../../shared/accounts.ts';
import { Ok } from '../../../shared/api.ts';
import { actorOf, principalOf, typed, type App } from '../context.ts';
import { localeOf, notFound } from '../errors.ts';
import { holdsAnywhere } from '../scope.ts';
import { sendXlsx, workbookBuffer } from '../xlsx.ts';
import {
  batchMemberAccounts, createAccount, grantAccountRole, listAccounts, resetAccountPassword, revokeAccountRole, setAccountDisabled,
} from './service.ts';

const UserParams = z.object({ userId: z.string().max(64) });
const tags = ['accounts'];

const SHEET = {
  'zh-CN': { name: '初始密码', header: ['姓名', '所在组织', '用户名', '初始密码'], file: '初始密码.xlsx' },
  'en-US': { name: 'First passwords', header: ['Name', 'Organisation', 'Username', 'First password'], file: 'first-passwords.xlsx' },
};

/** Accounts and roles for region admins (users.manage, decided on each target). */
export async function accountRoutes(app: App): Promise<void> {
  const db = app.deps.database.db;
  const r = typed(app);
  const manager = (req: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(req);
    if (!holdsAnywhere(p, 'users.manage')) throw notFound();
    return { ...actorOf(req), principal: p };
  };

  r.get('/api/v1/accounts', {
    schema: { tags, summary: 'Who holds which role where: the accounts I manage, with their grants', querystring: AccountQuery, response: { 200: AccountPage } },
  }, async (req) => listAccounts(db, manager(req).principal, req.query));

  r.post('/api/v1/accounts', {
    schema: { tags, summary: 'Create an account with a first password (shown once, must be changed)', body: CreateAccountBody, response: { 200: FirstPassword } },
  }, async (req) => createAccount(db, manager(req), req.body));

  r.post('/api/v1/accounts/batch', {
    schema: { tags, summary: "Accounts for a branch's members who have none (first passwords shown once)", body: BatchAccountsBody, response: { 200: BatchAccounts } },
  }, async (req) => batchMemberAccounts(db, manager(req), req.body.regionId, req.body.orgId, req.body.subtree));

  r.post('/api/v1/accounts/first-passwords.xlsx', {
    schema: { tags, summary: 'The first passwords just shown, as xlsx to hand out (the rows are the ones sent; nothing stored)', body: FirstPasswordsSheetBody },
  }, async (req, reply) => {
    manager(req);
    const L = SHEET[localeOf(req)];
    const buffer = await workbookBuffer([{
      name: L.name, boldHeader: true,
      header: L.header.map((title, i) => ({ title, width: [12, 28, 18, 18][i] })),
      rows: req.body.rows.map((x) => [x.name, x.org ?? '', x.username, x.password]),
    }]);
    reply.header('Cache-Control', 'no-store');
    return sendXlsx(reply, buffer, L.file);
  });

  r.post('/api/v1/accounts/:userId/grants', {
    schema: { tags, summary: 'Grant a role on a scope of mine', params: UserParams, body: GrantBody, response: { 200: z.object({ id: z.string() }) } },
  }, async (req) => ({ id: await grantAccountRole(db, manager(req), req.params.userId, req.body) }));

  r.delete('/api/v1/accounts/:userId/grants/:grantId', {
    schema: { tags, summary: 'Revoke a grant', params: UserParams.extend({ grantId: z.string().max(64) }), response: { 200: Ok } },
  }, async (req) => {
    await revokeAccountRole(db, manager(req), req.params.userId, req.params.grantId);
    return { ok: true as const };
  });

  r.post('/api/v1/accounts/:userId/password', {
    schema: { tags, summary: 'Reset the password (a new first password, shown once; sessions end)', params: UserParams, response: { 200: z.object({ password: z.string() }) } },
  }, async (req) => resetAccountPassword(db, manager(req), req.params.userId));

  r.put('/api/v1/accounts/:userId/disabled', {
    schema: { tags, summary: 'Disable (sessions end, sign-in refused) or enable an account', params: UserParams, body: DisableBody, response: { 200: Ok } },
  }, async (req) => {
    await setAccountDisabled(db, manager(req), req.params.userId, req.body.disabled);
    return { ok: true as const };
  });
}
