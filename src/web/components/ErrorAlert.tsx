import type { CSSProperties } from 'react';
import { Alert, Button } from 'antd';
import { errorText } from '../errors.ts';
import { useT } from '../i18n.ts';

/** A failure shown as an error alert (the server's localised message), with an optional retry button. */
export function ErrorAlert({
  error, onRetry, testId, style,
}: { error: unknown; onRetry?: () => void; testId?: string; style?: CSSProperties }) {
  const t = useT();
  if (error === undefined || error === null || error === '') return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      style={style}
      title={typeof error === 'string' ? error : errorText(error, t)}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
