/**
 * A follow-up action's evidence besides its text: the files (download links; the office or the owner's liaison uploads
 * an image or PDF and removes one) and the linked record — a need of the joint meeting or one of its co-building projects.
 */
import { useEffect, useState } from 'react';
import { App, Button, Flex, Modal, Popconfirm, Select, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, LinkOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { errorText } from '../../errors.ts';
import { useT } from '../../i18n.ts';
import { cobuildApi } from './api.ts';
import { coprojectsApi } from './coprojects-api.ts';
import { meetingsApi, type MeetingAction } from './meetings-api.ts';

export function ActionEvidence({ a, onChanged }: { a: MeetingAction; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [linking, setLinking] = useState(false);
  const run = async (fn: () => Promise<unknown>, ok = t('jm.saved')) => {
    setBusy(true);
    try { await fn(); message.success(ok); onChanged(); } catch (e) { message.error(errorText(e, t)); } finally { setBusy(false); }
  };
  return (
    <Flex vertical gap={2} data-testid="jm-action-evidence">
      {a.files.map((f) => (
        <Flex key={f.id} gap={4} align="center">
          <PaperClipOutlined />
          <Typography.Link href={meetingsApi.actionFileUrl(f.id)} target="_blank" data-testid="jm-action-file" ellipsis style={{ maxWidth: 220 }}>{f.fileName}</Typography.Link>
          {a.mayUpdate && (
            <Popconfirm title={t('jm.file.removeConfirm')} onConfirm={() => void run(() => meetingsApi.removeActionFile(f.id))}>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('jm.file.remove')} data-testid="jm-action-file-remove" />
            </Popconfirm>
          )}
        </Flex>
      ))}
      {a.link && (
        <span data-testid="jm-action-link">
          <Tag icon={<LinkOutlined />}>{t(a.link.kind === 'need' ? 'jm.link.need' : 'jm.link.project')}</Tag>
          <Link to={a.link.kind === 'need' ? `/needs/${a.link.id}` : `/projects/${a.link.id}`}>{a.link.title}</Link>
        </span>
      )}
      {a.mayUpdate && (
        <Flex gap={4} wrap>
          <Upload showUploadList={false} accept=".pdf,.jpg,.jpeg,.png,.gif,.webp" customRequest={({ file }) => { void run(() => meetingsApi.addActionFile(a.id, file as File), t('jm.file.uploaded')); }}>
            <Button size="small" icon={<UploadOutlined />} loading={busy} data-testid="jm-action-upload">{t('jm.file.upload')}</Button>
          </Upload>
          <Button size="small" icon={<LinkOutlined />} onClick={() => setLinking(true)} data-testid="jm-action-link-open">{t('jm.link.set')}</Button>
          {a.link && <Button size="small" type="text" onClick={() => void run(() => meetingsApi.updateAction(a.id, { link: null }))}>{t('jm.link.clear')}</Button>}
        </Flex>
      )}
      {linking && <LinkDialog a={a} onClose={() => setLinking(false)} onDone={() => { setLinking(false); onChanged(); }} />}
    </Flex>
  );
}

function LinkDialog({ a, onClose, onDone }: { a: MeetingAction; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [value, setValue] = useState<string>();
  const [busy, setBusy] = useState(false);
  // the joint meeting's needs the reader sees and its co-building projects
  useEffect(() => {
    void Promise.all([
      cobuildApi.needs({ allianceId: a.allianceId, pageSize: 200 }).catch(() => ({ items: [] })),
      coprojectsApi.list({ allianceId: a.allianceId }).catch(() => []),
    ]).then(([ns, ps]) => setOptions([
      ...ns.items.map((n) => ({ value: `need:${n.id}`, label: `${t('jm.link.need')}：${n.title}` })),
      ...ps.map((p) => ({ value: `project:${p.projectId}`, label: `${t('jm.link.project')}：${p.title}` })),
    ]));
  }, [a.allianceId, t]);
  const save = async () => {
    if (!value) return;
    const [kind, id] = value.split(':') as ['need' | 'project', string];
    setBusy(true);
    try { await meetingsApi.updateAction(a.id, { link: { kind, id } }); message.success(t('jm.saved')); onDone(); } catch (e) { message.error(errorText(e, t)); } finally { setBusy(false); }
  };
  return (
    <Modal open title={t('jm.link.set')} onCancel={onClose} onOk={() => void save()} okButtonProps={{ disabled: !value, loading: busy, ...{ 'data-testid': 'jm-action-link-submit' } }}>
      <Select style={{ width: '100%' }} showSearch optionFilterProp="label" options={options} value={value} onChange={setValue}
        placeholder={t('jm.link.pick')} data-testid="jm-action-link-select" />
    </Modal>
  );
}
