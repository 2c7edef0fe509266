import { Flex, Progress, Typography } from 'antd';
import type { UploadProgress as Sent } from '../api.ts';
import { useT } from '../i18n.ts';

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * The progress of a file sent to the server and then processed there: the bytes sent (percent) while the
 * upload lasts, then "processing" with the rows read so far (when the page polls them) until the answer arrives.
 * Shown only while `busy`.
 */
export function UploadProgress({ busy, sent, rows, testId = 'upload-progress' }: {
  busy: boolean; sent?: Sent; testId?: string;
  /** once the file is up: the rows the server has read of the rows the sheet declares (total 0: unknown) */
  rows?: { rows: number; total: number };
}) {
  const t = useT();
  if (!busy) return null;
  const total = sent?.total ?? 0;
  const percent = total > 0 ? Math.min(100, Math.floor(((sent?.sent ?? 0) / total) * 100)) : 0;
  // the server reporting rows means the file is up, whatever the upload events said
  const processing = (total > 0 && percent >= 100) || (rows?.rows ?? 0) > 0;
  const rowPercent = rows && rows.total > 0 ? Math.min(99, Math.floor((rows.rows / rows.total) * 100)) : null;
  return (
    <Flex vertical gap={4} data-testid={testId} data-phase={processing ? 'processing' : 'upload'}>
      <Progress percent={processing ? rowPercent ?? 100 : percent} status="active" showInfo={!processing || rowPercent !== null} />
      <Typography.Text type="secondary">
        {processing
          ? t('progress.processing') + (rows && rows.rows > 0
            ? ` ${rows.total > 0 ? t('progress.rowsOf', { rows: rows.rows.toLocaleString(), total: rows.total.toLocaleString() }) : t('progress.rows', { rows: rows.rows.toLocaleString() })}`
            : '')
          : t('progress.uploading', { percent, sent: mb(sent?.sent ?? 0), total: mb(total) })}
      </Typography.Text>
    </Flex>
  );
}
