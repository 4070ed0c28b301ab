#!/usr/bin/env python3
"""Regenerates the seed corpora in Fuzz/Corpus from the shipped files (run from the package root:
`python3 Fuzz/make-seeds.py`; needs PyYAML). Seeds are committed; rerun after the shipped
workflows, rules or README bodies change much. Hand-written seeds (names starting `hand-`) are kept."""
import glob, hashlib, os, random, re, sys
import yaml

root = os.path.join(os.path.dirname(__file__), "Corpus")
conformance = os.environ.get("CASEFLOW_CONFORMANCE_DIR", "../shared/conformance/cel-spec")

def reset(name):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if not f.startswith("hand-"):
            os.remove(os.path.join(d, f))
    return d

def write(d, stem, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, stem), "wb") as f:
        f.write(data)

# 1. definitions: every shipped workflow and rule file, and a few scenario/rule-test files.
d = reset("definitions")
files = sorted(glob.glob("workflows/*.yaml")) + sorted(glob.glob("rules/**/*.yaml", recursive=True))
files += sorted(glob.glob("workflows/tests/*.yaml"))[:3]
for path in files:
    write(d, path.replace("/", "_"), open(path, "rb").read())

# 2. expression: the expressions of the shipped files, and conformance expressions.
d = reset("expression")
exprs = []
def collect(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("when", "due") and isinstance(v, str):
                exprs.append(v.strip())
            elif k == "set" and isinstance(v, dict):
                exprs.extend(str(x).strip() for x in v.values() if isinstance(x, str))
            else:
                collect(v, k)
    elif isinstance(node, list):
        for x in node:
            collect(x, key)
for path in sorted(glob.glob("workflows/*.yaml")) + sorted(glob.glob("rules/*/*.yaml")):
    collect(yaml.safe_load(open(path, encoding="utf-8")))
shipped = sorted(set(e for e in exprs if e))
random.seed(1)
if len(shipped) > 30:
    shipped = sorted(random.sample(shipped, 30))
conf = []
for path in sorted(glob.glob(os.path.join(conformance, "*.textproto"))):
    for m in re.finditer(r'^\s*expr: (["\'])(.*)\1\s*$', open(path, encoding="utf-8").read(), re.M):
        text = m.group(2)
        if "\\" in text or "TestAllTypes" in text or "google." in text or len(text) > 300:
            continue
        conf.append(text)
conf = sorted(set(conf))
conf = sorted(random.sample(conf, min(18, len(conf))))
for i, e in enumerate(shipped):
    write(d, "shipped-%02d" % i, e)
for i, e in enumerate(conf):
    write(d, "conformance-%02d" % i, e)

# 3. json-input: the request bodies of README.md, and case data files of the rule tests.
d = reset("json-input")
readme = open("README.md", encoding="utf-8").read()
bodies = []
for m in re.finditer(r"-d '(\{.*?\})'", readme, re.S):
    bodies.append(m.group(1))
for m in re.finditer(r"--data '(\{.*?\})'", readme, re.S):
    bodies.append(m.group(1))
import json
for path in sorted(glob.glob("rules/tests/*.yaml"))[:2]:
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    for test in (doc.get("tests") or [])[:3]:
        data = test.get("case") or test.get("data")
        if isinstance(data, dict):
            bodies.append(json.dumps({"workflow": "return", "data": data}, ensure_ascii=False, default=str))
for i, b in enumerate(bodies):
    write(d, "readme-%02d.json" % i, b)
# 4. regex: pattern, a zero byte, text; from the conformance and unit-test cases, and RE2 syntax.
d = reset("regex")
seeds = [
 ("ubb", "hubba"), ("foo|bar", ""), ("", "cows"), ("gr(a|e)y", "grey"), ("ba(na)*", "banana"),
 ("a+\u00f1+a+", "ma\u00f1ana"), ("(a|\U0001F600){2}", "\U0001F431\U0001F600\U0001F600"), ("^gr[ae]y$", "grey"),
 ("(a+)+$", "a" * 30 + "b"), ("(.*a){20}", "a" * 25 + "b"), ("^(a|aa)+$", "aaaaaaaaaaaaaaaa!"),
 ("(?m)^b$", "a\nb"), ("\\Aabc\\z", "abc\n"), ("\\bcat\\b", "a cat."), ("\\Bcat", "concat"),
 ("^[^a-z]$", "A"), ("^[[:alpha:]]+$", "Hello"), ("^[[:^digit:]]$", "x"), ("^\\d{3}-\\d{4}$", "555-1234"),
 ("^\\w+@\\w+$", "user_1@host"), ("(?i)stra\u00dfe", "STRASSE strasse"), ("\\p{Han}+", "\u4e2d\u56fd Mainland"),
 ("\\p{Greek}\\P{L}", "\u03b1\u03b21"), ("[\\x{1F600}-\\x{1F64F}]", "\U0001F600"), ("a{2,5}?b{0,}c{3}", "aaabccc"),
 ("(?P<year>\\d{4})-(?:\\d\\d)", "2026-03"), ("[a-c&&[b]]|[\\-\\]]", "b-]"), ("(?s).+\\Q.*\\E", "x\n.*"),
 ("(?i:[k-m])\\S\\s\\D\\W", "K1 x!"), ("^(\\x41|\\101|\\u0041|\\t)$", "A"), ("((((((((((a))))))))))", "a"),
 ("x{1000}", "x"), ("(a{1,100}){1,100}", "a"),
]
for i, (p, t) in enumerate(seeds):
    write(d, "seed-%02d" % i, p.encode() + b"\0" + t.encode())

for name in ("definitions", "expression", "json-input", "regex"):
    print(name, len(os.listdir(os.path.join(root, name))), "seeds")
