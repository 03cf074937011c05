"""News text -> sentences (with paragraph index and kind) and sentences -> clauses.

Public contract: `Sentence`, `split_sentences(text)`, `split_clauses(sentence_text)`.
Regex and small word lists only (no NLP model); linear in the text length.

split_sentences
---------------
1. Lines. Line breaks are "\\n", "\\r\\n", "\\r" and the Unicode line/paragraph
   separators. Blank lines (only whitespace, no-break or zero-width spaces) separate
   paragraphs. A single line break also ends a paragraph, except a soft wrap:
   - the line does not end in terminal punctuation and either ends in a joining
     character ("," ";" "(" "-" "–" "—" "/" "&") or the next line starts with a
     lower-case word (not a camel-case brand such as "eBay"), or
   - the text is hard-wrapped (detected: most lines no longer than ~120 characters and at
     least 3, and 40 %, of the full-width lines are followed by a lower-case
     continuation) and the line is full-width (>= 75 % of the widest line).
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
   - "heading": a one-line paragraph with no terminal punctuation (title lines,
     section heads, "WeChat", "BEIJING (Reuters) -"), at most 25 words and 200
     characters; or ending in ":"; or a question/exclamation of at most 10 words
     ("What's going on with China's data security clampdown?"). One heading is one span.
   - otherwise the paragraph is split into "sentence"s.
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
- bare " and " + subject + finite verb ("… and the Justice Department sued …") when the
  left side has a verb of its own and the subject is 1-5 words without preposition.
- dashes " — ", " – ", " -- ", " - ", and an unspaced "—" between words, when both sides
  have >= 4 words.
The separator punctuation belongs to neither clause.
"""
from __future__ import annotations

