import { Col, Form, Input, Row, Select } from 'antd';
import { useT } from '../i18n/index.tsx';

/** The fields of ZPersonInput (name, gender, ID card, phone, address) under a form name prefix. */
export function PersonFields({ prefix, testid = 'person' }: { prefix: (string | number)[]; testid?: string }) {
  const t = useT();
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12}>
        <Form.Item name={[...prefix, 'name']} label={t('person.name')} required>
          <Input maxLength={50} data-testid={`${testid}-name`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name={[...prefix, 'gender']} label={t('person.gender')}>
          <Select
            allowClear
            options={[
              { value: '男', label: t('person.male') },
              { value: '女', label: t('person.female') },
            ]}
            data-testid={`${testid}-gender`}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name={[...prefix, 'idCard']} label={t('person.idCard')}>
          <Input maxLength={18} autoComplete="off" data-testid={`${testid}-idcard`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name={[...prefix, 'phone']} label={t('person.phone')}>
          <Input maxLength={20} inputMode="tel" autoComplete="off" data-testid={`${testid}-phone`} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name={[...prefix, 'address']} label={t('person.address')}>
          <Input maxLength={200} autoComplete="off" data-testid={`${testid}-address`} />
        </Form.Item>
      </Col>
    </Row>
  );
}
