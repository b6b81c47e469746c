import { Spin } from 'antd';

export function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** `data-testid` for props objects (okButtonProps…), where TypeScript does not allow the hyphenated key inline. */
export function tid(id: string): object {
  return { 'data-testid': id };
}
