import fc from 'fast-check';
import { BLAMELESS_PHRASES, BLAMELESS_RULES, blamelessHints, HINT_KINDS, normaliseWithOffsets, type Hint } from './blameless-hints';

const hintsIn = (text: string): Hint[] => blamelessHints([{ section: 's', text }]);
const ruleOf = (id: string) => BLAMELESS_RULES.find((r) => r.id === id)!;

// A listed phrase in a realistic sentence → [sentence, ruleId, the exact phrase reported].
type Caught = [sentence: string, ruleId: string, phrase: string];
const caughtJa: Caught[] = [
  ['担当者のせいで障害が長引いた。', 'ja-person-fault', '担当者のせい'],
  ['田中さんのせいだと思われていた。', 'ja-person-fault', 'さんのせい'],
  ['作業者のミスが原因。', 'ja-person-fault', '作業者のミス'],
  ['結局はオペレーターが悪い。', 'ja-person-fault', 'オペレーターが悪い'],
  ['原因は人為的ミスである。', 'ja-human-error', '人為的ミス'],
  ['人為的なミスにより設定が消えた', 'ja-human-error', '人為的なミス'],
  ['ヒューマンエラーによる障害', 'ja-human-error', 'ヒューマンエラー'],
  ['ﾋｭｰﾏﾝｴﾗｰによる障害', 'ja-human-error', 'ﾋｭｰﾏﾝｴﾗｰ'],
  ['作業者の不注意で本番DBを削除した', 'ja-careless', '不注意'],
  ['うっかり本番環境で実行した', 'ja-careless', 'うっかり'],
  ['手順書の読み違いでミスをした。', 'ja-mistake', 'ミスをした'],
  ['ﾐｽをした', 'ja-mistake', 'ﾐｽをした'],
  ['設定ミスによりアラートが鳴らなかった', 'ja-mistake', '設定ミス'],
  ['リリース前の確認不足が原因', 'ja-check-lacking', '確認不足'],
  ['レビューでの見落としがあった', 'ja-check-lacking', '見落とし'],
  ['バックアップの取得を怠った', 'ja-neglect', '怠った'],
  ['フラグを戻し忘れた', 'ja-neglect', '忘れた'],
  ['事前に確認すべきだった', 'ja-should-have', 'べきだった'],
  ['ステージングで試していれば防げた', 'ja-should-have', 'ていれば防げ'],
  ['運用チームの意識が低い', 'ja-attitude', '意識が低'],
  ['担当者に厳重注意した', 'ja-punish', '厳重注意'],
];
const caughtEn: Caught[] = [
  ['The on-call engineer should have checked the dashboard.', 'en-should-have', 'should have'],
  ["We shouldn't have deployed on Friday.", 'en-should-have', "shouldn't have"],
  ['She should’ve rolled back sooner.', 'en-should-have', 'should’ve'],
  ['SHOULD HAVE BEEN CAUGHT IN REVIEW', 'en-should-have', 'SHOULD HAVE'],
  ['ｓｈｏｕｌｄ　ｈａｖｅ known', 'en-should-have', 'ｓｈｏｕｌｄ　ｈａｖｅ'],
  ['A careless change to the firewall.', 'en-careless', 'careless'],
  ['Carelessly merged without review', 'en-careless', 'Carelessly'],
  ["He wasn't paying attention to the pager.", 'en-careless', "n't paying attention"],
  ['Root cause: human error.', 'en-human-error', 'human error'],
  ['Human-error during the migration', 'en-human-error', 'Human-error'],
  ['Someone fat-fingered the CIDR.', 'en-human-error', 'fat-fingered'],
  ['Honestly it was his fault.', 'en-fault', 'his fault'],
  ["It was Taro's fault.", 'en-fault', "Taro's fault"],
  ['The operator was at fault.', 'en-fault', 'at fault'],
  ['The on-call engineer failed to escalate.', 'en-failed-to', 'failed to'],
  ['He simply failed to read the alert.', 'en-failed-to', 'failed to'],
  ['@taro failed to hand over', 'en-failed-to', 'failed to'],
  ['Taro failed to follow the runbook.', 'en-failed-to', 'failed to'],
  ['The reviewer FAILED TO notice the typo.', 'en-failed-to', 'FAILED TO'],
  ['Management blamed the on-call engineer.', 'en-blame', 'blamed'],
  ['Who is to blame here?', 'en-blame', 'blame'],
  ["They didn't bother to run the tests.", 'en-didnt-bother', "didn't bother"],
  ['This was gross negligence.', 'en-negligence', 'negligence'],
  ['The admin neglected to renew the cert.', 'en-negligence', 'neglected to'],
  ['He forgot to drain the node.', 'en-negligence', 'forgot to'],
];
const triesJa: Caught[] = [
  ['今後は気を付ける。', 'ja-ki-wo-tsukeru', '気を付け'],
  ['今後は気をつけます', 'ja-ki-wo-tsukeru', '気をつけ'],
  ['作業時は気を付けるようにする', 'ja-ki-wo-tsukeru', '気を付け'],
  ['本番作業では注意を徹底する', 'ja-chui', '注意を徹底'],
  ['全員に注意喚起を行う', 'ja-chui', '注意喚起'],
  ['手順を周知徹底する', 'ja-shuchi', '周知徹底'],
  ['リリース時はダブルチェックを行う', 'ja-double-check', 'ダブルチェック'],
  ['ﾀﾞﾌﾞﾙﾁｪｯｸを行う', 'ja-double-check', 'ﾀﾞﾌﾞﾙﾁｪｯｸ'],
  ['セキュリティ意識を高める', 'ja-ishiki', '意識を高め'],
  ['再発防止に努める', 'ja-tsutomeru', '再発防止に努める'],
  ['再発防止に努めます。', 'ja-tsutomeru', '再発防止に努めます'],
  ['新人への教育を徹底する', 'ja-kyoiku', '教育を徹底'],
  ['作業前の確認を徹底する', 'ja-kakunin', '確認を徹底'],
  ['確認を怠らないようにする', 'ja-kakunin', '怠らない'],
  ['手順の徹底を図る', 'ja-tettei', 'の徹底'],
];
const triesEn: Caught[] = [
  ['Engineers should be more careful when editing DNS.', 'en-careful', 'be more careful'],
  ['BE MORE CAREFUL', 'en-careful', 'BE MORE CAREFUL'],
  ['We will pay more attention to disk alerts.', 'en-attention', 'pay more attention'],
  ['Always double-check the target cluster.', 'en-double-check', 'double-check'],
  ['Double check the region before applying.', 'en-double-check', 'Double check'],
  ['ｄｏｕｂｌｅ－ｃｈｅｃｋ the flags', 'en-double-check', 'ｄｏｕｂｌｅ－ｃｈｅｃｋ'],
  ['Remind everyone to drain nodes first.', 'en-remind', 'Remind everyone'],
  ['Raise awareness of the freeze window.', 'en-awareness', 'Raise awareness'],
  ['On-call must be vigilant during deploys.', 'en-vigilant', 'be vigilant'],
  ['Operators will try harder next time.', 'en-try-harder', 'try harder'],
  ["Don't forget to disable the cron job.", 'en-try-harder', "Don't forget to"],
];

