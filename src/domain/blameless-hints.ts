/**
 * Blameless hints (DESIGN 3.4, issue 9 item 4): points out, in the people's sections of a retrospective, phrases
 * that put the blame on a person and countermeasures that ask people to try harder instead of changing the system
 * (MIXI's rule "人は修正できない"; the なぜなぜ warnings against ending at 「担当者のミス」 and 精神論 countermeasures,
 * field-notes §4). Each hint carries a reframing toward the system. It only reads: the text is never edited.
 *
 * Matching runs on the NFKC form of the text (full-width Latin, half-width katakana, ideographic spaces and ligatures
 * all fold to one spelling), with `i` for English. Offsets are reported in the ORIGINAL text: the text is normalised
 * one grapheme-ish segment at a time (a code point with its combining marks, so half-width ｶﾞ → ガ stays one unit),
 * and each normalised code unit remembers the original segment it came from.
 *
 * The rules are data (`BLAMELESS_RULES`): each names the phrases it catches, why it is flagged, its reframing and —
 * as important — the near misses it deliberately does not catch, so the panel can show "why" and the tests check both.
 *
 * Rules of judgement, decided here once:
 * - "failed to" is a fact about systems far more often than a judgement of people ("failed to connect", "Pod failed
 *   to start"). It is flagged only when it judges what a person did: its subject is a person (a pronoun, a role such
 *   as engineer / operator / on-call / reviewer, "who", an @mention) — unless what failed is access or start-up
 *   (connect, log in, load, start…), where the failure is the system's — or the verb after it is one only a person
 *   does (notice, remember, follow the runbook, review, communicate…). "Kafka failed to…" and "Taro failed to connect"
 *   are not flagged; "Taro failed to follow the runbook" is.
 * - The same "a person, not a system" rule holds for 「〜のせい」「〜のミス」「〜が悪い」: flagged after a person noun
 *   (担当者, 作業者, オペレーター, 彼, 自分, 誰か…) or an honorific (さん, くん, 氏…); 「ネットワーク障害のせいで」 is not.
 * - "should have" is flagged whatever the subject: it is hindsight (a counterfactual), blame-shaped even about a
 *   system. "should have" before a determiner ("we should have the fix by Friday") is a forecast and is not.
 * - Statements of the blameless principle itself are not flagged: "blameless", "no blame", "nobody's fault",
 *   「個人のせいにしない」「犯人探しはしない」; nor prevention of a slip ("prevent human error", 「ヒューマンエラーを防ぐ仕組み」).
 * - Katakana words match only whole: 「ミス」 is not found inside 「ミスマッチ」「ミスト」, 「ダブルチェック」 not in
 *   「ダブルチェックリスト」; a checklist is a system change and is never flagged.
 */

export const HINT_KINDS = ['blames-person', 'try-harder'] as const;
export type HintKind = (typeof HINT_KINDS)[number];

/** The same sentence in the two page languages. */
export interface Bilingual {
  en: string;
  ja: string;
}

export interface BlamelessRule {
  /** Stable id, shown with the hint and used by the panel to look the rule up. */
  id: string;
  kind: HintKind;
  /** The language the phrases are written in (a Japanese page may hold English phrases and the other way round). */
  lang: 'en' | 'ja';
  /** The curated phrases the rule catches, as people write them (each one is tested to match). */
  phrases: readonly string[];
  /** Near misses this rule deliberately does not catch (each one is tested; another rule may still catch it). */
  notFlagged: readonly string[];
  /** Why the phrase is flagged. */
  why: Bilingual;
  reframing: Bilingual;
  /** Matched against the NFKC form of the text; compiled with the `g` flag added. */
  pattern: RegExp;
}

export interface SectionText {
  section: string;
  text: string;
}

export interface Hint {
  section: string;
  /** The exact text matched, as written (a slice of the original text). */
  phrase: string;
  /** UTF-16 offsets into the original text: `text.slice(start, end) === phrase`. */
  start: number;
  end: number;
  kind: HintKind;
  reframing: Bilingual;
  ruleId: string;
}

