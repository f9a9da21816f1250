/**
 * The QA lists of sessions (the branch queue, head office's spot checks, a drawn sample, disagreements): one row a
 * session with its id first, 20 to a page, and a load failure shown above the table.
 */
import { Alert, Table, Typography, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Loaded } from './useLoad';

interface Props<T> {
  rows: readonly T[];
  /** The request that fills `rows`; leave out for rows already at hand. */
  state?: Loaded<unknown>;
  /** Data attributes for a row (its test id, a status). */
  rowData(row: T): Record<`data-${string}`, string | boolean>;
  /** The columns after the session id. */
  columns: TableColumnsType<T>;
  emptyText?: string;
}

export function SessionTable<T extends { sessionId: string }>({ rows, state, rowData, columns, emptyText }: Props<T>) {
  const { t } = useTranslation();
  return (
    <>
      {state?.status === 'error' && <Alert type="error" showIcon title={state.error.message} />}
      <Table<T>
        size="small"
        rowKey="sessionId"
        loading={state?.status === 'loading'}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        {...(emptyText === undefined ? {} : { locale: { emptyText } })}
        onRow={(row) => rowData(row) as HTMLAttributes<HTMLElement>}
        columns={[{ title: t('qa.session'), dataIndex: 'sessionId', render: (id: string) => <Typography.Text className="ws-qa-mono">{id}</Typography.Text> }, ...columns]}
      />
    </>
  );
}
