import { Select } from 'antd';
import type { TAssignmentInput } from '../../../common/schemas/mediation.ts';
import type { TMediatorView } from '../../../common/schemas/mediation-admin.ts';

/** The assignments field as a multi-select: the first mediator chosen leads (主调), the others assist. */
export function MediatorPicker({
  value,
  onChange,
  mediators,
  disabled,
  loading,
  placeholder,
  testid,
}: {
  value?: TAssignmentInput[];
  onChange?: (v: TAssignmentInput[]) => void;
  mediators: TMediatorView[];
  disabled?: boolean;
  loading?: boolean;
  placeholder?: string;
  testid?: string;
}) {
  return (
    <Select
      mode="multiple"
      disabled={disabled}
      loading={loading}
      placeholder={placeholder}
      value={(value ?? []).map((a) => a.mediatorId)}
      onChange={(ids: string[]) => onChange?.(ids.map((id, i) => ({ mediatorId: id, role: i === 0 ? 'lead' : 'assist' })))}
      options={mediators.map((m) => ({ value: m.id, label: m.person.name + (m.isLegalUnderstander ? ' ★' : '') }))}
      optionFilterProp="label"
      data-testid={testid ?? 'dispute-mediators'}
    />
  );
}

