import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';

/**
 * A search box that searches on Enter, on the button, and when cleared. Unlike Input.Search, its
 * `data-testid` sits on the <input> itself (the button gets `<testid>-button`), which browser tests need.
 */
export function SearchInput({
  value,
  onSearch,
  placeholder,
  style,
  testid,
}: {
  value?: string;
  onSearch: (v: string) => void;
  placeholder?: string;
  style?: CSSProperties;
  testid?: string;
}) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  return (
    <Space.Compact style={style}>
      <Input
        allowClear
        value={text}
        placeholder={placeholder}
        onChange={(e) => {
          setText(e.target.value);
          // The clear icon fires a change with an empty value: show everything again.
          if (e.type !== 'change' && !e.target.value) onSearch('');
        }}
        onPressEnter={() => onSearch(text.trim())}
        data-testid={testid}
      />
      <Button icon={<SearchOutlined />} onClick={() => onSearch(text.trim())} aria-label={placeholder} data-testid={testid ? `${testid}-button` : undefined} />
    </Space.Compact>
  );
}
