import { Flex } from 'antd';
import { Fragment, type ReactNode } from 'react';

/**
 * A plain vertical list of rows with dividers, for phone pages (antd's List is deprecated in antd 6 and logs a
 * console warning, which the page walk in test/e2e/i18n.test.ts refuses).
 */
export function RowList<T>({ items, children, header, size = 'default', ...rest }: {
  items: readonly T[]; children: (item: T, index: number) => ReactNode; header?: ReactNode; size?: 'default' | 'small'; 'data-testid'?: string;
}) {
  return (
    <div className={`lj-rows lj-rows-${size}`} data-testid={rest['data-testid']}>
      {header && <div className="lj-rows-header">{header}</div>}
      {items.map((item, i) => <Fragment key={i}>{children(item, i)}</Fragment>)}
    </div>
  );
}

/** One row of a RowList: its content, and `extra` at the end of the line. */
export function RowItem({ children, extra, ...rest }: { children: ReactNode; extra?: ReactNode; 'data-testid'?: string }) {
  return (
    <Flex className="lj-row" justify="space-between" align="center" gap={8} data-testid={rest['data-testid']}>
      <div style={{ flex: 1, minWidth: 0 }}>{children}</div>
      {extra}
    </Flex>
  );
}
