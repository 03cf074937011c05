"""News text -> sentences (with paragraph index and kind) and sentences -> clauses.

Public contract: `Sentence`, `split_sentences(text)`, `split_clauses(sentence_text)`.
Regex and small word lists only (no NLP model); linear in the text length.

split_sentences
---------------
1. Lines. Line breaks are "\\n", "\\r\\n", "\\r" and the Unicode line/paragraph
   separators. Blank lines (only whitespace, no-break or zero-width spaces) separate
   paragraphs. A single line break also ends a paragraph, except a soft wrap:
   - the line does not end in terminal punctuation and either ends in a joining
     character ("," ";" "(" "-" "–" "—" "/" "&") or in a function word ("the", "of",
     "was", "said", … — headings never do), or the next line starts with a lower-case
     word (not a camel-case brand such as "eBay"), or
   - the text is hard-wrapped (detected: most lines no longer than ~120 characters and at
     least 3, and 40 %, of the full-width lines are followed by a lower-case
     continuation) and the line is full-width (>= 75 % of the widest line; >= 85 % when
     it ends a sentence: the next sentence then starts the next line, same paragraph).
   A bullet line or a boilerplate line never continues the line before it.
2. Paragraph kinds.
   - "bullet": the first line starts with a list marker ("•", "-", "*", "–", "▪", "1.",
     "1)", "(a)", …). The marker is left out of the span. Every sentence of the item is
     a "bullet" (downstream, treat "bullet" like "sentence").
   - "boilerplate": the paragraph (or a sentence) starts with page furniture: hashtag
     lines, "Source link", "Image Source:", "Photo:", "Also Read:", "Read more:",
     "Leave a Reply", "Your email address will not be published", star-rating widgets,
     "Share this", wire credits ("(Reporting by …; Editing by …)", "Our Standards:",
     "… contributed to this report", "Copyright 2021 The Associated Press", "©", "To
     contact the reporter", "--With assistance from"), newspaper app/market blurbs
     (Economic Times, SCMP), EU/regulator press-release footers ("For more information",
     "Press contacts:", "IP/21/123", "###", "-ENDS-"), bylines ("By Kim Yoon-mi",
     "(kim@heraldcorp.com)"), bare e-mail addresses or URLs.
   - "heading": a one-line paragraph with no terminal punctuation and no sentence break
     inside (title lines, section heads, "WeChat"), at most 18 words (25 when mostly
     capitalised) and 200 characters; or a line of at most 12 words ending in ":"; or a
     question/exclamation of at most 10 words ("What's going on with China's data
     security clampdown?"); or a Markdown "## " line. One heading is one span.
   - otherwise the paragraph is split into "sentence"s.
   `paragraph` counts the paragraphs that give at least one span (0, 1, 2, … without gaps).
3. Sentence boundaries inside a paragraph: after ".", "!", "?", "…", "...", "。", "！", "？",
   plus any closing quotes/brackets (so `."` and `.”` end after the quote), when
   followed by whitespace and a sentence start: an upper-case letter, a digit, an opening
   quote or bracket, a letter of a caseless script, or a camel-case brand ("eBay").
   Not a boundary after a "." when the word before it is:
   - a title or reference abbreviation that is never sentence-final (Mr, Ms, Dr, Gov,
     Sen, Rep, Gen, St, vs, v, No, Rs, Art, e.g., i.e., approx, …), or
   - an ambiguous abbreviation (Inc, Corp, Co, Ltd, Jr, months "Sept"/"Nov", dotted
     acronyms "U.S"/"E.U"/"a.m", single-letter initials "M") — then it is a boundary
     only if the next word is a common sentence opener ("The", "It", "In", "But", …):
     "in the U.S. The app…" splits, "the U.S. Securities and Exchange Commission" and
     "Jack M. Ma" do not.
   A "." glued to the next sentence ("in 2015.The company") splits when the word before
   is lower-case or a number and the next word is a sentence opener. Decimals ("$2.8"),
   domains ("JD.com", "scmp.com") and "..." followed by a lower-case word never split.
4. Spans are stripped of whitespace and zero-width characters; spans without a letter or
   digit (". ", "* * *") are dropped. Spans are in order and never overlap.

split_clauses
-------------
Clause spans (relative to the sentence, stripped, in order, covering the sentence's
words) for attaching dates to actions. Precision over recall; never inside parentheses.
- ";" splits when both sides have >= 3 words.
- ", but" / ", while" / ", whereas" / ", although" / ", though" / ", which" split when
  both sides have >= 3 words; the conjunction starts the right clause.
- ", and" splits when the left side has a finite verb and the right side has one within
  its first 7 words ("…, and the SEC opened a probe", "…, and ordered it to…"), so
  lists ("Didi, Alibaba, and Tencent on July 2") stay whole.
- bare " and " + subject + finite verb ("… and the Justice Department sued …"), or
  " and " + a past-tense action verb or modal ("fined Google €4.34 billion in July 2018
  and ordered it to …", "… and will take effect on …"), when the left side has a verb of
  its own, the subject is 1-5 words without preposition, and both sides have >= 3
  words. Noun-like present forms never open a clause ("imposed fines and bans on apps").
- dashes " — ", " – ", " -- ", " - ", and an unspaced "—" between words, when both sides
  have >= 4 words.
The separator punctuation belongs to neither clause.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence-like span of an article. `text == article[start:end]`."""

    start: int
    end: int
    text: str
    kind: str  # "sentence" | "heading" | "bullet" | "boilerplate"
    paragraph: int  # 0-based paragraph index