const expectCaught = (sentence: string, ruleId: string, phrase: string, kind: Hint['kind']): void => {
  const hints = hintsIn(sentence);
  expect(hints.map((h) => [h.ruleId, h.phrase])).toContainEqual([ruleId, phrase]);
  const h = hints.find((x) => x.ruleId === ruleId)!;
  expect(h.kind).toBe(kind);
  expect(sentence.slice(h.start, h.end)).toBe(phrase);
};

describe('blames-person: caught (false negatives)', () => {
  it.each([...caughtJa, ...caughtEn])('%s → %s', (sentence, ruleId, phrase) => expectCaught(sentence, ruleId, phrase, 'blames-person'));
});

describe('try-harder: caught (false negatives)', () => {
  it.each([...triesJa, ...triesEn])('%s → %s', (sentence, ruleId, phrase) => expectCaught(sentence, ruleId, phrase, 'try-harder'));
});

// Texts that look close but put no blame on a person and ask nobody to try harder: no hint at all.
const clean: string[] = [
  'The design is built for fault tolerance.',
  'A fault-tolerant queue kept the messages.',
  'We changed the default timeout to 30s.',
  'Fail-over to the standby took 40 seconds; failover is now automatic.',
  'The worker failed to connect to Redis.',
  'Kafka failed to elect a leader after the network partition.',
  'The engineer failed to connect to the VPN because the certificate had expired.',
  'Pods failed to start: ImagePullBackOff.',
  'A segmentation fault and a page fault in the kernel’s fault handler.',
  'This is a blameless retrospective; we do not assign blame.',
  "It's nobody's fault: the alert had no runbook.",
  'Nobody is to blame.',
  'Impact was negligible.',
  'We should have the fix deployed by Friday.',
  'A careful analysis showed the cache was cold.',
  'We added a CI check and a checklist to the runbook.',
  'Tools to prevent human error: typed config and a dry-run default.',
  'バージョンのミスマッチで起動に失敗した。',
  'ミストサウナの予約システムで障害が発生',
  'ミスター・ビーンは関係ない',
  '大雨注意報の影響で回線が不安定だった。',
  '設定値は確認済み。',
  'チェックリストを手順書に追加する。',
  'ダブルチェックリストという名のファイル',
  'ネットワーク障害のせいでタイムアウトした。',
  '個人のせいにしない。仕組みを直す。',
  '誰かのせいではない。',
  '犯人探しはしない。',
  'ヒューマンエラーを防ぐ仕組みとしてデプロイ前の自動検証を追加した。',
  '異常に気が付いたのは5分後だった。',
  '原因は徹底的に調査した。',
  '手順書を更新し、関係者に周知した。',
];

