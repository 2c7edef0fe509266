import { Link } from 'react-router-dom';
import { Result, Typography } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { useT } from '../../i18n.ts';

export default function NotFoundPage() {
  const t = useT();
  return (
    <Result
      status="404"
      title={
        <Typography.Title level={3} data-testid="page-title" style={{ margin: 0 }}>
          {t('notFound.title')}
        </Typography.Title>
      }
      subTitle={t('notFound.subtitle')}
      extra={
        <Link to="/" data-testid="back-home">
          <HomeOutlined /> {t('common.backHome')}
        </Link>
      }
    />
  );
}