# --------------------------------------------------------------------------- character classes

_ZW = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_WS_CHARS = frozenset(" \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                      "\u2028\u2029\u202f\u205f\u3000\x1c\x1d\x1e\x1f\x85" + _ZW)
_CLOSERS = "\"'”’»)]}›"
_OPENERS = "\"'“‘«([{‹"
_TERMINALS = ".!?…。！？"

# terminal punctuation (a run: "?!", "...", ". . .") plus closing quotes/brackets; starts with a
# character set so the regex engine can skip ahead quickly
_CAND_RE = re.compile(r"[.!?…。！？](?:[.!?…。！？]|[ \u00a0](?=\.))*[\"'”’»)\]}›]*")
_WORD_AFTER_RE = re.compile(r"[\w'’.-]+")

# never sentence-final before a capitalised word
_NEVER = frozenset(
    """Mr Mrs Ms Mx Messrs Mme Mlle Dr Prof Gov Govs Sen Sens Rep Reps Gen Lt Col Maj Capt Cmdr Adm Sgt
    Cpl Pvt Rev Hon Pres Supt Insp Det Atty Amb Fr St Ste Mt Ft vs v Vs Nr Rs Re Rp Art Arts
    Sec Secs Para Paras Fig Figs Vol Vols pp p Ch Chap cf approx Approx appr est Est viz ca Ca al Dept
    Univ Assn Ave Blvd Rd Sq Hwy Ref ref Cl cl Reg Dir Gp Grp Ald Cllr Mgr Ph""".split()
)
_NEVER_LOWER = frozenset({"e.g", "i.e", "eg", "ie", "etc.,", "approx", "incl", "excl", "esp", "viz", "cf", "vs", "ca"})
# may be sentence-final: split only before a common sentence opener
_AMBIG = frozenset(
    """No Nos no Inc Corp Co Cos Ltd Plc plc PLC LLC Bros Pty Bhd Sdn Jr Sr Esq Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Calif Mass Ariz Conn Fla Ill Mich Minn
    Penn Tenn Tex Wash Wis Colo Ore Okla Ky La Md Mo Nev Va Del Ga Ind Kan Neb Ark Ala Vt""".split()
)
_DOTTED_RE = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_STARTERS = frozenset(
    """The A An It Its He She His Her They Their Them We Our I You Your This That These Those There
    Here In On At But And Or So However Meanwhile Moreover Also Last Earlier Later After Before While
    When Where As If Since Although Though Still Yet Such What Why How Who Which Shares According
    Separately Additionally Furthermore Under With For By From During Now Today Yesterday Tomorrow
    Some Many Most Other Another Both Each All No Not One Two Three Analysts Regulators Officials
    Investors Critics Despite Instead Then Given Once Until Over Authorities Users Customers Chinese
    American Indian European Beijing Washington Brussels Mr Ms Dr Government Officials Earlier
    Several Last Next Shortly Following Prior Although Unlike Like Even Only Just Indeed Thus Hence
    Overall Finally First Second Third Previously Currently Recently Reuters Bloomberg""".split()
)
# "in 2015.The company": a sentence glued to the next; "17.2%The deal": a lost line break
_GLUED_RE = re.compile(r"[.!?%](?=[A-Z][a-z]*[\s,])")

_BULLET_RE = re.compile(
    r"[ \t\u00a0]*(?:[•·▪▫●○◦‣∙⁃■□➢➤►▶✓✔❖◆◇→\-–—*+]|\(?[0-9]{1,2}[.)]|\([a-zA-Z]\)|[a-z]\)|#{1,6})[ \t\u00a0]+(?=\S)"
)

_BOILER_RE = re.compile(
    r"""(?ix)
    (?:
      \#[\w-]+(?:\s*,?\s*\#[\w-]+)*\s*,?\s*$            # hashtag line
    | (?:tags|topics|filed\ under|categories|keywords)\s*:
    | source\ link\s*$
    | source\s*:\s*\S{0,40}\s*$
    | (?:featured\ |cover\ |header\ |top\ )?(?:image|photo|picture|photograph|graphic|video|file\ photo|screenshot|screengrab|illustration)s?
        (?:\s*(?:source|credit|credits|courtesy|caption))?\s*[:|]
    | \(?(?:image|photo|picture|photograph)s?\s+(?:by|courtesy|credit|via)\b
    | (?:also\ read|read\ also|read\ more|more\ read|must\ read|related|related\ (?:articles?|news|posts?|stories|coverage|topics)
        |recommended(?:\ for\ you)?|don'?t\ miss|see\ also|also\ see|trending(?:\ now)?|latest\ news|read\ next|also\ watch
        |watch|listen|explainer|more\ from\ [\w ]{1,30}|you\ may\ also\ like|top\ stories|popular\ now)\s*(?:[:|»>]|-\s|—|$)
    | leave\ a\ (?:reply|comment)\b
    | your\ email\ address\ will\ not\ be\ published
    | required\ fields\ are\ marked
    | (?:post|submit)\ (?:a\ )?comment\s*$
    | save\ my\ name,?\ email
    | cancel\ reply\s*$
    | comments?\s*(?:\(\d+\))?\s*$
    | \d+\s+comments?\s*$
    | how\ useful\ was\ this\ post
    | click\ on\ a\ star\ to\ rate
    | average\ rating\b
    | no\ votes\ so\ far
    | we\ are\ sorry\ that\ this\ post
    | let\ us\ improve\ this\ post
    | tell\ us\ how\ we\ can\ improve
    | share\ (?:this|on|via)\b[^.]{0,40}$
    | (?:follow|like|join)\ us\ on\b
    | subscribe\ (?:to|now|for|today)\b
    | sign\ up\ (?:for|to|now|here)\b
    | get\ (?:the\ latest|our)\b[^.]{0,80}(?:newsletter|updates|insights|inbox)
    | \(?(?:additional\ )?reporting\ by\b
    | \(?(?:editing|writing|compiled|edited|written)\ by\b[^.]{0,80}\)?\s*$
    | our\ standards\s*:
    | \(this\ (?:story|article)\ has\ been\b
    | \((?:updates|adds|recasts|corrects)\b
    | .{0,200}?\bcontributed\ (?:to\ )?(?:this\ )?(?:report|reporting|story)\b
    | copyright\s*(?:©|\(c\)|\d{4})
    | ©
    | \(c\)\ \d{4}
    | all\ rights\ reserved
    | this\ material\ may\ not\ be\ published
    | to\ contact\ the\ (?:reporters?|editors?|author)\b
    | [-–—]{1,2}\s*with\ assistance\ from\b
    | most\ read\ from\ bloomberg
    | (?:more\ stories\ like\ this|before\ it'?s\ here,?\ it'?s\ on\ the\ bloomberg)
    | \(?what'?s\ moving\ sensex
    | catch\ all\ the\b[^.]{0,80}\bnews\b
    | download\ the\ [\w ]{1,40}\ app\b
    | (?:read\ more\ news\ on|stay\ on\ top\ of|track\ latest\ market\ news)\b
    | (?:disclaimer|note\ to\ editors|notes\ to\ editors|about\ the\ author)\s*[:|]
    | this\ article\ (?:originally\ )?(?:appeared|was\ (?:first\ )?published)\b
    | purchase\ the\b[^.]{0,100}\bscmp\b
    | for\ more\ information\s*[:.]?\s*$
    | (?:press|media)\ (?:contacts?|inquiries|enquiries|office|relations)\s*[:|]
    | (?:press|media)\ (?:contacts?|inquiries|enquiries)\s*$
    | general\ public\ inquiries\b
    | (?:ip|memo|statement|speech|qanda|daily\ news)/\d{2}/\d+
    | \#{3}\s*$
    | [-–—]*\s*ends?\s*[-–—]*\s*$
    | advertisement\s*$
    | (?:story\ continues\ below|continue\ reading|click\ here\b|tap\ here\b)
    | (?:published|updated|posted|last\ updated|first\ published)(?:\s*:|\ on\b|\ at\b).{0,100}\d.{0,60}$
    | \(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?\s*$
    | (?:https?://|www\.)\S+\s*$
    )
    """
)
# "By Kim Byung-wook (kbw@heraldcorp.com)", "By Foo Yun Chee and Sam Nussey, Reuters"; case-exact,
# and not "By September, the ministry had …" / "By Monday …"
_NAME = r"(?:[A-Z][\w.'’-]*|de|van|von|bin|al|da|di|le|la)"
_BYLINE_RE = re.compile(
    r"By\s+(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|Then|Contrast|Comparison|Law|Noon|"
    r"Midnight|Now|Comparison|Early|Late|Mid|End|Next|Last|This|That|Its|Their|Some|Most)\b)"
    r"[A-Z][\w.'’-]*(?:\s+" + _NAME + r"){0,4}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+" + _NAME + r"){0,4})*"
    r"\s*(?:\(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?)?\s*(?:[|,]\s*[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})?$"
)


# --------------------------------------------------------------------------- helpers


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _WS_CHARS:
        s += 1
    while e > s and text[e - 1] in _WS_CHARS:
        e -= 1
    return s, e


_ALNUM_RE = re.compile(r"[^\W_]")


def _has_alnum(s: str) -> bool:
    return _ALNUM_RE.search(s) is not None


_CLOSERS_WS = _CLOSERS + "".join(sorted(_WS_CHARS))


def _ends_terminal(line: str) -> bool:
    t = line.rstrip(_CLOSERS_WS)
    return bool(t) and t[-1] in _TERMINALS


def _first_word(s: str) -> str:
    m = _WORD_AFTER_RE.match(s)
    return m.group(0) if m else ""


def _starts_lower_continuation(line: str) -> bool:
    if not line or not line[0].islower():
        return False
    w = _first_word(line)
    # "eBay", "iPhone": camel-case brands are sentence starts, not continuations
    return not any(ch.isupper() for ch in w[1:])


_FUNCTION_END_RE = re.compile(
    r"(?:^|\s)(?:the|a|an|of|to|in|for|and|or|by|with|on|at|from|that|as|its|their|his|her|was|were|is|are|"
    r"has|have|had|will|would|could|should|said|than|into|over|under|after|before|which|who)$"
)


def _ends_function_word(line: str) -> bool:
    """A line ending in "the", "of", "was", … continues on the next line (headings never do)."""
    return bool(_FUNCTION_END_RE.search(line[-12:]))


_BOILER_FIRST = frozenset(
    """tags topics filed categories keywords source featured cover header top image images photo photos
    picture pictures photograph photographs graphic graphics video videos file screenshot screenshots
    screengrab illustration also read more must related recommended don't dont see trending latest watch
    listen explainer you popular leave your required post submit save cancel comment comments how
    click average no we let tell share follow like join subscribe sign get additional reporting editing
    writing compiled edited written our this copyright all most before what's whats catch download stay
    track disclaimer note notes about purchase for press media general ip memo statement speech qanda
    daily ends end advertisement story continue tap published updated posted last first by http https
    www updates adds recasts corrects c""".split()
)
_FIRST_WORD_RE = re.compile(r"[(\s\-–—]*([A-Za-z'’]+)")


def _is_boilerplate(s: str) -> bool:
    if not s:
        return False
    fw = _FIRST_WORD_RE.match(s)
    if not (fw and fw.group(1).lower().replace("’", "'") in _BOILER_FIRST):
        # cheap gate: most lines start with an ordinary word and cannot be furniture
        c = s[0]
        if not (c in "#©-–—(" or c.isdigit() or ("@" in s[:100] and len(s) < 200) or "contributed" in s[:300]):
            return False
    if s[:3] == "By " and len(s) <= 120 and _BYLINE_RE.match(s):
        return True
    return _BOILER_RE.match(s) is not None


def _title_ratio(words: list[str]) -> float:
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or (w[:1] in _OPENERS and w[1:2].isupper()))
    return caps / max(1, len(words))


