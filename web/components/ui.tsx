import { Grid, Spin } from 'antd';

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

/** A drawer's width: the given size on a desktop, the whole screen on a phone. */
export function useDrawerSize(px: number): number | string {
  const screens = Grid.useBreakpoint();
  return screens.md ? px : '100%';
}
