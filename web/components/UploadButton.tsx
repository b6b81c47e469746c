import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload } from 'antd';
import type { ReactNode } from 'react';

/**
 * A button that picks one file and hands it to `onFile` (which uploads it and says how it went): AntD's
 * own upload request and list are off, the page's API call and messages do the work.
 */
export function UploadButton({
  onFile,
  accept,
  loading,
  disabled,
  size,
  testid,
  children,
}: {
  onFile: (file: File) => unknown;
  accept?: string;
  loading?: boolean;
  disabled?: boolean;
  size?: 'small' | 'middle';
  testid: string;
  children: ReactNode;
}) {
  return (
    <Upload
      showUploadList={false}
      accept={accept}
      disabled={disabled}
      beforeUpload={(f) => {
        void onFile(f);
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} size={size} loading={loading} data-testid={testid}>
        {children}
      </Button>
    </Upload>
  );
}