const TOWARD_SYSTEM: Bilingual = {
  en: 'What made this easy to get wrong? Look for the condition in the system, not the person.',
  ja: 'なぜそれが起きやすい状況だったのか？仕組みの側から考えてみましょう',
};
const CHANGE_THE_SYSTEM: Bilingual = {
  en: 'People cannot be patched. What automated check, guard rail, safer default or runbook step would catch this next time without anyone having to remember?',
  ja: '人は修正できません。次回、誰かが覚えていなくても防げる自動チェック・ガードレール・安全なデフォルト・手順書の手順は何でしょうか？',
};
const HINDSIGHT: Bilingual = {
  en: 'That is hindsight. What did they know at the time, and why did what they did make sense then?',
  ja: '後知恵になっていませんか？その時点で何が分かっていて、なぜその判断が妥当に見えたのかを書いてみましょう',
};
const BLAME_WHY: Bilingual = { en: 'Puts the cause on a person.', ja: '原因を人に帰しています。' };
const TRY_WHY: Bilingual = { en: 'Asks people to try harder instead of changing the system.', ja: '仕組みではなく人の努力に頼る対策です。' };

// --- shared pattern pieces (on NFKC text) ---
const KATAKANA = '\\u30A1-\\u30FA\\u30FC';
/** Roles and pronouns that name a person in Japanese, and the honorifics that follow a name. */
const JA_PERSON = '(?:担当者|担当|作業者|実施者|操作者|作業員|オペレーター|オペレータ|開発者|運用者|レビュアー|レビュワー|承認者|当番|オンコール|新人|メンバー|個人|本人|他人|彼女|彼|私|自分|僕|誰か|誰|人|さん|くん|君|氏|様)';
/** A phrase stating the blameless principle: 「〜にしない」「〜ではない」「〜かではなく」. */
const JA_NEGATED = '(?!に(?:は|も)?(?:しな|せず|しま?せん|するのでは|してはい|してはな)|(?:わけ|の|もの)?(?:では|じゃ|で?も)な|か)';
/** Talking about preventing a slip is a system change, not blame. */
const JA_PREVENTION = '(?!(?:を|が|の)?(?:防|防止|対策|低減|削減|減ら|なく|起こりにく|起きにく|前提|検知|検出))';
const EN_PERSON = '(?:\\b(?:i|we|you|he|she|they|who|someone|somebody|everyone|everybody|(?:on[- ]?call|engineer|operator|developer|administrator|admin|sre|reviewer|responder|author|assignee|owner|commander|team|teammate|person|user|staff|member|human|manager|lead)s?)|@[^\\s@\'’]+(?:\\s+[^\\s@\'’]+)?)';
const EN_ADVERB = '(?:had|has|have|just|also|again|then|simply|clearly|completely|repeatedly|initially|still|apparently)';
const EN_NEGATION = '(?:\\bno|\\bnot|\\bwithout|\\bnever|\\bnobody|\\bno\\s+one|n[\'’]t)';

const rule = (r: Omit<BlamelessRule, 'why' | 'reframing'> & Partial<Pick<BlamelessRule, 'why' | 'reframing'>>): BlamelessRule => ({
  ...r,
  why: r.why ?? (r.kind === 'blames-person' ? BLAME_WHY : TRY_WHY),
  reframing: r.reframing ?? (r.kind === 'blames-person' ? TOWARD_SYSTEM : CHANGE_THE_SYSTEM),
});

