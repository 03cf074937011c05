"""Validated frames -> timeline.html (interactive, self-contained) and timeline.svg (static, for papers).

Load inputs: the events and articles frames of a release.
Process: one record per event (dates, type, jurisdiction lane, evidence, sources).
Save outputs: two strings the export writes into the release folder; both are
deterministic (sorted rows, fixed number formats, no timestamps).

Safety: the HTML embeds the data as JSON in `<script type="application/json">`
with `<`, `>` and `&` written as \\u003c, \\u003e, \\u0026, so article text can never
close the script element; the page's script only ever sets text with
`textContent`, and links only for http(s) URLs. Static text is html.escape'd.
"""
from __future__ import annotations

import datetime as dt
import json
from html import escape

import pandas as pd

from schemas import EVENT_TYPES

# One colour per event type (colour-blind-safe palette: Okabe-Ito plus grey).
TYPE_COLOURS = {
    "fine": "#D55E00",
    "ban": "#0072B2",
    "probe": "#E69F00",
    "order": "#009E73",
    "rule": "#CC79A7",
    "deadline": "#56B4E9",
    "lawsuit": "#7F6000",
    "ruling": "#555555",
}
NO_JURISDICTION = "(none)"
# A page with more marks than this is unreadable and too heavy for a browser (a 100,000-article
# corpus has over 100,000 events): above it, the timeline shows the most reported events and
# says so; events.csv always has every event.
MAX_TIMELINE_EVENTS = 5000


def _str(v: object) -> str | None:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return None
    return str(v)


def timeline_records(frames: dict[str, pd.DataFrame]) -> list[dict]:
    """One dict per event, sorted by date, type, target, id; sources resolved from articles."""
    a = frames["articles"]
    arts = {
        aid: (_str(t), _str(p), _str(pub), _str(u))
        for aid, t, p, pub, u in zip(
            a["article_id"].tolist(), a["title"].tolist(), a["published"].tolist(), a["publisher"].tolist(), a["url"].tolist()
        )
    }
    ev = frames["events"]
    if len(ev) > MAX_TIMELINE_EVENTS:  # the most reported; ties by date, type, target, id
        ev = ev.sort_values(
            ["n_sources", "event_date", "event_type", "target", "event_id"], ascending=[False, True, True, True, True]
        ).head(MAX_TIMELINE_EVENTS)
    ev = ev.sort_values(["event_date", "event_type", "target", "event_id"])
    cols = {c: ev[c].tolist() for c in ev.columns}
    n = len(ev)
    for c in ("curated", "correction"):
        cols.setdefault(c, [None] * n)
    out = []
    missing = (None, None, None, None)
    for i in range(n):
        sources = []
        for aid in str(cols["article_ids"][i]).split(";"):
            title, published, publisher, url = arts.get(aid, missing)
            sources.append({"article_id": aid, "title": title, "published": published, "publisher": publisher, "url": url})
        amount = cols["amount"][i]
        out.append({
            "id": cols["event_id"][i],
            "type": cols["event_type"][i],
            "authority": cols["authority"][i],
            "jurisdiction": _str(cols["jurisdiction"][i]) or NO_JURISDICTION,
            "target": cols["target"][i],
            "start": str(cols["event_date"][i]),
            "end": str(cols["event_date_end"][i]),
            "precision": cols["date_precision"][i],
            "basis": cols["date_basis"][i],
            "amount": None if amount is None or pd.isna(amount) else float(amount),
            "currency": _str(cols["currency"][i]),
            "n_sources": int(cols["n_sources"][i]),
            "evidence": cols["evidence"][i],
            "curated": bool(cols["curated"][i] or False),
            "correction": _str(cols["correction"][i]),
            "sources": sources,
        })
    return out


def _script_json(obj: object) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' characters at all."""
    s = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


