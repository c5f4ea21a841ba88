#!/usr/bin/python3
"""Checks reports against the published schema in both directions.

usage: schema_check.py SCHEMA REPORTS.jsonl

1. Strict validation: every object schema that names its properties and says nothing about
   others is closed (additionalProperties: false), so a field the program writes and the schema
   does not declare fails.
2. Coverage: under targets[].tls, .certificate, .client_auth, .dicom and the client role's
   .client_hellos, .scenarios, .cleartext and .client_certificate, every property the schema
   declares and every word of every enum it lists must occur in some report, so a field or word
   the schema keeps but the program no longer writes fails too.
Exit 0 when both hold; otherwise one line per problem.
"""
import copy
import json
import sys

import jsonschema

ROOTS = ("tls", "certificate", "client_auth", "dicom", "client_hellos", "scenarios", "cleartext",
         "client_certificate")


# Ranges and patterns state what the probes write (attempt indices >= 0, hex fingerprints); the
# generated values are any value of the C++ type, so those are checked by the real reports of the
# integration tests, not here.
DOMAIN = ("minimum", "maximum", "pattern", "format", "minLength", "maxLength")


def close(node):
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for k in DOMAIN:
            node.pop(k, None)
        for v in node.values():
            close(v)
    elif isinstance(node, list):
        for v in node:
            close(v)


def main():
    schema = json.load(open(sys.argv[1]))
    strict = copy.deepcopy(schema)
    close(strict)
    validator_cls = jsonschema.validators.validator_for(strict)
    validator = validator_cls(strict)
    defs = schema.get("$defs", {})

    def resolve(node, where):
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            where = ref
            node = defs[ref.split("/")[-1]]
        return node, where

    declared = {}  # where -> set of property names
    words = {}  # where -> set of enum words
    seen_props, seen_words = set(), set()

    def declare(node, where, visited):
        node, where = resolve(node, where)
        if not isinstance(node, dict) or (where, id(node)) in visited:
            return
        visited.add((where, id(node)))
        if "enum" in node:
            words.setdefault(where, set()).update(json.dumps(w) for w in node["enum"])
        for k, v in node.get("properties", {}).items():
            declared.setdefault(where, set()).add(k)
            declare(v, where + "/" + k, visited)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                declare(node[key], where + "/" + key, visited)
        for i, sub in enumerate(node.get("anyOf", [])):
            declare(sub, where + "/anyOf" + str(i), visited)

    def walk(instance, node, where):
        node, where = resolve(node, where)
        if not isinstance(node, dict):
            return
        if "enum" in node:
            seen_words.add((where, json.dumps(instance)))
        if "anyOf" in node:
            for i, sub in enumerate(node["anyOf"]):
                sub_r, _ = resolve(sub, where)
                if validator_cls(dict(sub_r, **{"$defs": defs})).is_valid(instance):
                    walk(instance, sub, where + "/anyOf" + str(i))
                    break
        if isinstance(instance, dict):
            props = node.get("properties", {})
            for k, v in instance.items():
                if k in props:
                    seen_props.add((where, k))
                    walk(v, props[k], where + "/" + k)
                elif isinstance(node.get("additionalProperties"), dict):
                    walk(v, node["additionalProperties"], where + "/additionalProperties")
        elif isinstance(instance, list) and isinstance(node.get("items"), dict):
            for v in instance:
                walk(v, node["items"], where + "/items")

    target = schema["properties"]["targets"]["items"]
    for root in ROOTS:
        declare(target["properties"][root], "targets/" + root, set())

    problems = []
    for n, line in enumerate(open(sys.argv[2]), 1):
        report = json.loads(line)
        for error in list(validator.iter_errors(report))[:5]:
            problems.append("report %d: %s at %s" % (n, error.message[:200],
                                                     "/".join(map(str, error.absolute_path))))
        for t in report["targets"]:
            for root in ROOTS:
                if root in t:
                    walk(t[root], target["properties"][root], "targets/" + root)
    for where, names in sorted(declared.items()):
        for k in sorted(names - {k for w, k in seen_props if w == where}):
            problems.append("declared but never written: %s/%s" % (where, k))
    for where, ws in sorted(words.items()):
        for w in sorted(ws - {x for p, x in seen_words if p == where}):
            problems.append("enum word never written: %s = %s" % (where, w))
    for p in problems[:60]:
        print(p)
    if len(problems) > 60:
        print("… %d problems in all" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
