/**
 * Agents contribute to the knowledge base: a new article (proposal) or an insight (补充见解) appended to the previewed
 * one. Both wait for a branch lead's approval. A failed submission (the hub unreachable) keeps everything typed.
 */
import { Alert, AutoComplete, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../../shared/knowledge/article';
import type { Contribution } from '../../../shared/knowledge/contribution';
import type { AppError, Result } from '../../../shared/result';
import { useStore } from '../store/context';
import { charCount, INSIGHT_MAX, INSIGHT_MIN, localizedMessage, parseTags, PROPOSAL_BODY_MIN } from './forms';

interface ProposalFields {
  title: string;
  category: string;
  tags: string[];
  body: string;
}

export function ProposeDialog({
  open,
  initialTitle,
  categories,
  onClose,
  onSubmitted,
}: {
  open: boolean;
  initialTitle: string;
  categories: readonly string[];
  onClose(): void;
  onSubmitted(contribution: Contribution): void;
}) {
  const { t } = useTranslation();
  const store = useStore();
  const [form] = Form.useForm<ProposalFields>();
  const submission = useSubmission();

  // Opening from a search that found nothing offers the query as the title, unless the agent already typed one.
  useEffect(() => {
    if (open && initialTitle && !form.getFieldValue('title')) form.setFieldValue('title', initialTitle);
  }, [open, initialTitle, form]);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const contribution = await submission.send(() =>
      store.api.proposeArticle({
        title: values.title.trim(),
        category: values.category.trim(),
        tags: parseTags(values.tags ?? []),
        body: values.body.trim(),
      }),
    );
    if (!contribution) return;
    form.resetFields();
    onSubmitted(contribution);
  };

  return (
    <ContributionModal
      open={open}
      title={t('knowledge.propose.title')}
      okText={t('knowledge.propose.submit')}
      submission={submission}
      errorTitle={t('knowledge.propose.failed')}
      testIdPrefix="kb-propose"
      width={560}
      forceRender
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <p className="ws-muted ws-small">{t('knowledge.propose.intro')}</p>
      <Form form={form} layout="vertical" requiredMark="optional" data-testid="kb-propose-form">
        <Form.Item name="title" label={t('knowledge.propose.fieldTitle')} rules={[{ required: true, whitespace: true, message: t('knowledge.propose.titleRequired') }, { max: 200 }]}>
          <Input maxLength={200} data-testid="kb-propose-title" />
        </Form.Item>
        <Form.Item name="category" label={t('knowledge.propose.fieldCategory')} rules={[{ required: true, whitespace: true, message: t('knowledge.propose.categoryRequired') }, { max: 60 }]}>
          <AutoComplete
            options={categories.map((c) => ({ value: c }))}
            filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
            placeholder={t('knowledge.propose.categoryPlaceholder')}
            data-testid="kb-propose-category"
          />
        </Form.Item>
        <Form.Item name="tags" label={t('knowledge.propose.fieldTags')} extra={t('knowledge.propose.tagsHint')}>
          <Select mode="tags" tokenSeparators={[',', '，', '、', ' ']} open={false} suffixIcon={null} data-testid="kb-propose-tags" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('knowledge.propose.fieldBody')}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                charCount(value ?? '') >= PROPOSAL_BODY_MIN ? Promise.resolve() : Promise.reject(new Error(t('knowledge.propose.bodyTooShort', { min: PROPOSAL_BODY_MIN }))),
            },
          ]}
        >
          <Input.TextArea rows={7} maxLength={20_000} showCount data-testid="kb-propose-body" />
        </Form.Item>
      </Form>
    </ContributionModal>
  );
}

export function InsightDialog({ article, onClose, onSubmitted }: { article: Article | null; onClose(): void; onSubmitted(contribution: Contribution): void }) {
  const { t } = useTranslation();
  const store = useStore();
  // Drafts per article, so closing the dialog (or a failed submit) loses nothing.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const submission = useSubmission();
  const text = article ? (drafts[article.id] ?? '') : '';
  const length = charCount(text);
  const valid = length >= INSIGHT_MIN && length <= INSIGHT_MAX;

  const submit = async () => {
    if (!article || !valid) return;
    const contribution = await submission.send(() => store.api.appendInsight({ articleId: article.id, text: text.trim() }));
    if (!contribution) return;
    setDrafts((d) => ({ ...d, [article.id]: '' }));
    onSubmitted(contribution);
  };

  return (
    <ContributionModal
      open={!!article}
      title={t('knowledge.insight.title')}
      okText={t('knowledge.insight.submit')}
      submission={submission}
      errorTitle={t('knowledge.insight.failed')}
      testIdPrefix="kb-insight"
      canSubmit={valid}
      width={520}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      {article && (
        <>
          <p className="ws-small">
            {t('knowledge.insight.about', { title: article.title })} <span className="ws-muted">{`${article.id} v${article.version}`}</span>
          </p>
          <Input.TextArea
            autoFocus
            rows={5}
            maxLength={INSIGHT_MAX}
            showCount
            value={text}
            placeholder={t('knowledge.insight.placeholder')}
            onChange={(e) => setDrafts((d) => ({ ...d, [article.id]: e.target.value }))}
            data-testid="kb-insight-text"
          />
          <p className="ws-muted ws-small ws-kb-dialog-hint">{t('knowledge.insight.hint', { min: INSIGHT_MIN })}</p>
        </>
      )}
    </ContributionModal>
  );
}

type Submission = ReturnType<typeof useSubmission>;

/** One contribution request at a time; a failure is kept (and shown) until the next try or the dialog is closed. */
function useSubmission() {
  const [error, setError] = useState<AppError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const send = async (request: () => Promise<Result<Contribution>>): Promise<Contribution | null> => {
    setSubmitting(true);
    const res = await request();
    setSubmitting(false);
    setError(res.ok ? null : res.error);
    return res.ok ? res.value : null;
  };
  return { error, submitting, send, clearError: () => setError(null) };
}

/**
 * Both contribution dialogs: the buttons (test ids `${testIdPrefix}-submit` / `-cancel`), a spinner while sending,
 * and the hub's refusal under the form (`${testIdPrefix}-error`). Closing forgets the refusal, never what was typed.
 */
function ContributionModal({
  open,
  title,
  okText,
  submission,
  errorTitle,
  testIdPrefix,
  canSubmit = true,
  width,
  forceRender,
  onSubmit,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  okText: string;
  submission: Submission;
  errorTitle: string;
  testIdPrefix: string;
  canSubmit?: boolean;
  width: number;
  forceRender?: boolean;
  onSubmit(): void;
  onClose(): void;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { error } = submission;
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('knowledge.common.cancel')}
      onOk={onSubmit}
      onCancel={() => {
        submission.clearError();
        onClose();
      }}
      confirmLoading={submission.submitting}
      okButtonProps={{ disabled: !canSubmit, 'data-testid': `${testIdPrefix}-submit` }}
      cancelButtonProps={{ 'data-testid': `${testIdPrefix}-cancel` }}
      width={width}
      forceRender={forceRender}
    >
      {children}
      {error && <Alert type="error" showIcon title={errorTitle} description={localizedMessage(error.message, i18n.language)} data-testid={`${testIdPrefix}-error`} />}
    </Modal>
  );
}
