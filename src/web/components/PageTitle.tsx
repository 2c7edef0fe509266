import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** The heading every page starts with (`data-testid="page-title"`), with optional actions on the right. */
export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <Flex className="page-title" align="center" justify="space-between" wrap gap={8}>
      <Typography.Title level={3} data-testid="page-title" style={{ margin: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </Flex>
  );
}