import re
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
_LINEBREAK_RE = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
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
    Cpl Pvt Rev Hon Pres Supt Insp Det Atty Amb Fr St Ste Mt Ft vs v Vs No Nos Nr nr no Rs Re Rp Art Arts
    Sec Secs Para Paras Fig Figs Vol Vols pp p Ch Chap cf approx Approx appr est Est viz ca Ca al Dept
    Univ Assn Ave Blvd Rd Sq Hwy Ref ref Cl cl Reg Dir Gp Grp Ald Cllr Mgr Ph""".split()
)
_NEVER_LOWER = frozenset({"e.g", "i.e", "eg", "ie", "etc.,", "approx", "incl", "excl", "esp", "viz", "cf", "vs", "ca"})
# may be sentence-final: split only before a common sentence opener
_AMBIG = frozenset(
    """Inc Corp Co Cos Ltd Plc plc PLC LLC Bros Pty Bhd Sdn Jr Sr Esq Jan Feb Mar Apr Jun Jul Aug Sep Sept
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
_HEADING_MARK_RE = re.compile(r"#{1,6}[ \t]+")

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
    | [^.]{0,120}\bcontributed\ (?:to\ )?(?:this\ )?(?:report|reporting|story)\b
    | copyright\b.{0,120}$
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
    | (?:published|updated|posted|last\ updated|first\ published)(?:\ on|\ at|\ by)?\s*:?\s*\S[^.]{0,60}\d[^.]{0,30}$
    | by\ [A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})*
        \s*(?:\(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?)?\s*(?:[|,-]\s*[\w ]{1,40})?$
    | \(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?\s*$
    | (?:https?://|www\.)\S+\s*$
    )
    """
)
_BYLINE_CASE_RE = re.compile(r"By [A-Z]")  # the byline branch must be case-exact


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


def _ends_terminal(line: str) -> bool:
    t = line.rstrip(_CLOSERS + "".join(_WS_CHARS))
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
    c = s[:1]
    if not c:
        return False
    if c not in "#©-–—(" and not c.isdigit() and "@" not in s and "contributed" not in s:
        fw = _FIRST_WORD_RE.match(s)
        if not fw or fw.group(1).lower().replace("’", "'") not in _BOILER_FIRST:
            return False
    m = _BOILER_RE.match(s)
    if not m:
        return False
    if s[:3].lower() == "by " and not _BYLINE_CASE_RE.match(s):
        return False
    if s[:3].lower() == "by " and len(s.split()) > 12:
        return False
    return True


def _title_ratio(words: list[str]) -> float:
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or w[:1] in _OPENERS and w[1:2].isupper())
    return caps / max(1, len(words))


def _prev_token(text: str, lo: int, pos: int) -> str:
    """The word ending at `pos` (exclusive), without leading quotes/brackets."""
    j = pos
    while j > lo and text[j - 1] not in _WS_CHARS:
        j -= 1
    return text[j:pos].lstrip(_OPENERS + _CLOSERS + "-–—/")


def _is_boundary(text: str, m: re.Match, lo: int, hi: int) -> tuple[bool, int]:
    """Whether the terminal punctuation match `m` ends a sentence; returns (yes, next_start)."""
    e = m.end()
    punct = m.group(0).rstrip(_CLOSERS)
    j = e
    while j < hi and text[j] in _WS_CHARS:
        j += 1
    if j >= hi:
        return False, hi
    if punct[0] in "。！？":
        return True, j
    if j == e:
        return False, j  # "JD.com", "$2.8", "U.S." mid-token: glued sentences handled separately
    c = text[j]
    nxt = _first_word(text[j : min(hi, j + 40)])
    single_dot = punct == "."
    if c in _OPENERS:
        strong = True
    elif c.isupper() or (c.isalpha() and not c.islower() and not c.isupper()):
        strong = False
    elif c.isdigit() or c in "$€£¥₹#":
        if not single_dot:
            return punct[0] in "!?", j
        tok = _prev_token(text, lo, m.start())
        if tok in _NEVER or tok in _AMBIG or tok.lower() in _NEVER_LOWER or _DOTTED_RE.match(tok) or len(tok) <= 1:
            return False, j
        return True, j
    elif c.islower():
        if any(ch.isupper() for ch in nxt[1:4]) and single_dot:  # "eBay", "iPhone"
            tok = _prev_token(text, lo, m.start())
            if tok in _NEVER or tok in _AMBIG or _DOTTED_RE.match(tok) or len(tok) <= 1:
                return False, j
            return True, j
        return False, j
    else:
        return False, j
    if not single_dot:
        if punct.startswith("!") and _prev_token(text, lo, m.start()).endswith("Yahoo"):
            return False, j
        return True, j
    tok = _prev_token(text, lo, m.start())
    if tok in _NEVER or tok.lower() in _NEVER_LOWER:
        return False, j
    if strong:
        return True, j
    word = nxt.split(".")[0].rstrip("'’")
    if tok in _AMBIG or _DOTTED_RE.match(tok) or (len(tok) == 1 and tok.isalpha()):
        return word in _STARTERS, j
    return True, j


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


def _split_paragraph(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentence spans within text[lo:hi] (stand-alone use)."""
    cands = list(_CAND_RE.finditer(text, lo, hi))
    glued = list(_GLUED_RE.finditer(text, lo, hi))
    return _spans_from_cuts(lo, hi, _cuts(text, lo, hi, cands, glued))


# --------------------------------------------------------------------------- paragraphs


_LB_CHARS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_WS_STR = "".join(sorted(_WS_CHARS))


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, line breaks excluded (str.splitlines semantics)."""
    out = []
    pos = 0
    for raw in text.splitlines(True):
        n = len(raw)
        out.append((pos, pos + len(raw.rstrip(_LB_CHARS)) if raw[-1:] in _LB_CHARS else pos + n))
        pos += n
    return out


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """Width of a hard-wrapped text, or None when lines are paragraphs."""
    lens = [e - s for s, e in lines if e > s and _has_alnum(text[s:e])]
    if len(lens) < 4:
        return None
    lens_sorted = sorted(lens)
    w = lens_sorted[int(len(lens_sorted) * 0.95) - 1 if len(lens_sorted) >= 20 else -1]
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
        if prev_line is not None and not boiler and not prev_boiler and not _ends_terminal(prev_line):
            if (
                prev_line[-1] in ",;(-–—/&"
                or _starts_lower_continuation(line)
                or _ends_function_word(prev_line)
                or (width and prev_len >= 0.75 * width)
            ) and not _BULLET_RE.match(line):
                join = True
        if join:
            paras[-1].append((ss, ee))
        else:
            paras.append([(ss, ee)])
        prev_line, prev_boiler, prev_len = line, boiler, ee - ss
    # 2. sentence-end candidates over the whole text, consumed paragraph by paragraph
    cands = list(_CAND_RE.finditer(text))
    glued = list(_GLUED_RE.finditer(text))
    ci = gi = 0
    out: list[Sentence] = []
    pi = 0
    for plines in paras:
        ps, pe = plines[0][0], plines[-1][1]
        while ci < len(cands) and cands[ci].start() < ps:
            ci += 1
        while gi < len(glued) and glued[gi].start() < ps:
            gi += 1
        kind = "sentence"
        bm = _BULLET_RE.match(text, ps, pe)
        if bm and bm.end() < pe:
            kind = "heading" if text[ps:bm.end()].strip().startswith("#") else "bullet"
            ps, pe = _strip_span(text, bm.end(), pe)
            while ci < len(cands) and cands[ci].start() < ps:
                ci += 1
            while gi < len(glued) and glued[gi].start() < ps:
                gi += 1
        if ps >= pe:
            continue
        cj = ci
        while cj < len(cands) and cands[cj].start() < pe:
            cj += 1
        gj = gi
        while gj < len(glued) and glued[gj].start() < pe:
            gj += 1
        spans = _spans_from_cuts(ps, pe, _cuts(text, ps, pe, cands[ci:cj], glued[gi:gj]))
        ci, gi = cj, gj
        body = text[ps:pe]
        if _is_boilerplate(body):
            kind = "boilerplate"
        elif kind == "sentence" and len(plines) == 1:
            core = body.rstrip(_CLOSERS)
            last = core[-1:]
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
            for s, e in spans:
                s, e = _strip_span(text, s, e)
                if s >= e:
                    continue
                t = text[s:e]
                if not _has_alnum(t):
                    continue
                k = kind
                if k != "boilerplate" and _is_boilerplate(t):
                    k = "boilerplate"
                out.append(Sentence(s, e, t, k, pi))
                emitted = True
        if emitted:
            pi += 1
    return out


# --------------------------------------------------------------------------- clauses

_TOKEN_RE = re.compile(r"[\w'’.$€£¥₹%-]+|[^\w\s]")
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


def _words(s: str) -> list[str]:
    return re.findall(r"[\w'’$€£¥₹%.-]*\w[\w'’%-]*", s)


def _is_verb(tok: str, prev: str | None) -> bool:
    t = tok.lower()
    if t in _AUX or t in _VERBS:
        return True
    if len(t) > 4 and t.endswith("ed") and t not in _NOT_VERB_ED and (prev is None or prev.lower() not in _DET):
        return True
    return False


def _has_verb(words: list[str]) -> bool:
    return any(_is_verb(w, words[i - 1] if i else None) for i, w in enumerate(words))


def _subject_verb(words: list[str], allow_verb_first: bool) -> bool:
    """Does a clause starting with `words` (after the conjunction) begin with subject + verb?"""
    if not words:
        return False
    if allow_verb_first and _is_verb(words[0], None) and words[0].lower() not in ("is", "are", "was", "were", "be", "been"):
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
    depth = [0] * (len(t) + 1)
    d = 0
    for i, ch in enumerate(t):
        depth[i] = d
        if ch in "([{":
            d += 1
        elif ch in ")]}" and d > 0:
            d -= 1
    depth[len(t)] = d
    cuts: list[tuple[int, int]] = []  # (left_end, right_start)
    last = s0
    for m in _SEP_RE.finditer(t, s0, e0):
        if depth[m.start()] > 0:
            continue
        left = _words(t[last : m.start()])
        if m.group("semi"):
            right = _words(t[m.end() : e0])
            if len(left) >= 3 and len(right) >= 3:
                cuts.append((m.start(), m.end()))
                last = m.end()
        elif m.group("comma"):
            conj = m.group("conj")
            rs = m.start("conj")
            right_all = _words(t[rs:e0])[1:]
            if len(left) < 3 or len(right_all) < 3:
                continue
            if conj == "and":
                if not (_has_verb(left) and _subject_verb(right_all, True)):
                    continue
            cuts.append((m.start(), rs))
            last = rs
        elif m.group("dash"):
            right = _words(t[m.end() : e0])
            if len(left) >= 4 and len(right) >= 4:
                cuts.append((m.start(), m.end()))
                last = m.end()
        else:  # bare " and "
            rs = m.end()
            right_all = _words(t[rs:e0])[1:]
            if len(left) >= 3 and len(right_all) >= 3 and _has_verb(left) and _subject_verb(right_all, False):
                cuts.append((m.start(), rs))
                last = rs
    out: list[tuple[int, int]] = []
    cur = s0
    for le, rs in cuts:
        a, b = _strip_span(t, cur, le)
        b2 = b
        while b2 > a and t[b2 - 1] in ",;—–-":
            b2 -= 1
        a, b = _strip_span(t, a, b2)
        if a < b:
            out.append((a, b))
        cur = rs
    a, b = _strip_span(t, cur, e0)
    if a < b:
        out.append((a, b))
    return out or [(s0, e0)]
