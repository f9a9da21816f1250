/**
 * What simulated people say: the customers' question bank (resources/simulator/questions.json, validated) and a small
 * answer bank for simulated agents, chosen by keyword so that a reply fits the question it answers.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { resourcePath } from '../resources';
import { pick, type Rng } from './random';

const QuestionSchema = z.object({
  text: z.string().trim().min(1),
  followUps: z.array(z.string().trim().min(1)).default([]),
  /** Optional: the entry point the customer comes in through (sent on customer.hello when the hub accepts it). */
  entryPoint: z.string().max(32).optional(),
  lang: z.enum(['zh-CN', 'zh-TW', 'en']).optional(),
});
export type Question = z.infer<typeof QuestionSchema>;

const QuestionBankSchema = z.object({ version: z.literal(1), questions: z.array(QuestionSchema).min(1) });
export type QuestionBank = z.infer<typeof QuestionBankSchema>;

export function parseQuestionBank(json: string, source = 'questions.json'): QuestionBank {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`${source}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = QuestionBankSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${source}: ${issues}`);
  }
  return parsed.data;
}

export function loadQuestionBank(file = resourcePath('simulator', 'questions.json')): QuestionBank {
  return parseQuestionBank(readFileSync(file, 'utf8'), file);
}

interface AnswerTopic {
  keywords: readonly string[];
  answers: readonly string[];
}

const ANSWER_TOPICS: readonly AnswerTopic[] = [
  {
    keywords: ['创业板', '科创板', '北交所', '权限', '开通'],
    answers: [
      '您好,开通权限需要满足资产和交易经验要求,您可以在App「业务办理」中自助申请。',
      '请问您的证券账户开户满两年了吗?前20个交易日日均资产需要达到要求。',
      '权限开通后一般次一交易日生效,请留意短信通知。',
    ],
  },
  {
    keywords: ['转账', '银证', '入金', '出金', '银行卡', '转到'],
    answers: [
      '银证转账时间为交易日9:00-16:00,请确认银行卡余额和三方存管状态。',
      '转出资金当日可取,一般16:00前发起当天到账。',
      '麻烦您截图一下错误提示,我帮您核实一下。',
    ],
  },
  {
    keywords: ['两融', '融资', '融券'],
    answers: [
      '融资融券需开户满半年、前20个交易日日均资产不低于50万元,并完成风险测评。',
      '两融利率以合同约定为准,具体可以联系您的客户经理沟通。',
      '信用账户需要临柜或视频见证办理,我把预约方式发给您。',
    ],
  },
  {
    keywords: ['理财', '基金', '产品', '保本', '收益'],
    answers: [
      '理财产品不保证本金和收益,过往业绩不代表未来表现,请根据您的风险承受能力选择。',
      '我先帮您确认一下风险测评等级,再为您匹配适合的产品。',
      '产品详情和风险揭示书可以在App「理财」页查看。',
    ],
  },
  {
    keywords: ['密码', '登录', '冻结', '销户', '手机号'],
    answers: [
      '为了保护您的账户安全,这类业务需要先核实身份,请准备好身份证。',
      '您可以在App登录页点「忘记密码」,按提示完成人脸识别后重置。',
      '这个需要您本人办理,我把线上办理的入口发给您。',
    ],
  },
  {
    keywords: ['account', 'password', 'transfer', 'fee', 'open'],
    answers: [
      'Hello, I can help with that. Could you confirm how long you have held your account?',
      'You can do this in the app under "Services"; it usually takes effect the next trading day.',
      'For your security, please have your ID card ready so that we can verify your identity.',
    ],
  },
];

const GENERIC_ANSWERS: readonly string[] = [
  '您好,很高兴为您服务,请问还有什么可以帮您?',
  '好的,我帮您查询一下,请稍等。',
  '明白了,这个问题我已经记录,稍后给您回复。',
  '感谢您的耐心等待,还有其他问题吗?',
];

/** An answer that fits the customer's last message when a keyword matches, otherwise a polite generic one. */
export function chooseAnswer(rng: Rng, customerText: string): string {
  const lower = customerText.toLowerCase();
  const topic = ANSWER_TOPICS.find((t) => t.keywords.some((k) => lower.includes(k)));
  return pick(rng, topic ? topic.answers : GENERIC_ANSWERS);
}

/** Texts a bench-driven agent sends (no question to answer). */
export const AGENT_TEXTS: readonly string[] = [...GENERIC_ANSWERS, ...ANSWER_TOPICS.flatMap((t) => t.answers)];

export const CSAT_COMMENTS: readonly string[] = ['回复很及时,谢谢', '解答清楚', '还可以', '等待时间有点长', 'Very helpful, thanks'];
