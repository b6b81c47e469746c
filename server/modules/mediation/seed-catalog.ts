/**
 * The demo's dispute mix: how often each type occurs and what its cases look like. Weights follow
 * real statistics (2011 yearbook: 19.7 % 婚姻家庭; township reports: 婚姻家庭 and 邻里 first, then
 * land, damages, contracts, labour). Codes are the dispute core's (common/mediation-enums.ts).
 */
import type { DisputeSource, DisputeType } from '../../../common/mediation-enums.ts';

export interface SeedType {
  code: DisputeType;
  label: string;
  weight: number;
  /** Share handled by the township committee rather than the village one. */
  township: number;
  amountChance: number;
  /** yuan */
  amount: readonly [number, number];
  groupChance: number;
  femaleApplicant: number;
  organisation: boolean;
  summaries: readonly string[];
}

export const SEED_TYPES: readonly SeedType[] = [
  {
    code: 'marriage_family',
    label: '婚姻家庭',
    weight: 22,
    township: 0.15,
    amountChance: 0.35,
    amount: [2000, 60000],
    groupChance: 0.02,
    femaleApplicant: 0.6,
    organisation: false,
    summaries: ['{a}与{b}因赡养老人费用分担发生争执', '{a}与{b}因婚后家庭琐事长期不和，要求调解', '{a}与{b}因离婚后子女抚养费支付问题发生纠纷', '{a}与{b}兄妹之间因父母遗留房屋继承发生争议'],
  },
  {
    code: 'neighbour',
    label: '邻里',
    weight: 20,
    township: 0.1,
    amountChance: 0.25,
    amount: [200, 5000],
    groupChance: 0.03,
    femaleApplicant: 0.4,
    organisation: false,
    summaries: ['{a}与{b}因房前排水沟堵塞发生争执', '{a}与{b}因院墙滴水、采光问题发生矛盾', '{a}与{b}因饲养家禽毁损庄稼发生口角', '{a}与{b}因通行道路堆放柴草发生纠纷'],
  },
  {
    code: 'land_contract',
    label: '土地承包',
    weight: 9,
    township: 0.4,
    amountChance: 0.6,
    amount: [1000, 40000],
    groupChance: 0.2,
    femaleApplicant: 0.2,
    organisation: false,
    summaries: ['{a}与{b}因承包地地界不清发生争议', '{a}与{b}因土地流转费用未按期支付发生纠纷', '{a}与{b}因承包地调整发生争执'],
  },
  {
    code: 'homestead',
    label: '宅基地',
    weight: 8,
    township: 0.35,
    amountChance: 0.3,
    amount: [2000, 30000],
    groupChance: 0.05,
    femaleApplicant: 0.25,
    organisation: false,
    summaries: ['{a}与{b}因宅基地界址发生争议', '{a}与{b}因翻建房屋占用宅基地发生纠纷'],
  },
  {
    code: 'forest',
    label: '山林',
    weight: 4,
    township: 0.5,
    amountChance: 0.5,
    amount: [1000, 30000],
    groupChance: 0.15,
    femaleApplicant: 0.1,
    organisation: false,
    summaries: ['{a}与{b}因林地界线发生争议', '{a}与{b}因砍伐树木权属发生纠纷'],
  },
  {
    code: 'damages',
    label: '损害赔偿',
    weight: 11,
    township: 0.35,
    amountChance: 0.9,
    amount: [1000, 80000],
    groupChance: 0.02,
    femaleApplicant: 0.3,
    organisation: false,
    summaries: ['{a}被{b}家犬咬伤，双方就医疗费赔偿发生争议', '{a}与{b}因农用车刮擦造成财产损失发生纠纷', '{a}在{b}家帮工时受伤，双方就赔偿发生争议'],
  },
  {
    code: 'contract',
    label: '合同',
    weight: 7,
    township: 0.5,
    amountChance: 0.95,
    amount: [3000, 150000],
    groupChance: 0.03,
    femaleApplicant: 0.25,
    organisation: true,
    summaries: ['{a}与{b}因农资买卖货款拖欠发生纠纷', '{a}与{b}因房屋租赁合同到期退租发生争议', '{a}与{b}因果品收购合同履行发生纠纷'],
  },
  {
    code: 'labour',
    label: '劳动',
    weight: 6,
    township: 0.7,
    amountChance: 0.95,
    amount: [2000, 60000],
    groupChance: 0.25,
    femaleApplicant: 0.2,
    organisation: true,
    summaries: ['{a}等人与{b}因拖欠务工工资发生纠纷', '{a}与{b}因工伤待遇发生争议'],
  },
  {
    code: 'other',
    label: '其他',
    weight: 5,
    township: 0.3,
    amountChance: 0.3,
    amount: [500, 20000],
    groupChance: 0.05,
    femaleApplicant: 0.35,
    organisation: false,
    summaries: ['{a}与{b}因村集体分红发生争议', '{a}与{b}因借款归还发生纠纷'],
  },
];

/** Mostly a party's application and screening; some from grid workers; a few referred by departments. */
export const SEED_SOURCES: readonly { code: DisputeSource; weight: number }[] = [
  { code: 'party_application', weight: 50 },
  { code: 'screening', weight: 30 },
  { code: 'grid_report', weight: 12 },
  { code: 'department_referral', weight: 8 },
];