_TOKEN_STRIP = _OPENERS + _CLOSERS + "-–—/"


def _prev_token(text: str, lo: int, pos: int) -> str:
    """The word ending at `pos` (exclusive), without leading quotes/brackets."""
    window = text[max(lo, pos - 40) : pos]  # longer tokens (URLs) are never abbreviations
    if not window or window[-1].isspace():
        return ""
    return window.split()[-1].lstrip(_TOKEN_STRIP)


def _abbrev_kind(tok: str) -> int:
    """0: ordinary word; 1: never sentence-final (Mr, e.g.); 2: ambiguous (Inc, U.S, initials)."""
    if tok in _NEVER or tok.lower() in _NEVER_LOWER:
        return 1
    if tok in _AMBIG or (len(tok) == 1 and tok.isalpha()) or ("." in tok and _DOTTED_RE.match(tok)):
        return 2
    return 0


def _is_boundary(text: str, m: re.Match, lo: int, hi: int) -> tuple[bool, int]:
    """Whether the terminal punctuation match `m` ends a sentence; returns (yes, next_start)."""
    e = m.end()
    j = e
    while j < hi and text[j] in _WS_CHARS:
        j += 1
    if j >= hi:
        return False, hi
    punct = m.group(0).rstrip(_CLOSERS)
    if punct[0] in "。！？":
        return True, j
    if j == e:
        return False, j  # "JD.com", "$2.8", "U.S." mid-token: glued sentences handled separately
    c = text[j]
    single_dot = punct == "."
    if c.isupper() or c in _OPENERS or (c.isalpha() and not c.islower()):
        if not single_dot:
            if punct[0] == "!" and text[max(lo, m.start() - 5) : m.start()] == "Yahoo":
                return False, j
            return True, j
        ak = _abbrev_kind(_prev_token(text, lo, m.start()))
        if ak == 0:
            return True, j
        if ak == 1:
            return False, j
        if c in _OPENERS:
            return True, j
        word = _first_word(text[j : min(hi, j + 30)]).split(".")[0].rstrip("'’")
        return word in _STARTERS, j
    if c.isdigit() or c in "$€£¥₹#":
        if not single_dot:
            return punct[0] in "!?", j
        tok = _prev_token(text, lo, m.start())
        return (_abbrev_kind(tok) == 0 and len(tok) > 1), j
    if c.islower() and single_dot:
        nxt = _first_word(text[j : min(hi, j + 12)])
        if any(ch.isupper() for ch in nxt[1:4]):  # "eBay", "iPhone"
            tok = _prev_token(text, lo, m.start())
            return (_abbrev_kind(tok) == 0 and len(tok) > 1), j
    return False, j