export const BLAMELESS_RULES: readonly BlamelessRule[] = [
  // ---------------- blames-person, Japanese ----------------
  rule({
    id: 'ja-person-fault', kind: 'blames-person', lang: 'ja',
    phrases: ['担当者のせい', 'さんのせい', '作業者のミス', 'オペレーターの落ち度', '彼の過失', '担当者が悪い'],
    notFlagged: ['ネットワーク障害のせいで', '個人のせいにしない', '誰かのせいではない', '誰が悪いかではなく'],
    pattern: new RegExp(`${JA_PERSON}(?:のせい|のミス(?![${KATAKANA}])|の落ち度|の過失|が悪い)${JA_NEGATED}`, 'u'),
  }),
  rule({
    id: 'ja-human-error', kind: 'blames-person', lang: 'ja',
    phrases: ['人為的ミス', '人為的なミス', '人的ミス', 'ヒューマンエラー', 'ヒューマンミス'],
    notFlagged: ['ヒューマンエラーを防ぐ仕組み', 'ヒューマンエラー対策'],
    pattern: new RegExp(`(?:人為(?:的)?(?:な)?|人的(?:な)?)(?:ミス|エラー|過誤)(?![${KATAKANA}])${JA_PREVENTION}|ヒューマン(?:エラー|ミス)(?![${KATAKANA}])${JA_PREVENTION}`, 'u'),
  }),
  rule({
    id: 'ja-careless', kind: 'blames-person', lang: 'ja',
    phrases: ['不注意', '注意不足', '注意力の欠如', 'うっかり', 'ウッカリ'],
    notFlagged: ['大雨注意報', '注意事項'],
    pattern: /不注意|注意(?:力)?(?:の)?(?:不足|散漫|欠如)|うっかり|ウッカリ/u,
  }),
  rule({
    id: 'ja-mistake', kind: 'blames-person', lang: 'ja',
    phrases: ['ミスをした', 'ミスした', 'ミスしました', 'ミスを犯した', '操作ミス', '作業ミス', '入力ミス', '設定ミス', '誤操作'],
    notFlagged: ['バージョンのミスマッチ', 'ミストサウナ', 'ミスター', '設定ミスマッチ', 'タイプミスを防ぐ仕組み', '操作ミスを防ぐガードレール'],
    pattern: new RegExp(`(?<![${KATAKANA}])ミス(?:を)?(?:犯し|し(?:た|て|ま(?!せん)|ちゃ))|(?:操作|作業|入力|設定|手順|判断|運用)ミス(?![${KATAKANA}])${JA_PREVENTION}|誤操作${JA_PREVENTION}`, 'u'),
  }),
  rule({
    id: 'ja-check-lacking', kind: 'blames-person', lang: 'ja',
    phrases: ['確認不足', '確認が不足', '確認漏れ', '確認ミス', 'チェック漏れ', '見落とし', '見逃し'],
    notFlagged: ['確認済み', 'チェックリスト', 'アラートの見逃しを防ぐ'],
    pattern: new RegExp(`(?:確認|チェック)(?:が|の)?(?:不足|漏れ|不十分|足りな)|確認ミス(?![${KATAKANA}])|(?:見落と|見逃)し${JA_PREVENTION}`, 'u'),
  }),
  rule({
    id: 'ja-neglect', kind: 'blames-person', lang: 'ja',
    phrases: ['怠った', '怠って', '怠り', '怠慢', '忘れた', '忘れていた', 'し忘れ'],
    notFlagged: ['怠らないようにする', '忘れずに'],
    pattern: /怠(?:っ(?:た|て)|り(?!な)|慢)|忘れ(?:た|てい|てしまっ)|(?<=し)忘れ/u,
  }),
  rule({
    id: 'ja-should-have', kind: 'blames-person', lang: 'ja', reframing: HINDSIGHT,
    phrases: ['べきだった', 'べきでした', 'べきではなかった', 'ていれば防げた', 'ておけばよかった'],
    notFlagged: ['対応すべき項目'],
    pattern: /べき(?:だった|でした|であった|ではなかった|じゃなかった)|[てで](?:いれ|おけ)ば(?:防げ|避けられ|回避でき|気づけ|気付け|済んだ|よかった|良かった)/u,
  }),
  rule({
    id: 'ja-attitude', kind: 'blames-person', lang: 'ja',
    phrases: ['意識が低い', '認識が甘い', '気の緩み', '慢心', '油断', '緊張感の欠如'],
    notFlagged: ['意識を高める'],
    pattern: /意識(?:が|の)?(?:低|甘|不足|欠如)|認識(?:が|の)?(?:甘|不足)|気の緩み|慢心|油断(?!せず|しな|なく)|緊張感(?:が|の)?(?:欠如|不足|な[いか]|に欠け)/u,
  }),
  rule({
    id: 'ja-punish', kind: 'blames-person', lang: 'ja',
    phrases: ['厳重注意', '始末書', '叱責', '懲戒', '責任追及', '犯人探し', '戦犯'],
    notFlagged: ['犯人探しはしない', '責任追及を目的としない'],
    pattern: new RegExp(`(?:厳重注意|始末書|叱責|懲戒|処罰|責任(?:の)?追及|犯人探し|犯人(?!探)|戦犯)(?!(?:は|を|に)?(?:しな|せず|しま?せん|行わな|目的としな|ではな|でもな))`, 'u'),
  }),

  // ---------------- blames-person, English ----------------
  rule({
    id: 'en-should-have', kind: 'blames-person', lang: 'en', reframing: HINDSIGHT,
    phrases: ['should have', "shouldn't have", 'should not have', "should've", 'ought to have', 'could have avoided'],
    notFlagged: ['we should have the fix deployed by Friday', 'we should have more alerts'],
    pattern: /\bshould(?:\s+not|n['’]t)?\s+have\b(?!\s+(?:a|an|the|this|that|these|those|some|any|no|our|their|its|his|her|my|your|more|enough|access|time)\b)|\bshould['’]ve\b|\bought\s+to\s+have\b|\bcould\s+(?:easily\s+)?have\s+(?:easily\s+)?(?:avoided|prevented)\b/iu,
  }),
  rule({
    id: 'en-careless', kind: 'blames-person', lang: 'en',
    phrases: ['careless', 'carelessly', 'carelessness', 'sloppy', 'inattentive', 'not paying attention', "wasn't paying attention"],
    notFlagged: ['careful analysis', 'pay more attention to disk alerts'],
    pattern: /\bcareless(?:ly|ness)?\b|\bsloppy\b|\bsloppiness\b|\binattenti(?:ve|on)\b|(?:\bnot|n['’]t|\bnever)\s+(?:be\s+|been\s+)?pay(?:ing)?\s+(?:enough\s+|any\s+)?attention\b/iu,
  }),
  rule({
    id: 'en-human-error', kind: 'blames-person', lang: 'en',
    phrases: ['human error', 'operator error', 'user error', 'pilot error', 'human mistake', 'fat-fingered', 'PEBKAC'],
    notFlagged: ['to prevent human error', 'human-error-proof defaults'],
    pattern: /(?<!\b(?:prevent|prevents|preventing|reduce|reduces|reducing|avoid|avoiding|against|minimi[sz]e|minimi[sz]ing)\s+(?:(?:the|any|all|more)\s+)?)\b(?:human|operator|user|pilot)[\s-]+(?:error|mistake)s?\b(?![\s-]*(?:proof|prevention|resistant|tolerant))|\bfat[\s-]?finger(?:ed|ing|s)?\b|\bpeb(?:kac|cak)\b/iu,
  }),
  rule({
    id: 'en-fault', kind: 'blames-person', lang: 'en',
    phrases: ['his fault', 'her fault', 'their fault', 'my fault', "Taro's fault", 'at fault', 'whose fault'],
    notFlagged: ['fault tolerance', 'our fault-tolerant design', 'the default', "it's nobody's fault", "it wasn't his fault", "the kernel's fault handler", 'page fault'],
    pattern: new RegExp(`(?<!${EN_NEGATION}\\s+(?:[\\w'’]+\\s+){0,2})(?!(?:nobody|no\\s*one|noone)['’]s)(?:\\b(?:his|her|their|my|your|our|whose)\\s+fault\\b|(?<![\\w@.-])[\\w@.-]+['’]s\\s+fault\\b|\\bat\\s+fault\\b)(?![\\s-]*(?:toleran|inject|domain|handler|code|line|zone|isolat|detect|model|tree|plane))`, 'iu'),
  }),
  rule({
    id: 'en-failed-to', kind: 'blames-person', lang: 'en',
    phrases: ['he failed to', 'the engineer failed to', 'the on-call failed to', '@taro failed to', 'failed to notice', 'failed to follow the runbook'],
    notFlagged: ['failed to connect', 'the pod failed to start', 'the engineer failed to connect to the VPN', 'fail-over', 'failover'],
    pattern: new RegExp(
      `(?<=${EN_PERSON}\\s+(?:${EN_ADVERB}\\s+)?)\\bfail(?:ed|s)?\\s+to\\b(?!\\s+(?:connect|reach|access|log\\s*in|login|sign\\s*in|authenticate|load|open|boot|become|respond|allocate|parse|mount|bind|fetch|download|upload|acquire|renew|spawn|initiali[sz]e|start)\\b)` +
        `|\\bfail(?:ed|s|ing)?\\s+to(?=\\s+(?:notice|remember|reali[sz]e|review|consider|communicate|inform|tell|ask|pay\\s+attention|double[\\s-]?check|read\\s+(?:the\\s+)?(?:runbook|docs|documentation|alert|instructions?)|follow\\s+(?:the\\s+)?(?:runbook|process|procedure|playbook|checklist|instructions?|steps?|guidelines?|rules?))\\b)`,
      'iu',
    ),
  }),
  rule({
    id: 'en-blame', kind: 'blames-person', lang: 'en',
    phrases: ['blame', 'blamed', 'to blame', 'blaming'],
    notFlagged: ['blameless', 'blame-free', 'no blame', 'this is not about assigning blame', "we don't blame people", 'nobody is to blame', 'we blame no one'],
    pattern: new RegExp(`(?<!${EN_NEGATION}\\s+(?:[\\w'’]+\\s+){0,2})\\bblam(?:e|ed|es|ing)\\b(?![\\s-]*(?:less|free|aware))(?!\\s+(?:no\\s*one|nobody)\\b)`, 'iu'),
  }),
  rule({
    id: 'en-didnt-bother', kind: 'blames-person', lang: 'en',
    phrases: ["didn't bother", 'did not bother', "couldn't be bothered", 'never bothered'],
    notFlagged: ['sorry to bother you'],
    pattern: /(?:\bdid\s+not|\bdidn['’]t|\bnever|\bcould\s+not|\bcouldn['’]t)\s+(?:even\s+)?(?:be\s+)?bother(?:ed)?\b/iu,
  }),
  rule({
    id: 'en-negligence', kind: 'blames-person', lang: 'en',
    phrases: ['negligence', 'negligent', 'neglected to', 'forgot to', 'made a mistake', 'his mistake', 'screwed up'],
    notFlagged: ['negligible impact', 'a mistake-proof default'],
    pattern: /\bneglig(?:ence|ent|ently)\b|\bneglected\s+to\b|\bforg[oe]t\s+to\b|\b(?:made|make|makes|making)\s+(?:an?\s+)?(?:\w+\s+)?mistakes?\b(?![\s-]*proof)|\b(?:his|her|their|my|your)\s+mistakes?\b|\bscrew(?:ed)?\s+up\b|\breprimand(?:ed)?\b|\bdisciplinary\b/iu,
  }),

  // ---------------- try-harder, Japanese ----------------
  rule({
    id: 'ja-ki-wo-tsukeru', kind: 'try-harder', lang: 'ja',
    phrases: ['気を付ける', '気をつける', '気を付けます', '気をつけて', '気を付けるようにする'],
    notFlagged: ['異常に気が付いた'],
    pattern: /気を(?:付|つ)け/u,
  }),
  rule({
    id: 'ja-chui', kind: 'try-harder', lang: 'ja',
    phrases: ['注意を徹底する', '注意徹底', '注意喚起', '注意を払う', '注意する', '留意する'],
    notFlagged: ['大雨注意報', '注意事項'],
    pattern: /注意(?:を|の)?徹底|注意喚起|注意を払|注意(?:する|します|しましょう|していく|してまいり|して作業)|留意(?:する|します|して)/u,
  }),
  rule({
    id: 'ja-shuchi', kind: 'try-harder', lang: 'ja',
    phrases: ['周知徹底', '周知を徹底', '再周知'],
    notFlagged: ['手順書を更新し周知した'],
    pattern: /周知(?:を|の)?徹底|再周知/u,
  }),
  rule({
    id: 'ja-double-check', kind: 'try-harder', lang: 'ja',
    phrases: ['ダブルチェック', '二重チェック', '二重確認', '複数人で確認'],
    notFlagged: ['チェックリスト', 'ダブルチェックリスト'],
    pattern: new RegExp(`(?<![${KATAKANA}])ダブルチェック(?![${KATAKANA}])|二重(?:チェック(?![${KATAKANA}])|確認)|複数人で(?:の)?(?:確認|チェック(?![${KATAKANA}]))`, 'u'),
  }),
  rule({
    id: 'ja-ishiki', kind: 'try-harder', lang: 'ja',
    phrases: ['意識を高める', '意識向上', '意識付け', '意識づけ', '意識の徹底', '意識する'],
    notFlagged: ['意識不明'],
    pattern: /意識(?:を|の)?(?:高め|向上|改革|付け|づけ|徹底)|意識(?:する|します|して(?:いく|まいり))|意識を持/u,
  }),
  rule({
    id: 'ja-tsutomeru', kind: 'try-harder', lang: 'ja',
    phrases: ['再発防止に努める', '再発防止に努めます', '心がける', '心掛けます'],
    notFlagged: [],
    pattern: /(?:再発防止)?に努め(?:る|ます|てまいります|ていきます|ていく)?|心(?:が|掛)け/u,
  }),
  rule({
    id: 'ja-kyoiku', kind: 'try-harder', lang: 'ja',
    phrases: ['教育を徹底', '教育の徹底', '再教育', '指導を徹底'],
    notFlagged: ['教育用の環境'],
    pattern: /(?:教育|指導)(?:を|の)?(?:徹底|強化)|再教育/u,
  }),
  rule({
    id: 'ja-kakunin', kind: 'try-harder', lang: 'ja',
    phrases: ['確認を徹底', '確認の徹底', '確認を強化', '確認を怠らない', '怠らず', '忘れずに', '忘れないように', 'ミスのないように'],
    notFlagged: ['確認済み', 'ミスマッチがないように'],
    pattern: new RegExp(`確認(?:を|の)?(?:徹底|強化)|怠ら(?:ない|ず|ぬ)|怠りな|忘れずに|忘れないよう|(?<![${KATAKANA}])(?:ミス|間違い|漏れ)(?:を|が|の)?(?:し)?ない(?:よう)`, 'u'),
  }),
  rule({
    id: 'ja-tettei', kind: 'try-harder', lang: 'ja',
    phrases: ['手順の徹底', 'ルール遵守を徹底する', '手順を遵守する', 'より慎重に'],
    notFlagged: ['徹底的に調査した'],
    pattern: /[をの]徹底(?!的)|徹底(?:する|します|させ|いたし|を図)|(?:手順|ルール|規則|マニュアル)(?:書)?(?:の|を)?(?:遵守|守る|守ります)|(?:より|もっと|今後は|さらに)慎重に|慎重を期/u,
  }),

  // ---------------- try-harder, English ----------------
  rule({
    id: 'en-careful', kind: 'try-harder', lang: 'en',
    phrases: ['be more careful', 'be careful', 'more carefully', 'take extra care', 'exercise caution'],
    notFlagged: ['a careful analysis showed', 'careless'],
    pattern: /\b(?:be|being|stay|remain|get)\s+(?:more\s+|extra\s+|very\s+|especially\s+|much\s+more\s+)?careful\b|\bmore\s+careful(?:ly)?\b|\b(?:take|taking|took)\s+(?:more|extra|greater|special)\s+care\b|\b(?:exercise|use)\s+(?:more\s+|extra\s+|greater\s+)?caution\b/iu,
  }),
  rule({
    id: 'en-attention', kind: 'try-harder', lang: 'en',
    phrases: ['pay more attention', 'pay closer attention', 'pay attention'],
    notFlagged: ['the alert got attention quickly'],
    pattern: /\bpay(?:s|ing)?\s+(?:more\s+|closer\s+|extra\s+|better\s+|greater\s+|careful\s+)?attention\b/iu,
  }),
  rule({
    id: 'en-double-check', kind: 'try-harder', lang: 'en',
    phrases: ['double-check', 'double check', 'doublecheck', 'double-checking', 'check twice'],
    notFlagged: ['add a checklist', 'a CI check'],
    pattern: /\bdouble[\s-]?check(?:s|ed|ing)?\b|\bcheck\s+twice\b/iu,
  }),
  rule({
    id: 'en-remind', kind: 'try-harder', lang: 'en',
    phrases: ['remind everyone', 'remind the team', 'reminded everyone', 'send a reminder'],
    notFlagged: ['a scheduled reminder comments on the incident'],
    pattern: /\bremind(?:s|ed|ing)?\s+(?:everyone|everybody|all\b|the\s+teams?|people|staff|engineers|developers|the\s+on[- ]?call|(?:the\s+)?(?:team\s+)?members|them|us)|\bsend(?:ing)?\s+(?:out\s+)?(?:a\s+)?reminders?\b/iu,
  }),
  rule({
    id: 'en-awareness', kind: 'try-harder', lang: 'en',
    phrases: ['raise awareness', 'raising awareness', 'increase awareness', 'awareness training'],
    notFlagged: ['situational awareness was good'],
    pattern: /\b(?:raise|raises|raised|raising|increase|increasing|improve|improving|build|building|spread|spreading)\s+(?:more\s+)?awareness\b|\bawareness\s+(?:training|session|campaign)s?\b/iu,
  }),
  rule({
    id: 'en-vigilant', kind: 'try-harder', lang: 'en',
    phrases: ['be vigilant', 'stay vigilant', 'more vigilant', 'vigilance'],
    notFlagged: [],
    pattern: /\b(?:be|stay|remain|more|extra)\s+vigilant\b|\bvigilance\b/iu,
  }),
  rule({
    id: 'en-try-harder', kind: 'try-harder', lang: 'en',
    phrases: ['try harder', 'be more diligent', 'be more thorough', 'be mindful', 'keep in mind', 'remember to', "don't forget to", 'follow the runbook strictly'],
    notFlagged: ['the runbook now has a step'],
    pattern: /\btry\s+harder\b|\bbe\s+(?:more\s+)?(?:diligent|thorough|mindful|attentive|cautious)\b|\bkeep\s+in\s+mind\b|(?:\bremember|\bdon['’]t\s+forget|\bnot\s+forget|\bnever\s+forget)\s+to\b|\b(?:follow|adhere\s+to|stick\s+to)\s+(?:the\s+)?(?:process|procedure|runbook|rules?)\s+(?:more\s+)?(?:strictly|carefully|closely)\b|\bstrictly\s+follow\b/iu,
  }),
];

/** The phrase lists as data, by kind and language (for the panel's "why" and for documentation). */
export const BLAMELESS_PHRASES: Readonly<Record<HintKind, Readonly<Record<'en' | 'ja', readonly string[]>>>> = Object.fromEntries(
  HINT_KINDS.map((kind) => [
    kind,
    {
      en: BLAMELESS_RULES.filter((r) => r.kind === kind && r.lang === 'en').flatMap((r) => r.phrases),
      ja: BLAMELESS_RULES.filter((r) => r.kind === kind && r.lang === 'ja').flatMap((r) => r.phrases),
    },
  ]),
) as Record<HintKind, Record<'en' | 'ja', string[]>>;

/** A text in NFKC form, with where each of its UTF-16 units came from in the original. */
interface Normalised {
  text: string;
  /** For each unit of `text`: the original offset where its segment starts, and where it ends. */
  from: number[];
  to: number[];
}

// A segment is a code point with the marks that follow it; U+FF9E/U+FF9F (half-width ﾞ ﾟ) are Lm, not M, but NFKC
// composes them with the kana before (ｶﾞ → ガ), so they stay in the segment too.
const CONTINUES_SEGMENT = /^[\p{M}\uFF9E\uFF9F]$/u;

/** NFKC per segment, so every normalised unit maps back into the original (exact for everything NFKC composes). */
export function normaliseWithOffsets(original: string): Normalised {
  const from: number[] = [];
  const to: number[] = [];
  let text = '';
  let segStart = 0;
  let offset = 0;
  const flush = (end: number): void => {
    if (end <= segStart) return;
    const n = original.slice(segStart, end).normalize('NFKC');
    text += n;
    for (let i = 0; i < n.length; i++) {
      from.push(segStart);
      to.push(end);
    }
    segStart = end;
  };
  for (const cp of original) {
    if (offset > 0 && !CONTINUES_SEGMENT.test(cp)) flush(offset);
    offset += cp.length;
  }
  flush(offset);
  return { text, from, to };
}

interface Found {
  start: number;
  end: number;
  rule: BlamelessRule;
}

function findInSection(text: string): Found[] {
  const n = normaliseWithOffsets(text);
  const found: Found[] = [];
  for (const r of BLAMELESS_RULES) {
    const re = new RegExp(r.pattern.source, r.pattern.flags.includes('g') ? r.pattern.flags : `${r.pattern.flags}g`);
    for (const m of n.text.matchAll(re)) {
      if (m[0].length === 0) continue;
      const a = m.index;
      const b = a + m[0].length;
      found.push({ start: n.from[a] ?? 0, end: n.to[b - 1] ?? text.length, rule: r });
    }
  }
  // One hint per stretch of text: the earliest, then the longest, wins ("注意を徹底する" is one hint, not two).
  found.sort((x, y) => x.start - y.start || y.end - x.end);
  const kept: Found[] = [];
  for (const f of found) {
    const last = kept[kept.length - 1];
    if (!last || f.start >= last.end) kept.push(f);
  }
  return kept;
}

/**
 * The hints for the people's sections of a retrospective, in section order then position. Pure: reads the texts,
 * never changes them.
 */
export function blamelessHints(sections: readonly SectionText[]): Hint[] {
  return sections.flatMap(({ section, text }) =>
    findInSection(text).map(({ start, end, rule: r }) => ({
      section,
      phrase: text.slice(start, end),
      start,
      end,
      kind: r.kind,
      reframing: r.reframing,
      ruleId: r.id,
    })),
  );
}
