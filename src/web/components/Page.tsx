/**
 * The frame of every workbench page: a title, the page's actions on the right, then its content.
 */
import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

export function Page({ title, extra, children }: { readonly title: string; readonly extra?: ReactNode; readonly children: ReactNode }) {
  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra !== undefined ? <Flex gap={8} wrap>{extra}</Flex> : null}
      </Flex>
      <Flex vertical gap={16}>
        {children}
      </Flex>
    </div>
  );
}
