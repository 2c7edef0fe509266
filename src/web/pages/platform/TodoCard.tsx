/** The home page's to-do list (GET /api/v1/todos): grouped by source, overdue first, each item a link to where it is done. */
import { Alert, Badge, Card, Collapse, Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useLocale, useT } from '../../i18n.ts';
import { homeApi, type TodoItem } from './homeApi.ts';

const SHOWN = 5;
const COLOR = { overdue: 'red', due: 'orange', info: 'blue' } as const;

function Group({ items }: { items: TodoItem[] }) {
  const t = useT();
  const { locale } = useLocale();
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, SHOWN);
  return (
    <List<TodoItem>
      size="small"
      dataSource={shown}
      renderItem={(i) => (
        <List.Item data-testid="todo-item" data-source={i.source}>
          <Flex gap={8} align="baseline" wrap style={{ width: '100%' }}>
            <Tag color={COLOR[i.severity]}>{t(`home.todo.${i.severity}`)}</Tag>
            <Link to={i.href} style={{ flex: 1, minWidth: 0 }}>{i.title[locale === 'en-US' ? 'en-US' : 'zh-CN']}</Link>
            {i.due && <Typography.Text type="secondary">{t('home.todo.dueOn', { date: i.due })}</Typography.Text>}
          </Flex>
        </List.Item>
      )}
      footer={items.length > SHOWN && !all ? (
        <Typography.Link onClick={() => setAll(true)}>{t('home.todo.more', { n: items.length - SHOWN })}</Typography.Link>
      ) : undefined}
    />
  );
}

export function TodoCard() {
  const t = useT();
  const { locale } = useLocale();
  const q = useQuery('home:todos', (signal) => homeApi.todos(signal));
  const data = q.data;
  const groups = data ? data.sources.filter((s) => s.count > 0).map((s) => {
    const items = data.items.filter((i) => i.source === s.key);
    return { ...s, items, overdue: items.filter((i) => i.severity === 'overdue').length };
  }).sort((a, b) => Number(b.overdue > 0) - Number(a.overdue > 0)) : [];
  return (
    <Card title={t('home.todo.title')} data-testid="todo-card" extra={data && <Badge count={data.items.length} overflowCount={999} />}>
      {q.error ? <Alert type="warning" showIcon title={errorText(q.error, t)} />
        : !data ? <Skeleton active />
          : groups.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.todo.empty')} />
            : (
              <Collapse
                size="small"
                defaultActiveKey={groups.slice(0, 3).map((g) => g.key)}
                items={groups.map((g) => ({
                  key: g.key,
                  label: (
                    <Flex gap={8} align="center" data-testid={`todo-group-${g.key}`}>
                      <span>{g.label[locale === 'en-US' ? 'en-US' : 'zh-CN']}</span>
                      <Tag>{t('home.todo.count', { n: g.count })}</Tag>
                      {g.overdue > 0 && <Tag color="red">{t('home.todo.overdue')} {g.overdue}</Tag>}
                    </Flex>
                  ),
                  children: <Group items={g.items} />,
                }))}
              />
            )}
    </Card>
  );
}
