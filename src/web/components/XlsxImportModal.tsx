/**
 * An xlsx import in a modal: a hint, the file button, the blank template, and — when the server refuses the file — its
 * message and every problem of every row (nothing was imported). The page gives what goes to the server (`send`) and
 * anything to choose first (`children`, e.g. the joint meeting).
 *
 * Test ids: `${testId}` on the modal, `${testId}-file` on the file button, `${testId}-report` on the list of problems.
 */
import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Flex, Form, Modal, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { errorText, rowProblems } from '../errors.ts';
import { useT } from '../i18n.ts';

export function XlsxImportModal({ title, hint, templateUrl, send, doneText, onClose, onDone, testId, children }: {
  title: ReactNode; hint: ReactNode; templateUrl: string;
  send: (file: File) => Promise<{ created: number }>;
  doneText: (created: number) => string;
  onClose: () => void; onDone: () => void; testId: string; children?: ReactNode;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<{ row: number; problems: string[] }[]>([]);
  const upload = async (file: File) => {
    setBusy(true);
    setError(undefined);
    setReport([]);
    try {
      const r = await send(file);
      message.success(doneText(r.created));
      onDone();
    } catch (err) {
      setError(errorText(err, t));
      setReport(rowProblems(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} onCancel={onClose} footer={null} data-testid={testId}>
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <Form layout="vertical">
        {children}
        <Flex gap={8} wrap>
          <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => { void upload(f); return false; }}>
            <Button icon={<UploadOutlined />} loading={busy} data-testid={`${testId}-file`}>{t('import.choose')}</Button>
          </Upload>
          <Button icon={<DownloadOutlined />} href={templateUrl}>{t('import.template')}</Button>
        </Flex>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {report.length > 0 && (
        <ul data-testid={`${testId}-report`} style={{ marginTop: 12, paddingLeft: 18 }}>
          {report.map((r) => <li key={r.row}>{t('import.row', { row: r.row })}{r.problems.join('；')}</li>)}
        </ul>
      )}
    </Modal>
  );
}