CSS = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:16px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 8px}
#filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0 12px}
#filters label{white-space:nowrap}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:3px;vertical-align:-1px}
#chart{position:relative;border:1px solid #ccc;overflow-x:auto;overflow-y:hidden}
#plot{position:relative}
.lane{position:absolute;left:0;right:0;border-top:1px solid #eee}
.lane-label{position:absolute;left:4px;font-weight:600;font-size:12px;color:#444}
.tick{position:absolute;top:0;bottom:0;border-left:1px dashed #ddd;font-size:11px;color:#777;padding-left:2px}
.event-mark{position:absolute;height:14px;min-width:8px;border-radius:7px;opacity:.85;cursor:pointer;box-sizing:border-box;border:1px solid rgba(0,0,0,.35)}
.event-mark.curated{border:2px dashed #000}
.event-mark:hover,.event-mark.selected{opacity:1;outline:2px solid #000}
#detail{margin-top:12px;padding:10px;border:1px solid #ccc;background:#fafafa;min-height:3em}
#detail blockquote{margin:6px 0;padding-left:10px;border-left:3px solid #999}
#list{border-collapse:collapse;margin-top:16px;width:100%;font-size:12px}
#list td,#list th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
.muted{color:#777}
"""

JS = r"""
(function(){
"use strict";
var DATA=JSON.parse(document.getElementById("timeline-data").textContent);
var events=DATA.events, colours=DATA.colours;
var LEFT=70, LANE=34, TOP=22, WIDTH=1100;
function day(s){return Date.UTC(+s.slice(0,4),+s.slice(5,7)-1,+s.slice(8,10))/864e5;}
function el(tag,attrs,text){var e=document.createElement(tag);for(var k in attrs){e.setAttribute(k,attrs[k]);}if(text!=null){e.textContent=text;}return e;}
var lanes=[];events.forEach(function(e){if(lanes.indexOf(e.jurisdiction)<0){lanes.push(e.jurisdiction);}});
lanes.sort();
var lo=Infinity,hi=-Infinity;events.forEach(function(e){lo=Math.min(lo,day(e.start));hi=Math.max(hi,day(e.end)+1);});
if(!events.length){lo=0;hi=1;}
var Y0=new Date(lo*864e5).getUTCFullYear(),Y1=new Date(hi*864e5).getUTCFullYear()+1;
var y0=Y0,y1=Y1;
function x(d){return LEFT+(d-lo)/(hi-lo)*(WIDTH-LEFT-10);}
var plot=document.getElementById("plot"),ticks=[];
plot.style.width=WIDTH+"px";plot.style.height=(TOP+lanes.length*LANE+8)+"px";
function drawTicks(){
  ticks.forEach(function(t){t.remove();});ticks=[];
  lo=Date.UTC(y0,0,1)/864e5;hi=Date.UTC(y1,0,1)/864e5;
  var half=(y1-y0)<=12;
  for(var y=y0;y<=y1;y++){for(var h=0;h<2;h++){var d=Date.UTC(y,6*h,1)/864e5;if(d>hi||(h&&!half)){continue;}
    var t=el("div",{"class":"tick"},h?"":String(y));t.style.left=x(d)+"px";if(h){t.style.borderLeftStyle="dotted";}plot.appendChild(t);ticks.push(t);}}
}
drawTicks();
lanes.forEach(function(j,i){var l=el("div",{"class":"lane"});l.style.top=(TOP+i*LANE)+"px";l.style.height=LANE+"px";
  l.appendChild(el("span",{"class":"lane-label"},j));plot.appendChild(l);});
var marks=[],rows=[];
var detail=document.getElementById("detail");
function money(e){return e.amount==null?"":" — "+e.amount.toLocaleString("en")+" "+(e.currency||"");}
function show(e,mark){
  marks.forEach(function(m){m.classList.remove("selected");});if(mark){mark.classList.add("selected");}
  detail.textContent="";
  detail.appendChild(el("strong",{},e.type+": "+e.authority+" → "+e.target+money(e)));
  detail.appendChild(el("div",{},"Date: "+e.start+(e.end!==e.start?" to "+e.end:"")+" (precision: "+e.precision+"; basis: "+e.basis+")"+"; jurisdiction: "+e.jurisdiction+"; "+e.id));
  detail.appendChild(el("blockquote",{},e.evidence));
  if(e.curated){detail.appendChild(el("div",{"class":"muted"},"Corrected by hand: "+(e.correction||"")));}
  var ul=el("ul",{});
  e.sources.forEach(function(s){var li=el("li",{});
    var label=(s.published||"")+" "+(s.publisher||"")+" — "+(s.title||s.article_id);
    if(s.url&&/^https?:\/\//i.test(s.url)){var a=el("a",{"href":s.url,"rel":"noopener noreferrer","target":"_blank"},label);li.appendChild(a);}
    else{li.appendChild(el("span",{},label));}
    li.appendChild(el("span",{"class":"muted"}," ["+s.article_id+"]"));ul.appendChild(li);});
  detail.appendChild(el("div",{},"Sources ("+e.n_sources+"):"));detail.appendChild(ul);
}
var tbody=document.getElementById("list-body");
function place(){
  var stack={};
  events.forEach(function(e,i){
    var lane=lanes.indexOf(e.jurisdiction),x1=x(Math.max(day(e.start),lo)),x2=x(Math.min(day(e.end)+1,hi));
    var key=lane+":"+Math.round(x1/6);var k=stack[key]=(stack[key]||0)+1;
    marks[i].style.left=x1+"px";marks[i].style.width=Math.max(8,x2-x1)+"px";
    marks[i].style.top=(TOP+lane*LANE+4+((k-1)%3)*5)+"px";
  });
}
events.forEach(function(e){
  var m=el("div",{"class":"event-mark"+(e.curated?" curated":""),"data-id":e.id,"data-type":e.type,"tabindex":"0",
    "title":e.start+" "+e.type+": "+e.target+" ("+e.authority+")"});
  m.style.background=colours[e.type]||"#999";
  m.addEventListener("mouseenter",function(){show(e,m);});m.addEventListener("click",function(){show(e,m);});
  m.addEventListener("focus",function(){show(e,m);});
  plot.appendChild(m);marks.push(m);
  var tr=el("tr",{});
  [e.start,e.precision,e.type,e.jurisdiction,e.authority,e.target,e.evidence].forEach(function(v){tr.appendChild(el("td",{},v));});
  tr.addEventListener("click",function(){show(e,m);});
  tbody.appendChild(tr);rows.push(tr);
});
var typeBoxes=document.querySelectorAll("input[data-type-filter]"),jur=document.getElementById("jurisdiction"),q=document.getElementById("search");
var from=document.getElementById("from"),to=document.getElementById("to");
lanes.forEach(function(j){jur.appendChild(el("option",{"value":j},j));});
for(var yy=Y0;yy<Y1;yy++){from.appendChild(el("option",{"value":String(yy)},String(yy)));to.appendChild(el("option",{"value":String(yy)},String(yy)));}
// default view: from the first year after which 90% of the events fall (outliers stay one click away)
var startYears=events.map(function(e){return +e.start.slice(0,4);}).sort(function(p,q){return p-q;});
from.value=String(startYears.length?startYears[Math.floor(startYears.length*0.1)]:Y0);to.value=String(Y1-1);
function apply(){
  y0=Math.min(+from.value,+to.value);y1=Math.max(+from.value,+to.value)+1;drawTicks();place();
  var on={};typeBoxes.forEach(function(b){on[b.value]=b.checked;});
  var text=q.value.trim().toLowerCase(),j=jur.value,n=0;
  events.forEach(function(e,i){
    var hay=(e.target+" "+e.authority+" "+e.evidence+" "+e.sources.map(function(s){return s.title||"";}).join(" ")).toLowerCase();
    var inside=day(e.end)+1>lo&&day(e.start)<hi;
    var ok=inside&&on[e.type]!==false&&(!j||e.jurisdiction===j)&&(!text||hay.indexOf(text)>=0);
    marks[i].style.display=ok?"":"none";rows[i].style.display=ok?"":"none";if(ok){n++;}
  });
  document.getElementById("count").textContent=n+" of "+events.length+" events shown";
}
typeBoxes.forEach(function(b){b.addEventListener("change",apply);});jur.addEventListener("change",apply);q.addEventListener("input",apply);
from.addEventListener("change",apply);to.addEventListener("change",apply);
apply();
var first=marks.findIndex(function(m){return m.style.display!=="none";});
if(first>=0){show(events[first],marks[first]);}
})();
"""


def render_timeline_html(frames: dict[str, pd.DataFrame], version: str, records: list[dict] | None = None) -> str:
    """The interactive timeline: one `.event-mark` per event, lanes by jurisdiction, filters, details.

    `records`: timeline_records(frames), when the caller already has them."""
    records = timeline_records(frames) if records is None else records
    present = sorted({r["type"] for r in records}, key=EVENT_TYPES.index)
    boxes = "".join(
        f'<label><input type="checkbox" data-type-filter value="{escape(t)}" checked>'
        f'<span class="swatch" style="background:{TYPE_COLOURS[t]}"></span>{escape(t)}</label>'
        for t in present
    )
    data = {"version": version, "colours": TYPE_COLOURS, "events": records}
    title = f"regtimeline {version}: timeline of regulatory actions"
    total = len(frames["events"])
    shown = (
        f" Showing the {len(records):,} most reported of {total:,} events; every event is in events.csv."
        if len(records) < total else ""
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n"
        '<p class="muted">One mark per event, coloured by type, one lane per jurisdiction; a mark spans the period '
        "its date precision allows. Hover, focus or click a mark for the evidence, the date's precision and basis, and the "
        f"source articles. Dashed outline: corrected by hand.{escape(shown)}</p>\n"
        f'<div id="filters">{boxes}'
        '<label>Jurisdiction <select id="jurisdiction"><option value="">all</option></select></label>'
        '<label>Years <select id="from"></select> to <select id="to"></select></label>'
        '<label>Search <input id="search" type="search" placeholder="target, authority, text"></label>'
        '<span id="count" class="muted"></span></div>\n'
        '<div id="chart"><div id="plot"></div></div>\n<div id="detail"></div>\n'
        '<table id="list"><thead><tr><th>date</th><th>precision</th><th>type</th><th>jurisdiction</th>'
        '<th>authority</th><th>target</th><th>evidence</th></tr></thead><tbody id="list-body"></tbody></table>\n'
        f'<script type="application/json" id="timeline-data">{_script_json(data)}</script>\n'
        f"<script>{JS}</script>\n</body>\n</html>\n"
    )


def _days(s: str) -> int:
    return dt.date.fromisoformat(s).toordinal()


def render_timeline_svg(frames: dict[str, pd.DataFrame], version: str, records: list[dict] | None = None) -> str:
    """A static timeline for papers: lanes by jurisdiction, one mark per event, legend; deterministic bytes."""
    records = timeline_records(frames) if records is None else records
    lanes = sorted({r["jurisdiction"] for r in records})
    width, left, right, top, lane_h = 1000, 70, 20, 40, 30
    legend_h = 30
    height = top + max(1, len(lanes)) * lane_h + 30 + legend_h
    if records:
        y0 = min(int(r["start"][:4]) for r in records)
        y1 = max(int(r["end"][:4]) for r in records) + 1
    else:
        y0, y1 = 2000, 2001
    # The axis: a full unit per year with events; a run of years without events is one narrow,
    # marked break, so that one old event does not squeeze the rest into a corner.
    busy = {y for r in records for y in range(int(r["start"][:4]), int(r["end"][:4]) + 1)}
    segments: list[tuple[int, int, float]] = []  # (first year, last year + 1, weight)
    for y in range(y0, y1):
        if y in busy or not segments or segments[-1][1] != y or segments[-1][0] in busy:
            segments.append((y, y + 1, 1.0 if y in busy else 0.3))
        else:
            segments[-1] = (segments[-1][0], y + 1, 0.3)
    total = sum(w for _, _, w in segments)
    scale = (width - left - right) / total

    def x(d: int) -> float:
        acc = 0.0
        for a, b, w in segments:
            lo_d, hi_d = dt.date(a, 1, 1).toordinal(), dt.date(b, 1, 1).toordinal()
            if d < hi_d:
                return left + (acc + max(0, d - lo_d) / (hi_d - lo_d) * w) * scale
            acc += w
        return left + total * scale

    bottom = top + max(1, len(lanes)) * lane_h
    segments_breaks: list[str] = []
    for a, b, w in segments:
        if a not in busy and b - a > 1:
            xa, xb = x(dt.date(a, 1, 1).toordinal()), x(dt.date(b, 1, 1).toordinal())
            out_break = f'<rect x="{xa:.1f}" y="{top}" width="{xb - xa:.1f}" height="{bottom - top}" fill="#f2f2f2"/>'
            segments_breaks.append(out_break)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="11">',
        f"<title>{escape(f'regtimeline {version}: regulatory actions by jurisdiction')}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="18" font-size="13" font-weight="bold">{escape(f"regtimeline {version}: regulatory actions by jurisdiction")}</text>',
    ]
    n_events = len(frames["events"])
    if len(records) < n_events:
        note = f"the {len(records):,} most reported of {n_events:,} events"
        out.append(f'<text x="{width - right}" y="18" text-anchor="end" fill="#555555">{escape(note)}</text>')
    out.extend(segments_breaks)
    shown = {a for a, b, w in segments if a in busy or b - a == 1} | {b for a, b, w in segments} | {y0}
    for y in sorted(shown):
        xx = x(dt.date(y, 1, 1).toordinal())
        out.append(f'<line x1="{xx:.1f}" y1="{top}" x2="{xx:.1f}" y2="{bottom}" stroke="#cccccc" stroke-dasharray="3,3"/>')
        out.append(f'<text x="{xx:.1f}" y="{bottom + 14}" text-anchor="middle" fill="#555555">{y}</text>')
    for i, lane in enumerate(lanes):
        ly = top + i * lane_h
        out.append(f'<line x1="0" y1="{ly}" x2="{width}" y2="{ly}" stroke="#eeeeee"/>')
        out.append(f'<text x="6" y="{ly + lane_h / 2 + 4:.1f}" font-weight="bold" fill="#333333">{escape(lane)}</text>')
    stack: dict[tuple[int, int], int] = {}
    for r in records:
        lane = lanes.index(r["jurisdiction"])
        x1, x2 = x(_days(r["start"])), x(_days(r["end"]) + 1)
        w = max(6.0, x2 - x1)
        key = (lane, round(x1 / 5))
        stack[key] = stack.get(key, 0) + 1
        yy = top + lane * lane_h + 6 + ((stack[key] - 1) % 3) * 6
        label = f"{r['start']} ({r['precision']}) {r['type']}: {r['authority']} → {r['target']}"
        dash = ' stroke-dasharray="2,1"' if r["curated"] else ""
        out.append(
            f'<rect class="event-mark" x="{x1:.1f}" y="{yy}" width="{w:.1f}" height="10" rx="5" '
            f'fill="{TYPE_COLOURS[r["type"]]}" fill-opacity="0.85" stroke="#000000" stroke-opacity="0.4"{dash}>'
            f"<title>{escape(label)}</title></rect>"
        )
    lx, ly = left, height - legend_h + 12
    for t in EVENT_TYPES:
        out.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" rx="2" fill="{TYPE_COLOURS[t]}"/>')
        out.append(f'<text x="{lx + 14}" y="{ly}">{escape(t)}</text>')
        lx += 14 + 7 * len(t) + 18
    out.append("</svg>")
    return "\n".join(out) + "\n"
