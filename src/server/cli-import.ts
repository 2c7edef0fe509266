import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { progressLine } from './cli-progress.ts';
import { resolveGrantsFor, type Principal } from './platform/scope.ts';
import type { Locale } from './platform/messages.ts';
import { declaredRows } from './platform/xlsx.ts';

/**
 * `lianjian import-members FILE [--org ORG_ID]`: the roster import of the web app (the same service, the same checks,
 * the same audit rows and error report), run from the command line as a given user, with progress on a terminal.
 */
export interface ImportArgs {
  file: string;
  org?: string;
  as: string;
  check: boolean;
  validOnly: boolean;
  locale: Locale;
}


async function principalOf(database: Database, username: string): Promise<Principal | null> {
  const [u] = await database.query<{ id: string; username: string; display_name: string; is_platform_admin: boolean; member_id: string | null; member_region_id: string | null; locale: string | null; disabled: boolean }>(
    'select id, username, display_name, is_platform_admin, member_id, member_region_id, locale, disabled from users where lower(username) = lower($1)', [username]);
  if (!u || u.disabled) return null;
  const grants = await resolveGrantsFor(database, [u.id]);
  return {
    id: u.id, username: u.username, displayName: u.display_name, isPlatformAdmin: u.is_platform_admin,
    memberId: u.member_id, memberRegionId: u.member_region_id, locale: u.locale, grants: grants.get(u.id) ?? [],
  };
}

export async function importMembersCli(database: Database, config: Config, args: ImportArgs, now: () => number = Date.now): Promise<number> {
  const { importMembers, reportDir } = await import('./modules/directory/member-import.ts');
  const { RegistrationGuard } = await import('./modules/directory/registration-guard.ts');
  await import('./modules/directory/routes.ts'); // registers the directory's messages (the import's row errors)
  const { AppError } = await import('./platform/errors.ts');
  const { msg } = await import('./platform/messages.ts');

  const principal = await principalOf(database, args.as);
  if (!principal) {
    console.error(`Error: there is no enabled user "${args.as}". Import as an existing user with --as USERNAME ` +
      '(the import is checked against that user\'s scope and audited under their name).');
    return 2;
  }
  const declared = await declaredRows(args.file);
  const bar = progressLine();
  const label = args.check ? 'Checking' : 'Importing';
  let result: Awaited<ReturnType<typeof importMembers>>;
  try {
    result = await importMembers({ database, db: database.db, config, now }, { principal, requestId: 'cli', ip: undefined }, args.file, {
      mode: args.check ? 'check' : 'import', validOnly: args.validOnly, defaultOrgId: args.org, locale: args.locale,
      guard: new RegistrationGuard(now),
      // the declared size counts title and header rows: never show more than 99% before the end
      onRow: (n) => bar.update(label, n, declared > 0 ? Math.max(declared, n + 1) : 0),
    });
  } catch (e) {
    bar.end();
    if (e instanceof AppError) {
      const details = (e.details ?? []).map((d) => `  ${d.field ? `${d.field}: ` : ''}${msg(args.locale, d.message, d.vars as Record<string, unknown>)}`);
      console.error(`Error: ${args.file}: ${msg(args.locale, e.messageKey ?? e.code, e.vars)}${details.length ? `\n${details.join('\n')}` : ''}`);
      return 1;
    }
    throw e;
  }
  bar.update(label, result.totalRows, result.totalRows);
  bar.end();
  const fmt = (n: number) => n.toLocaleString('en-US');
  console.log(`${args.check ? 'Checked' : 'Read'} ${args.file}: ${fmt(result.totalRows)} rows, ${fmt(result.validRows)} valid, ${fmt(result.invalidRows)} with errors.`);
  for (const e of result.errors.slice(0, 20)) console.log(`  row ${e.row}, ${e.column}: ${e.message}`);
  if (result.errors.length > 20 || result.errorsTruncated) console.log('  … (all of them are in the error report)');
  if (result.reportId) console.log(`Error report (the sheet with the bad cells marked): ${reportDir(config)}/${result.reportId}.xlsx`);
  if (args.check) {
    console.log(result.invalidRows ? 'Nothing was written (--check).' : 'Nothing was written (--check); the file imports as it is.');
    return result.invalidRows ? 1 : 0;
  }
  if (result.imported) {
    console.log(`Imported: ${fmt(result.created)} members created, ${fmt(result.updated)} updated` +
      `${result.invalidRows ? `; the ${fmt(result.invalidRows)} rows with errors were left out (--valid-only)` : ''}.`);
    return 0;
  }
  console.log(`Nothing was imported: ${fmt(result.invalidRows)} rows have errors. Fix them and import again, or import the ` +
    `${fmt(result.validRows)} valid rows alone with --valid-only.`);
  return 1;
}
