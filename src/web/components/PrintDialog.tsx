/**
 * A dialog holding a page to print from the browser (a sign-in sheet, minutes): its content is the `.print-area`,
 * which the print stylesheet (styles.css) puts alone on paper; the footer has Print and Close.
 */
import type { ReactNode } from 'react';
import { Button, Modal } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useT } from '../i18n.ts';

export function PrintDialog({ title, onClose, testId, children }: { title: ReactNode; onClose: () => void; testId: string; children: ReactNode }) {
  const t = useT();
  return (
    <Modal open title={title} onCancel={onClose} width={760} destroyOnHidden
      footer={[
        <Button key="print" type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid={`${testId}-print`}>{t('common.print')}</Button>,
        <Button key="close" onClick={onClose}>{t('common.close')}</Button>,
      ]}
    >
      <div className="print-area" data-testid={testId}>{children}</div>
    </Modal>
  );
}
