import { Link } from 'react-router-dom';
import { Result, Typography } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { useT } from '../../i18n.ts';

export default function ForbiddenPage() {
  const t = useT();
  return (
    <Result
      status="403"
      title={
        <Typography.Title level={3} data-testid="page-title" style={{ margin: 0 }}>
          {t('forbidden.title')}
        </Typography.Title>
      }
      subTitle={t('forbidden.subtitle')}
      extra={
        <Link to="/" data-testid="back-home">
          <HomeOutlined /> {t('common.backHome')}
        </Link>
      }
    />
  );
}
