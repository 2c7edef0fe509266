import { Flex, Progress, Typography } from 'antd';
import type { UploadProgress as Sent } from '../api.ts';
import { useT } from '../i18n.ts';

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * The progress of a file sent to the server and then processed there: the bytes sent (percent) while the
 * upload lasts, then "processing" until the answer arrives. Shown only while `busy`.
 */
export function UploadProgress({ busy, sent, testId = 'upload-progress' }: { busy: boolean; sent?: Sent; testId?: string }) {
  const t = useT();
  if (!busy) return null;
  const total = sent?.total ?? 0;
  const percent = total > 0 ? Math.min(100, Math.floor(((sent?.sent ?? 0) / total) * 100)) : 0;
  const processing = total > 0 && percent >= 100;
  return (
    <Flex vertical gap={4} data-testid={testId} data-phase={processing ? 'processing' : 'upload'}>
      <Progress percent={processing ? 100 : percent} status="active" showInfo={!processing} />
      <Typography.Text type="secondary">
        {processing
          ? t('progress.processing')
          : t('progress.uploading', { percent, sent: mb(sent?.sent ?? 0), total: mb(total) })}
      </Typography.Text>
    </Flex>
  );
}
