/** Roster import wizard (/members/import): template and file → check → import (all, or the valid rows only). */
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Result, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { PageTitle } from '../../components/PageTitle.tsx';
import { UploadProgress } from '../../components/UploadProgress.tsx';
import type { UploadProgress as UploadProgressValue } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { useIsMobile } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { directoryApi, type ImportResult } from './api.ts';

type ErrorRow = ImportResult['errors'][number];

function Totals({ r }: { r: ImportResult }) {
  const t = useT();
  return (
    <Flex wrap gap={24} data-testid="import-totals">
      <Statistic title={t('dir.import.total')} value={r.totalRows} />
      <Statistic title={t('dir.import.valid')} value={r.validRows} styles={{ content: { color: '#389e0d' } }} />
      <Statistic title={t('dir.import.invalid')} value={r.invalidRows} styles={{ content: { color: r.invalidRows ? '#cf1322' : undefined } }} />
      {r.mode === 'import' && <Statistic title={t('dir.import.created')} value={r.created} />}
      {r.mode === 'import' && <Statistic title={t('dir.import.updated')} value={r.updated} />}
    </Flex>
  );
}

/** A v4 uuid (crypto.randomUUID exists only on https or localhost; getRandomValues everywhere). */
function randomUuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export default function ImportPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [file, setFile] = useState<File>();
  const [defaultOrgId, setDefaultOrgId] = useState<string>();
  const [check, setCheck] = useState<ImportResult>();
  const [done, setDone] = useState<ImportResult>();
  const [busy, setBusy] = useState<'check' | 'import' | 'valid' | null>(null);
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState<UploadProgressValue>();
  const [rows, setRows] = useState<{ rows: number; total: number }>();
  const progressId = useRef<string>(undefined);
  // while the import runs, ask the server how many rows it has read, twice a second, until the answer arrives
  // (404 until it has the whole file and starts reading: ignored)
  useEffect(() => {
    const id = progressId.current;
    if (busy === null || !id) return;
    const stop = new AbortController();
    const timer = setInterval(() => {
      directoryApi.importProgress(id, stop.signal).then((p) => setRows(p), () => { /* not started yet, or another process */ });
    }, 500);
    return () => { clearInterval(timer); stop.abort(); };
  }, [busy]);
  const step = done ? 2 : check ? 1 : 0;

  const run = async (mode: 'check' | 'import', validOnly = false) => {
    if (!file) return;
    setBusy(mode === 'check' ? 'check' : validOnly ? 'valid' : 'import');
    setError(undefined);
    setSent(undefined);
    setRows(undefined);
    progressId.current = randomUuid();
    try {
      const r = await directoryApi.importRoster(file, { mode, validOnly, defaultOrgId, progressId: progressId.current }, setSent);
      if (mode === 'check') setCheck(r);
      else if (r.imported) setDone(r);
      else setCheck(r); // nothing imported: the file changed or the rows are still invalid
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(null);
    }
  };

  const restart = () => {
    setFile(undefined);
    setCheck(undefined);
    setDone(undefined);
    setError(undefined);
  };

  const fileList: UploadFile[] = file ? [{ uid: 'roster', name: file.name, status: 'done', size: file.size }] : [];
  const result = done ?? check;

  return (
    <Flex vertical gap={16}>
      <PageTitle extra={<Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/members')}>{t('dir.import.backToMembers')}</Button>}>
        {t('dir.import.title')}
      </PageTitle>
      <Card size="small">
        <Steps
          size="small"
          current={step}
          status={done ? 'finish' : 'process'}
          orientation={isMobile ? 'vertical' : 'horizontal'}
          items={[{ title: t('dir.import.step1') }, { title: t('dir.import.step2') }, { title: t('dir.import.step3') }]}
        />
      </Card>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(undefined)} data-testid="import-error" />}
      <UploadProgress busy={busy !== null} sent={sent} rows={rows} testId="import-progress" />

      {step === 0 && (
        <Card size="small" title={t('dir.import.step1')}>
          <Flex vertical gap={16}>
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('dir.import.templateHint')}{' '}
              <Button icon={<DownloadOutlined />} href={directoryApi.templateUrl} data-testid="import-template">{t('dir.import.template')}</Button>
            </Typography.Paragraph>
            <Form layout="vertical">
              <Form.Item label={t('dir.import.defaultOrg')} extra={t('dir.import.defaultOrgHint')}>
                <OrgTreeSelect value={defaultOrgId} onChange={setDefaultOrgId} testId="import-default-org" style={{ width: isMobile ? '100%' : 360 }} />
              </Form.Item>
              <Form.Item label={t('dir.import.file')} required>
                <Upload.Dragger
                  accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  maxCount={1}
                  fileList={fileList}
                  beforeUpload={(f) => {
                    setFile(f);
                    return false;
                  }}
                  onRemove={() => setFile(undefined)}
                  data-testid="import-file"
                >
                  <p className="ant-upload-drag-icon"><InboxOutlined /></p>
                  <p className="ant-upload-text">{t('dir.import.drop')}</p>
                  <p className="ant-upload-hint">{t('dir.import.dropHint')}</p>
                </Upload.Dragger>
              </Form.Item>
            </Form>
            <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={busy === 'check'} onClick={() => run('check')} data-testid="import-check" style={{ alignSelf: 'flex-start' }}>
              {t('dir.import.check')}
            </Button>
          </Flex>
        </Card>
      )}

      {step === 1 && check && (
        <Card size="small" title={t('dir.import.step2')} data-testid="import-check-result">
          <Flex vertical gap={16}>
            <Typography.Text><FileExcelOutlined /> {file?.name}</Typography.Text>
            <Totals r={check} />
            {check.invalidRows === 0 && check.totalRows > 0 ? (
              <Alert type="success" showIcon title={t('dir.import.allValid')} />
            ) : (
              <Alert
                type="warning"
                showIcon
                title={t('dir.import.hasErrors', { count: check.invalidRows })}
                description={
                  <Space wrap>
                    {check.errorsTruncated && <Typography.Text data-testid="import-truncated">{t('dir.import.truncated', { count: check.errors.length })}</Typography.Text>}
                    {check.reportId && (
                      <Button size="small" icon={<DownloadOutlined />} href={directoryApi.reportUrl(check.reportId)} data-testid="import-report">
                        {t('dir.import.report')}
                      </Button>
                    )}
                  </Space>
                }
              />
            )}
            {check.errors.length > 0 && (
              <Table<ErrorRow>
                data-testid="import-errors"
                rowKey={(e, i) => `${e.row}:${e.column}:${i}`}
                size="small"
                dataSource={check.errors}
                scroll={{ x: 'max-content' }}
                pagination={{ pageSize: 20, hideOnSinglePage: true, simple: isMobile }}
                columns={[
                  { key: 'row', title: t('dir.import.row'), dataIndex: 'row', width: 70 },
                  { key: 'column', title: t('dir.import.column'), dataIndex: 'column' },
                  { key: 'message', title: t('dir.import.message'), dataIndex: 'message' },
                ]}
              />
            )}
            <Space wrap>
              <Button onClick={restart}>{t('dir.import.chooseAnother')}</Button>
              <Button type="primary" disabled={check.invalidRows > 0 || check.totalRows === 0} loading={busy === 'import'} onClick={() => run('import')} data-testid="import-all">
                {t('dir.import.importAll')}
              </Button>
              {check.invalidRows > 0 && check.validRows > 0 && (
                <Button danger loading={busy === 'valid'} onClick={() => run('import', true)} data-testid="import-valid-only">
                  {t('dir.import.importValid', { count: check.validRows })}
                </Button>
              )}
            </Space>
          </Flex>
        </Card>
      )}

      {step === 2 && done && result && (
        <Card size="small">
          <Result
            status="success"
            icon={<CheckCircleOutlined />}
            title={t('dir.import.doneTitle')}
            subTitle={t('dir.import.doneSub', { created: done.created, updated: done.updated, skipped: done.invalidRows })}
            extra={
              <Space wrap>
                <Button type="primary" onClick={() => navigate('/members')} data-testid="import-to-members">{t('dir.import.backToMembers')}</Button>
                <Button onClick={restart}>{t('dir.import.again')}</Button>
              </Space>
            }
          />
          <Totals r={done} />
        </Card>
      )}
    </Flex>
  );
}