describe('clean text: no hints (false positives)', () => {
  it.each(clean)('%s', (text) => expect(hintsIn(text)).toEqual([]));
});

describe('the rules as data', () => {
  const listed = BLAMELESS_RULES.flatMap((r) => r.phrases.map((p) => [r.id, p] as const));
  it.each(listed)('%s catches its listed phrase %s', (id, phrase) => {
    expect(hintsIn(phrase).some((h) => h.ruleId === id)).toBe(true);
  });

  const nearMisses = BLAMELESS_RULES.flatMap((r) => r.notFlagged.map((p) => [r.id, p] as const));
  it.each(nearMisses)('%s does not catch its near miss %s', (id, text) => {
    expect(hintsIn(text).some((h) => h.ruleId === id)).toBe(false);
  });

  it('ids are unique, every rule explains itself in both languages and covers both kinds and languages', () => {
    const ids = BLAMELESS_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of BLAMELESS_RULES) {
      expect(r.phrases.length).toBeGreaterThan(0);
      expect([r.why.en, r.why.ja, r.reframing.en, r.reframing.ja].every((s) => s.length > 0)).toBe(true);
    }
    for (const kind of HINT_KINDS) {
      expect(BLAMELESS_PHRASES[kind].en.length).toBeGreaterThan(3);
      expect(BLAMELESS_PHRASES[kind].ja.length).toBeGreaterThan(3);
    }
  });

  it('the phrase lists contain what DESIGN 3.4 and issue 9 name', () => {
    expect(BLAMELESS_PHRASES['blames-person'].ja).toEqual(expect.arrayContaining(['人為的ミス', 'ヒューマンエラー', 'ミスをした', '確認不足', '怠った', 'うっかり', '不注意']));
    expect(BLAMELESS_PHRASES['blames-person'].en).toEqual(expect.arrayContaining(['should have', 'careless', 'human error', 'his fault', "didn't bother", 'negligence', 'blame']));
    expect(BLAMELESS_PHRASES['try-harder'].ja).toEqual(expect.arrayContaining(['気を付ける', '気をつける', '周知徹底', 'ダブルチェック', '意識を高める', '再発防止に努める', '教育を徹底', '確認を徹底']));
    expect(BLAMELESS_PHRASES['try-harder'].en).toEqual(expect.arrayContaining(['be more careful', 'pay more attention', 'double-check', 'remind everyone', 'raise awareness', 'be vigilant']));
  });
});

describe('conjugations and variants', () => {
  it.each(['気を付ける', '気をつける', '気を付けます', '気をつけます', '気を付けて作業する', '気をつけましょう', '気を付けるようにします', '気をつけていきます'])(
    '「%s」 is try-harder',
    (text) => expect(hintsIn(text).map((h) => h.ruleId)).toEqual(['ja-ki-wo-tsukeru']),
  );
  it.each(['Human Error', 'HUMAN ERROR', 'ｈｕｍａｎ ｅｒｒｏｒ', 'human\u3000error', 'human\nerror'])('%j is human error', (text) => {
    expect(hintsIn(text).map((h) => [h.ruleId, h.phrase])).toEqual([['en-human-error', text]]);
  });
});

describe('"failed to": a person not doing their part, not a system failing', () => {
  it.each<[string, boolean]>([
    ['He failed to update the status page.', true],
    ['They also failed to page the secondary.', true],
    ['The commander failed to hand over.', true],
    ['We failed to notice the disk filling up.', true],
    ['The on-call failed to acknowledge the page.', true],
    ['A change that failed to communicate its risk — the verb is one only a person does.', true],
    ['The health check failed to respond.', false],
    ['The deploy failed to complete.', false],
    ['He failed to log in: SSO was down.', false],
    ['Taro failed to connect.', false],
    ['Failed to connect to 10.0.0.1:5432', false],
  ])('%s → %s', (text, flagged) => {
    expect(hintsIn(text).some((h) => h.ruleId === 'en-failed-to')).toBe(flagged);
  });
});

