/** Typed calls of the accounts API; contract: src/shared/accounts.ts. */
import type {
  AccountPage, AccountQuery, BatchAccounts, BatchAccountsBody, CreateAccountBody, FirstPassword, FirstPasswordsSheetBody, GrantBody,
} from '../../../shared/accounts.ts';
import type { Ok } from '../../../shared/api.ts';
import { downloadPost, request, type Body, type Reply } from '../../api.ts';

export type Account = Reply<typeof AccountPage>['items'][number];
export type AccountGrant = Account['grants'][number];
export type AccountListQuery = Body<typeof AccountQuery>;

export const accountsApi = {
  list: (query: AccountListQuery, signal?: AbortSignal) => request<Reply<typeof AccountPage>>('/api/v1/accounts', { query, signal }),
  create: (body: Body<typeof CreateAccountBody>) => request<Reply<typeof FirstPassword>>('/api/v1/accounts', { method: 'POST', body }),
  batch: (body: Body<typeof BatchAccountsBody>) => request<Reply<typeof BatchAccounts>>('/api/v1/accounts/batch', { method: 'POST', body }),
  grant: (userId: string, body: Body<typeof GrantBody>) => request<{ id: string }>(`/api/v1/accounts/${userId}/grants`, { method: 'POST', body }),
  revoke: (userId: string, grantId: string) => request<Reply<typeof Ok>>(`/api/v1/accounts/${userId}/grants/${grantId}`, { method: 'DELETE' }),
  resetPassword: (userId: string) => request<{ password: string }>(`/api/v1/accounts/${userId}/password`, { method: 'POST' }),
  /** the first passwords just shown, saved as xlsx (POST: passwords never go in a URL) */
  firstPasswordsXlsx: (body: Body<typeof FirstPasswordsSheetBody>) => downloadPost('/api/v1/accounts/first-passwords.xlsx', body, 'first-passwords.xlsx'),
  setDisabled: (userId: string, disabled: boolean) => request<Reply<typeof Ok>>(`/api/v1/accounts/${userId}/disabled`, { method: 'PUT', body: { disabled } }),
};
