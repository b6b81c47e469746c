import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PersonFields } from '../../components/PersonFields.tsx';
import { DateInput, useSchemaForm, FormActions } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { OrgSelect } from '../admin/OrgSelect.tsx';
import { useCommittees, useCreateDispute, useMediators } from './hooks.ts';
import {
  DISPUTE_SOURCE_LABELS,
  DISPUTE_SOURCES,
  DISPUTE_TYPE_LABELS,
  DISPUTE_TYPES,
  PARTY_KIND_LABELS,
  PARTY_KINDS,
  PARTY_ROLE_LABELS,
  PARTY_ROLES,
  RISK_LEVEL_LABELS,
  RISK_LEVELS,
} from '../../../common/mediation-enums.ts';
import { ZDisputeCreate } from '../../../common/schemas/mediation.ts';
import { MediatorPicker } from './MediatorPicker.tsx';

/** 登记矛盾纠纷: committee, type, source, village, parties (ID card and phone checked as the server does), mediators. */
export default function DisputeCreatePage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const sf = useSchemaForm(ZDisputeCreate);
  const create = useCreateDispute();
  const committees = useCommittees();
  const committeeId = Form.useWatch('committeeId', sf.form) as string | undefined;
  const mediators = useMediators(committeeId);

  useEffect(() => {
    sf.form.setFieldsValue({
      receivedOn: dayjs().format('YYYY-MM-DD'),
      riskLevel: 'low',
      peopleCount: 2,
      amount: 0,
      assignments: [],
      parties: [
        { kind: 'person', role: 'applicant' },
        { kind: 'person', role: 'respondent' },
      ],
    });
  }, [sf.form]);

  // A township user with one committee gets it chosen.
  useEffect(() => {
    const items = committees.data?.items ?? [];
    if (items.length === 1 && !sf.form.getFieldValue('committeeId')) sf.form.setFieldValue('committeeId', items[0].id);
  }, [committees.data, sf.form]);

  const onFinish = () =>
    sf.submit(async (body) => {
      const created = await create.mutateAsync(body);
      message.success(t('dispute.createdShort'));
      navigate(`/mediation/disputes/${created.id}`);
    });

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('menu.disputeNew')}</h2>
      </div>
      <FormErrors sf={sf} />
      <Form form={sf.form} layout="vertical" onFinish={onFinish} data-testid="dispute-form" scrollToFirstError>
        <Card size="small" title={t('dispute.section.case')} style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="committeeId" label={t('dispute.committee')} required>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={committees.isLoading}
                  options={(committees.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                  onChange={() => sf.form.setFieldValue('assignments', [])}
                  data-testid="dispute-committee"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t('dispute.name')} required>
                <Input maxLength={100} placeholder={t('dispute.namePlaceholder')} data-testid="dispute-title" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="type" label={t('dispute.type')} required>
                <Select options={DISPUTE_TYPES.map((v) => ({ value: v, label: label(DISPUTE_TYPE_LABELS[v]) }))} data-testid="dispute-type" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="source" label={t('dispute.source')} required>
                <Select options={DISPUTE_SOURCES.map((v) => ({ value: v, label: label(DISPUTE_SOURCE_LABELS[v]) }))} data-testid="dispute-source" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="receivedOn" label={t('dispute.receivedOn')} required>
                <DateInput data-testid="dispute-received" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="villageId" label={t('dispute.village')}>
                <OrgSelect kinds={['village']} allowClear testid="dispute-village" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="riskLevel" label={t('dispute.risk')}>
                <Radio.Group optionType="button" options={RISK_LEVELS.map((v) => ({ value: v, label: label(RISK_LEVEL_LABELS[v]) }))} data-testid="dispute-risk" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="peopleCount" label={t('dispute.peopleCount')}>
                <InputNumber min={1} max={100000} style={{ width: '100%' }} data-testid="dispute-people" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="amount" label={t('dispute.amount')}>
                <InputNumber min={0} step={100} precision={2} style={{ width: '100%' }} data-testid="dispute-amount" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="summary" label={t('dispute.summary')} required>
                <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('dispute.summaryPlaceholder')} data-testid="dispute-summary" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('dispute.section.parties')} style={{ marginBottom: 12 }}>
          <Form.List name="parties">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Card
                    key={f.key}
                    size="small"
                    type="inner"
                    style={{ marginBottom: 8 }}
                    title={t('dispute.partyN', { n: i + 1 })}
                    extra={
                      fields.length > 2 && (
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} data-testid={`party-${i}-remove`} />
                      )
                    }
                    data-testid={`party-${i}`}
                  >
                    <Row gutter={12}>
                      <Col xs={12} sm={8}>
                        <Form.Item name={[f.name, 'role']} label={t('dispute.partyRole')}>
                          <Select options={PARTY_ROLES.map((v) => ({ value: v, label: label(PARTY_ROLE_LABELS[v]) }))} data-testid={`party-${i}-role`} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={16}>
                        <Form.Item name={[f.name, 'kind']} label={t('dispute.partyKind')}>
                          <Radio.Group optionType="button" options={PARTY_KINDS.map((k) => ({ value: k, label: label(PARTY_KIND_LABELS[k]) }))} data-testid={`party-${i}-kind`} />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.Item noStyle shouldUpdate={(a, b) => a.parties?.[f.name]?.kind !== b.parties?.[f.name]?.kind}>
                      {() =>
                        sf.form.getFieldValue(['parties', f.name, 'kind']) === 'organisation' ? (
                          <Row gutter={12}>
                            <Col xs={24} sm={14}>
                              <Form.Item name={[f.name, 'name']} label={t('dispute.orgName')} required>
                                <Input maxLength={100} data-testid={`party-${i}-org-name`} />
                              </Form.Item>
                            </Col>
                            <Col xs={24} sm={10}>
                              <Form.Item name={[f.name, 'creditCode']} label={t('dispute.orgCode')}>
                                <Input maxLength={30} data-testid={`party-${i}-org-code`} />
                              </Form.Item>
                            </Col>
                          </Row>
                        ) : (
                          <PersonFields prefix={[f.name, 'person']} testid={`party-${i}`} />
                        )
                      }
                    </Form.Item>
                  </Card>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'person', role: 'other' })} data-testid="party-add">
                  {t('dispute.addParty')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('dispute.section.mediators')} style={{ marginBottom: 12 }}>
          <Form.Item name="assignments" label={t('dispute.mediators')} extra={t('dispute.mediatorsHelp')}>
            <MediatorPicker
              mediators={mediators.data?.items ?? []}
              disabled={!committeeId}
              loading={mediators.isLoading}
              placeholder={committeeId ? undefined : t('dispute.chooseCommitteeFirst')}
            />
          </Form.Item>
        </Card>

        <FormActions submitting={sf.submitting} testid="dispute-submit" saveLabel={t('dispute.submit')} />
      </Form>
    </div>
  );
}
