import type { Bilingual } from '../../../shared/compliance';

/** The text for the interface language (Chinese unless English is chosen). */
export const pick = (b: Bilingual, language: string): string => (language === 'en' ? b.en : b.zh);
