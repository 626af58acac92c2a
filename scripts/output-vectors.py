"""Writes tests/fixtures/output/unit/vectors.json: tricky values and what the AWS CLI's own
formatters print for them (yaml, text, table with --color off on a non-terminal).

Run with the Python of the reference AWS CLI v2.9.19 (Debian 12's awscli package):
    /usr/bin/python3 scripts/output-vectors.py > tests/fixtures/output/unit/vectors.json
"""
import argparse
import io
import json
import sys

sys.path.insert(0, '/usr/lib/python3/dist-packages')
from awscli import text  # noqa: E402
from awscli.formatter import TableFormatter, YAMLDumper  # noqa: E402

WORDS = ' '.join(['word'] * 19)
CASES = [
    ['strings', {
        'plain': 'PENDING', 'digits': '111122223333', 'empty': '',
        'stamp': '2021-04-28T23:13:50.847000+00:00', 'stamp_z': '2021-04-28T23:16:00Z',
        'date': '2021-04-28', 'yes': 'yes', 'true': 'true', 'True': 'True', 'null': 'null',
        'tilde': '~', 'float': '1.5', 'exp': '1e3', 'octal': '0o17', 'hex': '0x1F', 'inf': '.inf',
        'under': '1_000', 'colon_space': 'a: b', 'colon': 'a:b', 'colon_end': 'a:', 'hash': 'a #b',
        'hash2': 'a#b', 'lead_dash': '- x', 'dash': '-x', 'lead_space': ' x', 'trail_space': 'x ',
        'quote': "it's", 'dquote': 'say "hi"', 'newline': 'a\nb', 'tab': 'a\tb',
        'unicode': 'naïve-ü 東京', 'bang': '!x', 'star': '*x', 'amp': '&x', 'at': '@x',
        'back': '`x', 'pct': '%x', 'brace': '{x}', 'comma': 'a,b', 'question': '?x', 'q1': '?',
        'colon1': ':', 'dash1': '-', 'doc': '---', 'dots': '...', 'merge': '<<', 'eq': '=',
        'bell': 'a\u0007b', 'nbsp': 'a\u00a0b', 'emoji': 'a\U0001F600b', 'ctrl_lead': '\u0001',
        'bom': '\ufeffx', 'crlf': 'a\r\nb', 'trailing_nl': 'x\n', 'eur': '€', 'u2028': 'a\u2028b',
        'sp_nl': 'a \nb', 'nl_sp': 'a\n b', 'backslash': 'a\\b', 'arn': 'arn:aws:iam::1:role/x',
    }],
    ['long', {
        'a': WORDS, 'b': "'quoted' " + WORDS, 'c': 'word' * 26, 'd': 'tab\t' + WORDS,
        'e': [WORDS + ' word'], 'f': {'g': 'x:  y  ' + WORDS}, 'h': 'it\'s ' + WORDS + '\nnext',
        'i': 'tab\t' + WORDS + '  two  spaces ' + WORDS,
    }],
    ['scalars', {'n': None, 't': True, 'f': False, 'i': 42, 'neg': -7, 'fl': 1.5,
                 'big': 12345678901234567890, 'z': 0, 'fz': 0.0, 'e': 1e20, 'small': 1e-7}],
    ['nested', {'tags': [{'key': 'team', 'value': 'infra'}, {'key': 'env', 'value': ''}],
                'lists': [[1, 2], [], [[3]]], 'empty_list': [], 'empty_dict': {},
                'd': {'x': {'y': [{'z': 1, 'w': [1, 'a']}]}}}],
    ['list_top', [{'b': 1, 'a': 'x'}, {'a': 'y', 'c': None}]],
    ['scalar_list', ['a', 1, None, True, 1.5]],
    ['keys', {'': 1, '111': 2, 'a b': 3, 'null': 4, 'x:y': 5, 'é': 6, 'B': 7, 'a': 8, 'Z': 9}],
    ['list_of_lists', [['a', 'b'], ['c', 'd']]],
    ['deep_lists', [[['a']], [{'k': [1, {'m': 'n'}]}]]],
    ['str_top', 'hello'],
    ['num_top', 3],
    ['null_top', None],
    ['empty_list_top', []],
    ['false_top', False],
]


def run(write):
    stream = io.StringIO()
    try:
        write(stream)
    except Exception as error:  # what the AWS CLI itself cannot print
        return None
    return stream.getvalue()


out = []
for name, value in CASES:
    args = argparse.Namespace(query=None, color='off')
    out.append({
        'name': name,
        'value': value,
        'yaml': run(lambda s: YAMLDumper().dump(value, s)),
        'text': run(lambda s: text.format_text(value, s)),
        'table': run(lambda s: TableFormatter(args)('DoThing', value, s)),
    })
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write('\n')
