import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { OrgKind } from '../../../common/roles.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { TOrg } from '../../../common/schemas/orgs.ts';
import { useOrgs } from './hooks.ts';

interface TreeNode {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeNode[];
}

/** The org tree (as far as the user may see it) as a TreeSelect; `kinds` limits what can be chosen. */
export function buildOrgTree(orgs: TOrg[], selectable?: readonly string[]): TreeNode[] {
  const byId = new Map<string, TreeNode>();
  for (const o of orgs) byId.set(o.id, { value: o.id, title: o.name, disabled: selectable ? !selectable.includes(o.kind) : false, children: [] });
  const roots: TreeNode[] = [];
  for (const o of orgs) {
    const n = byId.get(o.id)!;
    const p = o.parentId ? byId.get(o.parentId) : undefined;
    if (p) p.children.push(n);
    else roots.push(n);
  }
  return roots;
}

export function OrgSelect({
  value,
  onChange,
  kinds,
  testid,
  placeholder,
  allowClear,
  style,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  kinds?: readonly OrgKind[];
  testid?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
}) {
  const { t } = useI18n();
  const { data, isLoading } = useOrgs();
  const tree = useMemo(() => buildOrgTree(data?.items ?? [], kinds), [data, kinds]);
  return (
    <TreeSelect
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={tree}
      loading={isLoading}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      allowClear={allowClear}
      placeholder={placeholder ?? t('org.choose')}
      style={{ width: '100%', ...style }}
      data-testid={testid}
      popupMatchSelectWidth={false}
    />
  );
}
