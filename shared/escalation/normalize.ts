/**
 * Text normalisation for matching customer words against a word list. Deliberately small ("lite"): it catches
 * what customers really type (full-width letters and digits, traditional characters from HK/TW input methods,
 * spaces and zero-width characters), not deliberate evasion, which is the compliance engine's job.
 */

// Traditional → simplified for the characters that occur in complaint / escalation phrases and their usual
// neighbours. Pairs of "繁简"; a full OpenCC dictionary would be ~1 MB in the renderer for no gain here.
const TRADITIONAL_PAIRS =
  '訴诉監监證证會会協协體体師师們们領领導导換换個个經经說说這这麼么沒没無无為为對对問问題题電电話话網网絡络' +
  '報报記记銀银險险騙骗錢钱賠赔償偿舉举還还讓让從从與与買买賣卖財财產产務务費费虧亏損损帳账戶户號号碼码' +
  '幫帮處处態态應应該该將将給给過过時时間间關关係系實实際际發发現现見见請请謝谢聽听嗎吗樣样點点機机構构' +
  '場场價价額额審审範范風风達达標标準准長长總总員员單单門门當当訟讼聞闻騷骚擾扰權权維维護护勞劳動动專专' +
  '線线熱热據据覺觉氣气惡恶極极詐诈負负責责緊紧辦办業业國国訊讯談谈論论認认識识變变轉转讀读寫写議议紀纪' +
  '約约結结別别啟启滿满意意聯联繫系絕绝輸输贏赢虛虚假假騙骗臺台灣湾開开傳传';

const TRADITIONAL_TO_SIMPLIFIED: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const chars = Array.from(TRADITIONAL_PAIRS);
  for (let i = 0; i + 1 < chars.length; i += 2) {
    const trad = chars[i] as string;
    const simp = chars[i + 1] as string;
    if (trad !== simp) map.set(trad, simp);
  }
  return map;
})();

/** Sentence and clause punctuation (after NFKC, so full-width ，！？； are already ASCII). */
const CLAUSE_BREAK = /[。！？；，、!?;,\n\r]|\.(?=\s|$)/u;
/** Everything that is not a letter or a digit: spaces, zero-width, symbols, remaining punctuation. */
const NOT_WORD_CHAR = /[^\p{L}\p{N}]/gu;

/** NFKC (full-width → half-width), lower case, traditional-lite → simplified; keeps spacing and punctuation. */
export function foldCharacters(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC').toLowerCase()) out += TRADITIONAL_TO_SIMPLIFIED.get(ch) ?? ch;
  return out;
}

/** A word-list entry in the form it is matched in: folded, with spaces and symbols removed ("someone else" → "someoneelse"). */
export function normalizeTerm(term: string): string {
  return foldCharacters(term).replace(NOT_WORD_CHAR, '');
}

/**
 * Split text into clauses and squeeze each one to letters and digits. Negation does not reach across a clause
 * break ("我不满意，我要投诉" is a complaint), but inserted spaces or zero-width characters do not split words.
 */
export function normalizeClauses(text: string): string[] {
  return foldCharacters(text)
    .split(CLAUSE_BREAK)
    .map((clause) => clause.replace(NOT_WORD_CHAR, ''))
    .filter((clause) => clause.length > 0);
}