def _cuts(text: str, lo: int, hi: int, cands: list[re.Match], glued: list[re.Match]) -> list[tuple[int, int]]:
    """Sentence cuts (end of one sentence, start of the next) in text[lo:hi]."""
    cuts: list[tuple[int, int]] = []
    for m in cands:
        if m.end() > hi:
            break
        ok, nxt = _is_boundary(text, m, lo, hi)
        if ok:
            cuts.append((m.end(), nxt))
    for m in glued:
        e = m.end()
        if e >= hi:
            break
        p = m.group(0)
        word = _first_word(text[e : min(hi, e + 20)]).split(".")[0]
        if word not in _STARTERS or len(word) < 2:
            continue
        if p == "%":
            if not text[m.start() - 1 : m.start()].isdigit():
                continue
        else:
            b = text[m.start() - 1 : m.start()]
            if not (b.islower() or b.isdigit() or b == "%"):
                continue
            tok = _prev_token(text, lo, m.start())
            if "." in tok or "/" in tok or "@" in tok:  # URLs, e-mail, dotted names
                continue
        cuts.append((e, e))
    if glued and len(cuts) > 1:
        cuts.sort()
    return cuts


def _spans_from_cuts(lo: int, hi: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cur = lo
    for end, nxt in cuts:
        if end <= cur:
            continue
        spans.append((cur, end))
        cur = nxt
    spans.append((cur, hi))
    return spans


# --------------------------------------------------------------------------- paragraphs

_LB_CHARS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_WS_STR = "".join(sorted(_WS_CHARS))


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, line breaks excluded (str.splitlines semantics)."""
    out = []
    pos = 0
    for raw in text.splitlines(True):
        n = len(raw)
        out.append((pos, pos + len(raw.rstrip(_LB_CHARS))))
        pos += n
    return out


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """Width of a hard-wrapped text, or None when its lines are paragraphs."""
    lens = [e - s for s, e in lines if e > s and _has_alnum(text[s:e])]
    if len(lens) < 4:
        return None
    lens_sorted = sorted(lens)
    w = lens_sorted[int(len(lens_sorted) * 0.95) - 1] if len(lens_sorted) >= 20 else lens_sorted[-1]
    if not 40 <= w <= 120:
        return None
    full = cont = 0
    for (s1, e1), (s2, e2) in zip(lines, lines[1:]):
        if e1 - s1 >= 0.75 * w and e2 > s2:
            nxt = text[s2:e2].lstrip()
            if not nxt:
                continue
            full += 1
            if _starts_lower_continuation(nxt):
                cont += 1
    if full >= 3 and cont >= 3 and cont >= 0.4 * full:
        return w
    return None


def split_sentences(text: str) -> list[Sentence]:
    """Sentences (and headings, bullets, boilerplate) of an article, in order."""
    if not isinstance(text, str) or not text:
        return []
    lines = _lines(text)
    width = _wrap_width(text, lines)
    # 1. lines -> paragraphs (lists of stripped line spans)
    paras: list[list[tuple[int, int]]] = []
    boiler_first: dict[int, bool] = {}  # paragraph index -> is its first line boilerplate
    prev_line: str | None = None
    prev_boiler = False
    prev_len = 0
    ws = _WS_STR
    for s, e in lines:
        raw = text[s:e]
        line = raw.strip(ws)
        if not line:
            prev_line = None
            continue
        ss = s + (len(raw) - len(raw.lstrip(ws)))
        ee = ss + len(line)
        boiler = _is_boilerplate(line)
        join = False
        if prev_line is not None and not boiler and not prev_boiler:
            if not _ends_terminal(prev_line):
                join = (
                    prev_line[-1] in ",;(-–—/&"
                    or _starts_lower_continuation(line)
                    or _ends_function_word(prev_line)
                    or bool(width and prev_len >= 0.75 * width)
                )
            else:
                # hard-wrapped text: a full line that happens to end a sentence goes on
                join = bool(width and prev_len >= 0.85 * width)
            if join and _BULLET_RE.match(line):
                join = False
        if join:
            paras[-1].append((ss, ee))
        else:
            paras.append([(ss, ee)])
            boiler_first[len(paras) - 1] = boiler
        prev_line, prev_boiler, prev_len = line, boiler, ee - ss
    # 2. sentence-end candidates over the whole text, consumed paragraph by paragraph
    cands = list(_CAND_RE.finditer(text))
    glued = list(_GLUED_RE.finditer(text))
    ci = gi = 0
    out: list[Sentence] = []
    pi = 0
    for pidx, plines in enumerate(paras):
        ps, pe = plines[0][0], plines[-1][1]
        kind = "sentence"
        bm = _BULLET_RE.match(text, ps, pe)
        if bm and bm.end() < pe:
            kind = "heading" if text[ps : bm.end()].strip().startswith("#") else "bullet"
            ps, pe = _strip_span(text, bm.end(), pe)
        if ps >= pe:
            continue
        while ci < len(cands) and cands[ci].start() < ps:
            ci += 1
        while gi < len(glued) and glued[gi].start() < ps:
            gi += 1
        cj = ci
        while cj < len(cands) and cands[cj].start() < pe:
            cj += 1
        gj = gi
        while gj < len(glued) and glued[gj].start() < pe:
            gj += 1
        spans = _spans_from_cuts(ps, pe, _cuts(text, ps, pe, cands[ci:cj], glued[gi:gj]))
        ci, gi = cj, gj
        body = text[ps:pe]
        if boiler_first.get(pidx) if (len(plines) == 1 and kind == "sentence") else _is_boilerplate(body):
            kind = "boilerplate"
        elif kind == "sentence" and len(plines) == 1:
            last = body.rstrip(_CLOSERS)[-1:]
            nwords = body.count(" ") + 1
            if last and last not in _TERMINALS and last != ":" and len(body) <= 200 and len(spans) == 1:
                words = body.split()
                if len(words) <= 18 or (len(words) <= 25 and _title_ratio(words) >= 0.5):
                    kind = "heading"
            elif last == ":" and nwords <= 12:
                kind = "heading"
            elif last and last in "?!" and nwords <= 10 and body[0] not in _OPENERS:
                kind = "heading"
        emitted = False
        if kind == "heading":
            if _has_alnum(body):
                out.append(Sentence(ps, pe, body, "heading", pi))
                emitted = True
        else:
            multi = len(spans) > 1
            for s, e in spans:
                s, e = _strip_span(text, s, e)
                if s >= e:
                    continue
                t = text[s:e]
                if not _has_alnum(t):
                    continue
                k = kind
                if multi and s > ps and k != "boilerplate" and _is_boilerplate(t):
                    k = "boilerplate"
                out.append(Sentence(s, e, t, k, pi))
                emitted = True
        if emitted:
            pi += 1
    return out


# --------------------------------------------------------------------------- clauses

_AUX = frozenset(
    """is are was were be been has have had will would can could may might must shall should did does do
    said says say told tells added adds""".split()
)
_VERBS = frozenset(
    """fined fines fine banned bans ordered orders opened opens launched launches sued sues charged
    charges announced announces imposed imposes blocked blocks approved approves issued issues ruled
    rules found finds filed files accused accuses demanded demands required requires urged urges
    removed removes suspended suspends halted halts barred bars prohibited prohibits summoned summons
    investigated investigates began begins started starts set sets gave gives took takes made makes
    called calls vowed vows agreed agrees plans planned expects expected levied levies slapped slaps
    penalized penalised penalizes penalises warned warns unveiled unveils published publishes
    proposed proposes adopted adopts passed passes rejected rejects dismissed dismisses upheld upholds
    overturned cleared clears revoked revokes cancelled canceled cancels delisted delists pulled pulls
    told asked asks raised raises cut cuts paid pays settled settles appealed appeals denied denies
    declined declines confirmed confirms launched introduced introduces released releases reported
    reports targeted targets probed probes reviewed reviews examined examines seized seizes
    froze freezes forced forces directed directs instructed instructs mandated mandates
    restricted restricts indicted indicts sentenced sentences arrested arrests closed closes
    terminated terminates rose fell dropped jumped""".split()
)
_PAST_VERBS = frozenset({v for v in _VERBS if v.endswith("ed")} | {
    "said", "told", "gave", "took", "made", "began", "found", "froze", "paid", "sought", "upheld", "cut",
})
_MODALS = frozenset("will would could should must may might shall has have had".split())
_DET = frozenset("the a an its their his her this that these those some several both all other our".split())
_PRON = frozenset("it he she they we i".split())
_PREP = frozenset(
    """in on at for from to by with of as into over under after before during since until about
    against between among through per via than""".split()
)
_NOT_VERB_ED = frozenset(
    """based listed so-called related limited united advanced detailed unprecedented red bed need
    speed feed seed hundred shed owned state-owned backed alleged""".split()
)


# a word: optional currency sign, then word characters with inner "'", "%", "-" or "." ("U.S", "$2.8");
# written so that no input can make the regex engine backtrack
_WORD_RE = re.compile(r"[$€£¥₹]?\w(?:[\w'’%-]|\.(?=\w))*")


def _is_verb(tok: str, prev: str | None) -> bool:
    t = tok.lower()
    if t in _AUX or t in _VERBS:
        return True
    if len(t) > 4 and t.endswith("ed") and t not in _NOT_VERB_ED and (prev is None or prev.lower() not in _DET):
        return True
    return False


def _subject_verb(words: list[str], allow_verb_first: bool) -> bool:
    """Does a clause starting with `words` (after the conjunction) begin with subject + verb?

    allow_verb_first: after ", and" any finite verb may open the clause ("…, and ordered it to");
    after a bare "and" only a past-tense action verb or a modal ("… and ordered it to", "… and will
    take effect"), never a noun-like present form ("fines and bans on apps").
    """
    if not words:
        return False
    w0 = words[0].lower()
    if allow_verb_first and _is_verb(words[0], None) and w0 not in ("is", "are", "was", "were", "be", "been"):
        return True
    if not allow_verb_first and (w0 in _PAST_VERBS or w0 in _MODALS):
        return True
    n_subj = 0
    for i, w in enumerate(words[:7]):
        lw = w.lower()
        if i == 0 and lw in _PRON:
            return len(words) > 1 and _is_verb(words[1], None)
        if n_subj >= 1 and _is_verb(w, words[i - 1] if i else None):
            return True
        if lw in _PREP:
            return False
        n_subj += 1
        if n_subj > 5:
            return False
    return False


_BRACKET_RE = re.compile(r"[()\[\]{}]")
_BRACKET_DEPTH = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
_SEP_RE = re.compile(
    r"(?P<semi>;)"
    r"|(?P<comma>,)\s+(?P<conj>and|but|while|whereas|although|though|which)\b"
    r"|(?P<dash>\s(?:—|–|--|-)\s|(?<=\w)—(?=\w))"
    r"|(?P<and>\s)(?=and\s)"
)


def split_clauses(sentence_text: str) -> list[tuple[int, int]]:
    """Clause spans (start, end) relative to `sentence_text` (see module docstring)."""
    if not isinstance(sentence_text, str):
        return []
    t = sentence_text
    s0, e0 = _strip_span(t, 0, len(t))
    if s0 >= e0:
        return []
    seps = list(_SEP_RE.finditer(t, s0, e0))
    if not seps:
        return [(s0, e0)]
    # words once, with a running count of finite verbs (counted when first needed), so
    # each test below is a lookup (linear overall)
    toks = [(m.start(), m.group(0)) for m in _WORD_RE.finditer(t, s0, e0)]
    starts = [a for a, _ in toks]
    verbs: list[int] = []

    def verbs_between(i: int, j: int) -> int:
        if not verbs:
            verbs.append(0)
            prev = None
            for _, w in toks:
                verbs.append(verbs[-1] + (1 if _is_verb(w, prev) else 0))
                prev = w
        return verbs[j] - verbs[i]

    # bracket depth before each separator
    depth = 0
    depth_at: dict[int, int] = {}
    brackets = [(b.start(), _BRACKET_DEPTH[b.group()]) for b in _BRACKET_RE.finditer(t, s0, e0)]
    k = 0
    for m in seps:
        w = m.start()
        while k < len(brackets) and brackets[k][0] < w:
            depth = max(0, depth + brackets[k][1])
            k += 1
        depth_at[w] = depth
    cuts: list[tuple[int, int]] = []  # (left_end, right_start)
    last = s0
    n = len(toks)
    for m in seps:
        if depth_at.get(m.start(), 0) > 0:
            continue
        li, lj = bisect_left(starts, last), bisect_left(starts, m.start())
        n_left = lj - li
        if m.group("semi"):
            if n_left >= 3 and n - bisect_left(starts, m.end()) >= 3:
                cuts.append((m.start(), m.end()))
                last = m.end()
        elif m.group("comma"):
            rs = m.start("conj")
            ri = bisect_left(starts, rs) + 1  # after the conjunction
            if n_left < 3 or n - ri < 3:
                continue
            if m.group("conj") == "and":
                if not (verbs_between(li, lj) > 0 and _subject_verb([w for _, w in toks[ri : ri + 7]], True)):
                    continue
            cuts.append((m.start(), rs))
            last = rs
        elif m.group("dash"):
            if n_left >= 4 and n - bisect_left(starts, m.end()) >= 4:
                cuts.append((m.start(), m.end()))
                last = m.end()
        else:  # bare " and "
            rs = m.end()
            ri = bisect_left(starts, rs) + 1
            if n_left >= 3 and n - ri >= 3 and verbs_between(li, lj) > 0 and _subject_verb([w for _, w in toks[ri : ri + 7]], False):
                cuts.append((m.start(), rs))
                last = rs
    out: list[tuple[int, int]] = []
    cur = s0
    for le, rs in cuts:
        a, b = _strip_span(t, cur, le)
        while b > a and t[b - 1] in ",;—–-":
            b -= 1
        a, b = _strip_span(t, a, b)
        if a < b:
            out.append((a, b))
        cur = rs
    a, b = _strip_span(t, cur, e0)
    if a < b:
        out.append((a, b))
    return out or [(s0, e0)]