describe('offsets are in the original text', () => {
  it.each<[string, string]>([
    ['half-width kana with dakuten (ﾀﾞ is 2 units, ダ 1)', 'ｱﾗｰﾄﾞ後にﾀﾞﾌﾞﾙﾁｪｯｸを徹底する'],
    ['a ligature before the match (ﬁ is 1 unit, fi 2)', 'The ﬁrst responder was careless.'],
    ['an enclosed number that expands (① → 1)', '①②③ 確認不足'],
    ['full-width Latin and ideographic space', 'Ｔｈｅ　ｅｎｇｉｎｅｅｒ　ｓｈｏｕｌｄ　ｈａｖｅ　ｃｈｅｃｋｅｄ'],
    ['combining marks (decomposed が)', 'か\u3099んばって気を付けます'],
    ['a surrogate pair before the match', '🔥🔥 human error 🔥'],
  ])('%s', (_name, text) => {
    const hints = hintsIn(text);
    expect(hints.length).toBeGreaterThan(0);
    for (const h of hints) expect(text.slice(h.start, h.end)).toBe(h.phrase);
  });

  it('maps a half-width match to exactly its original characters', () => {
    const text = 'ﾀﾞﾌﾞﾙﾁｪｯｸ';
    expect(hintsIn(`前置き${text}。`)).toMatchObject([{ phrase: text, start: 3, end: 3 + text.length }]);
  });

  it('normalises per segment and remembers where each unit came from', () => {
    const n = normaliseWithOffsets('aﾀﾞb');
    expect(n.text).toBe('aダb');
    expect(n.from).toEqual([0, 1, 3]);
    expect(n.to).toEqual([1, 3, 4]);
  });

  it('for any text, every hint is a slice of it within bounds (property)', () => {
    const pieces = fc.constantFrom('careless', 'ﾀﾞﾌﾞﾙﾁｪｯｸ', '気を付け', 'ﬁ', '①', '\u3099', '🔥', ' ', 'ミス', 'をした', 'should have', 'Ｘ', 'の', 'failed to');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 3 })), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        for (const h of hintsIn(text)) {
          expect(h.start).toBeGreaterThanOrEqual(0);
          expect(h.end).toBeLessThanOrEqual(text.length);
          expect(h.start).toBeLessThan(h.end);
          expect(text.slice(h.start, h.end)).toBe(h.phrase);
        }
      }),
    );
  });
});

describe('blamelessHints over sections', () => {
  const sections = [
    { section: 'アクションアイテム', text: '今後は気を付ける。人為的ミスを防ぐためダブルチェックする。' },
    { section: 'Lessons', text: 'Nothing to flag here.' },
    { section: 'Trigger', text: 'He should have known. It was human error; be more careful.' },
  ];

  it('sorts by section (in the order given) then position, and reports each hint fully', () => {
    const hints = blamelessHints(sections);
    expect(hints.map((h) => [h.section, h.ruleId])).toEqual([
      ['アクションアイテム', 'ja-ki-wo-tsukeru'],
      ['アクションアイテム', 'ja-double-check'],
      ['Trigger', 'en-should-have'],
      ['Trigger', 'en-human-error'],
      ['Trigger', 'en-careful'],
    ]);
    expect(hints[2]).toEqual({
      section: 'Trigger',
      phrase: 'should have',
      start: 3,
      end: 14,
      kind: 'blames-person',
      reframing: ruleOf('en-should-have').reframing,
      ruleId: 'en-should-have',
    });
    expect(hints[0]!.reframing.ja).toContain('人は修正できません');
  });

  it('one hint per stretch of text: overlapping rules give the earliest, longest match', () => {
    expect(hintsIn('注意を徹底する').map((h) => [h.ruleId, h.phrase])).toEqual([['ja-chui', '注意を徹底']]);
  });

  it('never edits the text (frozen input, same strings after)', () => {
    const input = Object.freeze(sections.map((s) => Object.freeze({ ...s })));
    const before = JSON.stringify(input);
    blamelessHints(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('answers nothing for no sections and empty text', () => {
    expect(blamelessHints([])).toEqual([]);
    expect(blamelessHints([{ section: 'x', text: '' }])).toEqual([]);
  });

  it('the same text gives the same hints on a second call (no regex state kept between calls)', () => {
    expect(blamelessHints(sections)).toEqual(blamelessHints(sections));
  });
});
