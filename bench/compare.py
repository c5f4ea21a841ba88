#!/usr/bin/env python3
"""Reads one bench run (bench/run.sh) and prints, per peer, the side-by-side table.

Standard library only. Input: RUN_DIR/runs.tsv (one line per tool run: exit code, wall time,
SYNs captured), RUN_DIR/peers.tsv, RUN_DIR/meta.tsv, RUN_DIR/oracle/* (what each peer was
configured to accept, from the peers' own tooling) and every tool's raw output under RUN_DIR/raw.
Accepted suites are compared as (version, code) pairs; names (nmap) are mapped to codes with the
IANA registry CSV, then nmap's own tls.lua table for the few names IANA spells differently.

    python3 bench/compare.py --run-dir DIR --iana profiles/iana-tls-cipher-suites.csv \
        [--nmap-tls-lua /usr/share/nmap/nselib/tls.lua] [--markdown OUT.md]
"""

import argparse
import csv
import json
import os
import re
import statistics
import sys
import xml.etree.ElementTree as ET

VERSIONS = ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
SHOWN = ["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
TOOLS = ["medtls", "sslscan", "sslscan+cert", "nmap", "testssl"]


def code_text(code):
    return "0x%04X" % code


# ---- name -> code ---------------------------------------------------------------------------

def load_names(iana_csv, tls_lua):
    names = {}
    with open(iana_csv, newline="") as f:
        rows = [line for line in f if not line.startswith("#")]
    for row in csv.DictReader(rows):
        m = re.fullmatch(r"0x([0-9A-Fa-f]{2}),0x([0-9A-Fa-f]{2})", row["Value"].strip())
        if m and row["Description"] not in ("Unassigned", "Reserved"):
            names[row["Description"].strip()] = int(m.group(1) + m.group(2), 16)
    lua = {}
    if tls_lua and os.path.exists(tls_lua):
        with open(tls_lua, errors="replace") as f:
            for m in re.finditer(r'^\s*\[?"?([A-Z0-9_]+)"?\]?\s*=\s*(0x[0-9A-Fa-f]{4})\s*,', f.read(), re.M):
                lua.setdefault(m.group(1), int(m.group(2), 16))
    return names, lua


def nmap_code(name, names, lua):
    """nmap prints TLS 1.3 suites as TLS_AKE_WITH_<AEAD>_<HASH> (nmap/nmap#2883)."""
    for candidate in (name, re.sub(r"^TLS_AKE_WITH_", "TLS_", name)):
        if candidate in names:
            return names[candidate]
    return lua.get(name)


# ---- per-tool parsers: {"versions": {ver: bool}, "suites": {ver: set(codes)}, ...} -------------

def empty_findings():
    return {"versions": {}, "suites": {}, "groups": {}, "preference": {}, "sequence": {},
            "notes": [], "error": None}


def parse_medtls(path):
    f = empty_findings()
    with open(path) as fh:
        t = json.load(fh)["targets"][0]
    f["self_connections"] = t.get("connections")
    tls = t.get("tls", {})
    for v, status in tls.get("versions", {}).items():
        f["versions"][v] = {"accepted": True, "rejected": False}.get(status)
        if status == "inconclusive":
            f["notes"].append("%s inconclusive" % v)
    for v, codes in tls.get("suites", {}).items():
        f["suites"][v] = {int(c, 16) for c in codes}
        f["sequence"][v] = [int(c, 16) for c in codes]  # server order when it has one
    for v, d in tls.get("suite_details", {}).items():
        if isinstance(d, dict) and d.get("order"):
            f["preference"][v] = d["order"]
    for v, g in tls.get("groups", {}).items():
        f["groups"][v] = {int(c, 16) for c in g.get("codes", [])}
    # Connections by purpose (from the attempts' "purpose" text), for like-for-like reading.
    kinds = {}
    for a in tls.get("attempts", []):
        purpose = a.get("purpose", "")
        kind = ("versions" if purpose.startswith("version") else
                "suites+order" if purpose.startswith("suite") else
                "groups" if purpose.startswith("group") else "other features")
        kinds[kind] = kinds.get(kind, 0) + 1
    f["by_purpose"] = kinds
    if tls.get("budget_exhausted"):
        f["notes"].append("connection budget exhausted")
    return f


def parse_sslscan(path):
    f = empty_findings()
    root = ET.parse(path).getroot()
    test = root.find("ssltest")
    if test is None:
        raise ValueError("no <ssltest> in sslscan XML")
    for p in test.iter("protocol"):
        v = {"ssl2": "SSLv2", "ssl3": "SSLv3"}.get(p.get("type", "") + p.get("version", ""),
                                                   "TLSv" + p.get("version", "?"))
        f["versions"][v] = p.get("enabled") == "1"
    for c in test.iter("cipher"):
        v = c.get("sslversion")
        f["suites"].setdefault(v, set()).add(int(c.get("id"), 16))
    for g in test.iter("group"):
        f["groups"].setdefault(g.get("sslversion"), set()).add(int(g.get("id"), 16))
    return f


def parse_nmap(path, names, lua):
    f = empty_findings()
    root = ET.parse(path).getroot()
    script = None
    for s in root.iter("script"):
        if s.get("id") == "ssl-enum-ciphers":
            script = s
    for v in VERSIONS:
        f["versions"][v] = False
    if script is None:
        f["notes"].append("ssl-enum-ciphers printed nothing")
        return f
    for table in script.findall("table"):
        v = table.get("key")
        f["versions"][v] = True
        codes = f["suites"].setdefault(v, set())
        pref = table.find("elem[@key='cipher preference']")
        if pref is not None:
            f["preference"][v] = pref.text
        ciphers = table.find("table[@key='ciphers']")
        for c in ciphers.findall("table") if ciphers is not None else []:
            name = c.find("elem[@key='name']").text
            code = nmap_code(name, names, lua)
            if code is None:
                f["notes"].append("unmapped name " + name)
            else:
                codes.add(code)
                f["sequence"].setdefault(v, []).append(code)
    return f


TESTSSL_VERSIONS = {"SSLv2": "SSLv2", "SSLv3": "SSLv3", "TLS1": "TLSv1.0", "TLS1_1": "TLSv1.1",
                    "TLS1_2": "TLSv1.2", "TLS1_3": "TLSv1.3"}
TESTSSL_CIPHER_VERSIONS = {"ssl2": "SSLv2", "ssl3": "SSLv3", "tls1": "TLSv1.0",
                           "tls1_1": "TLSv1.1", "tls1_2": "TLSv1.2", "tls1_3": "TLSv1.3"}


def parse_testssl(path):
    f = empty_findings()
    with open(path) as fh:
        data = json.load(fh)
    entries = data if isinstance(data, list) else data.get("scanResult", [{}])[0].get("findings", [])
    for e in entries:
        i, finding = e.get("id", ""), e.get("finding", "")
        if i in TESTSSL_VERSIONS:
            f["versions"][TESTSSL_VERSIONS[i]] = finding.startswith("offered")
            continue
        m = re.fullmatch(r"cipher-(ssl2|ssl3|tls1|tls1_1|tls1_2|tls1_3)_x([0-9a-f]+)", i)
        if m:
            if m.group(1) == "ssl2":
                continue  # SSLv2 "suites" are 3-byte codes, outside this comparison
            f["suites"].setdefault(TESTSSL_CIPHER_VERSIONS[m.group(1)], set()).add(int(m.group(2), 16))
            continue
        m = re.fullmatch(r"cipher_x([0-9a-f]+)", i)  # -e: no version given
        if m:
            f["suites"].setdefault("any", set()).add(int(m.group(1), 16))
        if e.get("severity") in ("FATAL", "ERROR") or i == "scanProblem":
            f["notes"].append("%s: %s" % (i, finding))
    if "any" in f["suites"]:
        f["notes"].append("testssl -e lists suites without their version: run with -E to compare")
    return f


# ---- oracle: what each peer was configured to accept -----------------------------------------

def oracle(run_dir, peer, names):
    d = os.path.join(run_dir, "oracle")
    suites = {}

    def read(name):
        p = os.path.join(d, name)
        return open(p).read() if os.path.exists(p) else None

    if peer in ("A", "B"):
        text = read("%s-gnutls-list.txt" % peer)
        if text is None:
            return None, ""
        for m in re.finditer(r"^\S+\s+0x([0-9a-f]{2}), 0x([0-9a-f]{2})\s+(TLS1\.[0-3])\s*$", text, re.M):
            code = int(m.group(1) + m.group(2), 16)
            v = "TLSv1.3" if m.group(3) == "TLS1.3" else "TLSv1.2"  # the priority has 1.2 and 1.3
            suites.setdefault(v, set()).add(code)
        return suites, "gnutls-cli --list --priority <the peer's priority string>"
    if peer == "C":
        for flag, v in (("tls1", "TLSv1.0"), ("tls1_1", "TLSv1.1"), ("tls1_2", "TLSv1.2")):
            text = read("C-openssl-%s.txt" % flag) or ""
            for m in re.finditer(r"^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2}) - ", text, re.M):
                suites.setdefault(v, set()).add(int(m.group(1) + m.group(2), 16))
        for n in (read("C-ciphersuites.txt") or "").strip().split(":"):
            if n in names:
                suites.setdefault("TLSv1.3", set()).add(names[n])
        return suites, "openssl ciphers -V -s -tls1/-tls1_1/-tls1_2 <-cipher string>; TLS 1.3 = -ciphersuites"
    if peer == "D":
        # DCMTK 3.6.7 +py ("Non-downgrading BCP 195"): the four B.10 suites (dcmtls tlsciphr.cc)
        # and OpenSSL 3.0's default TLS 1.3 suites -- as tests/integration/scan_peers_test.cpp.
        return ({"TLSv1.2": {0x009E, 0x009F, 0xC02F, 0xC030}, "TLSv1.3": {0x1301, 0x1302, 0x1303}},
                "DCMTK 3.6.7 +py suite list (tlsciphr.cc) + OpenSSL default TLS 1.3 suites")
    return None, ""


# ---- comparison -------------------------------------------------------------------------------

def pairs(suites):
    return {(v, c) for v, codes in suites.items() for c in codes}


def describe(pair_set):
    if not pair_set:
        return "none"
    by_v = {}
    for v, c in sorted(pair_set, key=lambda p: (VERSIONS.index(p[0]) if p[0] in VERSIONS else 99, p[1])):
        by_v.setdefault(v, []).append(code_text(c))
    return "; ".join("%s %s" % (v.replace("TLSv", "").replace("SSLv", "SSL"), " ".join(cs))
                     for v, cs in by_v.items())


def counts(suites):
    text = "/".join(str(len(suites.get(v, ()))) for v in SHOWN)
    if suites.get("SSLv3"):
        text += " +SSL3 %d" % len(suites["SSLv3"])
    if suites.get("any"):
        text += " +%d (no version)" % len(suites["any"])
    return text


def fmt_ratio(a, b):
    if a is None or b in (None, 0):
        return "–"
    r = a / b
    return "%.2f" % r if r >= 0.1 else "%.3f" % r


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def read_tsv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def load_run(run_dir, names, lua):
    peers = {r["peer"]: r for r in read_tsv(os.path.join(run_dir, "peers.tsv"))}
    meta = {}
    for line in open(os.path.join(run_dir, "meta.tsv")):
        k, _, v = line.rstrip("\n").partition("\t")
        meta[k] = v
    runs = {}
    for r in read_tsv(os.path.join(run_dir, "runs.tsv")):
        path = os.path.join(run_dir, r["result"])
        parser = {"medtls": parse_medtls, "sslscan": parse_sslscan, "sslscan+cert": parse_sslscan,
                  "nmap": lambda p: parse_nmap(p, names, lua), "testssl": parse_testssl}[r["tool"]]
        try:
            f = parser(path)
        except Exception as e:  # a tool that crashed or wrote nothing: shown, not fatal
            f = empty_findings()
            f["error"] = "no usable output (exit %s): %s" % (r["exit"], e)
        f["exit"] = r["exit"]
        f["wall"] = float(r["wall_s"])
        f["syn"] = int(r["syn"])
        f["drops"] = r["drops"]
        f["peer_log_lines"] = int(r["peer_log_lines"])
        runs.setdefault(r["peer"], {}).setdefault(r["tool"], []).append(f)
    return peers, meta, runs


def summarize(tool_runs):
    """Median time and connections over the runs; findings of the first run (checked equal)."""
    first = tool_runs[0]
    s = dict(first)
    s["wall"] = median(f["wall"] for f in tool_runs)
    s["syn"] = median(f["syn"] for f in tool_runs)
    s["n"] = len(tool_runs)
    s["wall_range"] = (min(f["wall"] for f in tool_runs), max(f["wall"] for f in tool_runs))
    s["syn_range"] = (min(f["syn"] for f in tool_runs), max(f["syn"] for f in tool_runs))
    s["stable"] = all(pairs(f["suites"]) == pairs(first["suites"]) for f in tool_runs)
    s["drops_seen"] = any(f["drops"] not in ("0", "") for f in tool_runs)
    return s


def versions_on(f):
    return {v for v, on in f["versions"].items() if on}


def version_gaps(f):
    """Versions a tool calls enabled while listing no suite for them."""
    return [v for v, on in f["versions"].items()
            if on and v in SHOWN and not f["suites"].get(v) and not f["suites"].get("any")]


def fmt_num(x, digits=2):
    if x is None:
        return "–"
    if float(x).is_integer():
        return str(int(x))
    return ("%%.%df" % digits) % x


def render(run_dir, peers, meta, runs, names):
    out = []
    w = out.append
    w("# medtls bench: results of one run\n")
    for k in ("date", "machine", "network", "repeat", "medtls", "sslscan", "nmap", "testssl",
              "openssl", "gnutls-serv", "storescp", "tcpdump"):
        if k in meta:
            w("- %s: %s" % (k, meta[k]))
    w("")
    w("Wall time and TCP connections are %s over the runs; TCP connections = SYNs without ACK to "
      "the peer's port captured on lo (nmap's count includes the half-open SYN of its port scan). "
      "Ratios are medtls / tool: below 1 means medtls took less time or fewer connections. "
      "'missed' columns compare accepted (version, suite) pairs with medtls.\n"
      % ("medians" if meta.get("repeat", "1") != "1" else "single values"))
    goal = []
    for p, info in peers.items():
        tr = runs.get(p, {})
        if not tr:
            continue
        summ = {t: summarize(tr[t]) for t in TOOLS if t in tr}
        m = summ.get("medtls")
        conf, conf_src = oracle(run_dir, p, names)
        w("## Peer %s — %s (127.0.0.1:%s)\n" % (p, info["label"], info["port"]))
        w("`%s`\n" % info["command"].strip())
        w("| tool | wall time s | TCP connections | suites TLS1.0/1.1/1.2/1.3 | time ratio medtls/tool "
          "| conn ratio medtls/tool | tool missed (medtls found) | medtls missed (tool found) |")
        w("|---|---:|---:|---|---:|---:|---|---|")
        if conf is not None:
            w("| *configured* | | | %s | | | | |" % counts(conf))
        mp = pairs(m["suites"]) if m and not m["error"] else set()
        for t, s in summ.items():
            if s["error"]:
                w("| %s | %s | %s | %s | | | | |" % (t, fmt_num(s["wall"]), fmt_num(s["syn"]), s["error"]))
                continue
            conns = fmt_num(s["syn"])
            if t == "medtls" and s.get("self_connections") is not None:
                conns += " (own count %s)" % s["self_connections"]
            if t == "nmap":
                conns += " (incl. 1 port-scan SYN)"
            tp = pairs(s["suites"])
            if t == "medtls":
                row = (t, fmt_num(s["wall"], 3), conns, counts(s["suites"]), "1", "1", "–", "–")
            else:
                missed_by_tool = describe(mp - tp) if m else "–"
                missed_by_medtls = describe(tp - mp) if m else "–"
                if m:  # accepted versions too (a version with no suite listed still counts)
                    extra = sorted(versions_on(s) - versions_on(m), key=VERSIONS.index)
                    if extra:
                        missed_by_medtls = ("version %s; " % ", ".join(extra) +
                                            missed_by_medtls).replace("; none", "")
                row = (t, fmt_num(s["wall"], 3 if s["wall"] < 1 else 2), conns, counts(s["suites"]),
                       fmt_ratio(m["wall"], s["wall"]) if m else "–",
                       fmt_ratio(m["syn"], s["syn"]) if m else "–",
                       missed_by_tool, missed_by_medtls)
            w("| %s |" % " | ".join(row))
        w("")
        # Details: against the configuration, version claims, notes, run spread.
        w("Details:\n")
        for t, s in summ.items():
            bits = []
            if s["error"]:
                bits.append(s["error"])
            else:
                tp = pairs(s["suites"])
                if conf is not None:
                    cp = pairs(conf)
                    miss, extra = cp - tp, tp - cp
                    bits.append("vs configured: %s" % ("all found, nothing extra" if not miss and not extra
                                                       else "missed %s; extra %s" % (describe(miss), describe(extra))))
                gaps = version_gaps(s)
                if gaps:
                    bits.append("says %s enabled but lists no suite for it" % ", ".join(gaps))
                on = [v for v in VERSIONS if s["versions"].get(v)]
                bits.append("versions accepted: %s" % (", ".join(on) or "none"))
            bits.append("exit %s" % s["exit"])
            bits.append("peer log +%d lines" % s["peer_log_lines"])
            if s["n"] > 1:
                bits.append("%d runs: %.3f–%.3f s, %d–%d connections%s" % (
                    s["n"], s["wall_range"][0], s["wall_range"][1], s["syn_range"][0], s["syn_range"][1],
                    "" if s["stable"] else ", FINDINGS DIFFERED BETWEEN RUNS"))
            if s.get("by_purpose"):
                bits.append("connections by purpose: " + ", ".join(
                    "%s %d" % (k, s["by_purpose"][k]) for k in
                    ("versions", "suites+order", "groups", "other features") if k in s["by_purpose"]))
            if s.get("self_connections") is not None and s["syn"] != s["self_connections"]:
                bits.append("own count %s differs from the capture (%s)" % (s["self_connections"], fmt_num(s["syn"])))
            if s["drops_seen"]:
                bits.append("tcpdump reported kernel drops: connection count may be low")
            bits.extend(s["notes"])
            w("- %s: %s" % (t, "; ".join(bits)))
        if conf_src:
            w("- configured = %s" % conf_src)
        # Cipher preference: nmap is the other tool here that tests it (sslscan only marks one
        # suite per version "preferred"; testssl -E lists by strength).
        n = summ.get("nmap")
        if n and m and not n["error"] and not m["error"]:
            prefs = []
            for v in SHOWN:
                mp_, np_ = m["preference"].get(v), n["preference"].get(v)
                if not (mp_ or np_):
                    continue
                text = "%s medtls %s / nmap %s" % (v, mp_ or "–", np_ or "–")
                if mp_ == np_ == "server":
                    text += " (same order)" if m["sequence"].get(v) == n["sequence"].get(v) else \
                        " (ORDER DIFFERS: medtls %s, nmap %s)" % (
                            " ".join(map(code_text, m["sequence"].get(v, []))),
                            " ".join(map(code_text, n["sequence"].get(v, []))))
                prefs.append(text)
            if prefs:
                w("- cipher preference, medtls vs nmap: " + "; ".join(prefs))
        # Groups: sslscan is the only other tool here that enumerates them.
        for t in ("sslscan", "sslscan+cert"):
            s = summ.get(t)
            if not (s and m) or s["error"] or m["error"]:
                continue
            diffs = []
            for v in SHOWN:
                mg, sg = m["groups"].get(v, set()), s["groups"].get(v, set())
                if mg or sg:
                    diffs.append("%s medtls %d / %s %d%s" % (
                        v, len(mg), t, len(sg),
                        "" if mg == sg else " (only medtls: %s; only %s: %s)" % (
                            " ".join(code_text(c) for c in sorted(mg - sg)) or "–", t,
                            " ".join(code_text(c) for c in sorted(sg - mg)) or "–")))
            if diffs:
                w("- groups, medtls vs %s: %s" % (t, "; ".join(diffs)))
        w("")
        # The goal, against sslscan (and the other tools).
        if m and not m["error"]:
            for t in ("sslscan", "sslscan+cert", "nmap", "testssl"):
                s = summ.get(t)
                if not s or s["error"]:
                    continue
                tp = pairs(s["suites"])
                goal.append((p, t, m["wall"] <= s["wall"], m["syn"] < s["syn"],
                             not (tp - mp) and not (versions_on(s) - versions_on(m)), bool(mp - tp)))
    if goal:
        w("## Goal: no slower than the tool, fewer connections, finds everything it finds and more\n")
        w("| peer | tool | medtls no slower | fewer connections | finds all the tool finds | finds more suites |")
        w("|---|---|---|---|---|---|")
        yn = lambda b: "yes" if b else "**no**"
        for p, t, a, b, c, d in goal:
            w("| %s | %s | %s | %s | %s | %s |" % (p, t, yn(a), yn(b), yn(c), "yes" if d else "no (same set)"))
        w("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run-dir", required=True)
    ap.add_argument("--iana", required=True)
    ap.add_argument("--nmap-tls-lua", default="/usr/share/nmap/nselib/tls.lua")
    ap.add_argument("--markdown")
    a = ap.parse_args()
    names, lua = load_names(a.iana, a.nmap_tls_lua)
    peers, meta, runs = load_run(a.run_dir, names, lua)
    text = render(a.run_dir, peers, meta, runs, names)
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
